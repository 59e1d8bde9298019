"""The report's front matter, read from the text itself: title, subtitle, author, date, genre,
period, and the speaker's clause (我代表X向大会报告工作) that names the issuing body.

Reports come in every shape: a full report with its title block (title, ——date在…会议上,
author line), an excerpt without one, a web page with its chrome (下载, 来源：…, 【字号】),
a news write-up (新华社北京3月4日电 …主席王沪宁4日在…上代表…报告工作时说). The title block
is found by its delivery line; what needs recognised entities (region, issuing body, meeting)
is completed in ``resolve.metadata``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import cn2an

from .hanzi import DIGITS, ONE_TO_TEN, ZEROS
from .lexicon import Lexicon
from .models import Author, Metadata

CN_DIGITS = "零" + DIGITS
CN_DIGIT = {"零": "0", **{d: str(v) for v, d in enumerate(DIGITS)}}  # a digit's value in a year (二〇二六)
CN_NUMS = CN_DIGITS + "十"
DATE = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")
CN_YEAR = re.compile(rf"((?:一九|二〇|二零)[{CN_DIGITS}]{{2}})年")
CN_DATE = re.compile(rf"([{CN_DIGITS}]{{4}})年([{CN_NUMS}]{{1,3}})月([{CN_NUMS}]{{1,3}})日")
YEAR = re.compile(r"((?:19|20)\d{2})年")
FULL_DATE = re.compile(r"(?:19|20)\d{2}年\d{1,2}月(?:\d{1,2}日)?")
#: ——副标题 under a title.
SUBTITLE = re.compile(r"^[—\-–―~]{1,4}\s*(.+?)\s*[—\-–―]*$")
#: The delivery line of a report, dashed, in brackets or bare, maybe with the speaker after it:
#: (2026年1月27日在贵州省第十四届人民代表大会第四次会议上) 省长 李炳军
DELIVERY = re.compile(
    rf"^[—\-–―~(]{{0,4}}\s*(?P<sub>(?:(?:19|20)\d{{2}}|[{CN_DIGITS}]{{4}})年[\d{CN_NUMS}]{{1,3}}月(?:[\d{CN_NUMS}]{{1,3}}日)?"
    rf"\s*在[^。;!?]{{4,60}}?(?:会议|大会|会)上)\s*\)?\s*(?P<rest>[^。;]{{0,30}})$")
#: A delivery line in brackets without a date: (在杭州市萧山区第十八届人民代表大会第五次会议上)
DELIVERY_BARE = re.compile(r"^\(\s*(?P<sub>在[^。;!?]{4,60}?(?:会议|大会)上)\s*\)\s*(?P<rest>[^。;]{0,30})$")
#: A delivery line broken before its end (——2026年1月26日在广东省第十四届 / 人民代表大会第五次会议上).
DELIVERY_HEAD = re.compile(rf"^[—\-–―~(]{{0,4}}\s*(?:(?:19|20)\d{{2}}|[{CN_DIGITS}]{{4}})年[\d{CN_NUMS}]{{1,3}}月"
                           rf"[\d{CN_NUMS}]{{1,3}}日\s*在[^。;!?]{{2,40}}$")
TITLE_LIKE = re.compile(r"^[^。,;:!?]{4,48}$")
#: A note in brackets after a speaker's title: 副主任(主持工作), 副院长(代理).
ROLE_NOTE = r"(?:[(（][\u4e00-\u9fff]{2,6}[)）])"
#: The address that opens a delivered report's body: no title comes after it.
ADDRESS = re.compile(r"^(?:各位代表|各位委员|同志们|各位同志)")
#: A news dateline: 新华社北京3月4日电, 本报讯.
DATELINE = re.compile(r"^(?:[\u4e00-\u9fff]{2,10}\d{1,2}月\d{1,2}日电|本报讯)")
#: The speaker's clause: 我代表X(,)向大会报告工作 / 我受X(的)委托,向…作…报告 / X决定由我向…
SPEAKER = re.compile(
    r"(?m)(?:(?:我|上)(?:现在|在这里|今天)?\s*[,，]?\s*|(?<=[,，:：])|^)(?:代表|受|根据)"
    r"(?P<body>[\u4e00-\u9fff()]{2,30}?)(?:的)?(?:委托|决定)?\s*[,，]?\s*(?:我)?(?:现在)?\s*(?:就[^。;]{2,40}?[,，]\s*)?"
    r"(?:向(?:本次|这次)?(?:大会|全体会议|第[^,。;]{1,14}?(?:会议|大会)|全国人民代表大会|[\u4e00-\u9fff]{0,12}人民代表大会[^,。;]{0,12}?)"
    r"\s*[,，]?\s*)?(?P<verb>作|报告|提出|提交)(?P<what>[^。;]{0,60})")
SPEAKER_BY = re.compile(r"(?P<body>[\u4e00-\u9fff]{2,20}?)决定由我向[^。;]{2,30}?(?P<verb>作|报告)(?P<what>[^。;]{0,30})")
#: The speaker delivering a work report to the session: 向大会作政府工作报告, 向大会报告工作.
DELIVERED = re.compile(r"向(?:本次|这次)?大会[,，]?(?:作|报告)[^。;]{0,12}?工作")
#: A title line that goes on from the line above it (长沙市岳麓区人民代表大会 / 常务委员会工作报告).
CONTINUES = re.compile(r"^(?:常务委员会|委员会|人民政府|人民法院|人民检察院|工作报告)")
#: A title that is not a report's: headings, web chrome, photo captions.
CHROME = re.compile(r"^(?:来源|时间|发布时间|发表时间|作者|编辑|责任编辑|阅读|字号|字体|分享|当前位置|首页|您的位置)")
#: A photo caption a layout join left in front of a line: …贵州日报记者 李森 摄政府工作报告.
CAPTION = re.compile(r"^.*?(?:记者|通讯员)\s*[\u4e00-\u9fff]{2,4}\s*摄\s*(?=\S)")
#: Web chrome a layout join left after an author line (陕西省省长 赵刚首页).
CHROME_TAIL = re.compile(r"\s*(?:首页|分享|打印|收藏|来源.*|时间.*)$")


@dataclass(frozen=True)
class Speaker:
    """The body a speaker reports for (span of X in 我代表X向大会报告工作) and what they deliver."""

    start: int
    end: int
    body: str
    report: bool  # the clause delivers a (work) report


def cn_date(text: str) -> str | None:
    """The first date written 2023年1月8日 or 二〇二六年一月二十七日, as ISO 8601."""
    m = DATE.search(text)
    if m:
        y, mo, d = (int(x) for x in m.groups())
    else:
        m = CN_DATE.search(text)
        if not m:
            return None
        y = int("".join(CN_DIGIT[c] for c in m.group(1)))
        mo, d = (_cn_int(x) for x in m.groups()[1:])
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _cn_int(numeral: str) -> int:
    """二十七 → 27; 0 for what is no numeral (十十)."""
    try:
        return int(cn2an.cn2an(numeral, "smart"))
    except ValueError:
        return 0


def speaker(text: str, limit: int = 6000) -> Speaker | None:
    """The first speaker's clause in the opening of the text (a report names its body there)."""
    head = text[:limit]
    for rx in (SPEAKER, SPEAKER_BY):
        for m in rx.finditer(head):
            what = m.group("verb") + m.group("what")
            if rx is SPEAKER and not ("向" in m.group() or m.group("verb") == "作"):
                continue
            if "报告" not in what:
                continue
            body = m.group("body")
            if body.startswith(("我", "大会")) or len(body) < 2:
                continue
            return Speaker(m.start("body"), m.end("body"), body, True)
    return None


