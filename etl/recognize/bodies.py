"""Bodies: legislatures, CPPCC committees, party committees, governments and their departments,
courts, procuratorates, special committees, stations, institutions, enterprises, media.

Every mention says how its canonical name is to be formed (``BodyMention.form``):
``region`` (a written region in front: 长春市朝阳区人大常委会), ``level`` (a level word in front:
区人大常委会 → the report's district), ``own`` (bare: 常委会 → the report's own body),
``national`` (党中央), ``named`` (a proper name as written: 杨靖宇干部学院), ``special`` (a
committee of a body named right before it: 政协社法委), ``department`` (区司法局).
"""

from __future__ import annotations

import re

import ahocorasick

from ..lexicon import Lexicon
from ..models import BodyMention
from .common import HAN, LEVEL_CHARS, LOCAL_LEVEL_CHARS, MAIN_LEVEL_CHARS, NUM, SCOPE, STOP, ZH_DIGITS, Boundaries, alt, is_han
from .places import BAD_AFTER, PlaceHit, gazetteer

STOP_CHARS = re.escape("".join(sorted(STOP - {"全"})))
#: After an institution word: a count of that kind (省工程研究中心各20家, 博物馆3座), no name.
KIND_COUNT = re.compile(rf"各?(?:\d+|[{NUM}]+)[家所个座]")


