"""Places: administrative divisions from the gazetteer, zones and new areas named after them, rivers and
lakes before a word for their basin (湘江流域); towns, streets, communities and villages by their suffix
come from ``towns.py``.

The gazetteer (``lexicon.regions``) knows every province, prefecture-level city and
county-level unit by full name; short forms (长春, 乌当) count only where the document also
names the unit (or one inside it) in full; a province written in full makes its cities'
short forms count (庆阳 in a report naming 甘肃省), a city or municipality its counties' and
districts'. Each hit carries the id of the rule that found it (``place.short`` …); places inside
other names are dropped or marked ``in_name`` by ``place_names.py``.
"""

from __future__ import annotations

import re

from ..lexicon import Lexicon
from .common import HAN, MAIN_LEVEL_CHARS, STOP, UNIT_CHARS, Boundaries, alt, is_han
from .divisions import Gazetteer, child_short_counts, common_words, gazetteer, short_full
from .place_names import mark_in_names, not_demonyms, not_in_names
from .towns import BAD_AFTER, PLACE_LEADS, PlaceHit, find_all, leftmost_longest, lower_hits

__all__ = ["PlaceHit", "find_places", "find_all", "gazetteer", "Gazetteer", "BAD_AFTER", "PLACE_LEADS"]

UNIT_END = re.compile(f"[{UNIT_CHARS}]")


def _known_hits(text: str, gaz: Gazetteer) -> list[PlaceHit]:
    """Full gazetteer names: looked up backwards from every division suffix character."""
    cands = []
    for m in UNIT_END.finditer(text):
        e = m.end()
        if e < len(text) and text[e] in BAD_AFTER.get(m.group(), ""):
            continue
        for length in gaz.lengths.get(m.group(), ()):  # the lengths of full names ending in this letter
            if length <= e and text[e - length : e] in gaz.fulls:
                cands.append((e - length, e, text[e - length : e]))
                break
    return [PlaceHit(s, e, n, n, gaz.units[n].level) for s, e, n in leftmost_longest(cands)]


def _short_hits(text: str, gaz: Gazetteer, stems: set[str]) -> list[tuple[int, int, str]]:
    return find_all(text, stems)