@dataclass(frozen=True)
class _Words:
    """Compiled word patterns of one lexicon."""

    author: re.Pattern
    caption: re.Pattern
    news_author: re.Pattern
    surnames: frozenset


_WORDS: dict[str, _Words] = {}


def _words(lex: Lexicon) -> _Words:
    if lex.digest not in _WORDS:
        roles = sorted({*lex.posts, *lex.person_titles} - set(lex.generic_titles), key=len, reverse=True)
        role = "|".join(roles)
        # a name: 2-4 characters, a two-character one spaced by layout (龚 正), or a transliterated one (艾尔肯·吐尼亚孜)
        name = (r"(?:[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,8}|[\u4e00-\u9fff] [\u4e00-\u9fff] [\u4e00-\u9fff]"
                r"|[\u4e00-\u9fff] [\u4e00-\u9fff]|[\u4e00-\u9fff]{2,4})")
        _WORDS[lex.digest] = _Words(
            re.compile(rf"^[□■●◆▲☆★\s]*(?:(?P<reporter>本报记者|记者|通讯员|本报通讯员|文/图|文)\s*[:]?\s*(?P<rname>{name}(?:\s+{name})*)"
                       rf"|(?P<org>[\u4e00-\u9fff()“”、]{{0,40}}?)(?P<role>{role}){ROLE_NOTE}?\s*[:]?\s+(?P<name>{name}))$"),
            re.compile(rf"(?P<role>{role})(?P<name>[\u4e00-\u9fff]{{2,4}}?)(?:同志)?(?:作|在|代表|向)"),
            re.compile(rf"(?P<org>[\u4e00-\u9fff]{{2,20}}?)(?P<role>{role})(?P<name>[\u4e00-\u9fff]{{2,3}}?)(?:\d{{1,2}}日)?"
                       rf"在[^。;]{{2,40}}?上(?:代表|作)"),
            frozenset(lex.surnames),
        )
    return _WORDS[lex.digest]


