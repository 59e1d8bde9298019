"""Canonical names within a report, and assembly of the report's entities.

``context`` works out the report's region (长春市朝阳区) and its levels; ``canonicalize``
gives every mention its region-qualified canonical name (区人大常委会 in a 济南市济阳区 report
is 济南市济阳区人大常委会); ``assemble`` groups mentions and facts into a ReportExtraction
with aliases and evidence. Cross-report identity follows from the canonical names, which key
the IRIs (see rdf.py); ``cross_report`` records which surface forms were merged and why.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .lexicon import Lexicon
from .models import (
    Activity,
    Body,
    Evidence,
    Law,
    LawAction,
    Meeting,
    Mention,
    Metadata,
    Person,
    Place,
    Post,
    Project,
    ReportExtraction,
    Segmented,
)
from .recognize import patterns
from .segment import YEAR

LEVEL_ORDER = ("province", "city", "county", "town", "community")
CN_DIGITS = "零一二三四五六七八九十"


@dataclass
class Context:
    """What a report says about where it is from: its region at each level."""

    region: str | None = None  # full form as the report writes it: 长春市朝阳区
    levels: dict[str, str] = field(default_factory=dict)  # level → qualified name
    short: dict[str, str] = field(default_factory=dict)  # 朝阳区 → 长春市朝阳区


def split_region(name: str, lex: Lexicon) -> list[tuple[str, str]]:
    """长春市朝阳区 → [(长春市, city), (朝阳区, county)] using division suffixes."""
    sufs = sorted(((s, lv) for lv, ss in lex.divisions.items() for s in ss), key=lambda x: -len(x[0]))
    parts, i, start = [], 0, 0
    while i < len(name):
        for s, lv in sufs:
            if name.startswith(s, i) and i - start >= 2:
                parts.append((name[start : i + len(s)], lv))
                start = i + len(s)
                i = start - 1
                break
        i += 1
    if start < len(name):
        parts.append((name[start:], "other"))
    return parts


def context(seg: Segmented, mentions: tuple[Mention, ...], lex: Lexicon) -> Context:
    """The report's region: the region of its front-matter bodies, else the most named one."""
    head_end = sum(len(x) for x in (seg.metadata.title or "", seg.metadata.subtitle or "")) + 400
    votes: Counter[str] = Counter()
    for m in mentions:
        region = m.attr("region")
        if m.kind == "body" and region:
            votes[region] += 3 if m.start < head_end else 1
    if seg.metadata.author and seg.metadata.author.body:
        for m in re.finditer(r".+?(?:省|市|区|县|旗)(?=人大|政协|人民|区委|市委|县委)", seg.metadata.author.body):
            votes[m.group()] += 5
    ctx = Context()
    if not votes:
        for m in mentions:
            if m.kind == "place" and m.attr("level") in ("city", "county"):
                votes[m.text] += 1
    if not votes:
        return ctx
    # prefer the most specific region that extends the most voted one
    top = votes.most_common(1)[0][0]
    longer = [r for r in votes if r.endswith(top) and len(r) > len(top)]
    region = max(longer, key=lambda r: votes[r]) if longer else top
    ctx.region = region
    parts = split_region(region, lex)
    acc = ""
    for name, level in parts:
        acc += name
        ctx.levels[level] = acc
        ctx.short[name] = acc
    ctx.short[region] = region
    city = ctx.levels.get("city")
    if "province" not in ctx.levels:
        prov = None
        for short, full in lex.provinces.items():
            if full in seg.document.text:
                prov = full
                break
        if city and city[:-1] in lex.capitals:
            prov = lex.capitals[city[:-1]]
        if prov:
            ctx.levels["province"] = prov
    return ctx


def qualify_region(region: str, ctx: Context, lex: Lexicon) -> str:
    """朝阳区 → 长春市朝阳区 when it is the report's own district; other names as written."""
    if region in ctx.short:
        return ctx.short[region]
    parts = split_region(region, lex)
    if parts and parts[0][0] in ctx.short and len(parts) > 1:
        return ctx.short[parts[0][0]] + region[len(parts[0][0]) :]
    return region


def canonical_body(m: Mention, ctx: Context, lex: Lexicon) -> tuple[str, str] | None:
    """(canonical name, kind) of a body mention, or None when it cannot be placed."""
    kind = m.attr("kind") or "other"
    if m.attr("canonical"):
        return m.attr("canonical"), kind
    core = m.attr("core")
    if m.rule == "title.media":
        return m.text, "media"
    if m.rule == "body.department":
        prefix = m.attr("prefix") or ""
        rest = m.text[len(prefix) :]
        region = _level_region(prefix, ctx, lex) or qualify_region(prefix, ctx, lex)
        return region + rest, kind
    if core is None:
        return m.text, kind
    if m.attr("region"):
        region = qualify_region(m.attr("region"), ctx, lex)
    elif m.attr("level"):
        region = ctx.levels.get(m.attr("level"))
        if region is None:
            return None
    else:
        # a bare core (常委会, 人大常委会, 代表联络站) is the report's own body, or a named station
        if kind == "representative_station":
            return m.text, kind
        region = ctx.region or ""
    return region + core, kind


