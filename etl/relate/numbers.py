"""Quantities in report text: a numeral, its approximation markers, a range, and its unit.

``30余次`` → 30 次 approx; ``1.2万人次`` → 12000 人次; ``两轮`` → 2 轮; ``3至5次`` → 3 次
(a range keeps its low end, approx, and its high end). Numerals are converted from the numeral
span only (cn2an on Chinese numerals, never over whole text); the markers and the unit are split
off first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache


from .. import numerals
from ..hanzi import AMOUNT_NUMERALS
from ..lexicon import Lexicon

CN_NUMERALS = AMOUNT_NUMERALS
ARABIC = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?(?:万|亿)?"  # 6,600: thousands grouped in older reports
CHINESE = rf"[{CN_NUMERALS}]+"
NUMERAL = rf"(?:{ARABIC}|{CHINESE})"
RANGE_SEP = r"(?:-|~|—|–|至|到)"
_SCALE = {"万": Decimal(10000), "亿": Decimal(100000000)}
_LONE = {"十": 10, "百": 100, "千": 1000, "万": 10000, "亿": 100000000}


@dataclass(frozen=True)
class Quantity:
    """One number with its unit in the text (offsets into the cleaned text)."""

    start: int
    end: int
    value: Decimal
    unit: str
    approx: bool = False
    high: Decimal | None = None  # upper end of a range
    chinese: bool = False  # written in Chinese numerals
    num_start: int = 0  # where the numeral itself starts (after a leading marker)

    @property
    def count(self) -> int | None:
        """The value as a whole count, or None when it is not one."""
        return int(self.value) if self.value == self.value.to_integral_value() else None


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=4096)
def parse_numeral(span: str) -> Decimal | None:
    """'12' → 12, '1.2万' → 12000, '两千' → 2000, '万' → 10000; None when it is not a number."""
    if not span:
        return None
    if span[0].isdigit():
        scale = _SCALE.get(span[-1], Decimal(1))
        digits = (span[:-1] if span[-1] in _SCALE else span).replace(",", "")
        try:
            return Decimal(digits) * scale
        except InvalidOperation:
            return None
    if span in _LONE:
        return Decimal(_LONE[span])
    try:
        value = numerals.smart(span)
    except (ValueError, KeyError, TypeError, IndexError):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def to_int(numeral: str) -> int | None:
    """A numeral span as a whole number, or None."""
    v = parse_numeral(numeral)
    if v is None or v != v.to_integral_value():
        return None
    return int(v)


class QuantityFinder:
    """Compiled quantity pattern for one lexicon: numeral, range, markers, unit."""

    def __init__(self, lex: Lexicon) -> None:
        before = _alt(lex.approx_markers.get("before", []))
        after = _alt(lex.approx_markers.get("after", []))
        closing = _alt(w for w in lex.approx_markers.get("after", []) if len(w) > 1) or "(?!)"  # 200件以上
        units = _alt([*lex.units, *lex.not_activity_units])
        self.counting_units = frozenset(lex.units)
        self.numeral_char = re.compile(rf"[\d{CN_NUMERALS}]")  # what every quantity holds: a cheap test first
        self.figure_units = frozenset(lex.not_activity_units)
        self.rx = re.compile(
            rf"(?P<pre>{before})?(?P<num>{NUMERAL})(?:{RANGE_SEP}(?P<num2>{NUMERAL}))?"
            rf"(?P<post>{after})?(?P<unit>{units})(?P<post2>{closing})?"
        )

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
        end = len(text) if end is None else end
        out = []
        for m in self.rx.finditer(text, start, end):
            num = m.group("num")
            s = m.start("num")
            if s > 0 and (text[s - 1].isdigit() or text[s - 1] == "." or text[s - 1] in CN_NUMERALS):
                continue  # the tail of a longer number or of a word such as 一二三
            value = parse_numeral(num)
            if value is None:
                continue
            high = parse_numeral(m.group("num2")) if m.group("num2") else None
            # 3.2万件 is a rounded count: multiplied out and approximate
            rounded = "." in num and num[-1] in _SCALE
            approx = bool(m.group("pre") or m.group("post") or m.group("post2") or high is not None or rounded)
            out.append(Quantity(start=m.start(), end=m.end(), value=value, unit=m.group("unit"), approx=approx,
                                high=high, chinese=not num[0].isdigit(), num_start=s))
        return out