def _split_joined(p: str) -> list[str]:
    """A title and its delivery line that a layout join put on one line, apart again."""
    m = re.search(rf"[—]{{2}}\s*(?:(?:19|20)\d{{2}}|[{CN_DIGITS}]{{4}})年[^。;]{{2,12}}?在[^。;]{{4,60}}(?:会议|大会)上$", p)
    return [p[: m.start()], p[m.start():]] if m and m.start() >= 4 else [p]


def _is_title(p: str) -> bool:
    from_heading = re.match(rf"^(?:[{ZEROS}{ONE_TO_TEN}百]+[、.]|\([{ZEROS}{ONE_TO_TEN}百]+\)|\d{{1,2}}[.、](?!\d))", p)
    return bool(TITLE_LIKE.match(p)) and not from_heading and not CHROME.match(p) and not DELIVERY.match(p)


def _subtitle(pars: list[str]) -> tuple[int | None, str | None, str]:
    """Index and text of the subtitle (——… or the delivery line), and what follows it on its line."""
    for i, p in enumerate(pars):
        if i >= 40:
            break
        m = DELIVERY.match(p) or DELIVERY_BARE.match(p)
        if m:
            return i, m.group("sub"), m.group("rest").strip()
        if DELIVERY_HEAD.match(p) and i + 1 < len(pars) and re.search(r"(?:会议|大会)上\)?$", pars[i + 1]) \
                and len(pars[i + 1]) <= 30:
            m = DELIVERY.match(p + pars[i + 1])
            if m:
                return i, m.group("sub"), m.group("rest").strip()
    for i, p in enumerate(pars):
        if SUBTITLE.match(p) and 4 <= len(p) <= 80 and not p.endswith(("。", ";", "!", "?")):  # not a ——list item.
            return i, SUBTITLE.match(p).group(1), ""
    return None, None, ""


def _joined(pars: list[str], i: int, lex: Lexicon) -> str:
    """The title line, with a broken-off last character or two (政府工作报 / 告) joined back, and
    without a web page's site name (2024年某县政府工作报告_某县人民政府网)."""
    p = _page_title(pars[i], lex)
    if i + 1 < len(pars) and 1 <= len(pars[i + 1]) <= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", pars[i + 1]):
        cues = [c for cs in lex.genres.values() for c in cs]
        if any(c in p + pars[i + 1] for c in cues) and not any(c in p for c in cues):
            return p + pars[i + 1]
    return p


def _page_title(p: str, lex: Lexicon) -> str:
    parts = [x for x in re.split(r"\s*[_|]\s*", p) if x]
    if len(parts) < 2:
        return p
    cues = [c for cs in lex.genres.values() for c in cs]
    return next((x for x in parts if any(c in x for c in cues)), parts[0])