def _level_region(prefix: str, ctx: Context, lex: Lexicon) -> str | None:
    level = lex.levels.get(prefix)
    return ctx.levels.get(level) if level else None


def canonical_meeting(m: Mention, ctx: Context, lex: Lexicon) -> str:
    text = m.text
    region = m.attr("region")
    body = text[len(region) :] if region else text
    if region:
        prefix = qualify_region(region, ctx, lex)
    else:
        prefix = ""
        for lv in ("区", "市", "县", "省"):
            if body.startswith(lv) and m.rule != "meeting.party_congress":
                prefix = ctx.levels.get(lex.levels[lv], "")
                body = body[len(lv) :]
                break
    short = re.fullmatch(r"([零一二三四五六七八九十]+)届人大([零一二三四五六七八九十]+)次(全体)?会议", body)
    if short:
        body = f"第{short.group(1)}届人民代表大会第{short.group(2)}次会议"
    if m.rule == "meeting.party_congress":
        n = re.search(r"[零一二三四五六七八九十]+", body).group()
        return f"中国共产党第{n}次全国代表大会"
    if m.rule == "meeting.work_conference" and not prefix:
        lv = body[0] if body[:1] in ("区", "市", "县", "省") else None
        if lv and body[1:2] == "委":
            return ctx.levels.get(lex.levels[lv], "") + body[1:]
    return prefix + body


@dataclass
class Resolution:
    ctx: Context
    names: dict[int, tuple[str, str]]  # mention index → (canonical name, kind/extra)


def canonicalize(seg: Segmented, mentions: tuple[Mention, ...], lex: Lexicon) -> Resolution:
    ctx = context(seg, mentions, lex)
    names: dict[int, tuple[str, str]] = {}
    for i, m in enumerate(mentions):
        if m.kind == "body":
            r = canonical_body(m, ctx, lex)
            if r:
                names[i] = r
        elif m.kind == "place":
            level = m.attr("level") or "other"
            name = qualify_region(m.text, ctx, lex)
            if level in ("town", "community") and ctx.region and not name.startswith(ctx.region[:2]):
                name = ctx.region + name
            names[i] = (name, level)
        elif m.kind == "meeting":
            names[i] = (canonical_meeting(m, ctx, lex), "")
        elif m.kind in ("law", "project", "person"):
            names[i] = (m.text.strip("“”"), m.attr("kind") or "")
    return Resolution(ctx=ctx, names=names)


# --------------------------------------------------------------------------- evidence


class EvidenceIndex:
    """Sentence lookup for a position, and evidence records in source offsets."""

    def __init__(self, seg: Segmented) -> None:
        self.seg = seg
        self.starts = [s.start for s in seg.sentences]

    def sentence(self, pos: int):
        i = bisect_right(self.starts, pos) - 1
        if i < 0:
            return None
        s = self.seg.sentences[i]
        return s if s.start <= pos < max(s.end, s.start + 1) else None

    def evidence(self, start: int, end: int, rule: str) -> Evidence:
        s = self.sentence(start)
        a, b = (s.start, s.end) if s and s.end >= end else (start, end)
        doc = self.seg.document
        sa, sb = doc.offsets.span_to_source(a, b)
        return Evidence(start=sa, end=sb, quote=doc.source[sa:sb], rule=rule)


# --------------------------------------------------------------------------- assembly


def finish_metadata(seg: Segmented, mentions, res: Resolution, lex: Lexicon) -> Metadata:
    md = seg.metadata
    ctx = res.ctx
    issuing = None
    head = " ".join(x for x in (md.title, md.subtitle, md.author.body if md.author else None) if x)
    for i, m in enumerate(mentions):
        if i in res.names and m.kind == "body" and m.text in head:
            issuing = res.names[i][0]
            break
    if md.author and md.author.body and not issuing:
        issuing = md.author.body
    if issuing is None:
        counts = Counter(res.names[i][0] for i, m in enumerate(mentions) if m.kind == "body" and i in res.names
                         and res.names[i][1] in ("standing_committee", "cppcc", "court", "procuratorate", "government"))
        if counts:
            issuing = counts.most_common(1)[0][0]
    meeting = None
    if md.subtitle and re.search(r"在.+会议上", md.subtitle):
        for i, m in enumerate(mentions):
            if m.kind == "meeting" and m.text in md.subtitle:
                meeting = res.names[i][0]
                break
    period = None
    years = [int(y) for y in YEAR.findall(seg.document.text[:3000])]
    if md.date:
        period = str(int(md.date[:4]) - 1)
    elif years:
        period = Counter(years).most_common(1)[0][0]
        period = str(period)
    author = md.author
    if author and author.body:
        for i, m in enumerate(mentions):
            if m.kind == "body" and i in res.names and m.text == author.body:
                author = author.model_copy(update={"body": res.names[i][0]})
                break
    return md.model_copy(update={"region": ctx.region, "issuing_body": issuing, "meeting": meeting,
                                 "period": period, "author": author})


