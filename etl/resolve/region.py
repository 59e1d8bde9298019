"""The report's own region and levels, and qualification of written region names.

A report names its own region in its title block (济南市济阳区人民代表大会常务委员会工作报告,
——乌当区人大常委会2023年工作综述); the level words of its bodies (区委, 市人大, 省委) stand for
that region's units at each level, completed from the gazetteer (乌当区 → 贵阳市 → 贵州省).
Names keep the region as the text writes it: a district is city-qualified only where the
text itself writes the city in front (长春市朝阳区, but 乌当区).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..frontmatter import speaker
from ..hanzi import HAN, ONE_TO_TEN, ZEROS
from ..lexicon import Lexicon
from ..models import Mention, ReportContext, Segmented
from ..recognize import find_places, finders, gazetteer

LEVEL_ORDER = ("province", "city", "county", "town", "community")


#: What resolve hands on about the report's region (a frozen record, see models.py).
Context = ReportContext


@dataclass
class _Context:
    """``ReportContext`` while ``context`` works it out."""

    region: str | None = None  # the report's region, fullest form the text writes: 长春市朝阳区, 乌当区
    levels: dict[str, str] = field(default_factory=dict)  # level → name used for 省委/市委/区委 …
    short: dict[str, str] = field(default_factory=dict)  # written form → qualified: 朝阳区 → 长春市朝阳区
    full_region: str | None = None  # city + county for the metadata: 贵阳市乌当区
    own_kind: str | None = None  # kind of the body the report is by (standing_committee, cppcc …)
    written: set[str] = field(default_factory=set)  # city+county pairs the text writes (长春市朝阳区)


#: The session a report is given at, named in its opening: 在X市第十七届人民代表大会第五次会议上.
#: A CPPCC's session names its term first: 在政协第十届松阳县委员会第五次会议上.
SESSION_AT = re.compile(rf"在(?:政协)?([{HAN}]{{2,16}}?)第?[{ZEROS}{ONE_TO_TEN}]+届(?:人民代表大会|委员会)"
                        rf"第[{ZEROS}{ONE_TO_TEN}]+次(?:全体)?会议"
                        rf"|在政协第[{ZEROS}{ONE_TO_TEN}]+届([{HAN}]{{2,16}}?)委员会第[{ZEROS}{ONE_TO_TEN}]+次(?:全体)?会议")
OPENING = 1500
#: A year written before a name in a title (2026年缙云县…), which the place finder reads as part of a word.
YEAR_WORD = re.compile(r"(?:19|20)\d{2}年度?")
OWN_KIND = [("人民代表大会常务委员会", "standing_committee"), ("人大常委会", "standing_committee"),
            ("政治协商会议", "cppcc"), ("政协", "cppcc"), ("人民法院", "court"), ("法院", "court"),
            ("人民检察院", "procuratorate"), ("检察院", "procuratorate"), ("人民政府", "government"),
            ("政府", "government")]


def _units(name: str, lex: Lexicon) -> list[str]:
    """The gazetteer units a written region consists of, as full names (济阳 → 济阳区)."""
    units = gazetteer(lex).units
    found = [h.full for h in find_places(name, lex, finders(lex).bounds) if h.full in units]
    # a one-character county (沛县, 滑县) that the place finder leaves alone, written as a whole part
    # or opening one (沛县人民法院工作报告)
    return found or [w[:2] if w[:2] in units else w for w in name.split()
                     if w in units or len(w) > 2 and w[1] == "县" and w[:2] in units]


def context(seg: Segmented, mentions: tuple[Mention, ...], lex: Lexicon) -> ReportContext:
    """The report's region, levels and own body kind, from its title block and mentions."""
    ctx = _with_town(_context(seg, mentions, lex), seg.metadata, lex)
    return ReportContext(region=ctx.region, levels=ctx.levels, short=ctx.short, full_region=ctx.full_region,
                         own_kind=ctx.own_kind, written=frozenset(ctx.written))