class BodyFinder:
    """Compiled body patterns for one lexicon."""

    def __init__(self, lex: Lexicon, bounds: Boundaries) -> None:
        self.lex = lex
        self.rules = lex.body_rules  # needs_prefix, not_after, own_ok … (schema/lexicon.yaml)
        self.bounds = bounds
        r = self.rules  # the debtor of a bankruptcy case a court took on (受理华信实业破产重整案件)
        self.bankrupt_rx = re.compile(rf"(?:{alt(r.case_verbs)})了?([{HAN}]{{2,12}}?)破产(?:{alt(r.bankruptcy_kinds)})(?:案件|案)")
        self.not_debtor_rx = re.compile(rf"{alt(r.not_debtor_words)}|[{NUM}{STOP_CHARS}{re.escape(r.not_debtor_chars)}]")
        self.core_rx = re.compile(alt(lex.bodies))
        self.national = ahocorasick.Automaton()
        for name, (kind, aliases) in lex.national_bodies.items():
            for surface in [name, *aliases]:
                self.national.add_word(surface, (surface, name, kind))
        self.national.make_automaton()
        states = alt(r.foreign_states) or "(?!)"
        self.foreign_before = re.compile(rf"(?:{states})(?:政府)?$")  # 苏联政府|外交部: that state's ministry
        self.foreign_gov_rx = re.compile(rf"(?:{states})政府")
        #: special committees that name themselves bare (法制委员会, 预算工委), not the generic endings
        self.bare_special_rx = re.compile(alt(w for w in lex.special_committees
                                              if len(w) >= 4 and w not in ("工作委员会", "人大工委")))
        self.special_rx = re.compile(rf"([{HAN}]{{0,8}}?)({alt(lex.special_committees)})(?![{HAN}]{{0,0}}员)")
        dept = [(w, k) for k, ws in lex.department_suffixes.items() for w in ws]
        self.dept_kind = dict(dept)
        self.dept_rx = re.compile(rf"([{HAN}“”]{{0,14}}?)({alt(w for w, _ in dept)})")
        self.level_posts = tuple(p for p in lex.posts if p[0] in LOCAL_LEVEL_CHARS and p[1] != "委")
        self.unit_parent = {w: core for core, ws in lex.body_units.items() for w in ws}
        self.unit_rx = re.compile(alt(self.unit_parent) or r"(?!)")
        named = [(w, k) for k, ws in lex.named_body_suffixes.items() for w in ws]
        self.named_kind = dict(named)
        self.named_rx = re.compile(alt(w for w, _ in named))
        self.not_heads = tuple(lex.named_body_not_heads)
        #: words of a statistic (人均) that make a name a kind
        self.statistic_words = tuple(lex.activity_rules.statistic_markers)
        self.kind_list_rx = re.compile(rf"、(?:{alt(w for w, _ in named)})(?![{HAN}])|、(?:{alt(w for w, _ in named)})[和及与、等]")
        self.generic_words = tuple(w for w in self.not_heads if len(w) >= 2 and w not in self.rules.place_words)
        #: the lexicon's level words (自治区, 街道, 省 …), longest first
        self.level_words = tuple(sorted(lex.levels, key=len, reverse=True))
        self.cppcc_rx = re.compile(
            rf"(?:中国人民政治协商会议|政协)(?:第[{ZH_DIGITS}]+届)?([{HAN}]{{2,12}}?(?:自治区|[{LEVEL_CHARS}]))(?:第[{ZH_DIGITS}]+届)?"
            rf"委员会(常务委员会)?")  # the term before or after the region: 政协第十届松阳县委员会

    # ------------------------------------------------------------------ entry point

    def find(self, text: str, places: list[PlaceHit]) -> list[BodyMention]:
        chain_start = _chain_starts(places)
        out: list[BodyMention] = []
        out += self._national(text)
        # 英国政府: a foreign state's government, named as written; of no Chinese level, so never a report's issuer
        out += [BodyMention(text=m.group(), start=m.start(), end=m.end(), rule="body.foreign", form="named",
                            body_kind="other", name=m.group()) for m in self.foreign_gov_rx.finditer(text)]
        cores = self._cores(text, chain_start, places)
        out += cores
        out += self._cppcc_full(text)
        standing = _standing_of(text, out)
        taken = {(m.start, m.end) for m in standing}
        out = [m for m in out if (m.start, m.end) not in taken] + standing  # not the report's own 常委会
        out += self._special(text, cores)
        out += self._departments(text, chain_start)
        out += self._units(text)
        out += self._named(text, places)
        out += self._town_committees(text, places)
        out += self._bare_committees(text)
        for m in self.bankrupt_rx.finditer(text):
            if not self.not_debtor_rx.search(m.group(1)):
                out.append(BodyMention(text=m.group(1), start=m.start(1), end=m.end(1), rule="body.debtor",
                                       form="named", body_kind="enterprise", name=m.group(1)))
        for m in re.finditer(r"(?<![A-Za-z])([A-Z]{2,8})(?=机构|公司|集团)", text):  # SGS机构
            out.append(BodyMention(text=m.group(1), start=m.start(1), end=m.end(1), rule="body.named",
                                   form="named", body_kind="institution", name=m.group(1)))
        return out

    def _town_committees(self, text: str, places: list[PlaceHit]) -> list[BodyMention]:
        """新创路街道人大工委: a town's working committee of the district standing committee."""
        out = []
        for p in places:
            if p.level == "town" and text.startswith("人大工委", p.end):
                out.append(BodyMention(text=text[p.start : p.end + 4], start=p.start, end=p.end + 4,
                                       rule="body.special", form="special", body_kind="special_committee",
                                       parent_form="own", parent_core="人大常委会", sub=text[p.start : p.end + 4]))
        return out

    def _bare_committees(self, text: str) -> list[BodyMention]:
        """代表资格审查委员会, 预算工委 named bare: a committee of the report's own congress or CPPCC
        (resolve decides which, from the report's kind; a longer mention naming its body wins)."""
        out = []
        for m in self.bare_special_rx.finditer(text):
            s = m.start()
            if s > 0 and is_han(text[s - 1]) and not self.bounds.ends_at(text, s):
                continue
            out.append(BodyMention(text=m.group(), start=s, end=m.end(), rule="body.special.bare", form="special",
                                   body_kind="special_committee", parent_form="own", sub=m.group()))
        return out

    # ------------------------------------------------------------------ recognisers

    def _national(self, text: str) -> list[BodyMention]:
        out = []
        for end, (surface, name, kind) in self.national.iter_long(text):
            start = end - len(surface) + 1
            if surface.endswith("部") and text.startswith(tuple("门署分位件队"), end + 1) \
                    or surface.endswith("党") and text.startswith(tuple("员人"), end + 1):
                continue  # 公安部门, 科技部署, 国防部队, 共产党员: a sector, a verb, troops, a member, no body
            if self.foreign_before.search(text, max(0, start - 16), start):
                continue  # 苏联政府外交部, 美国国务院: a foreign state's ministry, no Chinese body
            out.append(BodyMention(text=surface, start=start, end=end + 1, rule="body.national",
                                   form="national", canonical=name, body_kind=kind))
        # 中央和地方 (the centre and the localities) is the central state, not the party centre
        for m in re.finditer(r"(?<![党全])中央(?![和、及与]地方)(?=[和、及与,对]|决策|部署|要求|精神|关于|的)", text):
            out.append(BodyMention(text="中央", start=m.start(), end=m.end(), rule="body.national",
                                   form="national", canonical="党中央", body_kind="party_committee"))
        return out

    def _cores(self, text: str, chain_start: dict[int, int], places: list[PlaceHit]) -> list[BodyMention]:
        out = []
        for m in self.core_rx.finditer(text):
            core = m.group()
            canon, kind = self.lex.bodies[core]
            s, e = m.start(), m.end()
            prefixed = s in chain_start or (s > 0 and text[s - 1] in LOCAL_LEVEL_CHARS)
            if any(text.startswith(x, e) for x in self.rules.not_after.get(core, ())) and not self.special_rx.match(text, e) \
                    and not ((prefixed or text.startswith("各位", s - 2)) and core in ("政协", "人大")) \
                    and not (prefixed and core == "人大常委会" and text.startswith("委员", e)):  # 县人大常委会委员: its member
                continue
            if core in ("委", "党委") and s > 0 and text[s - 1] in "党常":
                continue
            fields: dict[str, str] = {"core": canon, "body_kind": kind}
            start = s
            if s in chain_start:
                start = chain_start[s]
                fields.update(form="region", region=text[start:s])
            else:
                lv = next((w for w in self.level_words if text.startswith(w, s - len(w))), None)
                if lv and not (s - len(lv) > 0 and text[s - len(lv) - 1] in SCOPE) and not _level_word_taken(text, s, lv):
                    start = s - len(lv)
                    fields.update(form="level", level=self.lex.levels.get(lv, lv))
                elif core in self.rules.needs_prefix:
                    continue
                elif core in self.rules.own_ok:
                    if s > 0 and text[s - 1] in "）)":
                        continue  # 各县（市、区）人大常委会: each county's, a class
                    if s > 0 and is_han(text[s - 1]) and core in ("政协", "法院", "检察院", "人民法院", "人民检察院", "院党组") \
                            and not self.bounds.ends_at(text, s) and not text.startswith("各位", s - 2):
                        continue  # 各级人民法院, 两级法院: a class, not the body (各位政协委员: the members of it)
                    fields["form"] = "own"
                else:
                    fields["form"] = "own"
            if start >= 2 and text.startswith("中共", start - 2):
                start -= 2
            out.append(BodyMention(text=text[start:e], start=start, end=e, rule=f"body.core.{fields['form']}", **fields))
        return out

    def _cppcc_full(self, text: str) -> list[BodyMention]:
        """政协松阳县委员会, 政协第十届松阳县委员会, 中国人民政治协商会议长春市朝阳区第十届委员会 (…常务委员会)."""
        out = []
        for m in self.cppcc_rx.finditer(text):
            standing = bool(m.group(2))
            out.append(BodyMention(text=m.group(), start=m.start(), end=m.end(), rule="body.cppcc_full",
                                   form="region", region=m.group(1), core="政协常委会" if standing else "政协",
                                   body_kind="standing_committee" if standing else "cppcc"))
        return out

    def _special(self, text: str, cores: list[BodyMention]) -> list[BodyMention]:
        """A committee named right after its body: 政协社法委, 人大常委会新创路街道人大工委."""
        out = []
        for b in cores:
            if b.core not in ("人大", "人大常委会", "政协"):
                continue
            m = self.special_rx.match(text, b.end)
            if not m or any(c in STOP for c in m.group(1)) or re.search(r"\d", m.group(1)) \
                    or not m.group(1) and m.group(2) in ("工委", "工作委员会"):  # 街道人大工委: the town's, not a committee's
                continue
            out.append(b.model_copy(update={
                "text": text[b.start : m.end()], "end": m.end(), "rule": "body.special", "form": "special",
                "body_kind": "special_committee", "sub": m.group(), "parent_core": b.core, "parent_form": b.form}))
        return out

    def _departments(self, text: str, chain_start: dict[int, int]) -> list[BodyMention]:
        """区司法局, 乌当区自然资源局, 县政府办公室, 区融媒体中心, 市对接合作工作领导小组."""
        out = []
        level_rx = re.compile(rf"(?<![{''.join(SCOPE)}])(?:{alt(self.level_words)})")
        starts = [(m.start(), m.end(), "level") for m in level_rx.finditer(text)]
        starts += [(cs, s, "region") for s, cs in chain_start.items() if text[s - 1] in LOCAL_LEVEL_CHARS + "道"]
        for ps, pe, how in starts:
            if how == "level":
                word = text[ps:pe]
                if pe < len(text) and text[pe] in BAD_AFTER.get(word, "") and not text.startswith("政府", pe):
                    continue  # 市政设施, but 市政府办公室
                if ps > 0 and is_han(text[ps - 1]) and not self.bounds.ends_at(text, ps) and ps not in chain_start.values():
                    continue
                if text.startswith(self.level_posts, ps):
                    continue  # 县长李明华兼任…委员会: a post title (县长, 市长), no department's level word
            m = self.dept_rx.match(text, pe)
            if not m:
                continue
            head, suffix = m.group(1), m.group(2)
            if not head and len(suffix) < 4:
                continue
            if any(c in STOP for c in head) or re.search(r"人大|政协|法院|检察院|委员|代表|党组", head) \
                    or head.count("“") != head.count("”"):  # 省博物馆“故宫厅”: a hall's quoted name, no bureau
                continue
            if re.search(r"政府", head) and suffix not in ("办公室",):
                continue
            if head.startswith(self.rules.founding_verbs):
                continue  # 某镇设立人民法庭: a court being set up in a town, no name
            if suffix == "办" and m.end() < len(text) and is_han(text[m.end()]) or KIND_COUNT.match(text, m.end()):
                continue  # 县X办事, 省工程研究中心各20家: a word, a count of a kind
            if text[m.end() - 2 : m.end()] in self.rules.not_bureau or text.startswith(("面", "势"), m.end()) or "属" in head:
                continue
            kind = self.dept_kind[suffix]
            where = {"region": text[ps:pe]} if how == "region" else {"level": self.lex.levels.get(text[ps:pe], "")}
            out.append(BodyMention(text=text[ps : m.end()], start=ps, end=m.end(), rule="body.department",
                                   form="department", body_kind=kind, rest=text[pe : m.end()], **where))
        return out

    def _units(self, text: str) -> list[BodyMention]:
        """刑事审判庭, 第一检察部, 本院执行局: a unit of the report's own court or procuratorate."""
        out = []
        for m in self.unit_rx.finditer(text):
            s = m.start()
            start = s - 2 if text.startswith("本院", s - 2) else self.bounds.name_start(text, s, 1, 6) or s
            head = text[start:s].removeprefix("本院")
            if any(c in STOP for c in head) or re.search(r"人大|政协|法院|检察院|政府|委|局|厅", head) or \
                    start > 0 and text[start - 1] in LOCAL_LEVEL_CHARS:
                continue
            core = self.unit_parent[m.group()]
            out.append(BodyMention(text=text[start : m.end()], start=start, end=m.end(), rule="body.unit", form="special",
                                   body_kind=self.lex.bodies[core][1], parent_form="own", parent_core=self.lex.bodies[core][0],
                                   sub=head + m.group()))
        return out

    def _named(self, text: str, places: list[PlaceHit]) -> list[BodyMention]:
        """Names ending in an institution word, read back to the word before them."""
        place_end = {p.end: p for p in places}
        place_start = {p.start for p in places}
        out = []
        for m in self.named_rx.finditer(text):
            suffix = m.group()
            kind = self.named_kind[suffix]
            s = m.start()
            if m.end() < len(text) and text[m.end()] in self.rules.named_not_after:
                continue
            if kind == "representative_station":
                p = place_end.get(s)
                if p is None:
                    continue
                start = p.start
                while start in place_end and place_end[start].start < start:
                    start = place_end[start].start
            else:
                start = self.bounds.name_start(text, s, 2, 20, allow="·")
                if start is not None and text.startswith(self.level_posts, start):  # 县长李明华兼任县人民医院…
                    start = next((i for i in range(s - 3, start + 1, -1) if text[i] in MAIN_LEVEL_CHARS), None)
                if start is None:
                    continue
                head = text[start:s]
                if head.startswith(self.not_heads) or head in self.not_heads or head[-1] in "式型化级类" \
                        or head[0] in "家所个座批项类级" \
                        or (start not in place_start and any(w in head for w in self.generic_words)):
                    continue
                if self._generic_name(text, start, m, place_start):
                    continue
                led = start == 0 or text[start - 1] in "\n。;:" or start in place_start or any(
                    text.startswith(w, start - len(w)) for w in self.rules.name_leads) or suffix.endswith("公司") \
                    or text[start - 1] == "、" and (any(b.end == start - 1 for b in out)  # A法庭、B法庭
                                                   or text[start] in MAIN_LEVEL_CHARS)  # 委员、县人民医院副院长
                if not led or (start not in place_start and re.search(rf"[{STOP_CHARS}{NUM}\d]", head)):
                    continue
                if suffix.endswith(self.rules.place_led_only) and (start not in place_start or s in place_end and head[-1] in MAIN_LEVEL_CHARS):
                    continue  # 农业合作社, 北京市学校: a kind, or the schools of a place
                if text.startswith(self.rules.people_words, max((p.end for p in places if p.start == start), default=start)):
                    continue  # 为某地孩子圆梦大学: a place's children, no institution
                if suffix.endswith("中心") and start not in place_start and not re.match(
                        rf"[{MAIN_LEVEL_CHARS}]|全国|[{HAN}]{{2,3}}(?:社区|街道|镇|乡|村)", head):
                    continue
            lv = next((w for w in MAIN_LEVEL_CHARS if text.startswith(w, start) and not
                       any(p.start == start for p in places)), None)
            level = {"level": self.lex.levels[lv], "rest": text[start + 1 : m.end()]} if lv else {}
            out.append(BodyMention(text=text[start : m.end()], start=start, end=m.end(), rule="body.named",
                                   form="named", body_kind=kind, name=text[start : m.end()], **level))
        return out

    def _generic_name(self, text: str, start: int, m: re.Match, place_start: set[int]) -> bool:
        """A kind, not a name: a statistic (人均博物馆拥有量), a list of kinds (博物馆、图书馆), a count
        of the kind (某类中心各20家), one in every unit (县县有图书馆), or two
        names read as one: the suffix repeated without a place after the first (某大学进入世界大学,
        but 某医院三亚医院 is a branch)."""
        head = text[start : m.start()]
        if any(w in head for w in self.statistic_words) or self.kind_list_rx.match(text, m.end()) \
                or KIND_COUNT.match(text, m.end()) or (head[:1] in LEVEL_CHARS and head[1:2] == head[:1]):
            return True  # … or a count of the kind, or every unit (市市有博物馆: a museum in every city)
        inner = head.rfind(m.group())
        if inner < 0:
            return False
        branch = head[inner + len(m.group()):]  # 某医院三亚医院, 某大学附属医院: a branch named by its place
        gaz = gazetteer(self.lex)
        return not branch.startswith("附属") and not any(branch[:n] in gaz.stems or branch[:n] in gaz.units
                                                         for n in range(2, min(len(branch), 8) + 1))


