"""Mentions from the lexicon and general patterns: bodies, people, laws, places, meetings, projects.

Every mention carries its span in the cleaned text and the name of the rule that found it;
its typed record (``models.BodyMention`` …) says how resolve builds the canonical name. Matchers are compiled once per lexicon
(``finders``); nothing here knows a particular report.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..lexicon import Lexicon
from ..models import AnyMention, BodyMention, PlaceMention, ReportState, Segmented
from .bodies import BodyFinder
from .common import Boundaries
from .people import PeopleFinder, line_breaks
from .places import PlaceHit, find_places, gazetteer
from .laws import TitleFinder
from .meetings import MeetingFinder
from .projects import ProjectFinder

__all__ = ["recognize", "recognize_stage", "finders", "gazetteer", "find_places", "PlaceHit"]

#: Body kinds whose names are proper names: a place inside them is not a place mention.
PROPER_KINDS = {"institution", "enterprise", "media"}


@dataclass(frozen=True)
class Finders:
    bounds: Boundaries
    bodies: BodyFinder
    people: PeopleFinder
    titles: TitleFinder
    meetings: MeetingFinder
    projects: ProjectFinder


_FINDERS: dict[str, Finders] = {}


def finders(lex: Lexicon) -> Finders:
    """Compiled matchers for ``lex``, built once per lexicon content."""
    if lex.digest not in _FINDERS:
        bounds = Boundaries(lex.name_boundaries)
        _FINDERS[lex.digest] = Finders(bounds, BodyFinder(lex, bounds), PeopleFinder(lex), TitleFinder(lex, bounds),
                                       MeetingFinder(lex, bounds), ProjectFinder(lex, bounds))
    return _FINDERS[lex.digest]


def recognize(seg: Segmented, lex: Lexicon) -> tuple[AnyMention, ...]:
    text = seg.document.text
    f = finders(lex)
    places = find_places(text, lex, f.bounds)
    mentions: list[AnyMention] = []
    titles, books = f.titles.find(text)
    mentions += titles
    bodies = f.bodies.find(text, places)
    mentions += bodies
    mentions += f.people.find(text, line_breaks(seg.document))
    by_end = {}
    for p in places:
        s = p.start
        while s in by_end:
            s = by_end[s]
        by_end[p.end] = s
    mentions += f.meetings.find(text, by_end, bodies)
    stems = tuple({p.name[:2] for p in places if p.level in ("province", "city", "county") and len(p.name) >= 2})
    mentions += f.projects.find(text, stems)
    for p in places:
        if p.in_name:  # 上海|电气: the body finder read it, no place of its own
            continue
        chain = []
        j = p.parent
        while j >= 0:
            chain.append(places[j])
            j = places[j].parent
        mentions.append(PlaceMention(text=p.name, start=p.start, end=p.end, rule=p.rule, level=p.level,
                                     full=p.full, known=p.known, chain=tuple(c.full for c in reversed(chain))))
    return tuple(sorted(_drop_nested(mentions, books), key=lambda m: (m.start, -m.end, m.kind)))


def recognize_stage(state: ReportState, lex: Lexicon) -> ReportState:
    """The report's mentions (the stage after segment)."""
    return state.model_copy(update={"mentions": recognize(state.segmented, lex)})


def _drop_nested(mentions: list[AnyMention], books: list[tuple[int, int]]) -> list[AnyMention]:
    """A mention inside a longer one of the same kind is dropped; bodies inside a law title or a
    meeting name are dropped (中央 in 中央八项规定), and places inside a proper name or a project
    (白云区人民医院, 重庆社区卫生服务中心)."""
    laws = [(m.start, m.end) for m in mentions if m.kind in ("law", "meeting")] + books
    proper = [(m.start, m.end) for m in mentions if isinstance(m, BodyMention) and m.body_kind in PROPER_KINDS
              or m.kind == "project"]
    by_kind: dict[str, list[AnyMention]] = {}
    for m in mentions:
        by_kind.setdefault(m.kind, []).append(m)
    out = []
    for kind, ms in by_kind.items():
        ms.sort(key=lambda m: (m.start, -(m.end - m.start)))
        last_end = -1
        for m in ms:
            if kind in ("body", "person", "project") and any(a <= m.start and m.end <= b for a, b in laws):
                continue
            if kind == "place" and any(a <= m.start and m.end <= b for a, b in proper + books):
                continue
            if m.end <= last_end:
                continue
            out.append(m)
            last_end = max(last_end, m.end)
    return out