def find_places(text: str, lex: Lexicon, bounds: Boundaries) -> list[PlaceHit]:
    """Every place named in ``text``, in order, with chains linked through ``parent``."""
    gaz = gazetteer(lex)
    fulls = _known_hits(text, gaz)
    # a county-level name inside a word (东北林区) counts only if the text also writes it clean
    leads = tuple(lex.place_body_leads)
    clean_names = {h.full for h in fulls if gaz.units[h.full].level != "county" or bounds.ends_at(text, h.start)
                   or any(o.end == h.start for o in fulls) or any(text.endswith(w, 0, h.start) for w in leads)}
    fulls = [h for h in fulls if h.full in clean_names]
    # a full name that is also a common word (解放区 the Liberated Areas) counts under a unit the text names
    written = {h.full for h in fulls}
    fulls = [h for h in fulls if h.full not in lex.place_short_words
             or any(p in written for ps in gaz.units[h.full].parents for p in ps)]
    named = {h.full for h in fulls}
    named_parents = set()
    for full in named:
        for ps in gaz.units[full].parents:
            named_parents.update(ps)
    stems = set(lex.provinces)
    for full in named | named_parents:
        stems.update(gaz.short_of.get(full, ()))
        for child in gaz.children.get(full, ()):
            if child_short_counts(gaz, full, child, full in named):
                stems.update(gaz.short_of.get(child, ()))
    occupied = {k for h in fulls for k in range(h.start, h.end)}
    fulls += _one_letter_counties(text, gaz, named, occupied, bounds)
    occupied = {k for h in fulls for k in range(h.start, h.end)}
    shorts = [s for s in _short_hits(text, gaz, stems) if s[0] not in occupied]
    hits = sorted(fulls, key=lambda h: h.start)
    ends = {h.end for h in fulls}
    common = common_words(lex)
    for s, e, short in shorts:
        if any(s >= w.index(short) and text.startswith(w, s - w.index(short)) for w in common.get(short, ())):
            continue  # 白银 in 黄金、白银, 长治 in 长治久安
        full, how = short_full(gaz, lex, short, named, named_parents)
        if full is None:
            continue
        if how == "child" and not (bounds.ends_at(text, s) or s in ends):
            continue  # a province's city inside a word (成渝中线: no 渝中区)
        if full.endswith("新区") and full not in named and s not in ends and not _stands_alone(text, e, bounds):
            continue  # 滇中城市群, 西咸一体化: a new area's short form starts a word, unless after its city (贵阳贵安)
        if e < len(text) and text[e] in MAIN_LEVEL_CHARS and text[s : e + 1] not in gaz.units:
            continue  # 朝阳县 is not 朝阳区
        if text.startswith(("街道", "镇", "乡", "社区", "村", "路", "街", "大街"), e):
            continue  # 重庆街道 is a street, not 重庆
        if gaz.units[full].level == "city" and _CITY_LIST.match(text, e):  # 乌鲁木齐、伊宁、喀什等城市: the city
            full = next((f for f in gaz.stems[short] if f.endswith("市") and gaz.units[f].level == "county"
                         and any(full in p for p in gaz.units[f].parents)), full)
        hits.append(PlaceHit(s, e, short, full if how != "county" else short, gaz.units[full].level,
                             rule="place.short"))
        ends.add(e)
    hits += _counties_of_short_cities(text, gaz, hits, stems, bounds, common)
    hits += _cities_listed_with_places(text, gaz, hits, bounds, common)
    hits = _zones(text, sorted(hits, key=lambda h: h.start), lex)
    hits = _new_areas(text, hits, gaz, bounds)
    hits = _waters(text, hits, bounds)
    hits = not_demonyms(text, not_in_names(text, hits, lex, bounds), lex)
    mark_in_names(text, hits, lex, bounds)
    hits = lower_hits(text, hits, lex, bounds)
    return hits


#: Words after a name that make it a region or a river's basin (湘江流域, 滇中地区), not part of a longer word.
REGION_WORDS = ("流域", "地区", "沿岸", "两岸", "一带", "周边", "沿线", "干流")


def _stands_alone(text: str, end: int, bounds: Boundaries) -> bool:
    """Whether a name ending at ``end`` is a word of its own: a mark, a boundary word or a region word follows."""
    return end >= len(text) or not is_han(text[end]) or text.startswith(REGION_WORDS, end) \
        or any(text.startswith(w, end) for w in bounds.words)


def _one_letter_counties(text: str, gaz: Gazetteer, named: set[str], occupied: set[int],
                         bounds: Boundaries) -> list[PlaceHit]:
    """Counties named with one letter (沛县, 歙县): after a boundary or a mark, not before a
    word (县域, 县级), and only when the text names their city or province (在沛县 in a 徐州 report)."""
    cands, i = [], text.find("县", 1)
    while i >= 0:  # each 县 with the letter before it: one pass, not one per county
        if text[i - 1 : i + 1] in gaz.one_letter:
            cands.append((i - 1, i + 1, text[i - 1 : i + 1]))
        i = text.find("县", i + 1)
    out = []
    for s, e, n in leftmost_longest(cands):
        if s in occupied or (e < len(text) and text[e] in BAD_AFTER["县"]) or not bounds.ends_at(text, s):
            continue
        if any(p in named for ps in gaz.units[n].parents for p in ps):
            out.append(PlaceHit(s, e, n, n, "county"))
    return out


