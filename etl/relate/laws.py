"""Law actions: what a body did with a named law, regulation or decision.

The verb group right before a run of titles acts on every title in it (先后制定、修订了《A》《B》
→ A and B enacted and revised); a verb after the run acts on it too (对《A》和《B》…开展执法检查,
对《A》等条例进行了清理). The acting body is the body named as the subject, else the report's
own (or the body a title names as its issuer: 《区人大常委会党组关于…方案》). A body written right
before the title issued it (中共中央办公厅《关于…意见》 → made by it); a body the actor assisted
(协助市人大常委会完成《…》的征求意见工作) did the action too. A law named with no action verb is
`cited` (referred to), unless the same body did something specific with it; one acted on in a plan
(将制定《…》) is `planned`; the verbs of the lexicon's law_actions type the rest (贯彻 implemented,
依据 based_on, 宣传 publicised …).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict

from ..hanzi import ONE_TO_TEN
from ..lexicon import Lexicon
from ..models import LawAction, Mention, Segmented
from ..resolve import EvidenceIndex, Resolution
from .layout import Bodies, Layout
from .cues import clause_bounds

LAW_KINDS_ENACTED = ("law", "regulation")
AFTER_TYPES = ("inspected", "cleaned_up", "consulted")
#: A law named with no action verb is cited (referred to); dropped for a body that did something with it.
CITED = "cited"
PLANNED = "planned"
PROMOTED = "promoted"
WEAK = (CITED, "other")
#: After a law, the stock phrase of a body's powers (宪法和法律赋予的职责): the law is named, not acted on.
STOCK_PHRASE = re.compile(r"(?:[和及与]?(?:法律|法规))*所?赋予")
QUOTED_TITLE = re.compile(r"《[^《》\n]{1,80}》")
NUMERALS = ONE_TO_TEN + "两"
CHAIN_SEPARATORS = "、和及与 "
CO_ACTOR = re.compile(r"(?:协助|配合|会同|联合|协同|与|同)$")  # 与县公安局会签《…》: a partner, not the subject


class LawRules:
    def __init__(self, lex: Lexicon) -> None:
        verbs = sorted(((v, a) for a, vs in lex.law_actions.items() for v in vs), key=lambda x: -len(x[0]))
        self.action_of = {}
        for v, a in verbs:
            self.action_of.setdefault(v, a)
        alt = "|".join(re.escape(v) for v, _ in verbs)
        self.verb = re.compile(alt)
        self.group_end = re.compile(rf"(?:{alt})(?:[、和与及并]?(?:{alt}))*(?:了|并|的)?$")
        # between the verbs and the titles: a count of what was made (制定地方性法规3件:), or the verb as
        # the law's attribute (贯彻新修改的代表法: implemented, not amended here)
        self.head_filler = re.compile(rf"(?:(?:(?:地方性)?(?:法律|法规|条例|规章|决定|决议)[、和及]?)+(?:草案)?[0-9{NUMERALS}]+(?:件|部|项)"
                                      rf"[:,]?|新(?:{alt})的)$")
        after_alt = "|".join(re.escape(v) for v, a in verbs if a in AFTER_TYPES)
        self.after = re.compile(after_alt)


_RULES: dict[str, LawRules] = {}


def rules_for(lex: Lexicon) -> LawRules:
    if lex.digest not in _RULES:
        _RULES[lex.digest] = LawRules(lex)
    return _RULES[lex.digest]


def _title_span(text: str, m: Mention) -> tuple[int, int]:
    """A law mention's span with its 《》 marks when it has them."""
    quoted = text[m.start - 1:m.start] == "《"
    end = m.end + 1 if quoted and text[m.end:m.end + 1] == "》" else m.end
    return (m.start - 1 if quoted else m.start), end


def _chain_start(text: str, start: int, lo: int, by_end: dict[int, int]) -> int:
    """Start of the run of titles (in 《》 or bare) ending at the title that opens at ``start``."""
    pos = start
    while True:
        j = pos
        while j > lo and text[j - 1] in CHAIN_SEPARATORS:
            j -= 1
        k = by_end.get(j)
        if k is None or k < lo or k >= pos:
            return pos
        pos = k


def _chain_end(text: str, end: int, hi: int, by_start: dict[int, int]) -> int:
    pos = end
    while True:
        j = pos
        while j < hi and text[j] in CHAIN_SEPARATORS:
            j += 1
        k = by_start.get(j)
        if k is None or k > hi or k <= pos:
            return pos
        pos = k


