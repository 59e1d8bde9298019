"""Canonical names of mentions within one report (see gold/README.md for the conventions).

Bodies: region + short official core (济南市济阳区人大常委会, 乌当区委); places: the fullest
chain the report writes (九台区波泥河街道茂林村), lower units in the report's own district
prefixed with it; meetings: the full session name (…第十九届人民代表大会第二次会议);
laws: the title, back-references (《条例》) and shortened titles folded into the full one.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

from ..hanzi import HAN, LEVEL_CHARS, MAIN_LEVEL_CHARS
from ..lexicon import Lexicon
from ..models import BodyMention, MeetingMention, PlaceMention
from ..recognize import find_places, finders, gazetteer
from ..period import last_year
from .region import Context, level_region, qualify_region



# --------------------------------------------------------------------------- bodies


class _Division(NamedTuple):
    """A place mention as a division of a written region, offsets into the region."""

    start: int
    end: int
    name: str
    full: str
    known: bool


def _divisions(region: str, at: int | None, ctx: Context) -> list[_Division] | None:
    """The place mentions recognize found in a region written at ``at``; None when there are none
    (inside a proper name recognize drops them, and the region is read again)."""
    if at is None:
        return None
    end = at + len(region)
    found = []
    for p in ctx.places[bisect_left(ctx.places, at, key=lambda p: p.start):]:  # sorted by start
        if p.start >= end:
            break
        if p.end <= end:
            found.append(_Division(p.start - at, p.end - at, p.text, p.full, p.known))
    return found or None


def _region_at(m: BodyMention | MeetingMention) -> int | None:
    """Where a body's or meeting's written region starts in the text (after 中共); None when the
    mention does not write it."""
    at = m.text.find(m.region or "")
    return m.start + at if at >= 0 and m.region else None


def written_region(region: str, ctx: Context, lex: Lexicon, at: int | None = None) -> str:
    """A region written in front of a body (at offset ``at`` of the text, when it is a span of it),
    completed from the report's region (朝阳区 → 长春市朝阳区, 长春 → 长春市); a report with no
    region of its own (a national one) keeps it as written (四川法院, 北京法院 in a Supreme Court
    report)."""
    if ctx.region is None and set(ctx.levels) <= {NATIONAL}:
        return region
    return qualify_region(region, ctx, lex, _divisions(region, at, ctx))


def party_core(region: str, core: str) -> str:
    """An autonomous region's party committee is its 党委 (宁夏回族自治区党委), never 自治区委; so is a
    town's or township's (某镇党委, 某乡党委)."""
    if region.endswith(("自治区", "镇", "乡")) and core.startswith("委"):
        return "党" + core
    return core


def _region_of(m: BodyMention, ctx: Context, lex: Lexicon) -> str | None:
    form = m.form
    if form == "region":
        return written_region(m.region or "", ctx, lex, _region_at(m))
    if form == "level":
        return level_region(m.level, ctx)
    if form == "own":
        return ctx.region
    return None


#: The level key a national report's context carries (resolve/canonical.py): its own bodies are national.
NATIONAL = "country"
#: A national report's bare own bodies by the report's kind (常委会 in the NPCSC's report, 本院 in the SPC's).
NATIONAL_OWN = {
    "standing_committee": {"人大常委会": "全国人大常委会", "人大常委会党组": "全国人大常委会党组", "人大常委会机关": "全国人大常委会"},
    "cppcc": {"政协": "全国政协", "政协党组": "全国政协党组", "政协常委会": "全国政协常委会"},
    "court": {"法院": "最高人民法院"},
    "procuratorate": {"检察院": "最高人民检察院"},
}
#: The body whose committees a report names bare (预算工委 in a standing committee's report).
OWN_COMMITTEE_HOLDER = {"standing_committee": "人大常委会", "cppcc": "政协"}
NATIONAL_PARENT = {"全国人大常委会党组": "全国人大常委会", "全国政协党组": "全国政协", "全国政协常委会": "全国政协"}

# bare judicial cores and the kind of report whose own body they are
JUDICIAL_OWN = {"法院": "court", "法院党组": "court", "检察院": "procuratorate", "检察院党组": "procuratorate"}
OWN_CORES = {
    "standing_committee": {"人大常委会", "人大常委会党组", "人大常委会机关"},
    "cppcc": {"政协", "政协党组", "政协常委会"},
}


def body_name(m: BodyMention, ctx: Context, lex: Lexicon) -> tuple[str, str, str | None] | None:
    """(canonical name, kind, parent) of a body mention, or None when it cannot be placed."""
    form, kind = m.form, m.body_kind or "other"
    if form == "national":
        return m.canonical, kind, None
    if form == "named":
        if m.level and level_region(m.level, ctx):
            return level_region(m.level, ctx) + m.rest, kind, None
        return m.name, kind, None
    if form == "department":
        region = written_region(m.region, ctx, lex, _region_at(m)) if m.region else level_region(m.level, ctx)
        if not region:
            return None
        rest = m.rest
        parent = region + "政府" if kind == "government_department" else None
        if rest.startswith(("委", "党委")):  # 县委统战部, 县委办公室: a department of the party committee
            rest = party_core(region, rest.removeprefix("党"))
            parent = region + party_core(region, "委")
        return region + rest, kind, parent
    if form == "special":
        parent_core = m.parent_core or OWN_COMMITTEE_HOLDER.get(ctx.own_kind or "")  # bare: the report's own body's
        region = _parent_region(m, ctx, lex)
        if parent_core is None:
            return None
        if region is None:
            parent = NATIONAL_OWN.get(ctx.own_kind or "", {}).get(parent_core) if ctx.levels.get(NATIONAL) else None
            return (parent + m.sub, kind, parent) if parent and m.parent_form == "own" else None
        parent = region + parent_core
        return parent + m.sub, kind, parent
    core = m.core
    if form == "own":
        core = _own_core(m, ctx)
        if core is None:
            return None
        if core != m.core and core in lex.bodies:
            kind = lex.bodies[core][1]
        if ctx.region is None:  # a national report's own body (常委会 in the NPCSC's report)
            name = NATIONAL_OWN.get(ctx.own_kind or "", {}).get(core) if ctx.levels.get(NATIONAL) else None
            return (name, kind, NATIONAL_PARENT.get(name)) if name else None
        region = ctx.region
    else:
        region = _region_of(m, ctx, lex)
    if not region:
        return None
    core = party_core(region, core)
    name = region + core
    parent = None
    if core.endswith("党组") and len(core) > 2:
        parent = region + core[:-2]
    elif core.endswith("委常委会"):
        parent = region + core[: -len("常委会")]
    elif core == "政协常委会":
        parent = region + "政协"
    return name, kind, parent


def _own_core(m: BodyMention, ctx: Context) -> str | None:
    """The core a bare body stands for in this report: 常委会 is a CPPCC report's 政协常委会, 本院 a
    procuratorate report's 检察院."""
    core = m.core
    if core == "院党组":  # 院党组, 本院党组: the party group of the report's own court or procuratorate
        return {"court": "法院党组", "procuratorate": "检察院党组"}.get(ctx.own_kind or "")
    if m.text.startswith("本院"):
        return {"court": "法院", "procuratorate": "检察院"}.get(ctx.own_kind or "")
    if core in ("人大常委会", "人大常委会党组", "人大常委会机关") and m.text.startswith("常委会"):
        if ctx.own_kind == "cppcc":
            return {"人大常委会": "政协常委会", "人大常委会党组": "政协党组", "人大常委会机关": "政协"}[core]
        if ctx.own_kind not in (None, "standing_committee"):
            return None
    if core in ("政协党组", "政协常委会") and ctx.own_kind != "cppcc":
        return None
    return core


