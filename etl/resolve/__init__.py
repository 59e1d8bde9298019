"""Canonical names within a report, and assembly of the report's entities.

``region`` works out the report's region and levels; ``canonicalize`` gives every mention its
canonical name (区人大常委会 in a 济南市济阳区 report is 济南市济阳区人大常委会) and folds the
forms of one entity together (《条例》 → the 条例 cited before it, 十九届人大一次会议 → the
full session name, 茂林村 → 九台区波泥河街道茂林村); ``assemble`` groups mentions and facts
into a ReportExtraction with aliases, hierarchy and evidence. Cross-report identity follows
from the canonical names, which key the IRIs (see rdf.py and identity.py).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from ..lexicon import Lexicon
from ..recognize import gazetteer
from ..models import (
    Body,
    Evidence,
    Law,
    Meeting,
    Mention,
    Metadata,
    Person,
    Place,
    Project,
    ReportExtraction,
    Segmented,
)
from .region import LEVEL_ORDER, Context, context, qualify_region, split_region
from .names import body_name, cppcc_meeting, law_key, meeting_name, place_name, project_key

__all__ = ["Context", "Resolution", "EvidenceIndex", "canonicalize", "finish_metadata", "assemble", "context",
           "qualify_region", "split_region"]


@dataclass
class Resolution:
    ctx: Context
    names: dict[int, tuple[str, str]]  # mention index → (canonical name, kind / level / law kind)
    parents: dict[str, str] = field(default_factory=dict)  # entity name → parent entity name


def canonicalize(seg: Segmented, mentions: tuple[Mention, ...], lex: Lexicon) -> Resolution:
    ctx = context(seg, mentions, lex)
    res = Resolution(ctx=ctx, names={})
    names = res.names
    for i, m in enumerate(mentions):
        if m.kind == "body":
            r = body_name(m, ctx, lex)
            if r:
                names[i] = (r[0], r[1])
                if r[2]:
                    res.parents.setdefault(r[0], r[2])
        elif m.kind == "place":
            names[i] = (place_name(m, ctx, lex), m.level or "other")
        elif m.kind == "meeting":
            n = cppcc_meeting(m, ctx, lex) if m.shape == "cppcc" else meeting_name(m, ctx, lex)
            if n:
                names[i] = (n, m.shape or "")
        elif m.kind == "law":
            names[i] = (m.text.strip(), m.law_kind or "other")
        elif m.kind == "project":
            names[i] = ((m.name or m.text).replace("“", "").replace("”", ""), "")
        elif m.kind == "person":
            names[i] = (m.text, "")
    _fold_laws(mentions, names)
    _fold_places(mentions, names)
    _fold_meetings(mentions, names)
    _fold_by_key(mentions, names, "project", project_key)
    _fold_by_key(mentions, names, "meeting", lambda n: re.sub(r"[\s·•・]", "", n))
    return res


def _fold_laws(mentions, names) -> None:
    """Back-references (《条例》) join the last title of that kind cited before them; titles
    cited shorter (安全生产条例, 消防法) join the fullest title with the same key."""
    last_by_kind: dict[str, str] = {}
    full: dict[str, str] = {}
    for i, m in enumerate(mentions):
        if m.kind != "law" or i not in names:
            continue
        if m.back:
            if m.law_kind in last_by_kind:
                names[i] = (last_by_kind[m.law_kind], names[i][1])
            else:
                del names[i]
            continue
        last_by_kind[m.law_kind] = names[i][0]
        key = law_key(names[i][0])
        if len(names[i][0]) > len(full.get(key, "")):
            full[key] = names[i][0]
    for i, m in enumerate(mentions):
        if m.kind == "law" and i in names and not m.back:
            best = full.get(law_key(names[i][0]))
            if best:
                kind = next((names[j][1] for j, x in enumerate(mentions) if x.kind == "law" and j in names
                             and names[j][0] == best), names[i][1])
                names[i] = (best, kind)


def _fold_places(mentions, names) -> None:
    """Lower units named with and without their chain are one place (茂林村 → the longest)."""
    longest: dict[tuple[str, str], str] = {}
    for i, m in enumerate(mentions):
        if m.kind == "place" and i in names and m.level in ("town", "community"):
            k = (m.text, m.level)
            if len(names[i][0]) > len(longest.get(k, "")):
                longest[k] = names[i][0]
    for i, m in enumerate(mentions):
        if m.kind == "place" and i in names and m.level in ("town", "community"):
            names[i] = (longest[(m.text, m.level)], names[i][1])


def _fold_meetings(mentions, names) -> None:
    """A session written short (政协十届二次会议) joins its full name when the text has it."""
    def key(n: str) -> str | None:
        m = re.search(r"第?([零一二三四五六七八九十]+)届(?:委员会)?第?([零一二三四五六七八九十]+)次", n)
        if not m or "人大常委会" in n:
            return None
        body = "政协" if ("政协" in n or "委员会" in n) else "人大"
        bare = n.replace("中国人民政治协商会议", "").replace("政协", "")
        region = bare[: bare.find(m.group(1) + "届")].rstrip("第")
        return f"{region}|{body}|{m.group(1)}|{m.group(2)}|{'预备' in n}"

    # a CPPCC session written 县政协十届二次会议 takes the style of the full names the text writes
    template = None
    for i, m in enumerate(mentions):
        if m.kind == "meeting" and i in names and m.shape == "cppcc":
            t = re.sub(r"第[零一二三四五六七八九十]+届", "第{term}届", names[i][0], count=1)
            template = re.sub(r"第[零一二三四五六七八九十]+次", "第{session}次", t, count=1)
    for i, m in enumerate(mentions):
        if m.kind == "meeting" and i in names and m.shape == "short" and m.body == "政协" \
                and m.level and template:
            names[i] = (template.format(term=m.term, session=m.session), names[i][1])
    best: dict[str, str] = {}
    for i, m in enumerate(mentions):
        if m.kind == "meeting" and i in names:
            k = key(names[i][0])
            if k and len(names[i][0]) > len(best.get(k, "")):
                best[k] = names[i][0]
    for i, m in enumerate(mentions):
        if m.kind == "meeting" and i in names:
            k = key(names[i][0])
            if k:
                names[i] = (best[k], names[i][1])


def _fold_by_key(mentions, names, kind: str, keyf) -> None:
    best: dict[str, str] = {}
    for i, m in enumerate(mentions):
        if m.kind == kind and i in names:
            k = keyf(names[i][0])
            if len(names[i][0]) > len(best.get(k, "")):
                best[k] = names[i][0]
    for i, m in enumerate(mentions):
        if m.kind == kind and i in names:
            names[i] = (best[keyf(names[i][0])], names[i][1])


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
        if sb < sa:  # the sentence was put together from column fragments: quote the first one
            sa, sb = doc.offsets.span_to_source(start, end)
            sb = max(sb, sa)
        return Evidence(start=sa, end=sb, quote=doc.source[sa:sb], rule=rule)


# --------------------------------------------------------------------------- metadata


def _title_block(seg: Segmented) -> tuple[int, int]:
    """Span of the title block (title, subtitle, author line) in the cleaned text."""
    md, text = seg.metadata, seg.document.text
    spans = []
    for part in (md.title, md.subtitle, md.author.body if md.author else None):
        if part:
            i = text.find(part)
            if i >= 0:
                spans.append((i, i + len(part)))
    if not spans:
        return 0, 0
    lo = min(a for a, _ in spans)
    hi = max(b for _, b in spans)
    return lo, min(hi + 60, len(text)) if hi - lo < 400 else hi


def finish_metadata(seg: Segmented, mentions, res: Resolution, lex: Lexicon) -> Metadata:
    md = seg.metadata
    ctx = res.ctx
    lo, hi = _title_block(seg)
    issuing = None
    for i, m in enumerate(mentions):
        if i in res.names and m.kind == "body" and lo <= m.start < hi and res.names[i][1] in (
                "standing_committee", "cppcc", "court", "procuratorate", "government", "people_congress",
                "party_committee", "supervisory_commission"):
            issuing = res.names[i][0]
            break
    if issuing and issuing.endswith("政协常委会"):  # a CPPCC report is the CPPCC's, given by its standing committee
        issuing = res.parents.get(issuing, issuing)
    if issuing is None:
        counts = Counter(res.names[i][0] for i, m in enumerate(mentions) if m.kind == "body" and i in res.names
                         and res.names[i][1] in ("standing_committee", "cppcc", "court", "procuratorate", "government")
                         and (not ctx.region or res.names[i][0].startswith(ctx.region)))
        if counts:
            issuing = counts.most_common(1)[0][0]
    meeting = None
    if md.subtitle and re.search(r"在.+会议上", md.subtitle):
        for i, m in enumerate(mentions):
            if m.kind == "meeting" and i in res.names and lo <= m.start < hi:
                meeting = res.names[i][0]
                break
    author = md.author
    if author and author.body:
        body = next((res.names[i][0] for i, m in enumerate(mentions) if m.kind == "body" and i in res.names
                     and m.text in author.body and lo <= m.start < hi), None)
        author = author.model_copy(update={"body": body or issuing})
    return md.model_copy(update={"region": ctx.full_region or ctx.region, "issuing_body": issuing,
                                 "meeting": meeting, "author": author})


# --------------------------------------------------------------------------- assembly


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
    place_names = {n: g for (k, n), g in groups.items() if k == "place"}
    body_names = {n for (k, n) in groups if k == "body"}
    for (kind, name), g in sorted(groups.items()):
        extra = g["extra"].most_common(1)[0][0]
        aliases = tuple(sorted(g["aliases"]))
        if kind == "body":
            parent = res.parents.get(name)
            bodies.append(Body(name=name, kind=extra or "other", aliases=aliases,
                               parent=parent if parent in body_names else None,
                               region=_body_region(name, res.ctx), evidence=evs(g)))
        elif kind == "place":
            places.append(Place(name=name, aliases=aliases, level=extra or None,
                                parent=_place_parent(name, extra, place_names, res.ctx, lex), evidence=evs(g)))
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


def _body_region(name: str, ctx: Context) -> str | None:
    for level in reversed(LEVEL_ORDER):
        r = ctx.levels.get(level)
        if r and name.startswith(r):
            return r
    return None


def _place_parent(name: str, level: str, place_names: dict, ctx: Context, lex: Lexicon) -> str | None:
    """The place that contains ``name``: the longest other place it extends (长春市朝阳区光明社区 →
    长春市朝阳区), else the unit above it in the gazetteer (朝阳区 → 长春市, 长春市 → 吉林省)."""
    best = None
    for other in place_names:
        if other != name and name.startswith(other) and (best is None or len(other) > len(best)):
            best = other
    if best:
        return best
    u = gazetteer(lex).units.get(name)
    if u and u.parents:
        options = [p for p in u.parents if p and p[0] in place_names] or ([u.parents[0]] if len(u.parents) == 1 else [])
        if options and options[0]:
            return options[0][0]
    if level in ("town", "community") and ctx.region and name.startswith(ctx.region):
        return ctx.region
    return None