def _title(pars: list[str], sub_i: int | None, lex: Lexicon) -> tuple[str | None, int]:
    """The title and the index of the title block's first line."""
    cues = [c for cs in lex.genres.values() for c in cs]
    if sub_i is not None:
        before = [i for i in range(max(0, sub_i - 12), sub_i) if _is_title(pars[i])]
        cued = [i for i in before if any(c in _joined(pars, i, lex) for c in cues)]
        near = [i for i in before if i >= sub_i - 3]
        pick = (near or cued or [None])[-1]
        if pick is None:
            return None, sub_i
        if pick > 0 and CONTINUES.match(pars[pick]) and _is_title(pars[pick - 1]) \
                and not any(c in pars[pick - 1] for c in cues):  # 长沙市岳麓区人民代表大会 / 常务委员会工作报告
            return pars[pick - 1] + _joined(pars, pick, lex), pick - 1
        return _joined(pars, pick, lex), pick
    opening = []
    for i, p in enumerate(pars[:12]):
        if ADDRESS.match(p) or DATELINE.match(p):
            break
        opening.append(i)
    for want_cue in (True, False):
        for i in opening:
            t = _joined(pars, i, lex)
            if _is_title(pars[i]) and len(t) >= 6 and (not want_cue or any(c in t for c in cues)) \
                    and not _words(lex).author.match(pars[i]):
                return t, i
    return None, 0


def _author(text: str, pars: list[str], block: int, rest: str, lex: Lexicon) -> Author | None:
    """The author line of the title block, a bare name there whose post the text gives, or the
    speaker of a news write-up (全国政协主席王沪宁4日在…上代表…)."""
    w = _words(lex)
    rest = CHROME_TAIL.sub("", rest)
    for p in [rest, *pars[max(0, block - 2): block + 6]]:
        m = w.author.match(p) if p else None
        if m and m.group("reporter"):
            return Author(name=m.group("rname").split()[0], role="记者")
        if m:
            return Author(name=m.group("name").replace(" ", ""), role=m.group("role"), body=m.group("org") or None)
    for p in pars[block + 1: block + 6]:
        if 2 <= len(p) <= 4 and re.fullmatch(r"[\u4e00-\u9fff]+", p) and p[0] in w.surnames:
            c = next((c for c in w.caption.finditer(text[:3000]) if c.group("name") == p), None)
            if c:
                return Author(name=p, role=c.group("role"))
    for p in pars[:8]:
        if DATELINE.match(p):
            m = w.news_author.search(p)
            if m:
                return Author(name=m.group("name"), role=m.group("role"), body=m.group("org"))
    return None


def front_matter(text: str, paragraphs: list[tuple[int, int]], lexicon: Lexicon) -> Metadata:
    """Title, subtitle, author, date, period and genre from the title block and the opening."""
    pars = [part for a, b in paragraphs for part in _split_joined(CAPTION.sub("", text[a:b].strip()))]
    sub_i, subtitle, rest = _subtitle(pars)
    title, block = _title(pars, sub_i, lexicon)
    if sub_i is not None:
        block = sub_i
    author = _author(text, pars, block, rest, lexicon)
    date = cn_date(subtitle or "")  # a month alone (2024年1月在…) is no xsd:date: left out
    if date is None and sub_i is not None:
        date = next((cn_date(p) for p in pars[block: block + 4] if len(p) <= 16 and cn_date(p)), None)
    genre = _genre(pars, title, subtitle, speaker(text), lexicon)
    period = _period(_arabic_years(text), _arabic_years(" ".join(x for x in (title, subtitle) if x)), date, genre)
    return Metadata(title=title, subtitle=subtitle, author=author, date=date, genre=genre, period=period)


