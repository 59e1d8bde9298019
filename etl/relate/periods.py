"""The period a fact is dated to, never later than the report's own period.

A sentence that opens with a date or a year (2024年3月…, 2025年,…) is that year; a span since a
year (2022年以来) runs to the report's last year; the past five years (过去五年, 五年来), any span
of N years (两年来, 近3年) and a five-year plan (“十四五”时期) are ranges; a span since a session
(本届以来, 次会议以来) has no period. Otherwise a section whose heading names the years it reviews
(2025年工作回顾, “十四五”时期工作回顾) dates its facts, and else the report's period does. In a section reviewing both
the year and the five years (2025年和“十四五”时期工作回顾) each turn (五年来…, ——这五年…, 刚刚过去的2025年…)
dates what follows up to the next turn (``of_cue``; layout.py keeps the running turn).
"""

from __future__ import annotations

import re

from ..frontmatter import plan_years_of
from ..hanzi import ONE_TO_TEN
from ..numerals import smart
from ..period import last_year
from ..segment import DATE

YEAR_OPENING = re.compile(r"((?:19|20)\d{2})年(?:\d{1,2}月|[,，、]|上半年|下半年|全年|度)")
SINCE_YEAR = re.compile(r"((?:19|20)\d{2})年(?:以来|至今)")
FIVE_YEARS = re.compile(r"五年(?:以)?来|过去五年|近五年|五年间|五年中")
#: A span of N years up to the report's last one, N small and written in Chinese or Arabic numerals
#: (两年来, 近三年, 过去3年, 十年间); a longer numeral (二十年来) or a year (2023年来) is none.
N_YEARS = re.compile(rf"(?<![\d{ONE_TO_TEN}百])(?:(?:过去|近|这)的?([两{ONE_TO_TEN}]|\d{{1,2}})年"
                     rf"|([两{ONE_TO_TEN}]|\d{{1,2}})年(?:以来|来|间|中)(?!国))")
# a five-year plan by its number: “十四五” (the 14th: 2021-2025; frontmatter.plan_years_of)
FIVE_YEAR_PLAN = re.compile(rf"[“\"]([{ONE_TO_TEN}]{{1,3}})五[”\"]")
SINCE_SESSION = re.compile(r"次会议(?:以来|期间)|届[^,。]{0,12}以来|以来")
#: A sentence that opens with the past five years (五年来，我们…; 过去五年极不平凡) or names them as its
#: topic (——这是…的五年。): every fact after it in its paragraph is of those years.
PARAGRAPH_FIVE_YEARS = re.compile(rf"\s*(?:——)?(?:(?:{FIVE_YEARS.pattern}|过去的五年|这五年)(?:[,，我是里极]|以来)|这是[^,，。]{{2,30}}的五年[。!！])")
#: A sentence that opens with the past year (过去一年，…; 刚刚过去的2025年，…): what follows is of that year.
PARAGRAPH_ONE_YEAR = re.compile(r"\s*(?:过去一年|过去的一年|一年来|这一年|刚刚过去的(?:一年|((?:19|20)\d{2})年))[,，我]")
#: In a review of the year and the five years (2025年和“十四五”时期工作回顾), a sentence that turns to the
#: five years (这五年…; 回望过去五年; “十四五”时期是…; 透过2025回望“十四五”) or to the year (刚刚过去的2025年…;
#: 一年来; a paragraph opening 2025年是… / 2025年主要目标任务…): it dates what follows up to the next such turn.
ADDRESS = r"\s*(?:各位代表[,，!！]?)?"
CUE_FIVE_YEARS = re.compile(rf"{ADDRESS}(?:——)?(?:[^,，。]{{0,8}}?(?:回望|回顾|纵观))?(?:(?:{FIVE_YEARS.pattern}|过去的五年|这五年)"
                            rf"|[“\"][{ONE_TO_TEN}]{{1,3}}五[”\"](?:时期|期间|以来|是|规划|[,，]))")
CUE_ONE_YEAR = re.compile(rf"{ADDRESS}(?:回顾)?(?:过去一年|过去的一年|一年来|这一年|刚刚过去的(?:一年|((?:19|20)\d{{2}})年))")
CUE_YEAR_LEAD = re.compile(rf"{ADDRESS}((?:19|20)\d{{2}})年(?:是|在|极|很|[,，]|[^,，。]{{0,6}}目标)")
REVIEW_WORDS = re.compile(r"回顾|总结|成绩|成效|主要工作|工作情况|过去")