def _group(items, key):
    out: dict[str, list] = defaultdict(list)
    for it in items:
        out[key(it)].append(it)
    return out


def assemble(seg: Segmented, mentions: tuple[Mention, ...], res: Resolution, facts, metadata: Metadata,
             lex: Lexicon) -> ReportExtraction:
    """Group mentions by canonical name into entities; attach facts; sort for determinism."""
    ev = EvidenceIndex(seg)
    groups: dict[tuple[str, str], dict] = {}
    for i, m in enumerate(mentions):
        if i not in res.names:
            continue
        name, extra = res.names[i]
        g = groups.setdefault((m.kind, name), {"aliases": set(), "extra": Counter(), "ev": []})
        surface = m.text.strip()
        if surface != name:
            g["aliases"].add(surface)
        g["extra"][extra] += 1
        g["ev"].append(ev.evidence(m.start, m.end, m.rule))

    def evs(g) -> tuple[Evidence, ...]:
        return tuple(sorted(set(g["ev"]), key=lambda e: (e.start, e.end, e.rule)))

    bodies, places, laws, projects, meetings, people = [], [], [], [], [], []
    body_names = {n for (k, n) in groups if k == "body"}
    for (kind, name), g in sorted(groups.items()):
        extra = g["extra"].most_common(1)[0][0]
        aliases = tuple(sorted(g["aliases"]))
        if kind == "body":
            bodies.append(Body(name=name, kind=extra or "other", aliases=aliases, parent=_parent(name, body_names),
                               region=_body_region(name, res.ctx), evidence=evs(g)))
        elif kind == "place":
            places.append(Place(name=name, aliases=aliases, level=extra or None,
                                parent=_place_parent(name, res.ctx), evidence=evs(g)))
        elif kind == "law":
            actions = tuple(sorted(facts.law_actions.get(name, ()), key=lambda a: (a.action, a.body or "")))
            laws.append(Law(name=name, kind=extra or "other", aliases=aliases, actions=actions, evidence=evs(g)))
        elif kind == "project":
            projects.append(Project(name=name, aliases=aliases, evidence=evs(g)))
        elif kind == "meeting":
            meetings.append(Meeting(name=name, aliases=aliases, date=facts.meeting_dates.get(name),
                                    body=None, evidence=evs(g)))
        elif kind == "person":
            posts = tuple(sorted(facts.posts.get(name, ()), key=lambda p: (p.post, p.body or "")))
            people.append(Person(name=name, posts=posts, evidence=evs(g)))
    return ReportExtraction(
        document=seg.document.name,
        sha256=seg.document.id,
        path=seg.document.path,
        metadata=metadata,
        bodies=tuple(bodies),
        people=tuple(people),
        laws=tuple(laws),
        projects=tuple(projects),
        places=tuple(places),
        meetings=tuple(meetings),
        activities=tuple(facts.activities),
        report_evidence=ev.evidence(0, min(len(seg.document.text), 1), "report.title") if seg.document.text else None,
    )


def _parent(name: str, body_names: set[str]) -> str | None:
    """A body's parent: the longest other body name it extends (…人大常委会党组 → …人大常委会)."""
    best = None
    for other in body_names:
        if other != name and name.startswith(other) and len(other) >= 4:
            if best is None or len(other) > len(best):
                best = other
    return best


def _body_region(name: str, ctx: Context) -> str | None:
    for level in reversed(LEVEL_ORDER):
        r = ctx.levels.get(level)
        if r and name.startswith(r):
            return r
    return None


def _place_parent(name: str, ctx: Context) -> str | None:
    best = None
    for r in ctx.levels.values():
        if r != name and name.startswith(r) and (best is None or len(r) > len(best)):
            best = r
    if best is None and ctx.levels.get("province") and name != ctx.levels["province"]:
        if name == ctx.levels.get("city"):
            return ctx.levels["province"]
    return best