def _counties_of_short_cities(text: str, gaz: Gazetteer, hits: list[PlaceHit], stems: set[str],
                              bounds: Boundaries, common: dict[str, tuple[str, ...]]) -> list[PlaceHit]:
    """Counties written short in a list of places (枣阳、枝江、汉川) under a city the text writes
    short (襄阳): only after a boundary or a list mark, as a province's cities are."""
    cities = {h.full for h in hits if h.rule == "place.short" and h.level == "city"}
    extra = {st: c for city in cities for c in gaz.children.get(city, ()) if gaz.units[c].level == "county"
             for st in gaz.short_of.get(c, ()) if st not in stems and len(gaz.stems.get(st, ())) == 1}
    taken = {k for h in hits for k in range(h.start, h.end)}
    out = []
    for s, e, short in find_all(text, extra) if extra else ():
        if any(k in taken for k in range(s, e)) or not bounds.ends_at(text, s) or "、" not in text[s - 1 : e + 1] \
                or text[e : e + 1] not in ("、", "等", "和", "及", "与") \
                or any(text.startswith(w, s - w.index(short)) for w in common.get(short, ())):
            continue  # only a whole item of a list of places (枣阳、枝江等), never a word's start (赤水河、)
        if e < len(text) and (text[e] in MAIN_LEVEL_CHARS or text.startswith(("街道", "镇", "乡", "村", "路", "街"), e)):
            continue
        out.append(PlaceHit(s, e, short, short, "county", rule="place.short"))
    return out


#: A list of places that ends in 等地 (赴深圳、上海等地): each item names a place.
_PLACE_LIST = re.compile(f"(?:[、和][{HAN}]{{2,4}}?)+等(?:地|省市|城市)(?!区|方|点)")


def _cities_listed_with_places(text: str, gaz: Gazetteer, hits: list[PlaceHit], bounds: Boundaries,
                               common: dict[str, tuple[str, ...]]) -> list[PlaceHit]:
    """A city's short form no unit the text names covers, listed with places before 等地 (赴深圳、上海等地):
    the one city of that short form, when another item is a place and the list starts at a boundary."""
    starts = {h.start: h for h in hits}
    out = []
    for m in _PLACE_LIST.finditer(text):
        first = bounds.name_start(text, m.start(), 2, 4)
        if first is None:
            continue
        items, pos = [], first
        for part in re.split("[、和]", text[first : m.end()].rsplit("等", 1)[0]):
            items.append((pos, pos + len(part), part))
            pos += len(part) + 1
        if not any(starts.get(a) is not None and starts[a].end == b for a, b, _ in items):
            continue
        for a, b, item in items:
            cands = [f for f in gaz.stems.get(item, []) if not f.endswith("新区")]  # 兰州, not 兰州新区
            if a not in starts and len(cands) == 1 and gaz.units[cands[0]].level == "city" and item not in common:
                out.append(PlaceHit(a, b, item, cands[0], "city", rule="place.short"))
    return out


#: The rest of a list of towns that ends in 等城市 or 城市 (…、喀什等城市): its items are cities.
_CITY_LIST = re.compile(rf"(?:[、和与及][{HAN}]{{2,6}}?)*等?城市")


_ZONES: dict[str, re.Pattern] = {}


def _zones(text: str, hits: list[PlaceHit], lex: Lexicon) -> list[PlaceHit]:
    """Development and trade zones named after a place (金昌经开区, 中国（新疆）自由贸易试验区): the
    zone is a place of its own; a short form that only names it (衢州|综保区) is dropped, a bracketed
    place that locates it (中国（新疆）…) stays."""
    if not lex.zone_suffixes:
        return hits
    if lex.digest not in _ZONES:
        _ZONES[lex.digest] = re.compile(alt(lex.zone_suffixes))
    by_end = {h.end: i for i, h in enumerate(hits) if h.known}
    generic = frozenset(lex.project_generic_words)
    zones, named = [], set()
    for m in _ZONES[lex.digest].finditer(text):
        i = _zone_place(text, m.start(), by_end, generic)
        if i is None:  # 喀什、霍尔果斯|经济开发区: a list's last item no place the text names
            j = next((by_end[m.start() - k - 1] for k in (2, 3, 4) if text[m.start() - k - 1 : m.start() - k] in "、和"
                      and m.start() - k - 1 in by_end and all(is_han(c) and c not in STOP for c in text[m.start() - k : m.start()])),
                     None)
            if j is not None and hits[j].rule == "place.short":
                named.add(j)
            continue
        start = hits[i].start
        if text[m.start() - 1] in "）)" and text[start - 1 : start] in "（(" and text[start - 3 : start - 1] == "中国":
            start -= 3  # 中国（新疆）自由贸易试验区: the bracketed place locates the zone and stays
        elif hits[i].rule == "place.short":
            named.add(i)  # 衢州|综保区, 海南|自由贸易港: a short form only names the zone
        zones.append(PlaceHit(m.start(), m.end(), text[start : m.end()], text[start : m.end()], "other", known=False,
                              rule="place.zone"))
    for i in range(len(hits) - 2, -1, -1):  # 喀什、霍尔果斯|经济开发区: a list's items share its zone suffix
        if hits[i].rule == "place.short" and i + 1 in named and text[hits[i].end : hits[i + 1].start] in ("、", "和"):
            named.add(i)
    return sorted([*(h for i, h in enumerate(hits) if i not in named), *zones], key=lambda h: h.start)


