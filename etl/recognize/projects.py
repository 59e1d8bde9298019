"""Projects: named works, parks, programmes and lines, quoted (“X”工程) or by their suffix.

A project needs a proper name: a quoted one, or a head before its suffix that is more than
words for a kind of work (大中型项目, 农村供水工程, 特色产业园 name a class of works: the
lexicon's ``project_generic_words``), after the verbs and counts written in front of it
(``project_lead_words``: 实施, 新开工, 7条). A project mention (``ProjectMention``) carries its
name as written; resolve drops the quotes and folds the forms of one project together.
"""

from __future__ import annotations

import re

from ..lexicon import Lexicon
from ..models import ProjectMention
from .common import HAN, NUM, STOP, Boundaries, alt, is_han
from .places import PLACE_LEADS, gazetteer

CAMPAIGN = re.compile(rf"(?:实施|开展|启动|推进|深化)([{HAN}]{{2,10}}?行动)(?!计划|方案)")
FACILITIES = ("中心", "园", "馆", "基地", "大桥", "机场", "港", "站", "城")
QUOTED_KINDS = ("专项行动", "行动计划", "行动", "工程", "项目", "协商平台", "平台")
#: A count or a measure in front of a suffix: the name was cut at a number (7条高速公路, 500千伏…工程).
COUNTED = re.compile(rf"^第?[\d{NUM}万亿几多]*(?:条|个|项|座|批|家|处|期|千伏|万千瓦|千瓦|兆瓦|万吨|吨|亿|万)")
#: A quoted name that is only a count and words for a kind of work (“六大工程”, “民生十大工程”, “十大产业项目”;
#: not “四个十大”).
COUNT_ONLY = re.compile(rf"^([{HAN}]{{0,4}}?)[\d{NUM}]+[大项个小张]((?:(?![{NUM}])[{HAN}]){{0,8}}?)(?:工程|专项行动|行动计划|行动|项目)$")
#: What after a quoted name makes it a kind of a noun, not a work (“道路与桥梁工程”专业群, “五个一工程”奖).
QUOTED_NOT_BEFORE = ("奖", "专业", "学科", "课程")
#: A count right after a suffix (建成X产业园12个): the name is a class of works, counted.
COUNT_AFTER = re.compile(rf"[\d{NUM}]+(?:个|家|座|处|条|项|所)")
#: A count or a batch right before a quoted name, maybe with words for its field between (一批“X”项目,
#: 1000个农村“X”项目, 100项“两重”项目): the name is a class of works, counted.
COUNT_BEFORE = re.compile(rf"(?:一批|[\d{NUM}]+(?:个|项|批|座|处|家|条|所))([{HAN}]{{0,6}})$")
#: A head that opens with a phase of a branch (中线一期主体工程): the work it belongs to was named before
#: (海南中线铁路 is a line of its own).
BRANCH_HEAD = re.compile(rf"[东中西南北]线[{NUM}]期")
#: The kind of a line or plant named in a list's tail: its items are their short names (邵永、铜吉等6条高铁,
#: 大湾、盘南等煤电项目).
LINE_KINDS = ("高速公路", "高铁", "铁路", "煤矿", "煤电", "电厂", "水电站", "水库")
#: Words after a list's 等 that say its items are works: 等项目, 等一批百亿级项目, 等7条高速公路.
#: The last letter of a river's, lake's or mountain's name: a list item that is only such a name (苦水河、沙湖等综合治理
#: 工程) says where works are, unless the tail names a line or plant it stands short for (平山湖等煤矿).
FEATURE_ENDS = ("河", "江", "湖", "溪", "湾", "山", "海")
LIST_TAIL = re.compile(rf"等(?!领域|方面|行业)(?:\d+|[{NUM}]+)?(?:个|条|座|家|批|一批)?[{HAN}]{{0,8}}?(?:项目|工程|高速公路|铁路|高铁)")