def generic_judicial(m: BodyMention, ctx: Context, before: str) -> bool:
    """A bare 法院 or 检察院 in another body's report, not carried by a list (区法院、检察院), is courts
    in general (法院已采纳, 向法院提出): the report's own body only in a court's or procuratorate's."""
    kind = JUDICIAL_OWN.get(m.core) if m.form == "own" and not m.text.startswith("本院") else None
    return kind is not None and ctx.own_kind != kind and before[-1:] not in ("、", "和", "及", "与")


def _parent_region(m: BodyMention, ctx: Context, lex: Lexicon) -> str | None:
    form = m.parent_form
    if form == "region":
        return written_region(m.region or "", ctx, lex, _region_at(m))
    if form == "level":
        return level_region(m.level, ctx)
    return ctx.region


def is_region(prefix: str, lex: Lexicon) -> bool:
    """``prefix`` is a chain of divisions and nothing else (长春市朝阳区, 四川; not 2026年湖南省)."""
    pos = 0
    for h in find_places(prefix, lex, finders(lex).bounds):
        if h.start != pos:
            return False
        pos = h.end
    return pos == len(prefix) > 0


def surface_body_name(surface: str, ctx: Context, lex: Lexicon, cores: list[str]) -> str | None:
    """Canonical name of a body surface form: 区人大常委会党组 → 芜湖市镜湖区人大常委会党组. A body
    name starts at a region, a level word or its core, never at a year or a person (2026年湖南省政府,
    省长某某作政府 are no names): anything else in front gives None."""
    s = re.sub(r"^(?:中共|中国共产党)", "", surface.strip())
    for name, (_kind, aliases) in lex.national_bodies.items():
        if s == name or s in aliases:
            return name
    m = re.fullmatch(rf"政协(.+?[{LEVEL_CHARS}])委员会(.*)", s)
    if m:
        return written_region(m.group(1), ctx, lex) + "政协" + m.group(2) if is_region(m.group(1), lex) else None
    for core in cores:
        i = s.find(core)
        if i < 0:
            continue
        canon = lex.bodies[core][0]
        prefix, rest = s[:i], s[i + len(core):]
        if rest and not re.fullmatch(r"党组|机关|办公室|[\u4e00-\u9fff]{0,8}(?:委员会|工委)", rest):
            continue
        if not prefix:
            region = ctx.region
        elif prefix in lex.levels:
            region = ctx.levels.get(lex.levels[prefix])
        elif is_region(prefix, lex):
            region = written_region(prefix, ctx, lex)
        else:
            return None
        return region + party_core(region, canon) + rest if region else None
    return None


