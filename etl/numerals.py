"""Chinese numerals as numbers: cn2an's "smart" reading, with the common shapes read here.

Importing cn2an costs half a second (it compiles a regex of every city of China at import), more
than rebuilding one changed report; so the shapes reports write most (二十七, 一九五四, 三百二十五万,
一千零五, 一百十八) are read here, and so are the words cn2an refuses (千万, 百亿, 六万万);
cn2an is imported only for the rest (decimals, 一万二, mixed digits). A shape read here gives what
cn2an gives, its ValueError too (tests/test_numerals.py compares them over every number up to a
million and more, and over every short string of numeral characters).
"""

from __future__ import annotations

from .hanzi import DIGITS

_VALUE = {**{d: v for v, d in enumerate(DIGITS)}, "零": 0, "两": 2}
_SMALL_UNIT = {"十": 10, "百": 100, "千": 1000}
_UNIT = {**_SMALL_UNIT, "万": 10_000, "亿": 100_000_000}
_BIG = "百千万亿"


def _refused(span: str) -> bool:
    """Numeral characters cn2an refuses (ValueError): two opening with a unit other than 十 (千万
    "must", 百亿, 万千), or a myriad after a myriad at the end (六万万, the old six hundred million)."""
    return all(c in _VALUE or c in _UNIT for c in span) and (
        0 < len(span) <= 2 and span[0] in _BIG or span[-2:] in ("万万", "亿万", "亿亿"))


def smart(span: str) -> int | float:
    """What ``cn2an.cn2an(span, "smart")`` returns (its ValueError too)."""
    value = _read(span)
    if value is not None:
        return value
    import cn2an  # here: its import takes half a second that most builds skip

    return cn2an.cn2an(span, "smart")


def _read(span: str) -> int | None:
    """The digits one by one (一九五四 → 1954), or a number written with its units (三百二十五万);
    None for any other shape; cn2an's ValueError for what it refuses (``_refused``)."""
    if span and all(c in _VALUE for c in span):
        return int("".join(str(_VALUE[c]) for c in span)) if len(span) > 1 or span != "两" else 2
    if _refused(span):
        raise ValueError(f"not a number to cn2an: {span}")
    return _with_units(span.replace("百十", "百一十"))  # cn2an reads 一百十八 as 一百一十八


def _zero_fits(span: str, i: int) -> bool:
    """A 零 at ``i`` stands for a skipped place: after a unit of a hundred or more, before a digit."""
    return i > 0 and _UNIT.get(span[i - 1], 0) >= 100 and i + 1 < len(span) and span[i + 1] in _VALUE \
        and span[i + 1] not in "零〇"


def _with_units(span: str) -> int | None:
    """十四 → 14, 二十二万零四百六十六 → 220466, 七百六十六亿四千万 → 76640000000; None for
    what cn2an reads differently or refuses (一百五 said for 150, units out of order, 十〇)."""
    total = section = 0
    digit: int | None = None
    last_unit, wan, after_yi = 0, False, False  # the section's last small unit; 万 since 亿; past 亿
    unit_before_zero = 0  # the unit a 零 follows: the next unit must skip one below it (一千零五十)
    for i, c in enumerate(span):
        if c in _VALUE:
            if digit is not None or c in "零〇" and not _zero_fits(span, i):
                return None
            if c in "零〇":
                unit_before_zero = _UNIT[span[i - 1]]
            digit = None if c in "零〇" else _VALUE[c]
            continue
        unit = _UNIT.get(c)
        if unit is None or unit_before_zero and unit < 10_000 and unit * 100 > unit_before_zero:
            return None
        unit_before_zero = 0
        if c in _SMALL_UNIT:
            if last_unit and unit >= last_unit or digit is None and (i or unit != 10):
                return None
            section, digit, last_unit = section + (1 if digit is None else digit) * unit, None, unit
            continue
        if digit is not None and i > 1 and span[i - 2] not in "十零〇" or c == "万" and wan:
            return None
        section += digit or 0
        if c == "万":
            if not section:
                return None
            total, wan = total + section * 10_000, True
        else:
            if not section and (not i or span[i - 1] != "万") or after_yi:
                return None
            total, wan, after_yi = (total + section) * 100_000_000, False, True
        section, digit, last_unit = 0, None, 0
    if digit is not None and len(span) > 1 and span[-2] not in ("十", "零", "〇"):
        return None  # 一百五, 十三万六: said for 150, 136000
    if after_yi and not wan and section and span[span.index("亿") + 1] not in "零〇":
        return None  # 五百四十亿一千: cn2an wants 零 or 万 there
    return total + section + (digit or 0) if span else None
