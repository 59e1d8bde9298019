"""Records passed between pipeline stages (the gold annotation schema is in annotation.py).

Every record is a frozen pydantic model: stages take records and return new ones, never
mutate. Offsets in ``Mention``/``Sentence`` are into the cleaned text (``Document.text``);
``Evidence`` offsets are into the source text (``Document.source``), mapped by ``OffsetMap``.
"""

from __future__ import annotations

from bisect import bisect_right
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, PrivateAttr


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --------------------------------------------------------------------------- documents


class OffsetMap(Record):
    """Maps cleaned-text offsets to source offsets as runs of copied characters.

    ``runs`` holds ``(clean_start, source_start, length)`` triples sorted by clean_start;
    every cleaned character lies in exactly one run (clean-up only deletes or replaces
    characters one for one, it never invents text).
    """

    runs: tuple[tuple[int, int, int], ...] = ()
    _starts: list[int] | None = PrivateAttr(default=None)

    def to_source(self, pos: int) -> int:
        """Source offset of the cleaned character at ``pos`` (or of the end when pos == len)."""
        if not self.runs:
            return pos
        if self._starts is None:
            self._starts = [r[0] for r in self.runs]
        i = bisect_right(self._starts, pos) - 1
        if i < 0:
            return self.runs[0][1]
        clean_start, source_start, length = self.runs[i]
        if pos - clean_start <= length:
            return source_start + (pos - clean_start)
        return source_start + length

    def span_to_source(self, start: int, end: int) -> tuple[int, int]:
        """Source span covering cleaned ``[start, end)``: end maps from the last character."""
        if end <= start:
            s = self.to_source(start)
            return s, s
        return self.to_source(start), self.to_source(end - 1) + 1


class SourceDocument(Record):
    """What ingest read: decoded text of one report file."""

    path: str
    name: str  # file stem, used for output file names
    sha256: str
    format: Literal["txt", "html", "docx", "pdf"] = "txt"
    encoding: str = "utf-8"
    source: str  # decoded text; evidence offsets point into it


class Document(Record):
    """A report after clean-up: ``text`` is what later stages read."""

    id: str  # sha256 of the file bytes
    path: str
    name: str
    format: str = "txt"
    source: str
    text: str
    offsets: OffsetMap
    dropped: tuple[tuple[int, int, str], ...] = ()  # (source start, source end, reason) of each dropped artefact


class Section(Record):
    heading: str
    level: int
    ordinal: int
    start: int
    end: int


class Sentence(Record):
    start: int
    end: int
    text: str
    section: int = -1  # index into Segmented.sections, -1 before the first heading


class Metadata(Record):
    title: str | None = None
    subtitle: str | None = None
    author: "Author | None" = None
    date: str | None = None
    region: str | None = None
    issuing_body: str | None = None
    period: str | None = None
    genre: str | None = None
    meeting: str | None = None


class Author(Record):
    name: str
    role: str | None = None
    body: str | None = None


Metadata.model_rebuild()


class Segmented(Record):
    document: Document
    sections: tuple[Section, ...]
    sentences: tuple[Sentence, ...]
    metadata: Metadata


# --------------------------------------------------------------------------- mentions

MentionKind = Literal["body", "person", "law", "project", "place", "meeting"]
#: How a body mention's canonical name is formed (see ``resolve.names.body_name``).
BodyForm = Literal["region", "level", "own", "national", "named", "special", "department"]


class Mention(Record):
    """A span of cleaned text recognised as something, with the id of the rule that found it.

    One subclass per kind says, in typed fields, how resolve builds its canonical name."""

    kind: MentionKind
    text: str
    start: int
    end: int
    rule: str


