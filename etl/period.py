"""The year(s) a report covers, read from its text: the year its review names, its title's year, the
five years of a term, a five-year plan under review, never later than the report's own year.
"""

from __future__ import annotations

import re
from collections import Counter

from . import numerals
from .hanzi import DIGITS, ONE_TO_TEN

CN_DIGITS = "零" + DIGITS
CN_DIGIT = {"零": "0", **{d: str(v) for v, d in enumerate(DIGITS)}}  # a digit's value in a year (二〇二六)
CN_YEAR = re.compile(rf"((?:一九|二〇|二零)[{CN_DIGITS}]{{2}})年")
YEAR = re.compile(r"((?:19|20)\d{2})年")
FULL_DATE = re.compile(r"(?:19|20)\d{2}年\d{1,2}月(?:\d{1,2}日)?")


def last_year(period: str | None) -> int | None:
    """The last year of a period (2025, 2021-2025 → 2025)."""
    m = re.search(r"((?:19|20)\d{2})$", period or "")
    return int(m.group(1)) if m else None


def cn_int(numeral: str) -> int:
    """二十七 → 27; 0 for what is no numeral (十十)."""
    try:
        return int(numerals.smart(numeral))
    except ValueError:
        return 0


#: The heading or phrase of the year under review: 一、2025年工作回顾, 2022年的主要工作, 刚刚过去的2023年.
REVIEW = re.compile(r"((?:19|20)\d{2})年[^。;\n]{0,14}?(?:工作)?的?(?:回顾|主要工作(?!安排|打算|计划|任务|思路)|工作总结)"
                    r"|刚刚过去的((?:19|20)\d{2})年|回顾了?((?:19|20)\d{2})年|报告((?:19|20)\d{2})年的?工作")
#: A title year that is the year covered, not the year of delivery: 2023年度工作报告, 关于2023年工作的报告.
TITLE_PERIOD = re.compile(r"((?:19|20)\d{2})年度|关于((?:19|20)\d{2})年")
#: The heading of a review of the five years of a term, numbered or not (一、过去五年工作回顾, 一、关于过去五年的
#: 政府工作, 过去五年工作回顾), or the speaker's clause that delivers one (向大会报告过去五年的工作).
FIVE_YEARS = re.compile(rf"(?m)报告(?:过去|本届[^。;\n]{{0,12}}?)五年(?:来)?的?工作"
                        rf"|^\s*(?:[{ONE_TO_TEN}]+、)?\s*(?:关于)?(?:(?:过去|本届政府)?五年(?:来)?|本届以来"
                        rf"|[^\n。]{{2,20}}?届[^\n。]{{0,8}}一次会议以来)"
                        r"的?(?:政府)?(?:工作)?(?:回顾)?$")
#: A five-year plan period under review: “十四五”时期工作回顾, “九五”时期国民经济和社会发展的回顾.
PLAN_REVIEW = re.compile(rf"“([{ONE_TO_TEN}]{{1,3}})五”(?:计划|规划)?(?:时期|期间)?[^。;\n]{{0,14}}?的?回顾")
#: The heading of the year a work report plans, which is the year it is given: 二、2004年主要任务.
PLAN_HEADING = re.compile(rf"(?m)^\s*[{ONE_TO_TEN}]+、(?:关于|对)?((?:19|20)\d{{2}})年(?:的)?"
                          r"(?:主要任务|工作|政府工作|经济社会发展|总体要求)(?![^\n]*(?:回顾|总结|成就))")
#: The year and month a report was delivered in, with no day: 2024年1月在…会议上.
DELIVERED_IN = re.compile(r"((?:19|20)\d{2})年\d{1,2}月\s*在")
#: A year already closed when written: 2024年度…报告, 2024年中央决算.
CLOSED = re.compile(r"((?:19|20)\d{2})年(?:度|[\u4e00-\u9fff]{0,4}决算)")
#: A paragraph that opens with the year it tells of: 2004年,全国各族人民… / 2022年是…
OPENS_WITH_YEAR = re.compile(r"(?m)^\s*((?:19|20)\d{2})年(?:[,，]|是|以来)")
#: A year written as a target or a base of comparison, not as one told of: 到2035年, 力争2027年前, 比2007年,
#: 从2007年的639亿元(增加到…).
TARGET = re.compile(r"(?:到|至|力争|确保|预计|争取|比|较|同|与|从|由|以来|\d-)$")
AHEAD = re.compile(r"将|(?<![重主需纪摘概只])要(?!求)|计划|打算|安排|开局|展望")


#: a year typeset with a space after each digit (1 9 9 7 年, a full-width layout flattened)
SPACED_YEAR = re.compile(r"(?<![\d ])([12]) ?([09]) ?(\d) ?(\d) ?(?=年)")


def arabic_years(text: str) -> str:
    """Years written 二〇二三年 or 1 9 9 7 年 as 2023年, 1997年 (same length: a spaced year's spaces go
    before it, so offsets hold)."""
    text = SPACED_YEAR.sub(lambda m: " " * (len(m.group()) - 4) + "".join(m.groups()), text)
    return CN_YEAR.sub(lambda m: "".join(CN_DIGIT[c] for c in m.group(1)) + "年", text)