def _context(seg: Segmented, mentions: tuple[Mention, ...], lex: Lexicon) -> _Context:
    # Long: the report region is decided in steps (title block, votes, gazetteer parents), each reading the last.
    gaz = gazetteer(lex)
    text = seg.document.text
    md = seg.metadata
    spk = speaker(text)  # 受长沙市岳麓区人民代表大会常务委员会委托: the region of an excerpt without a title
    at = SESSION_AT.search(text, 0, OPENING)  # 在X市第十七届人民代表大会第五次会议上: where it is given
    head = " ".join(x for x in (md.title, md.subtitle, md.author.body if md.author else None,
                                spk.body if spk else None, (at.group(1) or at.group(2)) if at else None) if x)
    ctx = _Context()
    for cue, kind in OWN_KIND:
        if any(cue in (x or "") for x in (md.title, md.subtitle, md.author.body if md.author else None,
                                         spk.body if spk else None)):
            ctx.own_kind = kind
            break
    places = [m for m in mentions if m.kind == "place"]
    # pairs the text writes: a county right after its city (长春市朝阳区)
    for m in places:
        chain = m.chain
        if m.level == "county" and m.full in gaz.units and chain and gaz.units.get(chain[-1]) \
                and (gaz.units[chain[-1]].level == "city" or _municipality(chain[-1], gaz)):
            ctx.written.add(chain[-1] + m.full)
    # the report's unit: the most specific one in the title block, else the most named
    unit = None
    head_units = _units(YEAR_WORD.sub(" ", head), lex) if head else []  # 2026年缙云县政府工作报告: the year apart
    for level in ("county", "city", "province"):
        cands = [u for u in head_units if gaz.units[u].level == level]
        if cands:
            unit = cands[0]
            break
    if unit is None:
        unit = _most_named(places, mentions, lex, _speaker_level(spk.body if spk else "", lex))
    by = _byline(seg) if unit is None else ""
    if by:  # (来源:云和县人民检察院): a page that names its body only in its source line
        unit = next(iter(_units(by, lex)), None)
        ctx.own_kind = ctx.own_kind or next((k for cue, k in OWN_KIND if cue in by), None)
    if unit is None:
        return ctx
    u = gaz.units[unit]
    city = prov = None
    if u.level == "county":
        named = {m.full for m in places}
        options = [p for p in u.parents if p and (p[0] in named or len(u.parents) == 1)]
        if options:
            city = options[0][0] if len(options[0]) == 2 else None
            prov = options[0][-1]
            if city is None and prov and _municipality(prov, gaz):
                city = prov  # 北京市海淀区: a municipality is its districts' city too
    elif u.level == "city":
        prov = u.parents[0][0] if u.parents and u.parents[0] else None
    elif u.level == "province":
        prov = unit
    written_pair = city + unit if city and city + unit in ctx.written else None
    ctx.region = written_pair or unit
    level = u.level
    ctx.levels[level] = ctx.region
    if city:
        ctx.levels["city"] = city
    if prov:
        ctx.levels["province"] = prov
    if unit.endswith("市") and level in ("county", "province"):
        ctx.levels["city"] = ctx.region  # a county-level city's 市委, 市政府 are its own (宜都市), a municipality's too
    ctx.short[unit] = ctx.region
    for name, qualified in ((unit, ctx.region), (city, city), (prov, prov)):
        if not name:
            continue
        ctx.short.setdefault(name, qualified)
        for stem, fulls in gaz.stems.items():
            if name in fulls and len(fulls) == 1 or (name == unit and name in fulls):
                ctx.short.setdefault(stem, qualified)
    if city and level == "county":  # a city the text names (湘潭 may be the county), not in a law's title
        laws = [(m.start, m.end) for m in mentions if m.kind == "law"]
        city_named = any(city in (m.full, m.text) for m in places if not any(a <= m.start < b for a, b in laws))
        ctx.full_region = city + unit if city_named else ctx.region
    else:
        ctx.full_region = ctx.region
    return ctx


#: What follows a town's name when the title block names the town's own body or session (濮院镇人民政府工作报告,
#: 在濮院镇第十七届人民代表大会…, 西屏街道(办事处)工作报告).
TOWN_BODY = re.compile(r"(?:人民政府|政府|人民代表大会|人大|党委|党工委|第[{}]+届|(?:(?:19|20)\d{{2}}年度?)?工作(?:报告|总结))".format(ZEROS + ONE_TO_TEN))


def _own_town(md, lex: Lexicon) -> str | None:
    """The town or street (镇, 乡, 街道) whose own body or session the title or subtitle names."""
    for line in (md.title, md.subtitle):
        line = (line or "").replace("办事处", "")
        for h in find_places(line, lex, finders(lex).bounds):
            if h.level == "town" and TOWN_BODY.match(line, h.end):
                return h.name
    return None


