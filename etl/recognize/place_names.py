"""Places inside other names: a short form that starts the name of a facility or event is no
place (北京|冬奥会, 亳州|机场: dropped), nor one that names a place's people (台湾|同胞); a
place that is only part of the name of an institution, a company, a produce brand, a road or
a listed project (长春|地质学院, 上海|电气, 潼南|柠檬, 青海西藏|公路, 华电|榆树 in …等项目) is
marked ``in_name``: no place mention of its own, but the body finder still reads it (长春地质学院
is a body of 长春). A place the report also writes on its own elsewhere keeps that mention.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Protocol

from ..lexicon import Lexicon
from .common import HAN, MAIN_LEVEL_CHARS, NUM, STOP, Boundaries, alt


class PlaceHit(Protocol):
    """What these rules read and mark of a place hit (``places.PlaceHit``)."""

    start: int
    end: int
    level: str
    rule: str
    in_name: str

_HEADS: dict[tuple[str, str], re.Pattern] = {}
#: Levels from the top: a place written after one of a higher rank is in a chain (广东|河源).
RANK = {"province": 0, "city": 1, "county": 2, "town": 3, "community": 4, "other": 4}


def _heads_rx(lex: Lexicon, heads: tuple[str, ...], key: str) -> re.Pattern:
    if (lex.digest, key) not in _HEADS:
        _HEADS[lex.digest, key] = re.compile(rf"[{HAN}]{{0,6}}?(?:{alt(heads)})" if heads else "(?!)")
    return _HEADS[lex.digest, key]


def names_part(text: str, end: int, lex: Lexicon, bounds: Boundaries, gap_max: int = 6,
               heads: tuple[str, ...] | None = None) -> bool:
    """Whether a place ending at ``end`` starts the name of a facility, event or model
    (北京|奥运会, 昆明|长水国际|机场, 三明|医改|经验: lexicon ``place_name_heads``, or ``heads``)."""
    key = "drop" if heads is None else "proper"
    heads = tuple(lex.place_name_heads) if heads is None else heads
    m = _heads_rx(lex, heads, key).match(text, end)
    if m is None:
        return False
    gap = text[end : m.end()]
    gap = gap[: next(len(gap) - len(w) for w in sorted(heads, key=len, reverse=True) if gap.endswith(w))]
    if len(gap) > gap_max or (gap_max == 0 and m.end() - end < 2):
        return False  # one letter after a place (南湖街道|湖东社区) starts no name
    if text.startswith(("地区", "区域", "流域", "周边", "沿岸", "一带"), m.end()) \
            or text.startswith("区", m.end()) and text[m.end() - 1] in "园湖" or any(c in MAIN_LEVEL_CHARS + "镇乡村" for c in gap):
        return False  # 江西鄱阳湖地区, 昌平科技园区: a region; 甘肃阿干镇煤矿: a chain of places
    if re.search(rf"[{NUM}]+[大个项]", gap):
        return False  # 四川三大化纤厂: a count of works in a place
    return not any(c in STOP for c in gap) and not any(gap[i:j] in bounds.words for i in range(len(gap))
                                                          for j in range(i + 1, len(gap) + 1))


def not_in_names(text: str, hits: list[PlaceHit], lex: Lexicon, bounds: Boundaries) -> list[PlaceHit]:
    """Drop short forms that start a name (昆明|长水国际|机场), and a place joined to such a one by
    a dash (伊犁—吐鲁番|国家植物园: the name of a thing spanning both)."""
    named: set[int] = set()
    for h in sorted(hits, key=lambda h: -h.start):
        if h.rule == "place.short" and (names_part(text, h.end, lex, bounds)
                                        or text[h.end : h.end + 1] in ("—", "-", "－") and h.end + 1 in named):
            named.add(h.start)
    return [h for h in hits if h.start not in named]


def not_demonyms(text: str, hits: list[PlaceHit], lex: Lexicon) -> list[PlaceHit]:
    """Drop places that only name their people (台湾|同胞, 香港、澳门|同胞: lexicon ``place_demonyms``)."""
    words = tuple(lex.place_demonyms)
    if not words:
        return hits
    people: set[int] = set()
    for h in sorted(hits, key=lambda h: -h.start):  # from the right: a list's last item decides for all
        if text.startswith(words, h.end) or (text[h.end : h.end + 1] in ("、", "和", "与", "及")
                                            and h.end + 1 in people):
            people.add(h.start)
    return [h for h in hits if h.start not in people]


def mark_in_names(text: str, hits: list[PlaceHit], lex: Lexicon, bounds: Boundaries) -> None:
    """Mark ``in_name`` the short forms that start a proper name (长春|地质学院, 青海|西藏|公路:
    lexicon ``place_proper_heads``) and the places inside an item of a list of named things
    (东营|富海 in 布局东明石化、东营富海等重大项目: lexicon ``place_named_lists``)."""
    heads = tuple(lex.place_proper_heads)
    for h in hits:
        if h.rule == "place.short" and heads and names_part(text, h.end, lex, bounds, heads=heads) \
                and not any(o.start == h.end and RANK[o.level] > RANK[h.level] for o in hits):  # 广东|河源: a chain
            h.in_name = "place.in_name.head"
    if lex.place_named_lists:
        _mark_list_items(text, hits, lex, bounds)
    _mark_quoted_names(text, hits)


_QUOTED = re.compile(r"“([^“”]{2,12})”")


def _mark_quoted_names(text: str, hits: list[PlaceHit]) -> None:
    """A short form inside a short quoted name that holds more than places (“喀什杯”, “乐都水暖工”) is
    in that name; a quoted place (“长春”) stays."""
    shorts = [h for h in hits if h.rule == "place.short"]
    by_start = sorted(hits, key=lambda h: h.start)
    starts = [h.start for h in by_start]
    for m in _QUOTED.finditer(text):  # the hits starting inside the quote, found by bisection
        inside = [h for h in by_start[bisect_left(starts, m.start(1)) : bisect_left(starts, m.end(1))]
                  if h.end <= m.end(1)]
        if inside and sum(h.end - h.start for h in inside) < m.end(1) - m.start(1):
            for h in shorts:
                if m.start(1) <= h.start and h.end <= m.end(1):
                    h.in_name = "place.in_name.quoted"


_LISTS: dict[str, re.Pattern] = {}
#: What ends a list item or the clause a list stands in.
_CLAUSE_END = "，。；：！？,;:!?\n"


def _mark_list_items(text: str, hits: list[PlaceHit], lex: Lexicon, bounds: Boundaries) -> None:
    """Items of a list that ends in 等…项目 / 等…品牌 are names of things: a place that is only part
    of an item (华电|榆树, 上海电气|洮南) is in that name; an item that is a place (长春、吉林等项目, 有上海、天津等
    港口的工程: a short verb may open the first) stays."""
    if lex.digest not in _LISTS:
        _LISTS[lex.digest] = re.compile(rf"等(?![地处])[^{_CLAUSE_END}、]{{0,20}}?(?:{alt(lex.place_named_lists)})")
    known = [h for h in hits if h.level in ("province", "city", "county")]
    for m in _LISTS[lex.digest].finditer(text):
        if any(w in text[m.start() + 1 : m.end()] for w in ("地区", "城市", "省份", "市县")):
            continue  # 等地区的项目: the list names places
        start = m.start()
        while start > 0 and text[start - 1] not in _CLAUSE_END + "等":  # 泰安等市推进…: another list ends
            start -= 1
        items, pos = [], start
        for k, c in enumerate(text[start : m.start()] + "、", start):
            if c == "、":
                items.append((pos, k))
                pos = k + 1
        for a, b in items:
            inside = sorted((h for h in known if a <= h.start and h.end <= b), key=lambda h: h.start)
            if inside and a == start and inside[0].start == a and inside[0].rule != "place.short":
                a = inside.pop(0).end  # 山东省|布局东明石化、…: a full name opening the clause is its subject
            if not inside:
                continue
            covered = inside[-1].end == b and all(x.end == y.start for x, y in zip(inside, inside[1:])) \
                and (inside[0].start - a <= (2 if a == start else 0) or bounds.ends_at(text, inside[0].start))
            if not covered:
                for h in inside:
                    h.in_name = "place.in_name.list"
