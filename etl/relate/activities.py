"""Activities (counted and named things a body did) and the other figures a report states.

A counted activity is a quantity with a counting unit in a sentence that is not a plan, a
caption or a statistic: ``召开常委会会议8次``, ``听取审议专项工作报告20项``. Its type is the first
activity cue named before the number in its list item (a combined total takes its first
kind), else the cue after it (``召开5次专题协商会``); a bare list item (``办结27件``) continues
the previous one. Its body is the acting body of the passage, the body named as the clause's
subject, or the people's congress when its representatives act (``全区人大代表197人走访…``).
A count repeated in another sentence in about the same words is one activity. Named
activities without a count are in ``named.py``. Money, goods, rates and statistics become
``Figure`` records, and so do full dates.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from ..hanzi import ONE_TO_TEN
from ..lexicon import Lexicon
from ..models import Activity, Evidence, Figure, Segmented
from ..resolve import EvidenceIndex
from ..segment import DATE
from .actors import ClauseActors
from .layout import WRITTEN_YEAR, Bodies, Layout, year_written
from .cues import FILLER_HEAD, FILLER_TAIL, NON_HAN, Clauses, Counted, clause_bounds, mask_quotes, rules_for
from .items import CountItems
from .named import NamedActivities
from .numbers import Quantity
from .periods import Periods, last_year

SESSION_AFTER = ("会议", "全会", "全体会议", "常委会议", "代表大会", "党代会")
# a government's sentence opening with this year (今年,要…; not 今年以来) tells the coming year's plan
COMING_YEAR_LEAD = re.compile(r"\s*今年(?!以来)[^。;]*?要")
ORDINAL_LIST = re.compile(rf"第[{ONE_TO_TEN}\d]{{1,3}}[、和至到-]$")  # 第一、二轮: ordinals listed, no count
# after a count in Chinese numerals: it names what an anniversary is of (和平共处五项原则发表70周年), no count
ANNIVERSARY = re.compile(rf"[\u4e00-\u9fff]{{1,6}}?(?:\d+|[{ONE_TO_TEN}百]+)周年")


class ActivityExtractor(NamedActivities, CountItems, ClauseActors):
    """Counted and named activities and figures of one report."""

    def __init__(self, seg: Segmented, layout: Layout, bodies: Bodies, ev: EvidenceIndex, period: str | None,
                 lex: Lexicon) -> None:
        self.seg = seg
        self.text = seg.document.text
        self.layout = layout
        self.bodies = bodies
        self.ev = ev
        self.period = period
        self.periods = Periods(period)
        self._spans_reviewed = any(p and "-" in p for p in layout.section_period)  # 2025年和“十四五”时期
        self.lex = lex
        self.r = rules_for(lex)
        self.activities: list[Activity] = []
        self.figures: list[Figure] = []
        self._seen_counted: dict[tuple, list[tuple[int, set[str]]]] = {}
        self._seen_named: set[tuple] = set()
        self.extra_bodies: dict[str, str] = {}  # bodies named by the rules, not by the recogniser
        self._consumed: set[tuple[int, int]] = set()  # clauses whose verb typed a counted list
        self._evidence_cache: dict[tuple, tuple[Evidence, ...]] = {}
        self.people: list[tuple[int, int, str]] = []  # person mentions (start, end, name)
        self.person_starts: list[int] = []
        self.representatives: frozenset[str] = frozenset()  # people the report calls representatives

    def know_people(self, people: list[tuple[int, int, str]], representatives: set[str]) -> None:
        self.people = sorted(people)
        self.person_starts = [p[0] for p in self.people]
        self.representatives = frozenset(representatives)

    # ------------------------------------------------------------------ helpers

    def _evidence(self, start: int, end: int, rule: str) -> tuple[Evidence, ...]:
        """The sentence's evidence; facts of one sentence share it (computed once per rule)."""
        sent = self.ev.sentence(start)
        key = (sent.start, sent.end, rule) if sent and sent.end >= end else (start, end, rule)
        found = self._evidence_cache.get(key)
        if found is None:
            found = self._evidence_cache[key] = (self.ev.evidence(start, end, rule),)
        return found

    def _period(self, i: int, clause: str | None = None) -> str | None:
        """The period of a fact in sentence ``i`` (``periods.Periods.of``)."""
        return self.periods.of(self.seg.sentences[i].text, clause, self.layout.section_period[i])

    def _later_year(self, item: str) -> bool:
        """Whether a count's item names a year after the one the report reviews (2026年10件民生实事)."""
        year = last_year(self.period)
        return bool(year) and any(year_written(m.group()) > year for m in WRITTEN_YEAR.finditer(item))

    def _date(self, sent_text: str) -> str | None:
        m = DATE.match(sent_text.lstrip("—- "))
        if not m:
            return None
        y, mo, d = (int(x) for x in m.groups())
        return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None

    def _topic(self, lo: int, hi: int, fallback: tuple[int, int] | None = None) -> str | None:
        t = FILLER_TAIL.sub("", FILLER_HEAD.sub("", self.text[lo:hi].strip()))
        if (len(t) < 2 or t in self.r.light) and fallback:
            t = FILLER_TAIL.sub("", FILLER_HEAD.sub("", self.text[fallback[0]:fallback[1]].strip()))
        return t or None

    def _add_body(self, name: str | None, kind: str | None) -> None:
        if name and name not in self.bodies.kinds and kind:
            self.extra_bodies.setdefault(name, kind)

    # ------------------------------------------------------------------ counted

    def _is_count(self, q: Quantity, lo: int, masked: str, sent_lo: int) -> bool:
        """Whether a quantity counts something (not an ordinal, a session, a year or a slogan)."""
        text = self.text
        if masked[q.num_start - sent_lo] == "□":
            return False
        head = text[max(lo, q.num_start - 3):q.num_start]
        if head.endswith(self.r.not_count_before) or ORDINAL_LIST.search(text, max(lo, q.num_start - 6), q.num_start):
            return False
        if text.startswith(self.r.structure_nouns, q.end) or \
                any(text.endswith(n + "中有", lo, q.num_start) for n in self.r.structure_nouns):
            return False  # 15个方面的重点任务, 59项测评点中有22项: the structure of a text, measures
        if text.endswith(("以上", "以下"), q.start, q.end) and NON_HAN.sub("", text[q.end:q.end + 1]):
            return False  # 20户以上自然村: a threshold of what follows, no count
        if q.chinese and (q.value < 2 or text.startswith(SESSION_AFTER, q.end) or text[q.end:q.end + 1] in "届大级"):
            return False
        if q.chinese and q.unit not in self.r.occasion_units and ANNIVERSARY.match(text, q.end):
            return False
        if q.chinese and len(text[q.num_start:q.end]) - len(q.unit) == 1 and q.value >= 10 and not q.approx:
            return False  # a lone 十/百/千/万 is an idiom (千家万户), unless 万余人次
        if q.unit == "年":  # 连续三年听取…: a count of years only before an activity
            return text[max(lo, q.start - 3):q.start].endswith(self.r.year_count) and \
                bool(self.r.cues.rx.search(masked, q.end - sent_lo, min(len(masked), q.end - sent_lo + 16)))
        return True

    def counted(self, i: int, lo: int, names) -> list[Counted]:
        # Long: one list item after another, each typed and attributed from the previous one (cont/prev); splitting it would pass that state around.
        sent = self.seg.sentences[i]
        text = self.text
        hi = sent.end
        masked_s = mask_quotes(text, lo, hi, names)  # numbers inside names are not counts
        masked = self._masked  # cues inside titles are not the sentence's
        actor = self.layout.actor[i]
        region_wide = self.bodies.kind(actor) == "government"  # a government tells its region's statistics
        period_of = {}
        date = self._date(sent.text)
        made: list[Counted] = []
        prev: Counted | None = None
        led = False  # a count in the sentence was the leader's
        last_figure = last_statistic = -1  # where the last quantity read as a figure (a statistic) ends
        quantities = [q for q in self.r.quantities.find(text, lo, hi)]
        clauses = Clauses(masked, lo, hi)
        for n, q in enumerate(quantities):
            cl = clauses.around(q.start, q.end)
            if not self._is_count(q, cl[0], masked_s, lo):
                continue
            nxt = quantities[n + 1] if n + 1 < len(quantities) else None
            if nxt and 0 < nxt.start - q.end <= 4 and re.fullmatch(r"[^\W\d对向在为和与及]+", text[q.end:nxt.start]) \
                    or nxt and re.fullmatch(r"[\u4e00-\u9fff]{1,8}的", text[q.end:nxt.start]):
                continue  # 6个层面10余场座谈会, 纳入102项重大工程的285个项目: the first number only qualifies the second
            clause = text[cl[0]:cl[1]]
            if q.unit in self.r.quantities.figure_units or any(w in clause for w in self.r.statistic):
                self._figure(q, cl, i)
                last_figure = q.end
                continue
            same_clause = prev is not None and prev.clause == cl
            # a list item starts after the previous count, and after the cue that typed it from behind
            # (组织开展2次专题询问、11项专题调研)
            wlo = max(prev.end, prev.cue_end) if same_clause else cl[0]
            cues = [c for c in self.r.cues.find(masked, cl[0], cl[1])
                    if not text.startswith(self.r.subject_after + self.r.noun_after, c.end)]
            before = [c for c in cues if wlo <= c.start < q.num_start]
            after = [c for c in cues if c.start >= q.end and self._heads_phrase(c, cl[1])]
            item_end = self._item_end(q.end, cl[1], quantities[n + 1:])
            own_after = [c for c in after if c.start < item_end]  # 2次专题询问、11项专题调研
            after = own_after or after  # the head noun ends its item
            window = text[wlo:q.start].strip(" ,、和及与")
            han = len(NON_HAN.sub("", window))
            tail = len(NON_HAN.sub("", text[q.end:cl[1]]))
            # a bare list item (办结27件, 其中…的101件, 32批次35人次) counts more of the same thing;
            # one with a predicate of its own (其中3篇获领导批示) does not
            bare = (han <= 2 and tail <= 4) or window.endswith("的") or \
                (prev is not None and han <= 6 and q.unit == prev.activity.unit and tail <= 4)
            cont = prev is not None and (window.endswith("的") or not own_after and (bare or (tail <= 4 and any(
                w in text[prev.end:q.start] for w in self.r.continuation))))
            body = actor
            cued = True
            if before:  # the first kind named; a verb that takes its object's kind (受理来信来访) yields
                typ = next((c.type for c in before if text[c.start:c.end] not in self.r.object_kind_verbs),
                           before[0].type)
            elif cont and prev is not None:
                typ, cued = prev.activity.type, prev.cued
            elif after:  # a count of laws (9件地方性法规提请…审议通过) is legislation whatever verb follows
                typ = "legislation" if after[0].start == q.end and after[0].type == "legislation" else after[-1].type
            else:
                typ = self._title_type(q.end, cl[1]) or \
                    (self._topic_clause_type(masked, lo, cl[0]) if prev is None else None) or \
                    self._later_type(masked, cl[1], hi, [x for x in quantities[n + 1:]
                                                         if x.unit != q.unit and self._is_count(x, lo, masked_s, lo)])
                cued, typ = typ is not None, typ or "other"
            if self._counts_laws(wlo, q.num_start):
                typ = "legislation"  # 提请省人大常委会会议审议地方性法规草案8部: the laws, not the meeting
            if any(t in clause for t in self.r.leader_titles) or led and not NON_HAN.sub("", text[cl[0]:q.num_start]):
                led = True  # a clause opening with its count goes on the leader's (…三次亲临青海考察,两次参加…审议)
                continue  # 总书记两次莅临考察, …三次亲临青海考察: the leader's visits, not the body's
            if any(t in text[wlo:q.start] for t in self.r.planned) or self._later_year(text[cl[0]:q.start]) or (
                    region_wide and (any(t in text[cl[0]:q.start] for t in self.r.coming_year)
                                     or COMING_YEAR_LEAD.match(text, lo, q.start))):
                continue  # 今年也要再减少…1000万人, 2026年10件民生实事, 今年,要…扫除文盲300万人: planned, not done
            if cl not in period_of:
                period_of[cl] = self._period(i, clause)
            if self._running_total(lo, cl[0], q.start, period_of[cl]):
                self._figure(q, cl, i, "figure.running_total")
                last_figure = q.end
                continue
            part_of_figure = self._part_of_figure(q, last_figure, last_statistic, prev.end if prev else -1, cl)
            if not cued and (part_of_figure or self._plain_statistic(q, wlo, cl, region_wide)
                             or self._things_as_subject(q, wlo, cl, region_wide)):
                self._figure(q, cl, i, "figure.statistic")
                last_figure = last_statistic = q.end
                continue
            organised = typ in self.r.organised_person_types and any(v in text[cl[0]:q.start] for v in self.r.organisers)
            if q.unit in self.r.person_units and typ not in self.r.person_types and not organised:
                typ = "other"
            subj = self._subject(lo, cl[0], cl[1], actor)
            if (agent := self._passive_agent(cl[0], q.num_start)) and agent != actor:  # 经…审议通过11项法律
                subj, typ = agent, "legislation" if re.search(r"法律|法规|条例", clause) else typ
            if subj:
                body = subj
            if self._other_organ_acts(cl[0], actor, subj) or self._other_region_acts(lo, cl[0]) \
                    or (not subj and self._named_unit_acts(cl[0], q.num_start)) \
                    or self._members_propose(typ, lo, q.num_start, actor):
                continue  # 法院审结4713件 in a procuratorate's report, 浙江省投入…实施项目781个 in Sichuan's: theirs
            if cont and prev is not None:  # an item with a verb of its own after a body's made laws is the actor's
                body = prev.carry if before and prev.carry != prev.activity.body else prev.activity.body
            elif body == actor and typ != "training" and self._representatives_act(cl[0], q, cl[1], lo):
                body = self.bodies.people_congress_of(actor) or actor
            elif prev is not None and body == actor and (same_clause or not any(
                    v in text[cl[0]:q.start] for v in self.r.organisers if len(v) > 1)):
                body = prev.carry or prev.activity.body  # the representatives go on acting in the sentence
            if typ == "legislation" and not cont and not self.r.law_word.search(clause):
                typ = "other"  # 废止规范性文件2件: not a regulation
            # deputies' motions and suggestions are the congress's; the next item's subject is not, nor is a body after 经
            carry = actor if agent and agent != actor else body
            if typ == "suggestion" and body == actor and re.search(r"代表|人代会|议案|人大.{0,6}次会议", clause):
                i_rep = text.rfind("代表", cl[0], q.start)
                if not any(v in text[cl[0]:max(cl[0], i_rep)] for v in ("接待", "主任", "邀请")):
                    body = self.bodies.people_congress_of(actor) or actor
            if body is None:
                continue
            self._add_body(body, self.bodies.kind(body) or "people_congress")
            count = q.count
            if count is None:
                self._figure(q, cl, i)
                continue
            noun_after = text[wlo:q.start].endswith(("、", "和", "及")) and len(NON_HAN.sub("", text[q.end:item_end])) > 1
            topic = self._topic(*((q.end, item_end) if noun_after else (wlo, q.start)), (q.end, cl[1]))  # 3个A、5个B和6个C: B, C
            if topic is None and cont and prev is not None:
                topic = prev.activity.topic  # 受理案件520件612人: the same thing counted again
            act = Activity(type=typ, body=body, count=count, unit=q.unit, period=period_of[cl], topic=topic,
                           approx=q.approx, date=date, evidence=self._evidence(q.start, q.end, f"activity.counted.{typ}"))
            c = Counted(act, cl, q.end, cued, after[-1].end if (after and not before and not cont) else q.end, carry)
            prev = c
            made.append(c)  # a repeat still covers its clause (no named activity from it)
            tail = re.match(r"[^,;:。!?、]*", text[q.end:cl[1]]).group()
            item = text[cl[0] if cont else wlo:q.end]  # a continued item (…1.1万件2.2万人) is told by its clause
            if not self._duplicate(act, i, re.sub(r"[\d.]+", "", item + tail)):
                self.activities.append(act)
        return made

    def _duplicate(self, act: Activity, sentence: int, clause: str) -> bool:
        """Layout-repeated passages (and summaries restated later): the same count of the same
        thing in another sentence, its list item told in about the same words, is the same
        activity; a count alone, however large, is not (审结涉恶案件36件 … 审结诈骗案件36件).
        Within one sentence, list items differ."""
        key = (act.type, act.count, act.unit)
        seen = self._seen_counted.setdefault(key, [])
        words = set(clause)
        dup = any(s != sentence and len(words & w) >= 0.5 * len(words | w) for s, w in seen)
        seen.append((sentence, words))
        return dup

    def _figure(self, q: Quantity, cl: tuple[int, int], i: int, rule: str = "figure.quantity") -> None:
        measures = self._topic(cl[0], q.start, (q.end, cl[1]))
        self.figures.append(Figure(value=q.value, unit=q.unit, measures=measures, approx=q.approx,
                                   evidence=self._evidence(q.start, q.end, rule)))

    def dates(self, i: int, lo: int) -> None:
        sent = self.seg.sentences[i]
        for m in DATE.finditer(self.text, lo, sent.end):
            y, mo, d = (int(x) for x in m.groups())
            if not (1 <= mo <= 12 and 1 <= d <= 31):
                continue
            cl = clause_bounds(self.text, sent.start, sent.end, m.start(), m.end())
            measures = self._topic(m.end(), cl[1]) or self._topic(cl[0], m.start())
            self.figures.append(Figure(date=f"{y:04d}-{mo:02d}-{d:02d}", measures=measures,
                                       evidence=self._evidence(m.start(), m.end(), "figure.date")))

    def run(self, law_spans: list[tuple[int, int, str, str]], names: list[tuple[int, int]] = ()) -> None:
        """All activities and figures of the report; numbers inside the ``names`` of entities
        (五里村, 中央八项规定) are not counts."""
        names = sorted(names or [(a, b) for a, b, *_ in law_spans])
        starts = [n[0] for n in names]
        law_spans = sorted(law_spans)
        law_starts = [x[0] for x in law_spans]
        text = self.text
        todo = [(i, sent, max(sent.start, self.layout.caption_end[i])) for i, sent in enumerate(self.seg.sentences)]
        todo = [(i, sent, lo) for i, sent, lo in todo if not self.layout.plan[i] and lo < sent.end and not self._told(lo, sent.end)]
        # every sentence with its titles masked, at its place in one report-long string (the
        # sentences do not overlap; nothing reads outside its own)
        pieces, pos = [], 0
        for _i, sent, lo in todo:
            pieces += [" " * (lo - pos), mask_quotes(text, lo, sent.end)]
            pos = sent.end
        self._masked = "".join(pieces)
        for i, sent, lo in todo:
            counted: list[Counted] = []
            if self.r.quantities.numeral_char.search(text, lo, sent.end) and self.r.quantities.rx.search(text, lo, sent.end):
                j = bisect_left(starts, lo - 40)
                inside = [n for n in names[j:bisect_left(starts, sent.end)] if n[1] > lo]
                counted = self.counted(i, lo, inside)
            k = bisect_left(law_starts, lo)
            laws = law_spans[k:bisect_left(law_starts, sent.end)]
            if laws or self.r.cues.rx.search(text, lo, sent.end):
                self.named(i, lo, counted, laws)
            if "日" in sent.text:
                self.dates(i, lo)
