"""Who acts in a counted clause: the body named as its subject, another organ, representatives
(a mixin of ``activities.ActivityExtractor``, which holds the report's text, bodies and people)."""

from __future__ import annotations

import re
from bisect import bisect_left

from .layout import strip_lead
from .numbers import Quantity

# a head before 代表 that makes them the object or a modifier, not the actors
NOT_SUBJECT_HEAD = r"设立|建立|张贴|打造|建设|成立|组建|[在为向对给与把]"
SEPARATE_ORGANS = ("court", "procuratorate")  # organs that act on their own in each other's reports
WHOLE_SCOPE = re.compile(r"^(?:全国|全省|全市|全区|全县|各级)")


class ClauseActors:
    """The actor rules of ``ActivityExtractor``."""

    def _subject(self, sent_lo: int, lo: int, hi: int, actor: str | None) -> str | None:
        """The body named as the subject of the clause (or sentence), when it is not the actor's own
        organ: 区人大常委会听取审议了本院… in a court's report → the standing committee."""
        for a in (lo, sent_lo):
            k = a + strip_lead(self.text[a:min(hi, a + 32)])  # a lead phrase is under 20 characters
            for s, e, name, kind in self.bodies.within(k, min(hi, k + 24)):
                if s - k > 1:
                    break
                nxt = self.text[e:e + 1]
                if nxt in "的、和与及“" or (nxt == "等" and not re.match(r"等\d", self.text[e:e + 2])) or \
                        self.text[s - 1:s] in "在对向与和及由经从" or \
                        self.text.startswith(("关于", "所作"), e):
                    break
                return self._as_actor(name, kind, actor)
            if a == sent_lo:
                break
        return None

    def _as_actor(self, name: str, kind: str, actor: str | None) -> str | None:
        if actor is None:
            return name if kind in ("standing_committee", "cppcc", "court", "procuratorate", "government") else None
        if name.startswith(actor) or actor.startswith(name) or name.endswith(self.r.sub_units):
            return actor
        if kind == "people_congress" and self.bodies.people_congress_of(actor) == name:
            return actor
        if kind in ("standing_committee", "people_congress", "cppcc", "court", "procuratorate", "government",
                    "media", "enterprise", "institution", "supervisory_commission"):
            return name
        return actor

    def _other_organ_acts(self, clause_start: int, actor: str | None, subject: str | None) -> bool:
        """Whether the clause opens with an organ (named or bare) of another kind than the acting
        body's (法院审结… in a procuratorate's report, 检察院抗诉… in a court's): that organ acts."""
        own = self.bodies.kind(actor)
        if own not in SEPARATE_ORGANS:
            return False
        if subject:
            return self.bodies.kind(subject) in SEPARATE_ORGANS and self.bodies.kind(subject) != own
        k = clause_start + strip_lead(self.text[clause_start:clause_start + 32])
        head = WHOLE_SCOPE.sub("", self.text[k:k + 8])
        return any(head.startswith(core) and kind != own and kind in SEPARATE_ORGANS
                   for core, (_canon, kind) in self.lex.bodies.items())

    def _representatives_act(self, lo: int, q: Quantity, hi: int, sent_lo: int) -> bool:
        """Whether representatives are the subject of the counted thing (全区人大代表197人走访…,
        173名人大代表联系选民…, 他收集意见建议30余条 about a representative) rather than its
        object (邀请代表300余人次)."""
        if self._representative_subject(sent_lo, lo):
            return True
        before = self.text[lo:q.start]
        after = self.text[q.end:hi]
        i = before.rfind("代表")
        if i >= 0 and not before[i:].startswith(self.r.rep_compounds) and not before[i - 1:i] in ("、", "和"):
            head = before[:i]
            head = head[head.rfind("的") + 1:]  # 投身…一线的人大代表: the relative clause is not the actor
            return len(head) <= 12 and not any(v in head for v in self.r.organisers) \
                and not re.search(NOT_SUBJECT_HEAD, head)
        m = re.match(r"[\u4e00-\u9fff、]{0,10}?代表(?!之家|联络|团|大会|工作|组|小组)", after)
        if m and not any(v in before for v in self.r.organisers) and not re.search(r"[与同向对为给把在]$", before):
            rest = after[m.end():m.end() + 3]
            return not rest.startswith(("的", "参加的", "和", "、"))
        return False

    def _representative_subject(self, sent_lo: int, lo: int) -> bool:
        """The sentence's subject is a person the report calls a representative: named
        (黄某收集…) or a pronoun (他/她) for the person last named in its paragraph."""
        if not self.representatives:
            return False
        for a in dict.fromkeys((lo, sent_lo)):
            k = a + strip_lead(self.text[a:a + 16])
            if self.text[k:k + 1] in ("他", "她"):
                j = bisect_left(self.person_starts, k) - 1
                return j >= 0 and "\n" not in self.text[self.people[j][0]:k] and self.people[j][2] in self.representatives
            j = bisect_left(self.person_starts, k)
            if j < len(self.people) and self.people[j][0] == k and self.text[self.people[j][1]:self.people[j][1] + 1] != "的":
                return self.people[j][2] in self.representatives
        return False