# --------------------------------------------------------------------------- places


def place_name(m: PlaceMention, ctx: Context, lex: Lexicon) -> str:
    gaz = gazetteer(lex)
    level = m.level
    full = m.full or m.text
    if level in ("province", "city"):
        return full
    if level == "county":
        return qualify_region(full, ctx, lex)
    if level == "other":
        return m.text
    chain = [c for c in m.chain if c]
    county = next((i for i, c in enumerate(chain) if gaz.units.get(c) and gaz.units[c].level == "county"), None)
    if county is not None:
        head = qualify_region(chain[county], ctx, lex)
        return head + "".join(chain[county + 1 :]) + m.text
    if ctx.region and ctx.levels.get("county") == ctx.region:
        return ctx.region + "".join(c for c in chain if not gaz.units.get(c)) + m.text
    return "".join(c for c in chain if not gaz.units.get(c)) + m.text


def report_year(period: str | None, date: str | None) -> int | None:
    """The latest year a report covers (its period's last year, else its date's): what it can name."""
    return last_year(period) or last_year((date or "")[:4])


def place_in_its_time(name: str, form: str, year: int | None, written: set[str], lex: Lexicon) -> str:
    """A unit founded after the years a report covers is named as written (香港 in 1986, not
    香港特别行政区: lexicon ``division_founded``), unless the text writes its full name (the unit being set up)."""
    founded = lex.division_founded.get(name)
    return form if founded and year and year < founded and name not in written else name