class ProjectFinder:
    """Compiled project patterns for one lexicon."""

    def __init__(self, lex: Lexicon, bounds: Boundaries) -> None:
        self.lex = lex
        # a project's name may hold a verb of building (长沙机场改扩建主体工程): it is no boundary there
        self.bounds = Boundaries(w for w in lex.name_boundaries if w not in lex.project_name_verbs)
        proj = alt(lex.project_suffixes)
        self.quoted_project_rx = re.compile(rf"“([^“”\n]{{2,20}})”({alt(QUOTED_KINDS)})?")
        self.shared_kind_rx = re.compile(rf"(?:[、和与及]?“[^“”\n]{{2,20}}”)+({alt(QUOTED_KINDS)})")
        self.project_rx = re.compile(rf"(?:{proj})(?!{alt(lex.project_suffix_not_before)})") if lex.project_suffix_not_before \
            else re.compile(proj)
        self.not_heads = tuple(lex.project_not_heads)
        self.kind_list_rx = re.compile(rf"、(?:{alt(w for w in lex.project_suffixes if not w.endswith('期'))})")
        self.name_verbs = tuple(v for v in lex.project_name_verbs if len(v) >= 2)
        self.strategy_rx = re.compile(rf"“([^“”\n]{{2,20}})”(?:{alt(lex.strategy_markers)})") if lex.strategy_markers else None
        self.not_head_rx = re.compile(alt(w for w in lex.project_not_heads if len(w) >= 2))
        self.project_words = tuple(lex.project_suffixes)
        self.quoted_words = (*self.project_words, "实事", "讲堂", "行动")
        self.leads = tuple(sorted(lex.project_lead_words, key=len, reverse=True))
        self.inner_cuts = tuple(w for w in self.leads if len(w) >= 2 and w not in lex.project_name_verbs
                                and w not in lex.project_generic_words)
        self.generic = frozenset(lex.project_generic_words)
        self.generic_len = max(map(len, self.generic), default=1)
        gaz = gazetteer(lex)
        self.places = frozenset(gaz.units) | frozenset(gaz.stems)
        self.list_leads = tuple(sorted((w for w in lex.name_boundaries if len(w) >= 1), key=len, reverse=True))
        self.zones = tuple(lex.zone_suffixes)
        self.visits = tuple(w for w in PLACE_LEADS if len(w) >= 2)
        self.scopes = tuple(lex.project_scopes)
        self.campaign_verbs = tuple(lex.project_campaign_verbs)
        self.run_stops = tuple(w for w in (*self.bounds.words, *self.leads) if len(w) >= 2)

    def find(self, text: str, region_stems: tuple[str, ...]) -> list[ProjectMention]:
        out, quoted = self._quoted(text, region_stems)
        out += self._suffixed(text, quoted)
        out += self._listed_projects(text, region_stems)
        for m in CAMPAIGN.finditer(text):  # 实施健康朝阳行动: a campaign named after a place the document names
            if any(st in m.group(1) for st in region_stems):
                out.append(ProjectMention(text=m.group(1), start=m.start(1), end=m.end(1), rule="project.campaign",
                                          name=m.group(1)))
        for m in re.finditer(rf"(?:轨道交通|地铁|城际铁路)\d+号线(?:[{HAN}]{{1,4}}段)?", text):
            out.append(ProjectMention(text=m.group(), start=m.start(), end=m.end(), rule="project.line",
                                      name=m.group()))
        return out

    # ------------------------------------------------------------------ quoted names

    def _quoted(self, text: str, place_stems: tuple[str, ...]) -> tuple[list[ProjectMention], list[tuple[int, int]]]:
        """“X”工程, “X”项目 …; quoted names in a row share the project word after the last
        (“走找想促”“送解优”行动); a strategy's slogan, a class of projects (“两高”项目) and an
        award (“五个一工程”奖) are none."""
        out: list[ProjectMention] = []
        quoted: list[tuple[int, int]] = []
        strategies = {m.group(1) for m in self.strategy_rx.finditer(text)} if self.strategy_rx else set()
        for m in self.quoted_project_rx.finditer(text):
            inner, kind = m.group(1).strip(), m.group(2) or ""
            if inner in strategies:
                quoted.append((m.start(), m.end()))  # “强龙头”行动 of a “强龙头”战略: a strategy
                continue
            shared = "" if kind else self.shared_kind_rx.match(text, m.end())
            tail = text[m.end() : m.end() + 12]
            named = kind in QUOTED_KINDS[:-1] or shared or inner.endswith(self.quoted_words) \
                or re.match(r"等[^,。;]{0,8}(?:项目|工程)", tail)
            if not named or re.search(r"[,、;。]", inner) or tail.startswith(QUOTED_NOT_BEFORE) \
                    or COUNT_AFTER.match(tail) \
                    or (kind == "项目" and len(inner) <= 2) or self.generic_head(re.sub(r"(?:工程|项目|行动)$", "", inner)):
                continue
            if not kind and not shared and not inner.endswith(self.quoted_words) and m.start() > 0 \
                    and re.match(rf"[{HAN}·]", text[m.start() - 1]):
                continue  # “保交楼” describing the name before it
            # “中华文明探源工程”和“考古中国”项目, “百人计划”、“人才兴链”行动: a name with its own kind takes no shared one
            name = inner + (kind or (shared.group(1) if shared and not inner.endswith((*self.project_words, "计划")) else ""))
            if self.count_only(name) and not any(text.endswith(st, 0, m.start() - k) for st in place_stems for k in (0, 1)):
                continue  # “六大工程”: a count of works, unless a place's own (朝阳区“十大工程”)
            counted = COUNT_BEFORE.search(text, max(0, m.start() - 14), m.start())
            if counted and self.generic_head(counted.group(1)):
                continue  # 组织实施一批“X”项目, 建设1000个农村“X”项目: a class of works, counted
            start = self._quoted_prefix(text, m.start(), len(inner)) if kind else m.start()
            name = text[start : m.start()] + name
            out.append(ProjectMention(text=text[start : m.end()], start=start, end=m.end(), rule="project.quoted", name=name))
            quoted.append((m.start(), m.end()))
        return out, quoted

    def _quoted_prefix(self, text: str, start: int, size: int) -> int:
        """A quoted name keeps the qualifier written right before it: words for its field when the name is
        a short one (绿电“三进”工程; 河湖“清四乱”专项行动 is 清四乱专项行动), the river or lake it is on
        (沙颍河“通港达园”项目); not a verb, a scope word or a division (实施|“两重”项目, 国家|“三北”工程,
        朝阳区|“十大工程”)."""
        if start == 0 or not is_han(text[start - 1]):
            return start
        st = self.bounds.name_start(text, start, 2, 6)
        if st is None:
            return start
        st = self._after_leads(text, st, start)
        pre = text[st:start]
        if len(pre) < 2 or pre.endswith(self.scopes) or pre in self.leads or pre in self.bounds.words \
                or pre in self.places or not (st == 0 or not is_han(text[st - 1]) or text.endswith(self.leads, 0, st)):
            return start  # the qualifier opens after a verb of doing or a mark, not inside a phrase (服务|能力“三年倍增”)
        feature = len(pre) >= 3 and pre.endswith(FEATURE_ENDS) and not self.generic_head(pre[:-1])
        return st if (size <= 2 and self.generic_head(pre)) or feature else start

    # ------------------------------------------------------------------ names before a suffix

    def _suffixed(self, text: str, quoted: list[tuple[int, int]]) -> list[ProjectMention]:
        out = []
        for m in self.project_rx.finditer(text):
            s = m.start()
            start = self.bounds.name_start(text, s, 2, 22, allow="·—0123456789")
            if start is None or any(a <= start < b for a, b in quoted):
                continue
            word = ""
            if start >= 2 and text[start - 1] in self.bounds.words and text[start - 2 : start] in self.generic:
                # a boundary letter ending a word for a kind of work (数|据中心): the name goes on before it
                word = text[start - 2 : start]
                start = self.bounds.name_start(text, start - 2, 1, 20, allow="·—0123456789") or start - 2
            start = self._after_leads(text, self._zone_start(text, self._inner_start(text, start, s)), s)
            joined = self._joined_start(text, start, s)
            if joined != start:
                out.append(ProjectMention(text=text[joined : m.end()], start=joined, end=m.end(), rule="project.suffix",
                                          name=text[joined : m.end()]))
                continue
            head = text[start:s]
            # the name starts inside a word: a kind of work with the letter before it (新就|业促进工程) is none
            cut = start > 0 and "\u4e00" <= text[start - 1] <= "\u9fff"
            if BRANCH_HEAD.match(text, start):
                continue  # …东线一期工程通水,中线一期主体工程完工: a branch whose work is named before it
            if self.kind_list_rx.match(text, m.end()):
                continue  # 川渝省际铁路、高速公路、水路通道达到28条: a list of kinds of works, counted
            if start > 0 and text[start - 1].isascii() and text[start - 1].isalnum() or COUNT_AFTER.match(text, m.end()):
                continue  # cut at a number or a code (3|乡大电网延伸工程, Z4|线一期), or counted after (X产业园12个)
            if head.endswith(self.inner_cuts) or text[start : m.end()] in self.places:
                continue  # the suffix is a verb's object (专项债券用作|项目); a division (苏州工业园区)
            if "行动" in m.group() and head.startswith(self.campaign_verbs):
                continue  # 打击非法捕猎贩卖鸟类专项行动: a campaign described by what it does, unquoted, no name
            if head.startswith(self.not_heads) or self.not_head_rx.search(head) \
                    or any(c in STOP or c in "和" for c in head[self._item_open(text, start):].replace(word or "\n", "")) or len(head) < (3 if m.group() in ("项目", "工程") else 2) \
                    or head[-1] in "大小多上新好第" or COUNTED.match(head) or head in self.leads \
                    or self.generic_head(head, cut) or (cut and self.generic_head(text[start - 1 : s])):
                continue
            end, kind = self._phase_end(text, m) if m.group().endswith("期") else (m.end(), "")
            start = self._joint_start(text, start)
            out.append(ProjectMention(text=text[start:end], start=start, end=end,
                                      rule="project.suffix", name=text[start:end] + kind))
        return out

    def _joined_start(self, text: str, start: int, end: int) -> int:
        """A work of two kinds joined by 与 after the place it is named after (韶山灌区续建配套|与|现代化改造
        工程) starts at that place: the kind after 与 alone is no name."""
        if start < 3 or text[start - 1] != "与" or not self.generic_head(text[start:end]):
            return start
        left = self.bounds.name_start(text, start - 1, 2, 16)
        if left is None:
            return start
        left = self._after_leads(text, left, start - 1)
        lh = text[left : start - 1]
        placed = any(lh[:k] in self.places for k in range(2, min(len(lh), 8)))
        proper = placed and any(self.generic_head(lh[i:]) for i in range(2, len(lh) - 1))
        return left if proper and not any(c in STOP for c in lh) else start

    def _joint_start(self, text: str, start: int) -> int:
        """A work named after a place listed with others (西宁市、|海东市…工程) is theirs jointly: its name
        opens at the first place of the list."""
        while start > 1 and text[start - 1] == "、" and any(text[start : start + k] in self.places for k in range(2, 9)):
            prev = next((k for k in range(8, 1, -1) if text[start - 1 - k : start - 1] in self.places
                         and self.bounds.ends_at(text, start - 1 - k)), 0)
            if not prev:
                break
            start -= prev + 1
        return start

    def _phase_end(self, text: str, m: re.Match) -> tuple[int, str]:
        """A phase whose name goes on in words for the work (景电二期|提质增效、…等工程) ends there, taking
        the kind of the list's tail; a verb (三期|建成, 三期|扩建) or another word (一期|范围) ends it at the phase."""
        end = m.end()
        while end < len(text) and is_han(text[end]) and text[end] not in STOP and not text.startswith(self.run_stops, end):
            end += 1
        if end == m.end() or not self.generic_head(text[m.end() : end]):
            return m.end(), ""
        clause = re.match(r"[^,。;:,;:]*", text[end:]).group()
        tail = LIST_TAIL.search(clause)
        return end, (re.search(r"(?:工程|项目)$", tail.group()) or [""])[0] if tail else ""

    @staticmethod
    def _item_open(text: str, start: int) -> int:
        """1 when a list item opens at ``start`` (after 、, where no function word goes: 、将军庙…铁路)."""
        return int(start > 0 and text[start - 1] == "、")

    def _inner_start(self, text: str, start: int, end: int) -> int:
        """Where the name starts after another project word or a verb inside the candidate
        (国家重点工程|包银高铁, 湔江堰入选|世界灌溉工程); a verb of building stays (机场改扩建主体工程)."""
        best = start
        for w in (*self.inner_cuts, "工程", "项目"):
            i = text.rfind(w, start, end - 2)
            if i >= 0 and end - (i + len(w)) >= 2 and text[i + len(w)] != "化":
                best = max(best, i + len(w))
        return best

    def _zone_start(self, text: str, start: int) -> int:
        """A name cut inside a zone's suffix (包河经|济开发区…项目: 经 is a boundary) starts at the
        place the zone is named after (包河经济开发区…项目)."""
        for z in self.zones:
            i = text.find(z, max(0, start - len(z) + 1), start + len(z))
            if 0 <= i < start < i + len(z):
                st = self.bounds.name_start(text, i, 2, 8)
                return start if st is None else self._after_leads(text, st, i)
        return start

    def _after_leads(self, text: str, start: int, end: int) -> int:
        """The start of a name after the verbs and counts written in front of it (新开工|X项目)."""
        moved = True
        while moved and text.startswith(self.leads, start):  # most names have no lead: one test in C
            moved = False
            for w in self.leads:
                if text.startswith(w, start) and end - start - len(w) >= 2:
                    start += len(w)
                    moved = True
                    break
        return start

    def count_only(self, name: str) -> bool:
        """Whether ``name`` is a count of works and words for their kind (民生|十大|工程, 十大|基础设施|项目)."""
        m = COUNT_ONLY.match(name)
        return m is not None and all(not part or self.generic_head(part) for part in m.groups())

    def generic_head(self, head: str, cut: bool = False) -> bool:
        """Whether ``head`` is only words for a kind of work (农村供水, 国际产能合作), with
        one stray character in front when the name was cut inside a word (外|承包)."""
        n = len(head)
        ok = [False] * (n + 1)
        ok[0] = True
        if cut:
            ok[1] = True
        for i in range(n):
            if not ok[i]:
                continue
            for k in range(1, min(self.generic_len, n - i) + 1):
                if head[i : i + k] in self.generic:
                    ok[i + k] = True
        return ok[n]

    # ------------------------------------------------------------------ listed items

    def _listed_projects(self, text: str, place_stems: tuple[str, ...]) -> list[ProjectMention]:
        """Items listed before 等…项目: after a verb or preposition (对蓝贝斯特、鑫方盛等项目进行视察),
        or without one when each item starts with a place the document names (长沙惠科新型显示、
        湘潭半导体智造等项目) or the last is a facility (东北亚国家博览中心等)."""
        out = []
        for m in LIST_TAIL.finditer(text):
            lo = max(0, m.start() - 60)
            cut = max(text.rfind(c, lo, m.start()) for c in ",。;:,;:")
            seg_start = max(lo, cut + 1)
            seg = text[seg_start : m.start()]
            lead = re.match(r"^[并和还也]?", seg).end()
            word = next((w for w in self.list_leads if seg.startswith(w, lead)), None)
            pos = seg_start + (lead + len(word) if word else 0)
            items = self._split(text[pos : m.start()])
            visit = max((items[0].rfind(w) + len(w) for w in self.visits if w in items[0][:-2]), default=0)
            if word and visit:  # 组织委员视察|衢州智造新城: the site a visit goes to
                items[0], pos = items[0][visit:], pos + visit
            if not word:  # the first item starts after a boundary (湖南省推动|长沙智造)
                first = self.bounds.name_start(text, pos + len(items[0]), 2, 16)
                if first is not None and first > pos:
                    items[0], pos = text[first : pos + len(items[0])], first
                if place_stems and len(items) > 1 and all(it.startswith(place_stems) for it in items):
                    pass
                elif re.match(r"等\d+条", m.group()) and len(items) > 1 and all(2 <= len(it) <= 4 for it in items):
                    pass  # 桑龙、城龙、醴娄等7条高速公路: the short names of counted lines
                elif items[-1].endswith(FACILITIES):
                    pos = m.start() - len(items[-1])
                    items = items[-1:]
                else:
                    continue
            line = next((k for k in LINE_KINDS if k in m.group()), "")
            out += self._items(text, pos, items, line)
        return out

    def _split(self, seg: str) -> list[str]:
        """The items of a list: split at 、, and at 和/及 only where both sides name works
        (中创新航动力电池及储能 is one item: 储能 alone is a kind of work)."""
        items = []
        for part in seg.split("、"):
            bits = re.split(r"[和及]", part)
            if len(bits) > 1 and not self.generic_head(bits[0]) and all(self.generic_head(b) for b in bits[1:]):
                bits = [part]
            items += bits
        return items

    def _items(self, text: str, pos: int, items: list[str], line: str = "") -> list[ProjectMention]:
        """Projects from list items; the short name of a line takes the line's kind (兴港、津沧等高速公路
        → 兴港高速公路)."""
        out = []
        for item in items:
            a = text.find(item, pos)
            pos = a + len(item)
            name = re.sub(r"“[^”]*”$", "", re.sub(r"^\d{4}年", "", item)).strip("“”")
            lead = self._after_leads(name, 0, len(name))  # 建成投产|大唐郓城
            name, a = name[lead:], a + lead
            if a > 0 and text[a - 1].isdigit() or COUNTED.match(name):
                continue  # 720|兆瓦储能电站: cut at a number
            if not (2 <= len(name) <= 16) or any(c in STOP and c != "及" for c in name) or name.endswith(self.project_words):
                continue
            if re.search(r"[a-z0-9]", name) or self.not_head_rx.search(name) or self.generic_head(name) \
                    or name in self.places or name in self.leads or name in self.bounds.words:
                continue  # 支持济南、青岛等市…: places; 持续深化、…: a verb, not a work
            if not line and len(name) <= 4 and name.endswith(FEATURE_ENDS):
                continue  # 苦水河、沙湖等综合治理工程: rivers and lakes where works are, no works' names
            verb = next((v for v in self.name_verbs if name.endswith(v)), "") if line else ""
            # 沪昆扩容、张官等高速公路: the line's kind goes before the works' verb (沪昆高速公路扩容)
            # a line from one place to another (南宁至昆明、…等铁路) takes the kind whatever its length
            short = len(name) <= 4 + len(verb) or "至" in name and not name.endswith(LINE_KINDS)
            base, part = re.match(r"(.*?)((?:\([^()]*\))?)$", name[: len(name) - len(verb)]).groups()
            full = base + line + part + verb if line and short else name  # 衡阳至南宁高速公路(龙胜至南宁段)
            out.append(ProjectMention(text=name, start=a, end=a + len(name), rule="project.listed", name=full))
        return out
