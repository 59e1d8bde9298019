"""Named activities: things a body did that the report names without a count.

``开展…专项视察``, ``对…进行视察``, ``视察…`` (verb first), ``听取审议关于…的报告`` (one activity
per report heard), ``开展A法、B条例等执法检查`` (one per law), ``开展“A”“B”专项考察`` (one per
quoted topic), ``作出《…决议》`` (a title and its verb). A cue counts only where it is used as a
verb: not inside a noun (调研检查组), a means (通过培训…), a list of kinds (开展走访、调研、视察)
or a clause a count already covers.
"""

from __future__ import annotations

import re

from ..models import Activity
from .layout import BREAK, strip_lead
from .cues import FILLER_HEAD, Clauses, LAW_TITLE, NON_HAN, NON_HAN_Q, Counted, Cue, clause_bounds, mask_quotes

REPORT_ITEM = re.compile(r"(?:报告|汇报)(?=$|[,;、和及与]|并|以及)")
LAW_ITEM = re.compile(r"(?:法|条例|规定|办法|细则|决定|规则|”|》)$")
REPORT_TAIL = re.compile(r"(?:专项|综合)?(?:工作)?(?:情况)?(?:的)?(?:报告|汇报)$|^关于")
# people organised to do something (组织委员视察…): the topic follows the verb
PEOPLE = r"(?:委员|代表|人员|干部|成员|专家|群众)$"
# what may stand before a verb-first named activity: a subject and adverbs (主任会议专题调研…)
VERB_FIRST_HEAD = re.compile(
    r"(?:[\u4e00-\u9fff]{0,10}(?:委员会|常委会|委|会议|专委会|工委|组|院|领导|成员|班子|干部|机关))?"
    r"(?:[\u4e00-\u9fff]{0,10}(?:带领|率领|带队)[\u4e00-\u9fff]{0,10}?(?:委员|代表|人员|成员|干部)?)?"
    r"(?:先后|还|并|又|及时|深入|实地|专题|专项|再次|首次|分别|积极|认真|定期|不定期|多次|集中|全面|持续|共|已|再|亲自|"
    r"带队|每年|每季度|每月|年内|全年|当年|按季度|连续多年|常态化|同时)*")
NOUN_CUE = re.compile(r"(?:报告|课题|会|会议|班|讲座)$")
# a cue inside a compound noun: 调研检查组, 视察团, 调研员
NOUN_AFTER = re.compile(r"^[\u4e00-\u9fff]{0,2}(?:组(?!织|成|建)|团|员)")
# 对/就/围绕/到 … (进行|开展) cue, the preposition not part of a word (得到, 面对, 存在 …)
PREPOSITION_FRAME = re.compile(
    r"(?<![得达做收受感提来遇直存现实正所面应核绝相成造也])(?:对(?![照标外接口])|就|围绕|针对|到|赴|深入|在)"
    r"(.{2,150}?)(?:(?:进行|开展|组织|实施)了?)?(?:专项|专题|集中|实地|全域|重点)?$")


