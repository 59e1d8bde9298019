"""The gold annotation schema (../shared/gold, see its README.md), and an extraction in it.

``lianghui extract`` emits exactly this; ``evaluate`` reads gold files into ``Annotation`` and
scores ``to_annotation(extraction)`` against them.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .models import LawAction, ReportExtraction


class Gold(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class GoldAuthor(Gold):
    name: str
    role: str | None = None
    body: str | None = None


class GoldMetadata(Gold):
    title: str | None = None
    subtitle: str | None = None
    author: GoldAuthor | None = None
    date: str | None = None
    region: str | None = None
    issuing_body: str | None = None
    period: str | None = None
    genre: str | None = None
    meeting: str | None = None


class GoldBody(Gold):
    name: str
    kind: str
    aliases: list[str] | None = None


class GoldPost(Gold):
    post: str
    body: str | None = None


class GoldPerson(Gold):
    name: str
    posts: list[GoldPost] = Field(default_factory=list)


class GoldLawAction(Gold):
    action: str
    body: str | None = None


class GoldLaw(Gold):
    name: str
    kind: str
    aliases: list[str] | None = None
    actions: list[GoldLawAction] = Field(default_factory=list)


class GoldNamed(Gold):
    name: str
    aliases: list[str] | None = None


class GoldMeeting(Gold):
    name: str
    aliases: list[str] | None = None
    date: str | None = None


class GoldActivity(Gold):
    type: str
    body: str | None = None
    count: int | None = None
    unit: str | None = None
    period: str | None = None
    topic: str | None = None
    approx: bool | None = None


class Annotation(Gold):
    document: str
    metadata: GoldMetadata = Field(default_factory=GoldMetadata)
    bodies: list[GoldBody] = Field(default_factory=list)
    people: list[GoldPerson] = Field(default_factory=list)
    laws: list[GoldLaw] = Field(default_factory=list)
    projects: list[GoldNamed] = Field(default_factory=list)
    places: list[GoldNamed] = Field(default_factory=list)
    meetings: list[GoldMeeting] = Field(default_factory=list)
    activities: list[GoldActivity] = Field(default_factory=list)

    def to_plain(self) -> dict:
        """A plain dict in gold-file shape: absent fields left out, ``period`` as a string."""
        return self.model_dump(exclude_none=True)


#: The gold's law-action vocabulary; the graph's narrower kinds (implemented, based_on …) are `other` there.
GOLD_LAW_ACTIONS = ("enacted", "revised", "amended", "repealed", "cleaned_up", "inspected", "made", "passed",
                    "consulted", "studied", "other")


def gold_law_actions(actions: tuple[LawAction, ...]) -> list[GoldLawAction]:
    """Actions in the gold's vocabulary, once each; `other` only for a body that did nothing specific."""
    rows = {(a.action if a.action in GOLD_LAW_ACTIONS else "other", a.body): None for a in actions}
    specific = {b for a, b in rows if a != "other"}
    return [GoldLawAction(action=a, body=b) for a, b in rows if a != "other" or b not in specific]


def to_annotation(ex: ReportExtraction) -> Annotation:
    """The gold schema view of this extraction (evidence and internal fields dropped)."""
    md = ex.metadata
    return Annotation(
        document=ex.document,
        metadata=GoldMetadata(
            **{
                k: v
                for k, v in md.model_dump(exclude_none=True).items()
                if k != "author"
            },
            author=GoldAuthor(**md.author.model_dump(exclude_none=True)) if md.author else None,
        ),
        bodies=[GoldBody(name=b.name, kind=b.kind, aliases=list(b.aliases) or None) for b in ex.bodies],
        people=[
            GoldPerson(name=p.name, posts=[GoldPost(post=q.post, body=q.body) for q in p.posts])
            for p in ex.people
        ],
        laws=[
            GoldLaw(
                name=law.name,
                kind=law.kind,
                aliases=list(law.aliases) or None,
                actions=gold_law_actions(law.actions),
            )
            for law in ex.laws
        ],
        projects=[GoldNamed(name=p.name, aliases=list(p.aliases) or None) for p in ex.projects],
        places=[GoldNamed(name=p.name, aliases=list(p.aliases) or None) for p in ex.places],
        meetings=[
            GoldMeeting(name=m.name, aliases=list(m.aliases) or None, date=m.date) for m in ex.meetings
        ],
        activities=[
            GoldActivity(
                type=a.type,
                body=a.body,
                count=a.count,
                unit=a.unit,
                period=a.period,
                topic=a.topic,
                approx=True if a.approx else None,
            )
            for a in ex.activities
        ],
    )