def _standing_of(text: str, found: list[BodyMention]) -> list[BodyMention]:
    """人大及其常委会: the 常委会 is that congress's standing committee (全国人大 → 全国人大常委会)."""
    out = []
    for b in found:
        congress = b.core == "人大" or b.canonical == "全国人大"
        if not congress or not text.startswith("及其常委会", b.end):
            continue
        s = b.end + 2
        update = {"text": "常委会", "start": s, "end": s + 3, "rule": "body.standing_of", "body_kind": "standing_committee"}
        update.update({"canonical": "全国人大常委会"} if b.form == "national" else {"core": "人大常委会"})
        out.append(b.model_copy(update=update))
    return out


def _chain_starts(places: list[PlaceHit]) -> dict[int, int]:
    """End offset of every place chain → where the chain starts (长春市朝阳区 ends → 长春市 start)."""
    by_end = {p.end: p.start for p in places}
    out = {}
    for end, start in by_end.items():
        s = start
        while s in by_end and by_end[s] < s:
            s = by_end[s]
        out[end] = s
    return out


def _level_word_taken(text: str, s: int, lv: str) -> bool:
    """The level word belongs to a word before it (城市政府, 地区政府 → 市/区 is not a prefix)."""
    p = s - len(lv)
    return p > 0 and (text[p - 1 : p + 1] in ("城市", "地区", "社区", "小区", "园区", "城区", "辖区", "景区", "街区", "全市", "全区")
                      or text[p - 1] == "团")  # 团县委: the youth league's committee, not the party's
