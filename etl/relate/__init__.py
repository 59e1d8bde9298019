"""Facts between mentions: posts, law actions, activities, figures, meeting dates and bodies.

``relate`` reads the segmented report, its mentions and their canonical names and returns
``Facts`` (``relate_stage`` does it on the ``ReportState``); ``resolve.assemble`` puts them
onto the report's entities.

- ``layout``: plan sections, captions, the acting body per sentence, body names
- ``numbers``: numerals, approximation markers, ranges, units
- ``cues``: activity cue phrases and the text helpers the activity rules share
- ``activities``: counted activities and other figures;  ``named``: activities without a count;
  ``items``: how a count's list item reads (its cue, a statistic);  ``periods``: the years a fact is dated to
- ``laws``: law actions;  ``people``: posts and meeting bodies
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from ..lexicon import Lexicon
from ..models import (Activity, Body, Facts, Figure, LawAction, Mention, Metadata, Post, ReportState,
                      Segmented)
from ..resolve import EvidenceIndex, Resolution
from ..segment import cn_date
from .activities import ActivityExtractor
from .layout import Bodies, layout
from .laws import law_actions
from .numbers import parse_numeral, to_int
from .people import meeting_body, posts

ACTING = "body.acting"  # evidence rule of a report's own body that only its title or opening decides

__all__ = ["ACTING", "Facts", "relate", "relate_stage", "to_int", "parse_numeral"]


@dataclass
class _Facts:
    """``Facts`` while ``relate`` collects them."""

    posts: dict[str, list[Post]] = field(default_factory=dict)
    law_actions: dict[str, list[LawAction]] = field(default_factory=dict)
    activities: list[Activity] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    meeting_dates: dict[str, str] = field(default_factory=dict)
    meeting_bodies: dict[str, str] = field(default_factory=dict)
    acting: tuple[Body, ...] = ()


def relate(seg: Segmented, mentions: tuple[Mention, ...], res: Resolution, metadata: Metadata,
           lex: Lexicon) -> Facts:
    facts = _Facts()
    ev = EvidenceIndex(seg)
    text = seg.document.text
    spans = [(m.start, m.end, res.names[i][0], res.names[i][1]) for i, m in enumerate(mentions)
             if m.kind == "body" and i in res.names]
    bodies = Bodies(spans, res.ctx, lex)
    lay = layout(seg, metadata, bodies, lex)

    facts.posts, extra_posts = posts(seg, mentions, res, bodies, metadata.issuing_body, lex, ev)
    facts.law_actions, extra_laws = law_actions(seg, mentions, res, lay, bodies, ev, metadata.period, lex)

    law_spans = [(m.start, m.end, res.names[i][0], res.names[i][1]) for i, m in enumerate(mentions)
                 if m.kind == "law" and i in res.names]
    names = [(m.start, m.end) for i, m in enumerate(mentions) if i in res.names and m.kind != "person"]
    acts = ActivityExtractor(seg, lay, bodies, ev, metadata.period, lex)
    acts.know_people([(m.start, m.end, res.names[i][0]) for i, m in enumerate(mentions)
                      if m.kind == "person" and i in res.names],
                     {n for n, ps in facts.posts.items() if any(p.post in ("人大代表", "代表") for p in ps)})
    acts.run(law_spans, names)
    facts.activities = acts.activities
    facts.figures = acts.figures

    for i, m in enumerate(mentions):
        if m.kind != "meeting" or i not in res.names:
            continue
        name = res.names[i][0]
        d = cn_date(text[max(0, m.start - 14):m.start])
        if d:
            facts.meeting_dates.setdefault(name, d)
        body = meeting_body(name, bodies)
        if body:
            facts.meeting_bodies.setdefault(name, body)
    if metadata.meeting and metadata.date:
        facts.meeting_dates.setdefault(metadata.meeting, metadata.date)

    # the report's own body (and the people's congress of its standing committee, whose deputies
    # act) is where the title or opening decides it, even if the text never names it again
    decided = dict(lay.decided)
    for name, at in lay.decided.items():
        decided.setdefault(bodies.people_congress_of(name) or name, at)
    meeting_bodies = set(facts.meeting_bodies.values())
    extras = (extra_posts, extra_laws, acts.extra_bodies)
    facts.acting = tuple(
        Body(name=name, kind=_acting_kind(name, bodies, meeting_bodies, extras),
             evidence=(ev.evidence(decided[name], decided[name] + 1, ACTING),))
        for name in sorted(n for n in {a.body for a in facts.activities} | set(lay.decided)
                           if n in decided and n not in bodies.kinds))
    return Facts(**{f.name: getattr(facts, f.name) for f in fields(facts)})


def _acting_kind(name: str, bodies: Bodies, meeting_bodies: set[str], extras: tuple[dict[str, str], ...]) -> str:
    """The kind of an acting body: a fact rule's (a post's, a law action's, an activity's) unless
    a meeting names the body, else the kind its name ends in."""
    if name not in meeting_bodies:
        kind = next((x[name] for x in extras if name in x), None)
        if kind:
            return kind
    return bodies.kind(name) or "other"


def relate_stage(state: ReportState, lex: Lexicon) -> ReportState:
    """The facts of the report, from its resolved mentions (the stage after resolve)."""
    facts = relate(state.segmented, state.mentions, state.resolution, state.metadata, lex)
    return state.model_copy(update={"facts": facts})