class BodyMention(Mention):
    """An organisation: 区人大常委会 (form level), 长春市朝阳区人大常委会 (region), 常委会 (own),
    党中央 (national), 杨靖宇干部学院 (named), 政协社法委 (special), 区司法局 (department)."""

    kind: Literal["body"] = "body"
    form: BodyForm
    body_kind: str  # lexicon body kind: standing_committee, court, government_department …
    core: str | None = None  # the short official core (人大常委会) the region goes in front of
    region: str | None = None  # region written in front (长春市朝阳区)
    level: str | None = None  # level of a level word in front (区 → county)
    canonical: str | None = None  # national: the canonical name (中央 → 党中央)
    name: str | None = None  # named: the name as written
    rest: str | None = None  # department, named: what follows the region or level word
    parent_form: BodyForm | None = None  # special: how the parent body is placed
    parent_core: str | None = None  # special: the parent body's core (政协)
    sub: str | None = None  # special: the committee's own words (社法委)


class PersonMention(Mention):
    """A person: 主任张某 (post before), 张某同志 or 习近平总书记 (title after), A、B等5名代表 (a list),
    or a name found so again elsewhere (``rule`` says which)."""

    kind: Literal["person"] = "person"
    post: str | None = None  # the post title written with the name
    post_start: int | None = None  # where that title starts in the text
    name: str | None = None  # the name when it differs from the span: 王 明 (spaced by layout) → 王明


class LawMention(Mention):
    """A law, regulation, decision or report title: 《条例》, 民法典, 两项《决定》."""

    kind: Literal["law"] = "law"
    law_kind: str = "other"  # lexicon law kind (law, regulation, decision …)
    back: bool = False  # a back-reference (《条例》) to the title of that kind named before


class ProjectMention(Mention):
    kind: Literal["project"] = "project"
    name: str  # the project's name as written (quotes dropped later)


class PlaceMention(Mention):
    """A division or locality, with the chain of divisions written in front of it."""

    kind: Literal["place"] = "place"
    level: str  # province, city, county, town, community, village, other
    full: str  # the full official name (武侯 → 武侯区)
    known: bool = False  # found in the division table, not only by its suffix
    chain: tuple[str, ...] = ()  # full names of the divisions written before it, outermost first


#: How a meeting mention's canonical name is formed (the meeting rule's shape).
MeetingShape = Literal["congress", "short", "standing", "chair", "plenum", "local_party_congress", "party_congress",
                       "national_plenum", "national_congress", "national_cppcc",
                       "work_conference", "cppcc", "named", "body_event"]


class MeetingMention(Mention):
    """A meeting or event: 十九届人大一次会议 (short), 市人大常委会地方立法工作推进会 (body_event)."""

    kind: Literal["meeting"] = "meeting"
    shape: MeetingShape
    term: str | None = None  # 届 as written
    session: str | None = None  # 次 as written
    body: str | None = None  # 人大, 政协, 人大常委会 for the short forms
    topic: str | None = None  # work_conference: 人大/政协; body_event: the event after the body
    prep: bool = False  # 预备会议
    region: str | None = None  # region written in front
    level: str | None = None  # level of a level word in front
    name: str | None = None  # the full name when the mention alone gives it: named events, national sessions
    of_body: BodyMention | None = None  # body_event: the body that holds it


AnyMention = BodyMention | PersonMention | LawMention | ProjectMention | PlaceMention | MeetingMention


class Evidence(Record):
    """Where a fact comes from: the sentence's span in the source file and the rule."""

    start: int
    end: int
    quote: str
    rule: str


# --------------------------------------------------------------------------- extraction


class Body(Record):
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    region: str | None = None
    evidence: tuple[Evidence, ...] = ()


class Post(Record):
    post: str
    body: str | None = None
    period: str | None = None
    evidence: tuple[Evidence, ...] = ()


class Person(Record):
    name: str
    posts: tuple[Post, ...] = ()
    evidence: tuple[Evidence, ...] = ()


class LawAction(Record):
    action: str
    body: str | None = None
    period: str | None = None
    evidence: tuple[Evidence, ...] = ()


class Law(Record):
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    actions: tuple[LawAction, ...] = ()
    evidence: tuple[Evidence, ...] = ()