def _genre(pars: list[str], title: str | None, subtitle: str | None, spk: Speaker | None, lex: Lexicon) -> str:
    """A news write-up (dateline) is ``other``; else the title's cue; else a delivered report."""
    if any(DATELINE.match(p) for p in pars[:8]):
        return "other"
    if subtitle and subtitle.startswith("记"):  # ——记全国人大代表张某: a profile of one person or body
        return "profile"
    head = " ".join(x for x in (title, subtitle) if x)
    for g, cues in lex.genres.items():
        if any(c in head for c in cues):
            return g
    if spk and spk.report or subtitle and re.search(r"在.+(?:会议|大会)上$", subtitle) \
            or any(DELIVERED.search(p) for p in pars[:12]):
        return "work_report"
    return "other"


# --------------------------------------------------------------------------- period

#: The heading or phrase of the year under review: 一、2025年工作回顾, 2022年的主要工作, 刚刚过去的2023年.
REVIEW = re.compile(r"((?:19|20)\d{2})年[^。;\n]{0,14}?(?:工作)?的?(?:回顾|主要工作(?!安排|打算|计划|任务|思路)|工作总结)"
                    r"|刚刚过去的((?:19|20)\d{2})年|回顾((?:19|20)\d{2})年|报告((?:19|20)\d{2})年的?工作")
#: A title year that is the year covered, not the year of delivery: 2023年度工作报告, 关于2023年工作的报告.
TITLE_PERIOD = re.compile(r"((?:19|20)\d{2})年度|关于((?:19|20)\d{2})年")
#: The heading of a review of the five years of a term: 一、过去五年工作回顾, 一、关于过去五年的政府工作.
FIVE_YEARS = re.compile(rf"(?m)^\s*[{ONE_TO_TEN}]+、\s*(?:关于)?(?:(?:过去|本届政府)?五年(?:来)?|本届以来|[^\n。]{{2,20}}?届[^\n。]{{0,8}}一次会议以来)"
                        r"的?(?:政府)?(?:工作)?(?:回顾)?$")
#: A five-year plan period under review: “十四五”时期工作回顾, “九五”时期国民经济和社会发展的回顾.
PLAN_REVIEW = re.compile(rf"“([{ONE_TO_TEN}]{{1,3}})五”(?:计划|规划)?(?:时期|期间)?[^。;\n]{{0,14}}?的?回顾")
#: The heading of the year a work report plans, which is the year it is given: 二、2004年主要任务.
PLAN_HEADING = re.compile(rf"(?m)^\s*[{ONE_TO_TEN}]+、(?:关于|对)?((?:19|20)\d{{2}})年(?:的)?"
                          r"(?:主要任务|工作|政府工作|经济社会发展|总体要求)(?![^\n]*(?:回顾|总结|成就))")
#: A year already closed when written: 2024年度…报告, 2024年中央决算.
CLOSED = re.compile(r"((?:19|20)\d{2})年(?:度|[\u4e00-\u9fff]{0,4}决算)")
#: A paragraph that opens with the year it tells of: 2004年,全国各族人民… / 2022年是…
OPENS_WITH_YEAR = re.compile(r"(?m)^\s*((?:19|20)\d{2})年(?:[,，]|是|以来)")
#: A year written as a target or a base of comparison, not as one told of: 到2035年, 力争2027年前, 比2007年.
TARGET = re.compile(r"(?:到|至|力争|确保|预计|争取|比|较|同|与|以来|\d-)$")
AHEAD = re.compile(r"将|(?<![重主需纪摘概只])要(?!求)|计划|打算|安排|开局|展望")


def _arabic_years(text: str) -> str:
    """Years written 二〇二三年 as 2023年 (same length: offsets hold)."""
    return CN_YEAR.sub(lambda m: "".join(CN_DIGIT[c] for c in m.group(1)) + "年", text)


def plan_years_of(numeral: str) -> tuple[int, int] | None:
    """The years of the Nth five-year plan (十四五 → 2021, 2025): the first began in 1953, the third
    in 1966 after three years of readjustment."""
    n = _cn_int(numeral)
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
    term, session = _cn_int(m.group(1)), _cn_int(m.group(2))
    return 1983 + 5 * (term - 6) + session - 1 if term >= 6 and 1 <= session <= 5 else None


def _period(text: str, head: str, date: str | None, genre: str) -> str | None:
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