_NEW_AREA = re.compile(f"[{HAN}][东西南北]新区")


def _new_areas(text: str, hits: list[PlaceHit], gaz: Gazetteer, bounds: Boundaries) -> list[PlaceHit]:
    """A new area named by its city's first letter and a direction (邢东新区 of 邢台, 柳东新区 of 柳州),
    where the text names that city, written as a word of its own or after a place."""
    firsts = {st[0] for h in hits if h.known and h.level == "city" for st in gaz.short_of.get(h.full, ())}
    taken = {k for h in hits for k in range(h.start, h.end)}
    ends = {h.end for h in hits}
    new = [PlaceHit(m.start(), m.end(), m.group(), m.group(), "other", known=False, rule="place.zone")
           for m in _NEW_AREA.finditer(text) if m.group()[0] in firsts and m.start() not in taken
           and (m.start() in ends or bounds.ends_at(text, m.start()))]
    return sorted([*hits, *new], key=lambda h: h.start) if new else hits


#: A river or lake named before a word for its basin, banks or their protection (湘江流域, 长江岸线,
#: 洞庭湖生态保护), or in a list of waters (濠河、通吕运河等河道).
_WATER = re.compile(f"(?:运河|[江河湖海])(?=流域|岸线|沿岸|两岸|干流|水域|水系|生态保护|保护治理|综合治理"
                    f"|[、和]?[{HAN}]{{0,5}}?等(?:河道|河流|湖泊|水系))")


def _waters(text: str, hits: list[PlaceHit], bounds: Boundaries) -> list[PlaceHit]:
    """Rivers and lakes, named localities: a name of one to three letters with a clean left edge before
    its water word, where a word for its basin or banks or a list of waters follows."""
    taken = {k for h in hits for k in range(h.start, h.end)}
    new = []
    for m in _WATER.finditer(text):
        if text.startswith("海岸", m.start()):
            continue  # 推行海岸线: the coast, no sea's name
        start = bounds.name_start(text, m.start(), 1, 3, quotes=False)
        letters = text[start : m.start()] if start is not None else ""
        if not letters or any(c in STOP or c in "江河湖海水" for c in letters) \
                or len(letters) == 3 and not is_han(text[start - 1 : start] or "。"):
            continue  # 今年长江, 整个长江: three letters only after a boundary word (启动了塔里木河)
        if not any(k in taken for k in range(start, m.end())):
            name = text[start : m.end()]
            new.append(PlaceHit(start, m.end(), name, name, "other", known=False, rule="place.water"))
    return sorted([*hits, *new], key=lambda h: h.start) if new else hits


def _zone_place(text: str, s: int, by_end: dict[int, int], generic: frozenset[str]) -> int | None:
    """The place a zone suffix at ``s`` is named after: right before it, in brackets, or before a
    short proper name (鄂尔多斯|蒙苏|经济开发区), never before a generic word (荆门|国家|高新区)."""
    if s > 0 and text[s - 1] in "）)" and (s - 1) in by_end:
        return by_end[s - 1]
    for gap in range(3):
        i = by_end.get(s - gap)
        if i is not None:
            g = text[s - gap : s]
            ok = gap == 0 or (all(is_han(c) and c not in STOP for c in g) and g not in generic)
            return i if ok else None
    return None