class Project(Record):
    name: str
    aliases: tuple[str, ...] = ()
    place: str | None = None
    evidence: tuple[Evidence, ...] = ()


class Place(Record):
    name: str
    aliases: tuple[str, ...] = ()
    level: str | None = None
    parent: str | None = None
    evidence: tuple[Evidence, ...] = ()


class Meeting(Record):
    name: str
    aliases: tuple[str, ...] = ()
    date: str | None = None
    body: str | None = None
    evidence: tuple[Evidence, ...] = ()


class Activity(Record):
    type: str
    body: str | None = None
    count: int | None = None
    unit: str | None = None
    period: str | None = None
    topic: str | None = None
    approx: bool = False
    date: str | None = None  # ISO 8601 date when the report dates it (2021年10月29日)
    evidence: tuple[Evidence, ...] = ()


class Figure(Record):
    """A figure the report states that is not a counted activity: an amount, a rate, a number
    of things with its unit (1300余万元, 95.8%, 760件), or a date; with what it measures."""

    value: Decimal | None = None  # the number; None for a date
    unit: str | None = None  # 万元, %, 件 …; None for a date
    date: str | None = None  # ISO 8601 date (xsd:date) when the figure is a date
    measures: str | None = None  # what is counted or dated (审结商事案件, 涉案标的额)
    approx: bool = False  # 余, 多, 近, 超过 … or a range
    evidence: tuple[Evidence, ...] = ()


class ReportExtraction(Record):
    """Everything extracted from one report, entities resolved within it."""

    document: str  # file stem
    sha256: str
    path: str
    metadata: Metadata
    bodies: tuple[Body, ...] = ()
    people: tuple[Person, ...] = ()
    laws: tuple[Law, ...] = ()
    projects: tuple[Project, ...] = ()
    places: tuple[Place, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    activities: tuple[Activity, ...] = ()
    figures: tuple[Figure, ...] = ()  # not in the gold schema: emitted as lh:Figure only
    report_evidence: Evidence | None = None  # the title line


# --------------------------------------------------------------------------- stage records


class ReportContext(Record):
    """What a report says about where it is from (resolve/region.py decides it)."""

    region: str | None = None  # the report's region, fullest form the text writes: 长春市朝阳区, 乌当区
    levels: dict[str, str] = {}  # level → name used for 省委/市委/区委 …
    short: dict[str, str] = {}  # written form → qualified: 朝阳区 → 长春市朝阳区
    full_region: str | None = None  # city + county for the metadata: 贵阳市乌当区
    own_kind: str | None = None  # kind of the body the report is by (standing_committee, cppcc …)
    written: frozenset[str] = frozenset()  # city+county pairs the text writes (长春市朝阳区)
    places: tuple[PlaceMention, ...] = ()  # the report's place mentions: what a written region consists of


class Resolution(Record):
    """The canonical names of one report's mentions (resolve/canonical.py)."""

    ctx: ReportContext
    names: dict[int, tuple[str, str]] = {}  # mention index → (canonical name, kind / level / law kind)
    parents: dict[str, str] = {}  # entity name → parent entity name


class Facts(Record):
    """What relate found between the mentions of one report."""

    posts: dict[str, list[Post]] = {}  # person name → posts
    law_actions: dict[str, list[LawAction]] = {}  # law name → actions
    activities: list[Activity] = []
    figures: list[Figure] = []
    meeting_dates: dict[str, str] = {}
    meeting_bodies: dict[str, str] = {}
    acting: tuple[Body, ...] = ()  # the report's own bodies its title or opening decides (body.acting)


class ReportState(Record):
    """One report as the stages enrich it; each stage takes it and returns it with its part:
    segment → ``segmented``, recognize → ``mentions``, resolve → ``resolution`` and ``metadata``,
    relate → ``facts``, assemble → ``extraction``."""

    segmented: Segmented
    mentions: tuple[AnyMention, ...] = ()
    resolution: Resolution | None = None
    metadata: Metadata | None = None
    facts: Facts | None = None
    extraction: ReportExtraction | None = None
