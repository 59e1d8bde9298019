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
from .names import body_name
from .region import LEVEL_ORDER, Context


# --------------------------------------------------------------------------- assembly


def assemble(seg: Segmented, mentions: tuple[Mention, ...], res: Resolution, facts: Facts, metadata: Metadata,
             lex: Lexicon) -> ReportExtraction:
    """The report's entities with their facts: mentions grouped by canonical name (``_entities``),
    then the facts the grouping does not carry (``attach``)."""
    return attach(_entities(seg, mentions, res, facts, metadata, lex), facts)


def _groups(mentions: tuple[Mention, ...], res: Resolution, ev: EvidenceIndex, lex: Lexicon) -> dict[tuple[str, str], dict]:
    """(kind, canonical name) → the aliases, kinds and evidence of its mentions."""
    groups: dict[tuple[str, str], dict] = {}

    def add(kind: str, name: str, extra: str, m: Mention) -> None:
        g = groups.setdefault((kind, name), {"aliases": set(), "extra": Counter(), "ev": []})
        surface = m.text.strip()
        if surface != name:
            g["aliases"].add(surface)
        g["extra"][extra] += 1
        g["ev"].append(ev.evidence(m.start, m.end, m.rule))

    for i, m in enumerate(mentions):
        if i not in res.names:
            continue
        add(m.kind, *res.names[i], m)
        holder = body_name(m.of_body, res.ctx, lex) if m.kind == "meeting" and m.of_body else None
        if holder:  # the body written at the head of its event (市人大常委会…推进会) is named there
            add("body", holder[0], holder[1], m.of_body)
    return groups


def _entities(seg: Segmented, mentions: tuple[Mention, ...], res: Resolution, facts: Facts, metadata: Metadata,
              lex: Lexicon) -> ReportExtraction:
    """Group mentions by canonical name into entities; attach facts; sort for determinism."""
    ev = EvidenceIndex(seg)
    groups = _groups(mentions, res, ev, lex)

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


def attach(ex: ReportExtraction, facts: Facts) -> ReportExtraction:
    """The extraction with figures and meeting bodies, its facts kept to the bodies it lists.

    Relate adds facts, never entities (issue 16): a body that only a fact names (the people's
    congress a session's name implies, a title line's issuer) is no listed body. A fact keeps
    such a body only when recognition found it; otherwise a post or law action loses its body
    and an activity, which needs one, is left out."""
    # the report's own body (its issuer, the acting body layout decides) is known where its title or opening names it
    acting = facts.acting
    ex = ex.model_copy(update={"bodies": tuple(sorted(ex.bodies + acting, key=lambda b: b.name))}) if acting else ex
    known = {b.name for b in ex.bodies}

    def own(x):
        return x if x.body is None or x.body in known else x.model_copy(update={"body": None})

    people = tuple(p.model_copy(update={"posts": tuple(own(q) for q in p.posts)}) for p in ex.people)
    laws = tuple(law.model_copy(update={"actions": tuple(own(a) for a in law.actions)}) for law in ex.laws)
    meetings = tuple(m.model_copy(update={"body": facts.meeting_bodies[m.name]})
                     if m.body is None and facts.meeting_bodies.get(m.name) in known else m for m in ex.meetings)
    return ex.model_copy(update={"people": people, "laws": laws, "meetings": meetings,
                                 "activities": tuple(a for a in ex.activities if a.body in known),
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
