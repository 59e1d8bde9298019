"""Facts between mentions: people's posts, law actions, counted activities, meeting dates.

Numbers are converted with cn2an on the numeral span only (never over whole text), after the
approximation markers (余, 多, 近 …) and the unit are split off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import cn2an

from .lexicon import Lexicon
from .models import Activity, LawAction, Mention, Metadata, Post, Segmented
from .resolve import EvidenceIndex, Resolution
from .segment import cn_date

NUMERAL = r"(?:\d+(?:\.\d+)?万?|[零〇一二三四五六七八九十百千万两]+)"


@dataclass
class Facts:
    posts: dict[str, list[Post]] = field(default_factory=dict)  # person name → posts
    law_actions: dict[str, list[LawAction]] = field(default_factory=dict)  # law name → actions
    activities: list[Activity] = field(default_factory=list)
    meeting_dates: dict[str, str] = field(default_factory=dict)


def to_int(numeral: str) -> int | None:
    """'12' → 12, '1.2万' → 12000, '两千' → 2000; None when it is not a whole number."""
    try:
        value = cn2an.cn2an(numeral, "smart")
    except (ValueError, KeyError, TypeError):
        return None
    if value is None or float(value) != int(value):
        return None
    return int(value)


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _count_rx(lex: Lexicon) -> re.Pattern:
    before = _alt(lex.approx_markers["before"])
    after = _alt(lex.approx_markers["after"])
    units = _alt(lex.units)
    return re.compile(rf"(?P<pre>{before})?(?P<num>{NUMERAL})(?P<post>{after})?(?P<unit>{units})(?P<post2>{after})?")


def relate(seg: Segmented, mentions: tuple[Mention, ...], res: Resolution, metadata: Metadata,
           lex: Lexicon) -> Facts:
    facts = Facts()
    ev = EvidenceIndex(seg)
    text = seg.document.text
    issuing = metadata.issuing_body
    body_spans = [(m.start, m.end, res.names[i][0], res.names[i][1]) for i, m in enumerate(mentions)
                  if m.kind == "body" and i in res.names]

    # -- posts: the body named right before the title, else the post's default body kind
    for i, m in enumerate(mentions):
        if m.kind != "person":
            continue
        post = m.attr("post")
        post_start = int(m.attr("post_start") or m.start)
        sent = ev.sentence(m.start)
        lo = sent.start if sent else max(0, post_start - 30)
        body = None
        for s, e, name, _kind in body_spans:
            if lo <= s and e <= post_start and post_start - e <= 2:
                body = name
        if body is None and post in ("代表", "人大代表"):
            body = _own(body_spans, "people_congress", res)
        if body is None and post not in ("总书记", "记者"):
            wanted = lex.posts.get(post, [])
            if issuing and any(_kind_of(issuing, body_spans) == k for k in wanted):
                body = issuing
        facts.posts.setdefault(res.names[i][0], [])
        p = Post(post=post, body=body, period=None, evidence=(ev.evidence(m.start, m.end, m.rule),))
        if all((q.post, q.body) != (p.post, p.body) for q in facts.posts[res.names[i][0]]):
            facts.posts[res.names[i][0]].append(p)

    # -- law actions: the action verb nearest before the title in its sentence
    verbs = sorted(((v, a) for a, vs in lex.law_actions.items() for v in vs), key=lambda x: -len(x[0]))
    for i, m in enumerate(mentions):
        if m.kind != "law" or i not in res.names:
            continue
        sent = ev.sentence(m.start)
        lo = sent.start if sent else max(0, m.start - 20)
        window = text[max(lo, m.start - 24) : m.start]
        after = text[m.end + 1 : min(m.end + 12, sent.end if sent else m.end + 12)]
        action = None
        best_pos = -1
        for v, a in verbs:
            p = window.rfind(v)
            if p > best_pos:
                best_pos, action = p, a
        if action is None:
            for v, a in verbs:
                if after.startswith(v) or after[:6].find(v) >= 0:
                    action = a
                    break
        if action is None:
            continue
        body = _subject(body_spans, lo, m.start) or issuing
        name = res.names[i][0]
        la = LawAction(action=action, body=body, period=metadata.period,
                       evidence=(ev.evidence(m.start, m.end, f"law_action.{action}"),))
        facts.law_actions.setdefault(name, [])
        if all((x.action, x.body) != (la.action, la.body) for x in facts.law_actions[name]):
            facts.law_actions[name].append(la)

    # -- activities: counted actions (召开常委会会议8次, 听取审议报告20项)
    facts.activities = _activities(seg, lex, ev, body_spans, issuing, metadata, res)

    # -- meeting dates: a date right before the meeting name (2023年1月8日在…会议上)
    for i, m in enumerate(mentions):
        if m.kind == "meeting" and i in res.names:
            d = cn_date(text[max(0, m.start - 14) : m.start])
            if d:
                facts.meeting_dates.setdefault(res.names[i][0], d)
    if metadata.meeting and metadata.date:
        facts.meeting_dates.setdefault(metadata.meeting, metadata.date)
    return facts


def _kind_of(name: str, body_spans) -> str | None:
    for _s, _e, n, k in body_spans:
        if n == name:
            return k
    return None


def _own(body_spans, kind: str, res: Resolution) -> str | None:
    region = res.ctx.region
    for _s, _e, n, k in body_spans:
        if k == kind and region and n.startswith(region):
            return n
    return None


def _subject(body_spans, lo: int, hi: int) -> str | None:
    """The first body named in the sentence before ``hi``: the one acting."""
    for s, e, name, kind in body_spans:
        if lo <= s < hi and kind in ("standing_committee", "people_congress", "cppcc", "government",
                                     "court", "procuratorate", "party_committee", "special_committee"):
            return name
    return None


CLAUSE_BREAK = re.compile(r"[,;。:!?]")


def _activities(seg: Segmented, lex: Lexicon, ev: EvidenceIndex, body_spans, issuing, metadata: Metadata,
                res: Resolution) -> list[Activity]:
    text = seg.document.text
    count_rx = _count_rx(lex)
    cues = sorted(((c, t) for t, cs in lex.activity_types.items() for c in cs), key=lambda x: -len(x[0]))
    plan_sections = {i for i, s in enumerate(seg.sections) if any(h in s.heading for h in lex.plan_headings)}
    out: list[Activity] = []
    seen: set[tuple] = set()
    for sent in seg.sentences:
        if sent.section in plan_sections:
            continue
        for m in count_rx.finditer(text, sent.start, sent.end):
            unit = m.group("unit")
            # the clause before the number, back to the last break or list separator
            lo = sent.start
            for b in CLAUSE_BREAK.finditer(text, sent.start, m.start()):
                lo = b.end()
            seg_start = lo
            for b in re.finditer("、", text[lo : m.start()]):
                pass
            clause = text[seg_start : m.start()]
            after = text[m.end() : m.end() + 2]
            if after.startswith(tuple(lex.not_activity_units)) or clause.endswith(("第", "前", "近", "共")) and False:
                continue
            if re.search(r"\d$", clause) or m.group("num").endswith("年"):
                continue
            typ = None
            best = -1
            for c, t in cues:
                p = clause.rfind(c)
                if p > best:
                    best, typ = p, t
            if typ is None:
                continue
            if unit in ("年", "天", "期") and typ not in ("training",):
                continue
            count = to_int(m.group("num"))
            if count is None:
                continue
            approx = bool(m.group("pre") or m.group("post") or m.group("post2"))
            body = _subject(body_spans, sent.start, m.start()) or issuing
            topic = clause.strip(" 共累计全年先后组织开展了") or None
            key = (typ, body, count, unit, topic)
            if key in seen:
                continue
            seen.add(key)
            out.append(Activity(type=typ, body=body, count=count, unit=unit, period=metadata.period, topic=topic,
                                approx=approx, evidence=(ev.evidence(m.start(), m.end(), f"activity.{typ}"),)))
    return out
