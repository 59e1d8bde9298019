"""The report's metadata completed from its resolved mentions, and the assembly of mentions
and facts into a ReportExtraction with aliases, hierarchy and evidence.
"""

from __future__ import annotations

from collections import Counter

from ..lexicon import Lexicon
from ..models import (
    Body,
    Evidence,
    Facts,
    Law,
    Meeting,
    Mention,
    Metadata,
    Person,
    Place,
    Project,
    ReportExtraction,
    ReportState,
    Resolution,
    Segmented,
)
from ..recognize import gazetteer
from .canonical import canonicalize
from .evidence import EvidenceIndex
from .metadata import finish_metadata
from .region import LEVEL_ORDER, Context


# --------------------------------------------------------------------------- assembly


def assemble(seg: Segmented, mentions: tuple[Mention, ...], res: Resolution, facts: Facts, metadata: Metadata,
             lex: Lexicon) -> ReportExtraction:
    """The report's entities with their facts: mentions grouped by canonical name (``_entities``),
    then the facts the grouping does not carry (``attach``)."""
    return attach(_entities(seg, mentions, res, facts, metadata, lex), facts)


def _entities(seg: Segmented, mentions: tuple[Mention, ...], res: Resolution, facts: Facts, metadata: Metadata,
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


def _first_evidence(facts: Facts, name: str) -> Evidence | None:
    for a in facts.activities:
        if a.body == name and a.evidence:
            return a.evidence[0]
    for acts in facts.law_actions.values():
        for x in acts:
            if x.body == name and x.evidence:
                return x.evidence[0]
    for ps in facts.posts.values():
        for p in ps:
            if p.body == name and p.evidence:
                return p.evidence[0]
    return None


def attach(ex: ReportExtraction, facts: Facts) -> ReportExtraction:
    """The extraction with figures, meeting bodies and the bodies facts name added.

    Every body a fact points to becomes a listed body (with the evidence of the first fact
    naming it), so that a fact never points to an organisation the graph does not describe."""
    known = {b.name for b in ex.bodies}
    used = {a.body for a in ex.activities} | {p.body for person in ex.people for p in person.posts} \
        | {x.body for law in ex.laws for x in law.actions} | set(facts.meeting_bodies.values())
    bodies = list(ex.bodies)
    for name in sorted(n for n in used if n and n not in known):
        evidence = facts.body_evidence.get(name) or _first_evidence(facts, name)
        if evidence is None:
            continue
        bodies.append(Body(name=name, kind=facts.bodies.get(name, "other"), evidence=(evidence,)))
        known.add(name)
    meetings = tuple(m.model_copy(update={"body": facts.meeting_bodies[m.name]})
                     if m.body is None and facts.meeting_bodies.get(m.name) in known else m for m in ex.meetings)
    return ex.model_copy(update={"bodies": tuple(sorted(bodies, key=lambda b: b.name)), "meetings": meetings,
                                 "figures": tuple(facts.figures)})


def resolve_stage(state: ReportState, lex: Lexicon) -> ReportState:
    """Canonical names of the mentions, and the metadata completed from them."""
    res = canonicalize(state.segmented, state.mentions, lex)
    return state.model_copy(update={"resolution": res,
                                    "metadata": finish_metadata(state.segmented, state.mentions, res, lex)})


def assemble_stage(state: ReportState, lex: Lexicon) -> ReportState:
    """The ReportExtraction: entities with aliases, hierarchy, evidence, and the facts."""
    return state.model_copy(update={"extraction": assemble(state.segmented, state.mentions, state.resolution,
                                                           state.facts, state.metadata, lex)})
