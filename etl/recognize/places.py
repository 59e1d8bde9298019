"""Places: administrative divisions from the gazetteer, and towns, streets, communities and
villages found by their suffix (X街道, X镇, X社区, X村) with a clean left edge.

The gazetteer (``lexicon.regions``) knows every province, prefecture-level city and
county-level unit by full name; short forms (长春, 乌当) count only where the document also
names the unit (or one inside it) in full. A lower-level name counts when it follows a known
place (九台区波泥河街道茂林村), a punctuation mark or a boundary word (走进旧馆街道), or when
the document writes it that way elsewhere; a province written in full makes its cities'
short forms count (庆阳 in a report naming 甘肃省), a city or municipality its counties' and
districts'. Each hit carries the id of the rule that found it (``place.short`` …); places inside
other names are dropped or marked ``in_name`` by ``place_names.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicon import Lexicon
from .common import HAN, MAIN_LEVEL_CHARS, STOP, UNIT_CHARS, Boundaries, alt, is_han
from .divisions import Gazetteer, child_short_counts, common_words, gazetteer, short_full
from .place_names import mark_in_names, names_part, not_demonyms, not_in_names

__all__ = ["PlaceHit", "find_places", "find_all", "gazetteer", "Gazetteer", "BAD_AFTER"]

#: Characters after a division suffix that make it another word (区域, 市场, 县级, 村民, 乡村 …).
BAD_AFTER = {
    "区": "域块间别分位划", "市": "场民值面容级貌政圈", "县": "域级城", "省": "级内外份直", "州": "",
    "村": "民居委级务干集落组规庄容医歌超小", "社区": "居服卫工治党网矫医养食办民", "镇": "村街长域级政党干", "乡": "村镇贤亲愁土下间里情音风野",
    "街道": "办", "旗": "帜舰",
}
#: Old towns, cities and villages: named localities, only after a place the document names (南浔古镇).
OLD_PLACES = ("古镇", "古城", "古村")
LOWER_SUFFIXES = ("街道", "镇", "乡", "苏木", "社区", "村", "居委会", "嘎查", *OLD_PLACES)
LOWER_LEVEL = {"街道": "town", "镇": "town", "乡": "town", "苏木": "town", "古镇": "other", "古城": "other", "古村": "other",
               "社区": "community", "村": "community", "居委会": "community", "嘎查": "community"}
COORD = ("、", "和", "及", "与", ",")
RANK = {"province": 0, "city": 1, "county": 2, "town": 3, "community": 4, "other": 4}


@dataclass
class PlaceHit:
    start: int
    end: int
    name: str  # as written: 朝阳区, 朝阳, 光明社区
    full: str  # the gazetteer's full name for a short form, else the name
    level: str  # province | city | county | town | community | other (a named locality: 南浔古镇)
    parent: int = -1  # index of the hit it is written after (九台区|波泥河街道)
    known: bool = True
    rule: str = "place.division"  # place.division | place.short | place.lower[.repeat] | place.estate …
    in_name: str = ""  # the rule that found it only inside another name (上海|电气): no mention, bodies read it


UNIT_END = re.compile(f"[{UNIT_CHARS}]")


def _leftmost_longest(cands: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    cands.sort(key=lambda x: (x[0], x[0] - x[1]))
    out, last = [], -1
    for s, e, n in cands:
        if s >= last:
            out.append((s, e, n))
            last = e
    return out


def _known_hits(text: str, gaz: Gazetteer) -> list[PlaceHit]:
    """Full gazetteer names: looked up backwards from every division suffix character."""
    cands = []
    for m in UNIT_END.finditer(text):
        e = m.end()
        if e < len(text) and text[e] in BAD_AFTER.get(m.group(), ""):
            continue
        for length in range(min(gaz.maxlen, e), 2, -1):
            if text[e - length : e] in gaz.fulls:
                cands.append((e - length, e, text[e - length : e]))
                break
    return [PlaceHit(s, e, n, n, gaz.units[n].level) for s, e, n in _leftmost_longest(cands)]


def find_all(text: str, words) -> list[tuple[int, int, str]]:
    """Every occurrence of each of a few words, leftmost-longest (str.find: no regex to compile)."""
    cands = []
    for w in words:
        i = text.find(w)
        while i >= 0:
            cands.append((i, i + len(w), w))
            i = text.find(w, i + 1)
    return _leftmost_longest(cands)


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
    hits = _zones(text, sorted(hits, key=lambda h: h.start), lex)
    hits = not_demonyms(text, not_in_names(text, hits, lex, bounds), lex)
    mark_in_names(text, hits, lex, bounds)
    hits = _lower_hits(text, hits, lex, bounds)
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
    names = [u for u in gaz.units if len(u) == 2 and u.endswith("县")]
    out = []
    for s, e, n in find_all(text, names):
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


def _lower_hits(text: str, hits: list[PlaceHit], lex: Lexicon, bounds: Boundaries) -> list[PlaceHit]:
    """Towns, streets, communities and villages, chained onto the places before them."""
    not_names = frozenset(lex.place_not_names)
    gaz = gazetteer(lex)
    # an old town is named after a place the document names: 南浔古镇 in a 南浔区 report
    named_stems = {h.name for h in hits if h.rule == "place.short"} | {
        st for h in hits if h.known for st in gaz.short_of.get(h.full, ())}
    suffix_rx = re.compile(rf"(?<=[{HAN}])(?:{alt(LOWER_SUFFIXES)})")
    by_end = {h.end: h for h in hits}
    found: list[PlaceHit] = []
    accepted: dict[str, str] = {}  # written name → level, for a second pass
    occupied = [False] * (len(text) + 1)
    for h in hits:
        for k in range(h.start, h.end):
            occupied[k] = True
    for m in suffix_rx.finditer(text):
        suf = m.group()
        s, e = m.start(), m.end()
        if occupied[s]:
            continue
        bad = BAD_AFTER.get(suf, "")
        if e < len(text) and text[e] in bad:
            continue
        start = None
        for k in range(2, 5):  # chained onto a place right before it
            prev = by_end.get(s - k)
            if prev is not None and RANK[prev.level] < RANK[LOWER_LEVEL[suf]] and _name_ok(text[s - k : s], suf, not_names) \
                    and not any(occupied[s - k : s]) \
                    and not any(text.startswith(w, s - k) for w in bounds.words if len(w) > 1):  # 汕头|发挥侨乡
                start = s - k
                break
        if start is None and suf in OLD_PLACES:  # 南浔古镇: the old town of a place the document names
            start = next((s - k for k in (2, 3) if text[s - k : s] in named_stems), None)
            if start is None:
                continue
        if start is None:
            start = bounds.name_start(text, s, 2, 4, quotes=False)
            if start is not None and not (_name_ok(text[start:s], suf, not_names) and _led(text, start, by_end)):
                start = None
        if start is None:
            continue
        if names_part(text, e, lex, bounds, gap_max=0):
            continue  # 中关村科技城, 阿干镇煤矿: the start of a park's or a mine's name
        hit = PlaceHit(start, e, text[start:e], text[start:e], LOWER_LEVEL[suf], known=False,
                       rule="place.old_town" if suf in OLD_PLACES else "place.lower")
        if suf in OLD_PLACES:
            hit.full = hit.name
        found.append(hit)
        by_end[e] = hit
        accepted[hit.name] = hit.level
        for k in range(start, e):
            occupied[k] = True
    found += _repeats(text, accepted, occupied)
    out = sorted([*hits, *found], key=lambda h: h.start)
    _link(text, out)
    return out


def _repeats(text: str, accepted: dict[str, str], occupied: list[bool]) -> list[PlaceHit]:
    """Second pass: a lower name accepted once, wherever else the text writes it."""
    found = []
    for ms, me, name in find_all(text, accepted) if accepted else ():
        if any(occupied[k] for k in range(ms, me)):
            continue
        if me < len(text) and text[me] in BAD_AFTER.get(next(s for s in LOWER_SUFFIXES if name.endswith(s)), ""):
            continue
        found.append(PlaceHit(ms, me, name, name, accepted[name], known=False, rule="place.lower.repeat"))
        for k in range(ms, me):
            occupied[k] = True
    return found


#: What a town or village name without a known place before it may follow: a clause start, a
#: verb of going or helping, or another place in a list (练市镇、双林镇).
PLACE_LEADS = ("在", "到", "赴", "为", "对", "向", "走进", "深入", "察看", "察看了", "走访", "走访了", "视察", "视察了", "前往",
               "来到", "帮助", "包保", "联系", "位于", "来自", "调研", "考察", "驻")


def _led(text: str, start: int, by_end: dict) -> bool:
    if start == 0 or text[start - 1] in "。!?;:,\n ":
        return True
    if text[start - 1] in "、和与及" and (start - 1) in by_end:
        return True
    return any(text.startswith(w, start - len(w)) for w in PLACE_LEADS)


def _name_ok(name: str, suffix: str, not_names: frozenset[str]) -> bool:
    """``name`` before its suffix (铁匠|村) makes a proper name, not a common noun (农|村, 贫困|村)."""
    if len(name) < 2 or not all(is_han(c) and c not in STOP for c in name):
        return False
    return not any(w in name or w == name[-1] + suffix[0] for w in not_names)


def _link(text: str, hits: list[PlaceHit]) -> None:
    """Parent links: a place written right after another (长春市朝阳区, 练市镇荃步村), and a bare
    village coordinated after a chained one (铁匠村、垛石街道西崔村和姜家村 → 姜家村 in 垛石街道)."""
    by_end = {h.end: i for i, h in enumerate(hits)}
    rank = {"province": 0, "city": 1, "county": 2, "town": 3, "community": 4, "other": 4}
    for i, h in enumerate(hits):
        j = by_end.get(h.start)
        if j is not None and rank[hits[j].level] < rank[h.level]:
            h.parent = j
            continue
        if h.known or h.level != "community":
            continue
        for sep in COORD:
            j = by_end.get(h.start - len(sep))
            if j is not None and text.startswith(sep, h.start - len(sep)) and hits[j].level == h.level \
                    and hits[j].parent >= 0:
                h.parent = hits[j].parent
                break