def law_actions(seg: Segmented, mentions: tuple[Mention, ...], res: Resolution, layout: Layout, bodies: Bodies,
                ev: EvidenceIndex, period: str | None, lex: Lexicon) -> tuple[dict[str, list[LawAction]], dict[str, str]]:
    """Actions per law name, and the bodies they name that the recogniser did not list.

    Long: one walk over the law mentions with the running acting body and the action cue of the clause.
    """
    r = rules_for(lex)
    text = seg.document.text
    found: dict[str, dict[tuple[str, str], LawAction]] = defaultdict(dict)
    extra: dict[str, str] = {}
    # a run of titles goes through every 《…》 (a book or paper in it too) and through bare law names
    spans = [m.span() for m in QUOTED_TITLE.finditer(text)] + [_title_span(text, m) for m in mentions if m.kind == "law"]
    by_end, by_start = {e: s for s, e in spans}, {s: e for s, e in spans}
    for i, m in enumerate(mentions):
        if m.kind != "law" or i not in res.names:
            continue
        name, kind = res.names[i]
        sent = ev.sentence(m.start)
        si = bisect_right(ev.starts, m.start) - 1 if sent else -1
        lo, hi = (sent.start, sent.end) if sent else (max(0, m.start - 30), min(len(text), m.end + 30))
        actor = layout.actor[si] if si >= 0 else None
        planned = si >= 0 and layout.plan[si]  # 将制定《…》: referred to, not yet done
        t_start, t_end = _title_span(text, m)
        c_start = _chain_start(text, t_start, lo, by_end)
        c_end = _chain_end(text, t_end, hi, by_start)
        if STOCK_PHRASE.match(text, c_end):  # 履行宪法和法律赋予的职责: named, nothing done with it
            continue
        cl = clause_bounds(text, lo, hi, c_start, c_end)
        cl = (_head_start(text, lo, hi, cl[0], c_start), cl[1])
        head = text[cl[0]:c_start]
        issuer = bodies.ending_at(t_start)
        actions: list[tuple[str, str | None]] = []
        if issuer and issuer[1] == t_start:
            actions.append(("made", issuer[2]))
            head = text[cl[0]:issuer[0]]
        head = r.head_filler.sub("", head)
        g = r.group_end.search(head)
        verbs = _group_actions(r, g.group()) if g else []
        tail = text[c_end:cl[1]]
        a = r.after.search(tail)
        if a:
            verbs.append(r.action_of[a.group()])
        if planned and verbs:  # 将制定《…》: a plan, not yet done
            verbs = [PLANNED]
        subject = _subject(text, cl[0], head, bodies)
        body = subject or actor
        for v in dict.fromkeys(verbs):
            if v in ("enacted", "made"):
                v = "enacted" if kind in LAW_KINDS_ENACTED and v == "enacted" else "made"
                if v == "made" and not (issuer and issuer[1] == t_start):
                    maker = _title_issuer(name, bodies)
                    actions.append((v, maker or body))
                    if maker and maker not in bodies.kinds:
                        extra[maker] = bodies.kind(maker) or "other"
                    continue
            actions.append((v, body))
            co = _co_actor(text, cl[0], head, bodies)
            if co and co != body:
                actions.append((v, co))
        if not verbs:
            actions.append((CITED, body))
        for action, who in actions:
            if who is not None and (action, who) not in found[name]:
                found[name][(action, who)] = LawAction(
                    action=action, body=who, period=period,
                    evidence=(ev.evidence(m.start, m.end, f"law_action.{action}"),))
    out: dict[str, list[LawAction]] = {}
    for name, acts in found.items():
        specific = {b for (a, b) in acts if a not in WEAK}
        out[name] = [x for (a, b), x in acts.items() if a not in WEAK or b not in specific]
    return out, extra


def _group_actions(r: LawRules, group: str) -> list[str]:
    """The actions of a verb group: each verb after a separator (制定、修订), but of verbs written
    together only the last (出台贯彻X法举措, 学习贯彻X法: implemented), a compound being one lexicon verb;
    a promoting verb governs the verb after it (推动修订X条例: promoted, the body did not revise it)."""
    found = list(r.verb.finditer(group))
    out: list[str] = []
    for k, v in enumerate(found):
        together = k + 1 < len(found) and found[k + 1].start() == v.end()
        if out and out[-1] == PROMOTED and found[k - 1].end() == v.start():
            continue
        if not together or r.action_of[v.group()] == PROMOTED:
            out.append(r.action_of[v.group()])
    return out


def _head_start(text: str, lo: int, hi: int, start: int, title: int) -> int:
    """The start of the words before a run of titles: its clause's, or the clause before a colon when
    the titles open the clause (制定地方性法规3件:《A》《B》)."""
    if start > lo and text[start - 1] == ":" and not text[start:title].strip():
        return clause_bounds(text, lo, hi, start - 1, start - 1)[0]
    return start


def _subject(text: str, lo: int, head: str, bodies: Bodies) -> str | None:
    """A body opening the clause before the verb (市人大常委会…制定《…》)."""
    spans = bodies.within(lo, lo + len(head))
    if spans and spans[0][0] - lo <= 2:
        s, e, name, kind = spans[0]
        if text[e:e + 1] not in "的、和与及等“" and not CO_ACTOR.search(text[lo:s]):
            return name
    return None


def _co_actor(text: str, lo: int, head: str, bodies: Bodies) -> str | None:
    """协助市人大常委会…: the body the actor assisted did the action as well."""
    for s, _e, name, _kind in bodies.within(lo, lo + len(head)):
        if CO_ACTOR.search(text[max(lo, s - 4):s]):
            return name
    return None


def _title_issuer(title: str, bodies: Bodies) -> str | None:
    """The issuer a title names before 关于 (区人大常委会党组关于… → …区人大常委会党组)."""
    i = title.find("关于")
    if i <= 0:
        return None
    return bodies.name_of(title[:i])