def n_years(text: str) -> int | None:
    """The N of the first span of N years in ``text`` (两年来 → 2, 近3年 → 3), else None."""
    m = N_YEARS.search(text)
    if not m:
        return None
    n = m.group(1) or m.group(2)
    return int(n) if n.isdigit() else int(smart(n))


def plan_years(text: str) -> tuple[int, int] | None:
    """The years of the five-year plan ``text`` names by its number (“十四五” → 2021, 2025)."""
    m = FIVE_YEAR_PLAN.search(text)
    return plan_years_of(m.group(1)) if m else None


class Periods:
    """Periods of one report whose own period is ``period`` (2025, 2021-2025 or None)."""

    def __init__(self, period: str | None) -> None:
        self.period = period
        self.last = last_year(period)

    def _span(self, first: int, last: int) -> str | None:
        if self.last is None or first > self.last:
            return None
        return f"{first}-{min(last, self.last)}" if first < min(last, self.last) else str(first)

    def of_heading(self, heading: str) -> str | None:
        """The years a review heading names (2025年工作回顾, “十四五”时期工作回顾, 过去五年的工作)."""
        if not REVIEW_WORDS.search(heading) and not FIVE_YEARS.search(heading):
            return None
        years = [int(y) for y in re.findall(r"(?:19|20)\d{2}(?=年)", heading)]
        if years and self.last and max(years) <= self.last:  # 2025年和“十四五”时期工作回顾: the year
            return self._span(min(years), max(years))
        plan = plan_years(heading)
        if plan:
            return self._span(*plan)
        if FIVE_YEARS.search(heading) and self.last:
            return self._span(self.last - 4, self.last)
        return None

    def of_paragraph(self, paragraph: str) -> str | None:
        """The years a paragraph (or a sentence leading the rest of it) opens with: the five years
        (五年来，我们…; 这是…的五年。) or the past year (过去一年，…), else None."""
        if not self.last:
            return None
        if PARAGRAPH_FIVE_YEARS.match(paragraph):
            return self._span(self.last - 4, self.last)
        m = PARAGRAPH_ONE_YEAR.match(paragraph)
        if m and (not m.group(1) or int(m.group(1)) == self.last):
            return str(self.last)
        return None

    def spans_both(self, heading: str) -> bool:
        """A review heading naming both the year and the five years (2025年和“十四五”时期工作回顾)."""
        return bool(self.of_heading(heading) and re.search(r"(?:19|20)\d{2}年", heading)
                    and (plan_years(heading) or FIVE_YEARS.search(heading)))

    def of_cue(self, sentence: str, opens_paragraph: bool) -> str | None:
        """The years a sentence of a year-and-five-years review turns to (``CUE_*``), else None; a year
        lead (2025年是…) counts only where it opens its paragraph."""
        if not self.last:
            return None
        m = CUE_FIVE_YEARS.match(sentence)
        plan = plan_years(m.group()) if m else None
        if m and (plan is None or self._span(*plan)):  # not a plan after the report's year (“十五五”时期是…)
            return self._span(self.last - 4, self.last)
        m = CUE_ONE_YEAR.match(sentence) or (CUE_YEAR_LEAD.match(sentence) if opens_paragraph else None)
        if m and (not m.group(1) or int(m.group(1)) == self.last):
            return str(self.last)
        return None

    def of(self, sentence: str, clause: str | None, section: str | None) -> str | None:
        """The period of a fact told in ``clause`` of ``sentence`` inside a section dated ``section``."""
        # the clause, and the lead of its sentence (十届一次会议以来,…,其中…的101件)
        text = (clause or "") + "|" + re.split(r"[,，;；]", sentence, maxsplit=1)[0]
        m = DATE.match(sentence) or YEAR_OPENING.match(sentence)
        if m and (self.last is None or int(m.group(1)) <= self.last):
            return m.group(1)
        m = SINCE_YEAR.search(text)
        if m and self.last:
            return self._span(int(m.group(1)), self.last)
        n = n_years(text)
        if n and self.last:
            return self._span(self.last - n + 1, self.last)
        plan = plan_years(text)
        if plan and self.last:
            return self._span(*plan) or section or self.period
        if SINCE_SESSION.search(text):
            return None
        return section or self.period
