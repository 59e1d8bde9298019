"""How a count's list item reads: the cue that types it, where the item ends, whether it states
a statistic rather than a thing done (a title earned among them), a running total or a count of laws (a mixin of ``activities.ActivityExtractor``, which
holds the report's text, rules and consumed clauses)."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cached_property

from ..hanzi import UNIT_CHARS
from .cues import FILLER_HEAD, LAW_TITLE, NON_HAN, Cue, clause_bounds
from .layout import BREAK, strip_lead
from .numbers import Quantity

WHOLE_REGION = re.compile(rf"^全(?:国|[{UNIT_CHARS}])$")
# an item opening with 有 (there are) and a relative clause (有经济贸易关系的国家和地区178个, 还有…的建设单位六千多个)
# states a stock; not 有关, 有效, 有序 … (adverbs and adjectives made with 有)
EXISTENTIAL = re.compile(r"(?:还|已|共|仍)?有(?!关|效|序|力|机|罪|助于|利于|所)[^,;。、]*的")
MODIFIER_AFTER = re.compile(r"[\u4e00-\u9fff]{1,4}的")  # 四个现代化的…: the count names a thing that modifies a noun
ADVERBIAL_UNITS = ("次", "轮")  # units that only tell how often a thing is done, never measure a noun
TERTIARY = "产业"  # 三次产业: the primary, secondary and tertiary sectors, no occasions
LEVEL_RANK = {"province": 0, "city": 1, "county": 2, "town": 3}
#: rule activity.other_region: places (天津、山东) opening a clause or its sentence as its subject
PLACE_JOIN = "、和与及"


class CountItems:
    """The list-item rules of ``ActivityExtractor``."""

    def _item_end(self, pos: int, clause_end: int, rest: list[Quantity]) -> int:
        """Where the list item that goes on after a count ends: at the next 、 or count."""
        k = self.text.find("、", pos, clause_end)
        nxt = next((x.start for x in rest if x.start >= pos), clause_end)
        return min(k if k >= 0 else clause_end, nxt)

    def _plain_statistic(self, q: Quantity, wlo: int, cl: tuple[int, int], region_wide: bool) -> bool:
        """Whether a count no activity cue types states a statistic rather than a thing done:
        told with a level or result word (增至3022家, 新增就业17万人, 4家企业上榜, 建设项目是七百一十六个,
        完工的有四个, 企业超1.5万家), as what there is (有经济贸易关系的国家和地区178个), or written in Chinese numerals without a verb of doing
        (四项基本原则, 从五个方面, 两条道路: structure and slogans). People at a level count as a statistic
        only in a ``region_wide`` report (a government's), which tells its region's figures."""
        item = self.text[wlo:q.num_start]
        just_before = item.rstrip("共计约近超逾")
        if just_before.endswith(self.r.statistic_just_before) or self._at_level(q, item, region_wide) \
                or any(w in item for w in self.r.statistic_predicates) or self._received(item) or self._title_earned(q, item) \
                or self._state_or_reach(q, item, just_before, cl, region_wide) or self._population(q, just_before) \
                or EXISTENTIAL.match(item, strip_lead(item)):
            return True
        if q.chinese:  # an enumeration, unless it counts occasions (三次提高…) or a verb of doing governs it,
            # not one inside a modifier (推动…进程的八项主张) nor one modifying a noun (建设四个现代化的强国)
            return q.unit not in self.r.occasion_units and (
                item.endswith("的") or bool(MODIFIER_AFTER.match(self.text, q.end))
                or not any(v in item for v in self.r.doing_verbs))
        tail = re.match(r"[^,;:。!?、]*", self.text[q.end:cl[1]]).group()
        opening = self.text[cl[0]:q.num_start]  # a list's first item carries the verb of all (新建A7个、省级B5个)
        ranked = FILLER_HEAD.sub("", opening[strip_lead(opening):]).startswith(self.r.rank_prefixes) \
            and not any(v in opening for v in self.r.doing_verbs)
        return any(w in tail for w in self.r.statistic_results) or (ranked and not NON_HAN.sub("", tail))

    def _part_of_figure(self, q: Quantity, figure: int, statistic: int, counted: int, cl: tuple[int, int]) -> bool:
        """Rule figure.statistic: an uncued count after a figure with no count done between is part of
        it when it opens with 其中 (总量2.53亿人,增长4.4%,其中,外出农民工1.59亿人), or when it goes on
        the list of a statistic in its clause with no verb of doing (10个A、5个B、28个C在川布局;
        分别增加860万人和880万人)."""
        if figure <= counted:
            return False
        between = self.text[figure:q.num_start]
        if between.lstrip(" ,;:、").startswith("其中"):
            return True
        return cl[0] <= statistic == figure and q.unit not in self.r.occasion_units \
            and not any(v in between for v in self.r.doing_verbs + self.r.light)  # 两次降低…、两次下调…: done

    def _told(self, lo: int, hi: int) -> bool:
        """Rule activity.instruction: a sentence telling what should be done (各级政府要…开展…, 要加强…)."""
        return bool(self.r.instruction.match(self.text, lo + strip_lead(self.text[lo:hi]), hi))

    def _population(self, q: Quantity, just_before: str) -> bool:
        """Rule statistic.population: people counted as a population (近13亿人口, 14亿人口的大国, 人口13亿)."""
        return q.unit in self.r.person_units and (self.text.startswith(self.r.population, q.end - len(q.unit))
                                                  or just_before.endswith(self.r.population))

    def _received(self, item: str) -> bool:
        """An approval received (获批美丽河湖7个), not one to build (获批建设…2家: done)."""
        for w in self.lex.activity_rules.received_markers:
            i = item.rfind(w)
            if i >= 0 and not item[i + len(w):].startswith(self.r.doing_verbs):
                return True
        return False

    def _title_earned(self, q: Quantity, item: str) -> bool:
        """Rule statistic.title: a title or rank earned (成功创建65个全国…示范典型, 新创建全国文明城市13个,
        创建3个千亿级产业集群) is a result the places or things reached, not a thing the body did."""
        words = self.lex.activity_rules
        at = max((item.rfind(w) + len(w) for w in words.title_earning_verbs if w in item), default=-1)
        tail = re.match(r"[^,;:。!?、，；：！？]*", self.text[q.end:q.end + 24]).group()
        if any(w in item or w in tail for w in words.certified_titles):  # 绿色工厂510个: certified, rule statistic.title
            return True
        if at < 0:
            return False
        return any(w in item[at:] or w in tail for w in words.title_words)

    def _state_or_reach(self, q: Quantity, item: str, just_before: str, cl: tuple[int, int], region_wide: bool) -> bool:
        """Rules statistic.state, statistic.participants, statistic.where: what things are doing
        (运行航线75条、境外航线99条, 通航城市116个: the list's first verb carries the rest), people
        who take part in a region (居民参加医保43万人次, unless the body organises them), and the
        places where a thing named before 在 happens (合作在100多个国家和地区展开), unless a verb of
        doing follows (改革在8个省试点)."""
        words = self.lex.activity_rules
        opening = self.text[cl[0]:q.num_start]
        if opening[strip_lead(opening):].startswith(tuple(words.state_verbs)) \
                or item.lstrip("、和及与").startswith(tuple(words.state_verbs)):
            return True
        if region_wide and q.unit in self.r.person_units and any(w in item for w in words.participation_verbs) \
                and not any(v in item for v in self.r.organisers if len(v) > 1 and v not in words.participation_verbs):
            return True
        rest, subject = self.text[q.end:cl[1]], NON_HAN.sub("", just_before[:-1])  # its subject before 在
        return just_before.endswith("在") and len(subject) >= 2 and not any(v in rest for v in self.r.doing_verbs + self.r.light)

    @cached_property
    def _foreign_places(self) -> list[tuple[int, int]]:
        """Spans of the places at the report's level or above that are not its own region nor
        one it lies in (another province in a province's report)."""
        ctx = self.bodies.ctx
        own = [LEVEL_RANK[lv] for lv, name in ctx.levels.items() if lv in LEVEL_RANK and name == ctx.region]
        if not ctx.region or not own:
            return []
        mine = set(ctx.levels.values())
        return sorted((p.start, p.end) for p in ctx.places
                      if p.known and LEVEL_RANK.get(p.level, 9) <= max(own) and p.full not in mine
                      and not ctx.region.endswith(p.full) and p.full not in ctx.region)

    def _other_region_acts(self, sent_lo: int, clause_lo: int) -> bool:
        """Whether the clause, or the sentence a subjectless clause goes on, opens with places of
        another region as its subject (浙江省投入…、实施帮扶项目781个 in Sichuan's report; 天津、
        山东对口协作,累计…实施项目7956个 in Gansu's): that region acts, not the reporting body."""
        spans = self._foreign_places
        if not spans:
            return False
        for a in dict.fromkeys((clause_lo, sent_lo)):
            k = a + strip_lead(self.text[a:a + 32])
            j, opened = bisect_left(spans, (k, 0)), False
            while j < len(spans) and spans[j][0] in (k, k + 1) and (k == spans[j][0] or self.text[k] in PLACE_JOIN):
                k, j, opened = spans[j][1], j + 1, True
            if opened:
                nxt = self.text[k:k + 1]
                return bool(re.match(r"[\u4e00-\u9fff]", nxt)) and nxt not in "的等" + PLACE_JOIN
            if not FILLER_HEAD.match(self.text[k:k + 4]) and not self.text.startswith(self.r.doing_verbs + self.r.light, k):
                break  # a clause with a subject of its own
        return False

    def _named_unit_acts(self, clause_lo: int, num: int) -> bool:
        """Rule activity.unit_subject: a clause opening with a zone, laboratory, park or platform as its subject
        (辽西先导区承接…项目131个, X实验室攻克…技术12项, X产业园落地项目31个, X平台服务客户122万次): that
        unit did the counted thing, or it is the unit's outcome, not the body's doing."""
        k = clause_lo + strip_lead(self.text[clause_lo:num])
        k += len(FILLER_HEAD.match(self.text, k).group()) if FILLER_HEAD.match(self.text, k) else 0
        m = self._unit_subject_rx.match(self.text, k, num)  # not the object of a lead (依托X平台调解…)
        return bool(m) and not any(v in m.group(1) for v in self.r.doing_verbs + self.r.light) \
            and not m.group(1).startswith(tuple(self.lex.body_rules.name_leads))

    @cached_property
    def _unit_subject_rx(self) -> re.Pattern:
        words = sorted(self.lex.activity_rules.unit_subject_suffixes, key=len, reverse=True)
        return re.compile(rf"([\u4e00-\u9fff“”()（）]{{1,12}}?)(?:{'|'.join(map(re.escape, words))})(?=[\u4e00-\u9fff])(?![的等和与及])")

    def _passive_agent(self, clause_lo: int, num: int) -> str | None:
        """Rule activity.passive_agent: a body after 经 that passed what is counted (经全国人大常委会
        审议和通过了11项法律 in the State Council's report) is the one that acted; so is a body the
        reporting one helped make the counted laws (配合市人大出台地方性法规20件: the congress enacted)."""
        head, words = self.text[clause_lo:num], self.lex.activity_rules
        i, j = head.rfind("经"), max(head.rfind(w) for w in words.assisting_verbs) if words.assisting_verbs else -1
        if i >= 0 and head.endswith(tuple(words.passive_agent_verbs)):
            at = clause_lo + i + 1
        elif j >= 0 and self._counts_laws(clause_lo, num):
            at = clause_lo + j + len(next(w for w in words.assisting_verbs if head.startswith(w, j)))
        else:
            return None
        found = self.bodies.within(at, num)
        return found[0][2] if found and found[0][0] == at else None

    def _members_propose(self, typ: str, sent_lo: int, num: int, actor: str | None) -> bool:
        """Rule activity.members_propose: proposals members put forward (政协委员…提出提案3397件) are
        the CPPCC's, not the doing of another body reporting them, which handles (办理) proposals."""
        head, words = self.text[sent_lo:num], self.lex.activity_rules
        return typ == "proposal" and self.bodies.kind(actor) != "cppcc" and "委员" in head \
            and any(w in head for w in words.proposing_verbs) and not any(w in head for w in words.handling_verbs)

    def _running_total(self, sent_lo: int, item_lo: int, num: int, period: str | None) -> bool:
        """Whether a count told as a running total (累计创建…42个) is dated to one year it spans
        beyond: in a report that reviews a span of years too; a total within the year (全年累计,
        一年来累计) or over a span (五年来…累计) is kept."""
        words = self.lex.activity_rules
        if not self._spans_reviewed or not period or "-" in period or not any(w in self.text[item_lo:num] for w in words.running_total_markers):
            return False
        return not any(w in self.text[sent_lo:num] for w in words.within_year_markers)

    def _counts_laws(self, item_lo: int, num: int) -> bool:
        """A count right after a law kind (法规草案8部, 政府规章12件, 法律议案50件) counts laws."""
        head = self.text[item_lo:num].rstrip("共计约近超逾")
        return head.endswith(tuple(self.lex.activity_rules.law_objects))

    def _at_level(self, q: Quantity, item: str, region_wide: bool) -> bool:
        """A count right after a level word (上市公司达288家, 研发人员达159万人, 企业超1.5万家) with no verb
        of doing in its item (解决问题超1.3万个 is done) and no people who act for the body
        (代表达4600余人 took part)."""
        if not item.rstrip("共计约近").endswith(self.r.thing_level_before):
            return False
        if q.unit in self.r.occasion_units or any(v in item for v in self.r.doing_verbs):
            return False  # 送戏下乡超8万场: occasions are held
        return q.unit not in self.r.person_units or region_wide and not any(
            w in item for w in self.r.acting_people + self.r.organisers)

    def _things_as_subject(self, q: Quantity, wlo: int, cl: tuple[int, int], region_wide: bool) -> bool:
        """Whether an uncued count opens its clause as the subject of a predicate of its own
        (191家企业营业收入超百亿元, 36个市县隐性债务清零, 1334万人参保, 7.6万名儿童享受免费教育): what
        those things or people did or became, not what the body did. A subset of the previous
        count (其中3篇获批示) and people who act for the body (173名人大代表联系选民) are still the body's; people
        are a statistic only in a ``region_wide`` report (a court's 400余名职工保住了饭碗 is its work)."""
        head = self.text[wlo:q.num_start]
        lead = strip_lead(head)
        if head.lstrip(" ,、").startswith("其中") or WHOLE_REGION.sub("", NON_HAN.sub("", head[lead:])):
            return False  # (全省)1334万人参保 opens its clause
        rest = NON_HAN.sub("", self.text[q.end:cl[1]])
        if q.unit in ADVERBIAL_UNITS and not self.text.startswith(TERTIARY, q.end):
            return False  # 两次下调利率, 5次调高…标准: how often the body did it
        if q.unit in self.r.person_units:
            return region_wide and len(rest) >= 2 and not any(w in rest[:8] for w in self.r.acting_people)
        return len(rest) >= 6

    def _heads_phrase(self, cue: Cue, clause_end: int) -> bool:
        """Whether a cue after the number heads its phrase (5次专题协商会) rather than qualifies a
        noun (22个基层立法联系点)."""
        rest = self.text[cue.end:clause_end]
        if re.match(r"^[\u4e00-\u9fff]{0,4}(?:会|活动|班|讲座|学习|培训)(?![\u4e00-\u9fff])", rest):
            return True
        return not re.fullmatch(r"[\u4e00-\u9fff]{1,4}", rest)

    def _title_type(self, pos: int, clause_end: int) -> str | None:
        """两项《决定》: a count followed by a title is typed by the title's kind."""
        m = re.match(r"《([^》]*)》", self.text[pos:clause_end])
        if not m:
            return None
        if re.search(r"决定|决议", m.group(1)):
            return "resolution"
        return "legislation" if LAW_TITLE.search(m.group(1)) else None

    def _later_type(self, masked: str, pos: int, hi: int, rest: list[Quantity]) -> str | None:
        """A list of counted places closed by one verb: 深入…6个县区,12家企业,…进行了深入调研."""
        end = rest[-1].end if rest else pos  # the verb closes the whole list
        cues = [c for c in self.r.cues.find(masked, max(pos, end), hi)]
        for c in cues:
            if re.search(r"(?:进行|开展)了?[\u4e00-\u9fff]{0,2}$", self.text[max(pos, c.start - 6):c.start]):
                self._consumed.add(clause_bounds(self.text, pos, hi, c.start, c.end))
                return c.type
        return None

    def _topic_clause_type(self, masked: str, lo: int, clause_start: int) -> str | None:
        """The type named by a bare topic clause just before (信访工作,全年接待群众32批次…)."""
        a = clause_start - 1
        b = a
        while a > lo and self.text[a - 1] not in BREAK:
            a -= 1
        head = self.text[a:b]
        if len(head) - strip_lead(head) > 10:
            return None
        cues = [c for c in self.r.cues.find(masked, a, b) if not self.text.startswith(self.r.subject_after, c.end)]
        return cues[-1].type if cues else None