# --------------------------------------------------------------------------- meetings


def meeting_name(m: MeetingMention, ctx: Context, lex: Lexicon) -> str | None:
    rule = m.shape
    term, session = m.term, m.session
    if m.name:  # named events and national sessions carry their full name
        return m.name
    if rule == "party_congress":
        return f"中国共产党第{session}次全国代表大会"
    if rule == "national_plenum":
        return f"{term}届{session}中全会"
    if m.region is not None and m.region != "":
        region = qualify_region(m.region, ctx, lex, _divisions(m.region, _region_at(m), ctx))
    elif m.level:
        region = level_region(m.level, ctx)
    else:
        region = ctx.region
    if rule == "work_conference":
        if m.text.startswith("中央"):
            return "中央人大工作会议" if m.topic == "人大" else "中央政协工作会议"
        return f"{region}{party_core(region, '委')}{m.topic}工作会议" if region else None
    if not region:
        return None
    if rule == "body_event":
        b = body_name(m.of_body, ctx, lex) if m.of_body else None
        return b[0] + m.topic if b else None
    body = m.body
    if rule == "congress" or (rule == "short" and body == "人大"):
        return f"{region}第{term}届人民代表大会第{session}次会议" + ("预备会议" if m.prep else "")
    if rule == "cppcc":
        return None  # named from its written form in names_for (needs the full text)
    if rule == "short" and body == "政协":
        return f"{region}政协{term}届{session}次会议"
    if rule == "short" and body == "人大常委会":
        return f"{region}第{term}届人大常委会第{session}次会议"
    if rule == "standing":
        cppcc = body == "政协常委会" or body == "常委会" and ctx.own_kind == "cppcc"  # a CPPCC report's 常委会
        held_by = "政协常委会" if cppcc else "人大常委会"
        return f"{region}第{term}届{held_by}第{session}次会议" if term else f"{region}{held_by}第{session}次会议"
    if rule == "chair":
        return f"{region}人大常委会第{session}次主任会议"
    if rule == "local_party_congress":
        return f"中国共产党{region}第{session}次代表大会"
    if rule == "plenum":
        return f"中共{region}{party_core(region, '委')}{term}届{session}次全会"
    return None


def cppcc_meeting(m: MeetingMention, ctx: Context, lex: Lexicon) -> str:
    """中国人民政治协商会议长春市朝阳区第十届委员会第二次全体会议 with its region qualified."""
    region = m.region or ""
    q = qualify_region(region, ctx, lex)
    return m.text.replace(region, q, 1) if region else m.text


# --------------------------------------------------------------------------- laws, projects

LAW_PREFIX = re.compile(r"^(?:中华人民共和国|中国共产党)")
DRAFT = re.compile(r"\((?:[^()]*草案|试行|修订|修正)\)$")
#: The ending of a survey report's title, with the words that only frame its topic.
REPORT = re.compile(r"(?:情况)?的?(?:调研|调查|专题调研|专项调研)报告$")


def law_key(title: str) -> str:
    """The part of a title that stays when it is cited shorter: 中华人民共和国X法 → X法,
    长春市人大常委会关于X的决定 → 关于X的决定, 长春市安全生产条例 → 安全生产条例."""
    t = DRAFT.sub("", re.sub(r"\s+", "", title))
    t = LAW_PREFIX.sub("", t)
    if REPORT.search(t):  # 关于X情况的调研报告 and X调查报告 are one report on X
        return "报告:" + REPORT.sub("", re.sub(r"^.*?关于", "", t))
    i = t.find("关于")
    if i > 0:
        return t[i:]
    return re.sub(rf"^[{HAN}]{{2,7}}?(?:自治区|[{MAIN_LEVEL_CHARS}])(?=[{HAN}]{{3}})", "", t)


def project_key(name: str) -> str:
    n = re.sub(r"[“”\"]", "", name)
    return re.sub(r"(?:项目|专项行动|行动)$", "", n) or n