def _report_topics(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """听取A、B、C等工作情况报告: one report per topic listed before 等; else the one item."""
    m = re.fullmatch(r"(.+、.+)等[^、,;]{0,10}(?:报告|汇报)", text[a:b])
    if not m:
        return [(a, b)]
    out, start = [], a
    for part in m.group(1).split("、"):
        out.append((start, start + len(part)))
        start += len(part) + 1
    return out


class NamedActivities:
    """The named-activity rules of ``ActivityExtractor`` (which holds the report's state)."""

    def named(self, i: int, lo: int, counted: list[Counted], law_spans) -> None:
        # Long: the cues of one sentence in order, each deciding with the previous (joined cues, used spans).
        sent = self.seg.sentences[i]
        text = self.text
        hi = sent.end
        masked = self._masked  # the sentence with its titles masked, at its place in the report
        clauses = Clauses(masked, lo, hi)
        plain_clauses: Clauses | None = None
        actor = self.layout.actor[i]
        period = self._period(i)
        date = self._date(sent.text)
        counted_types = {(c.clause, c.activity.type) for c in counted}
        counted_clauses = {c.clause for c in counted} | self._consumed
        if self.layout.lead[i]:
            return
        cues = [c for c in self.r.cues.find(masked, lo, hi) if c.entry not in self.r.named_exclude
                and (c.type in self.r.named or text[c.start:c.end] in self.r.named_other)]
        used_until = lo
        found: list[tuple[str, int, int, Cue]] = []  # (type, topic start, topic end, cue)
        last: Cue | None = None
        prev_end, prev_cl = 0, None
        for cue in cues:
            if cue.start < used_until:
                continue
            joined = text[last.end:cue.start] if last is not None else ""
            if last is not None and last.type == cue.type and cue.type != "hearing_report" and \
                    (len(joined) <= 1 or (len(joined) <= 8 and joined[0] in "和及与、")):
                continue  # 实地调研走访, 集中培训和专题培训: one activity
            last = cue
            if any(w in text[cue.end:cue.end + 16] for w in self.r.speech_markers):
                continue  # 总书记考察宁夏重要讲话精神: the title of a speech, not a visit made
            if re.search(r"(?:通过|经过|借助)$", text[max(lo, cue.start - 2):cue.start]):
                continue  # 通过培训提高…: a means, not a thing done
            cl = clauses.around(cue.start, cue.end)
            if cl in counted_clauses or text.startswith(self.r.subject_after, cue.end) or \
                    re.search(r"(?:以|把|将)[^,;。]{0,40}作为", text[cl[0]:cl[1]]):
                continue
            if cue.type == "hearing_report" and not text.startswith(("听取", "审议"), cue.start):
                continue
            drafts = self._drafts(cue, cl[1]) if cue.type == "legislation" else []
            if drafts:  # 审议A法草案、B法修订草案: one per draft deliberated
                found += [(cue.type, x, y, cue) for x, y in drafts]
                used_until = drafts[-1][1]
                continue
            frame = self._frame(cue, cl, prev_end if prev_cl == cl else 0)
            prev_end, prev_cl = cue.end, cl
            if frame is None:
                continue
            obj_lo, obj_hi = frame
            obj = masked[obj_lo:obj_hi]
            if cue.type.startswith("meeting_"):
                found.append((cue.type, cue.start, cl[1], cue))
                continue
            if cue.type != "hearing_report" and (obj.startswith("的") or self.r.cues.rx.search(masked, obj_lo, obj_hi)):
                continue  # 开展集中走访、专题调研、专项视察: a list of kinds, not one activity
            if cue.type == "hearing_report":
                if plain_clauses is None:  # breaks inside titles count here
                    plain_clauses = Clauses(text, lo, hi)
                items, used_until = self._reports(cue, hi, plain_clauses)
            elif cue.type == "law_enforcement_inspection":
                items = self._laws(obj_lo, obj_hi)
            elif cue.type == "legislation":
                if not self._regulation_in(obj_lo, obj_hi, law_spans):
                    continue
                # 修改海商法、仲裁法、对外贸易法: one per bare law name; a run of titles is one activity
                items = [(obj_lo, obj_hi)] if "《" in text[obj_lo:obj_hi] else self._laws(obj_lo, obj_hi)
            elif cue.type in ("inspection", "survey"):
                items = self._quoted_items(obj_lo, obj_hi)
            else:
                items = [(obj_lo, obj_hi)]
            found += [(cue.type, x, y, cue) for x, y in items]
        typed = {(clauses.around(c.start, c.end), t) for t, _a, _b, c in found}
        here = {t for _cl, t in counted_types}  # a counted total covers the titles of its sentence
        titled = self._titled(lo, hi, law_spans, counted_types | typed)
        found += [x for x in titled if x[0] not in here and not (
            x[0] == "resolution" and any(t == "resolution" for t, *_ in found))]
        for typ, a, b, cue in found:
            cl = clauses.around(cue.start, cue.end)
            body = self._subject(lo, cl[0], cl[1], actor) or actor
            topic = self._topic(a, b)
            if body is None or topic is None or len(NON_HAN.sub("", topic)) < 3:
                continue
            if typ == "hearing_report" and len(re.sub(REPORT_TAIL, "", topic)) < 2:
                continue  # 听取工作汇报: no report named
            key = (typ, body, re.sub(r"\W", "", topic))
            if key in self._seen_named:
                continue
            self._seen_named.add(key)
            self._add_body(body, self.bodies.kind(body))
            self.activities.append(Activity(type=typ, body=body, count=None, unit=None, period=period, topic=topic,
                                            date=date, evidence=self._evidence(cue.start, cue.end, f"activity.named.{typ}")))

    def _titled(self, lo: int, hi: int, law_spans, counted_types) -> list[tuple[str, int, int, Cue]]:
        """Named activities told by a title and its verb: 作出《…决议》 (a resolution), 制定《…条例》
        (legislation), 形成《…调研报告》 (a survey); one per clause."""
        text = self.text
        out = []
        seen_clauses = set()
        for a, b, _name, kind in law_spans:
            if not (lo <= a < hi):
                continue
            cl = clause_bounds(text, lo, hi, a, b)
            head = text[cl[0]:a].rstrip("《")
            head = re.sub(r"(?:《[^》]*》[、和及与]?)+$", "", head)
            typ = None
            if kind in ("decision", "resolution") and re.search(r"(?:作出|做出|出台|通过|表决通过|审议通过)了?$", head):
                typ = "resolution"
            elif LAW_TITLE.search(text[a:b]) and re.search(r"(?:制定|修订|修改|废止|清理)了?$", head):
                typ = "legislation"
            elif re.search(r"(?:调研|调查)报告$", text[a:b]) and re.search(r"(?:形成|完成|撰写)了?$", head):
                typ = "survey"
            if typ is None or (cl, typ) in seen_clauses or (cl, typ) in counted_types:
                continue
            seen_clauses.add((cl, typ))
            filler = FILLER_HEAD.match(text[cl[0]:a])
            out.append((typ, cl[0] + (filler.end() if filler else 0), cl[1], Cue(a, b, typ)))
        return out

    def _drafts(self, cue: Cue, clause_end: int) -> list[tuple[int, int]]:
        """The drafts a deliberation names (审议A法草案、B法修订草案和C法草案): the cue holds the first."""
        text = self.text
        if not (text.startswith("审议", cue.start) and text.endswith("草案", cue.start, cue.end)):
            return []
        if not re.search(r"..(?:法|条例|法典)(?:修订|修正)?$", text[cue.start + 2:cue.end - 2]):
            return []  # 审议法规草案: no law named
        items, pos = [(cue.start + 2, cue.end)], cue.end
        for m in re.finditer(r"[、和及]([^、,;。和及]{2,30}?草案)", text[pos:clause_end]):
            if m.start() != pos - cue.end:
                break
            items.append((cue.end + m.start(1), cue.end + m.end(1)))
            pos = cue.end + m.end()
        return items

    def _quoted_items(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """开展“A”“B”专项考察: one activity per quoted topic; otherwise the whole object."""
        m = re.fullmatch(r"\s*((?:“[^”]+”[、和及]?){2,})\s*", self.text[lo:hi])
        if not m:
            return [(lo, hi)]
        return [(lo + x.start(), lo + x.end()) for x in re.finditer(r"“[^”]+”", self.text[lo:hi])]

    def _regulation_in(self, lo: int, hi: int, law_spans) -> bool:
        """Whether an object names a law or regulation (legislation is about those only)."""
        if re.search(r"法规|条例", re.sub(r"《[^》]*》", "", self.text[lo:hi])):
            return True
        return any(lo <= a < hi and LAW_TITLE.search(name) for a, _b, name, _kind in law_spans)

    def _frame(self, cue: Cue, cl: tuple[int, int], prev_end: int = 0) -> tuple[int, int] | None:
        """The object span of a named activity when the cue is used as a verb, else None."""
        text = self.text
        after = text[cue.end:cl[1]]
        plain = text[cue.start:cue.end] in self.r.cues.plain  # 的实施情况开展执法检查 is a verb phrase
        noun = after.startswith(self.r.noun_after) or NOUN_AFTER.match(after) or \
            (plain and text[cue.start - 1:cue.start] == "的")
        if noun and cue.type != "hearing_report":
            return None
        if re.search(r"等(?:多种|不同)?(?:形式|方式|途径|渠道)|等(?:工作|活动)$", text[cl[0]:cl[1]]):
            return None
        prefix = text[cl[0]:cue.start]
        k = strip_lead(prefix)
        head = prefix[k:]
        obj_after = FILLER_HEAD.sub("", after.lstrip("了"))
        # 对/就/围绕 … (进行|开展) cue: the object sits between the preposition and the cue
        m = PREPOSITION_FRAME.search(head)
        if m:
            return cl[0] + k + m.start(1), cl[0] + k + m.end(1)
        verb_end = max((head.rfind(v) + len(v) for v in self.r.light if v in head), default=-1)
        if verb_end >= 0:
            # the object starts after the verb, or after the previous activity of a list
            start = max(cl[0] + k + verb_end, prev_end)
            obj = text[start:cue.start].lstrip("了和及、与")
            if re.search(PEOPLE, obj) and len(obj_after) >= 2:
                return cue.end, cl[1]  # 组织委员视察X: the topic follows the verb
            if len(NON_HAN_Q.sub("", obj)) >= 2:
                return cue.start - len(obj), cue.start
            if len(obj_after) >= 2:
                return cue.end, cl[1]
            return None
        # verb first (视察老旧小区改造…), possibly after its subject or adverbs (主任会议专题调研…);
        # a cue that is a noun (座谈会, 调研报告, 培训班) needs a verb before it
        if NOUN_CUE.search(text[cue.start:cue.end]):
            return None
        if VERB_FIRST_HEAD.fullmatch(head) and len(NON_HAN.sub("", obj_after)) >= 2:
            return cue.end, cl[1]
        return None

    def _reports(self, cue: Cue, hi: int, clauses: Clauses) -> tuple[list[tuple[int, int]], int]:
        """The reports heard after 听取审议: one per 报告/汇报 in the list that follows."""
        text = self.text
        items: list[tuple[int, int]] = []
        pos = cue.end
        start = pos
        while pos < hi:
            cl_end = clauses.end_from(pos)
            part = text[pos:cl_end]
            found = list(REPORT_ITEM.finditer(part))
            if not found:
                break
            for m in found:
                items += _report_topics(text, start, pos + m.end())
                start = pos + m.end() + 1
            pos = cl_end + (cl_end not in clauses.cuts)
            start = pos
        return items, pos

    def _laws(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """One item per law named in an inspection's object (A法、B条例和《C》 → three)."""
        text = self.text
        titles = [(m.start(), m.end()) for m in re.finditer(r"《[^《》]+》", text[lo:hi])]
        if len(titles) > 1:
            return [(lo + x, lo + y) for x, y in titles]
        obj = text[lo:hi]
        items, a = [], lo
        for m in re.finditer(r"[、和及]|$", obj):
            b = lo + m.start()
            piece = text[a:b].strip()
            piece = re.sub(r"(?:的)?(?:贯彻)?(?:实施|执行)?(?:情况)?$", "", piece)
            piece = re.sub(r"等$", "", piece)
            if piece and LAW_ITEM.search(piece):
                items.append((a, a + len(piece)))
            a = lo + m.end()
        return items if len(items) > 1 else [(lo, hi)]