def plan_years_of(numeral: str) -> tuple[int, int] | None:
    """The years of the Nth five-year plan (十四五 → 2021, 2025): the first began in 1953, the third
    in 1966 after three years of readjustment."""
    n = cn_int(numeral)
    if not 1 <= n <= 30:
        return None
    start = 1953 + 5 * (n - 1) if n < 3 else 1966 + 5 * (n - 3)
    return start, start + 4


#: The session of the National People's Congress a report is given to: 向第十届全国人民代表大会第一次会议(报告).
NPC_SESSION = re.compile(rf"向第?([{ONE_TO_TEN}]{{1,3}})届全国人(?:民代表大会|大)第?([{ONE_TO_TEN}]{{1,3}})次(?:全体)?会议")


def _national_session_year(text: str) -> int | None:
    """The year of the NPC session the opening reports to (向…会议报告): since the sixth congress (1983) a
    term is five years with one session a year, so term N's session M sits in 1983 + 5(N-6) + M-1.
    Earlier congresses met irregularly: None."""
    m = NPC_SESSION.search(text)
    if not m:
        return None
    term, session = cn_int(m.group(1)), cn_int(m.group(2))
    return 1983 + 5 * (term - 6) + session - 1 if term >= 6 and 1 <= session <= 5 else None


def covered_period(text: str, head: str, date: str | None, genre: str) -> str | None:
    """The year a report covers, never later than its own year: the year its review names
    (2025年工作回顾), else its title's year (a work report's title names the year it is given:
    the year before), else the year before a dated work report, else the five-year plan it
    reviews, else the year a paragraph opens with (2004年,…) when it does not look ahead, else the
    year the text tells of most (``_latest_year``)."""
    covered = TITLE_PERIOD.search(FULL_DATE.sub("", head))
    if covered:  # 2023年度工作报告, 关于2023年工作的报告: the year it covers
        return next(g for g in covered.groups() if g)
    t = YEAR.search(FULL_DATE.sub("", head))
    title_year = int(t.group(1)) if t else None
    own = int(date[:4]) if date else (title_year if genre == "work_report" else None)
    delivered = DELIVERED_IN.search(head)
    if own is None and genre == "work_report" and delivered:  # ——2024年1月在…会议上: no day, the year still
        own = int(delivered.group(1))
    if own is None and genre == "work_report":
        own = _national_session_year(text[:3000])
    if own is None and genre == "work_report":
        planned = PLAN_HEADING.search(text)
        own = int(planned.group(1)) if planned else None
    latest = own - 1 if own and genre == "work_report" else own
    r = REVIEW.search(text)
    if r:
        k = next(i for i, g in enumerate(r.groups(), 1) if g)
        y = int(r.group(k))
        if latest and y < latest and text.startswith("年以来", r.end(k)):
            return f"{y}-{latest}"  # 一、2021年以来的主要工作: the years since, up to the last one
        if latest is None or y <= latest:
            return str(y)
    if title_year and genre != "work_report":
        return str(title_year)
    if latest and genre == "work_report" and FIVE_YEARS.search(text):
        return f"{latest - 4}-{latest}"  # 一、过去五年工作回顾: the term of the government reporting
    p = PLAN_REVIEW.search(text)
    plan = plan_years_of(p.group(1)) if p else None
    if plan and (latest is None or plan[1] <= latest):
        return f"{plan[0]}-{plan[1]}"
    if own and genre == "work_report":
        return str(own - 1)
    for m in OPENS_WITH_YEAR.finditer(text):
        y = int(m.group(1))
        sentence = text[m.start(): _sentence_end(text, m.start())]
        if not AHEAD.search(sentence) and (own is None or y <= own):
            return str(y)
    return _latest_year(text, own)


def _latest_year(text: str, own: int | None) -> str | None:
    """The year the text tells of most (targets such as 到2035年 aside), the year before it when
    most of its sentences look ahead (its plans); at least the year after any year it writes as
    closed (2024年度, 2024年决算)."""
    body = FULL_DATE.sub(lambda x: "#" * len(x.group()), text)
    years = [(int(x.group(1)), x.start()) for x in YEAR.finditer(body) if (own is None or int(x.group(1)) <= own)
             and not TARGET.search(body, max(0, x.start() - 4), x.start()) and not body.startswith("前", x.end())]
    closed = [int(m.group(1)) + 1 for m in CLOSED.finditer(body)]
    if not years:
        return str(own - 1) if own else (str(max(closed)) if closed else None)
    counts = Counter(y for y, _ in years)
    top = max(counts, key=lambda y: (counts[y], y))
    ahead = sum(bool(AHEAD.search(text[p: _sentence_end(text, p)])) for y, p in years if y == top)
    year = top - 1 if ahead * 2 > counts[top] else top
    return str(max([year, *(c for c in closed if own is None or c <= own)]))


def _sentence_end(text: str, pos: int) -> int:
    return min((x for x in (text.find(c, pos) for c in "。!?\n") if x >= 0), default=len(text))