def _with_town(ctx: _Context, md, lex: Lexicon) -> _Context:
    """A town-level report (乡镇, 街道 工作报告): its region is the town, under the county the text names."""
    town = _own_town(md, lex)
    if town is None or town == ctx.region:
        return ctx
    ctx.levels["town"] = town
    ctx.short[town] = town
    ctx.full_region = (ctx.full_region or ctx.region or "") + town
    ctx.region = town
    return ctx


#: A page's source or author field (来源:云和县人民检察院, 供稿:某县人大常委会), dropped by clean as chrome.
BYLINE_FIELD = re.compile(rf"(?:来源|供稿|作者)\s*[:：]\s*([{HAN}]{{4,30}})")


def _byline(seg: Segmented) -> str:
    """The reporting body a page's dropped source field names, if it names one."""
    chrome = [(a, b) for a, b, why in seg.document.dropped if why.startswith("clean.chrome")]
    for k, (a, b) in enumerate(chrome):
        if k + 1 < len(chrome) and chrome[k + 1][0] - b <= 2:  # 来源： / 某县人民法院: the value on the next line
            b = chrome[k + 1][1]
        m = BYLINE_FIELD.search(seg.document.source, a, b)
        if m and any(cue in m.group(1) for cue, _ in OWN_KIND):
            return m.group(1)
    return ""


def _municipality(name: str, gaz) -> bool:
    """A province-level city (北京市, 重庆市) with districts of its own."""
    u = gaz.units.get(name)
    return bool(u and u.level == "province" and name.endswith("市"))


def _speaker_level(body: str, lex: Lexicon) -> str | None:
    """The level of a speaker's body written with a level word (区人民政府 → county)."""
    return next((lv for w, lv in sorted(lex.levels.items(), key=lambda x: -len(x[0])) if body.startswith(w)), None)


def _region_units(body, places, lex: Lexicon) -> list[str]:
    """The units of a body's written region: the place mentions recognize found in its span (the
    place finder is re-run only when none is left there, as inside a proper name)."""
    units = gazetteer(lex).units
    at = body.text.find(body.region or "")
    lo, hi = body.start + at, body.start + at + len(body.region or "")
    found = [p.full for p in places if lo <= p.start and p.end <= hi and p.full in units] if at >= 0 else []
    return found or _units(body.region, lex)


def _most_named(places, mentions, lex: Lexicon, level: str | None) -> str | None:
    """The unit the text names most (a body's region counts three times), of the speaker's level
    when the speaker names one (我代表区人民政府: a district)."""
    units = gazetteer(lex).units
    votes: Counter[str] = Counter()
    for m in places:
        if m.level in ("city", "county") and m.known and m.full in units:
            votes[m.full] += 1
    for m in mentions:
        if m.kind == "body" and m.form == "region":
            for u in _region_units(m, places, lex):
                votes[u] += 3
    of_level = Counter({u: n for u, n in votes.items() if units[u].level == level})
    best = (of_level or votes).most_common(1)
    return best[0][0] if best else None


def qualify_region(region: str, ctx: Context, lex: Lexicon, divisions=None) -> str:
    """A written region in canonical form: the report's own unit as the report writes it
    fullest (朝阳区 → 长春市朝阳区), short forms completed (长春 → 长春市), a district
    city-qualified where the text writes it so, lower units appended as written."""
    if not region:
        return ctx.region or ""
    if region in ctx.short:
        return ctx.short[region]
    gaz = gazetteer(lex)
    hits = divisions or find_places(region, lex, finders(lex).bounds)  # recognize's, when the caller has them
    if not hits or hits[0].start != 0:
        return region
    out, pos = "", 0
    for h in hits:
        if h.start != pos:
            return out + region[pos:] if out else region
        full = h.full if h.known else h.name
        if h.known and gaz.units.get(full) and gaz.units[full].level == "county":
            if full in ctx.short:
                out = ctx.short[full]
            elif out and out + full in ctx.written:
                out = out + full
            else:
                pair = next((w for w in ctx.written if w.endswith(full) and w != full), None)
                out = pair if pair and not out else out + full
        else:
            out += full
        pos = h.end
    return out + region[pos:]


def level_region(level: str | None, ctx: Context) -> str | None:
    """The report's unit at ``level`` (区委 in a district report → that district)."""
    if not level:
        return None
    return ctx.levels.get(level)


def split_region(name: str, lex: Lexicon) -> list[tuple[str, str]]:
    """长春市朝阳区 → [(长春市, city), (朝阳区, county)]."""
    return [(h.name, h.level) for h in find_places(name, lex, finders(lex).bounds)]

