"""Laws and other normative documents: titles in 《》 (with their kind from the ending), laws
named bare — the lexicon's known laws (宪法, 党章) and the titles of the national law list
(etl/lawbook.py: 民法典, 监督法, 中华人民共和国X法) after a lead word —, bare objects of a law-making
verb (制定X法, 修改A法、B法, 审议X法草案), laws listed before 执法检查, and the “一法一条例”
shorthand. Titles in 《》 that are newspapers or magazines become media bodies; books (摘编,
读本 …) are neither.
"""

from __future__ import annotations

import re

import ahocorasick

from ..lexicon import Lexicon
from ..models import BodyMention, LawMention
from .common import HAN, LEVEL_CHARS, NUM, Boundaries, alt, is_han

GUILLEMETS = re.compile(r"《\s*([^《》\n]{1,80}?)\s*》")  # a layout line break may sit inside the marks
#: A title of kind other is a document only if it reads like one (报告, 议案, 一封信 …); else it is
#: a work (a film, a programme) and not listed.
DOCUMENT_HINT = re.compile(r"报告|议案|提案|信$|通知|公告|章程|协定|条约|声明|建议|书$|规划|纲要|计划|制度|准则|守则|细则|"
                           r"法|条例|决定|决议|办法|规定|意见|方案|规则|标准|指南|清单|目录|公约|宣言|白皮书")
BACK_REFERENCE = re.compile(r"^(?:法|条例|决定|决议|办法|规定|意见|方案|规则|规划|纲要|建议|细则|报告)(?:\(?草案\)?)?$")
QUOTED_RESOLUTION = re.compile(rf"“[^“”\n]{{1,6}}”(?:(?!的)[{HAN}]){{0,4}}?(?:决议|决定)(?!性|权|作用|因素)")  # “八五”普法决议
SHORTHAND = re.compile(r"“[一二两三四五][法条例办规定一二两三四五]{2,10}”")
TOPIC_BEFORE = re.compile(rf"[{HAN}]{{2,8}}$")
INSPECTION = re.compile(rf"(?:对|开展了?|配合[^,。;]{{2,12}}?开展了?|围绕)([^,。;:]{{2,80}}?)等?(?:\d+部)?(?:法律法规)?(?:的?(?:贯彻)?实施情况)?(?:开展|进行)?执法检查")
CLAUSE_START = re.compile(r"[,。;:\n][^,。;:\n]*$")
#: After a bare law name, a character that makes it part of another word (宪法法律 is fine).
LAW_WORD_AFTER = set("律定规治院官人制理务庭")
#: A verb with its aspect particle opening an object (公布了X条例): not part of the title.
VERB_DONE = re.compile(rf"[{HAN}]{{1,2}}了")
#: A motto named by its number of characters right before a bare name (农业“八字宪法”): a slogan, no law.
MOTTO = re.compile(rf"[{NUM}]+字[“\"']?$")
#: Law actions whose object is a title: the bare object after their verb is a law name (制定X法).
OBJECT_ACTIONS = ("enacted", "revised", "amended", "repealed", "deliberated", "codified", "made", "inspected")
#: Bare titles in a list: split at 、 and at a conjunction right after a title's end (A法草案和B法修订草案).
TITLE_JOIN = re.compile(r"、|(?<=法|案|例)[和及与](?=[^、]{2,}?(?:法|案|例)(?:[、,。;并和及与]|$))")
#: A conjunction may end a bare object list: 审议X法草案并提请大会审议.
OBJECT_CONJUNCTIONS = "并和及与"
#: Kinds whose bare object is a title only when phrased as one (关于X的意见, X的实施方案).
TITLED_KINDS = ("opinion", "plan")
#: A bare object ends at a clause mark or at 等 (修改A法、B法等3部法律).
OBJECT_END = re.compile(r"[,。;:!?\n]|等|的?(?:贯彻)?实施情况")
#: A list of objects ending in 等, words for their kind and a count (制定修订A规则、B等制度规范41项): kinds of rules, counted.
COUNTED_LIST = re.compile(rf"等[{HAN}]{{2,8}}?(?:\d+|[{NUM}]+)(?:余|多)?[项件部个条]")
#: Words after a bare law name that go on into the title of a rule carrying it out (X法若干规定, X法实施细则).
TITLE_GOES_ON = re.compile(r"(?:若干规定|实施办法|实施细则|实施条例|实施规定|实施意见)")
SCOPE_PREFIX = re.compile(r"(?:全区|全市|全县|全省|全国|深入开展|持续开展|开展了?|组织开展了?)")
#: A session's resolution named by the session: 区十一届人大六次会议决议, 市政协九届四次会议决议; 决定
#: only before 精神 or a list (经…会议决定，任命 is the session deciding, not a document).
SESSION_ACT = re.compile(rf"第?[{NUM}]+届(?:[{HAN}]{{0,10}}?第?[{NUM}]+次(?:全体)?会议)(?:决议|决定(?=[、和及]|精神))")
SESSION_FRONT = re.compile(rf"(?:[{HAN}]{{0,8}}?(?:[{LEVEL_CHARS}]|人大|政协|全国))$")


class TitleFinder:
    def __init__(self, lex: Lexicon, bounds: Boundaries) -> None:
        self.lex = lex
        self.bounds = bounds
        self.endings = sorted(((e, k) for k, es in lex.law_kinds.items() for e in es), key=lambda x: -len(x[0]))
        self.kind_rx = [(re.compile(re.escape(e) + r"(?:\([^()]*\))?(?:修正案|草案|修订草案|修正草案)?(?:\([^()]*\))?$"), k)
                        for e, k in self.endings]
        self.media = tuple(lex.non_law_titles.get("media", []))
        self.books = tuple(lex.book_titles)
        self.proposals = tuple(lex.non_law_titles.get("proposals", []))
        self.known = ahocorasick.Automaton()
        for name in lex.national_laws:
            self.known.add_word(name, (name, self.kind_of(name), "law.listed"))
        for kind, names in lex.known_laws.items():
            for n in names:
                self.known.add_word(n, (n, kind, "law.known"))
        if len(self.known):
            self.known.make_automaton()
        verbs = [v for a, vs in lex.law_actions.items() if a in OBJECT_ACTIONS for v in vs]
        self.made_verb = set(lex.law_actions.get("made", []))
        self.passed = re.compile(alt(lex.law_actions.get("passed", [])) or "(?!)")
        self.leads = Boundaries([*bounds.words, *lex.law_name_leads, *(v for vs in lex.law_actions.values() for v in vs)])
        self.object_verbs = re.compile(rf"(?:{alt(verbs)})(?:[、和并]?(?:{alt(verbs)}))*了?") if verbs else None
        endings = [e for e, _ in self.endings]
        self.object_item = re.compile(rf"[{HAN}()]{{1,60}}?(?:{alt(endings)})(?:\((?:修订|修正)?草案\)|(?:修订|修正)?草案)?")
        self.not_titles = set(lex.non_law_titles.get("words", []))
        self.generic_leads = tuple(lex.non_law_titles.get("generic_leads", []))

    @staticmethod
    def _inspections(text: str):
        """INSPECTION matches, searched only in the clause before each 执法检查."""
        pos = text.find("执法检查")
        while pos >= 0:
            c = CLAUSE_START.search(text, max(0, pos - 120), pos)
            lo = c.start() + 1 if c else max(0, pos - 120)
            m = INSPECTION.search(text, lo, pos + 4)
            if m:
                yield m
            pos = text.find("执法检查", pos + 4)

    def kind_of(self, title: str) -> str:
        for rx, k in self.kind_rx:
            if rx.search(title):
                return k
        return "other"

    def find(self, text: str) -> tuple[list[BodyMention | LawMention], list[tuple[int, int]]]:
        """Law and media mentions, and the spans of book titles (nothing inside them counts).

        Long: one pass over the titles in order, each kind of title masking the spans of those found before it.
        """
        out: list[BodyMention | LawMention] = []
        spans: list[tuple[int, int]] = []
        books: list[tuple[int, int]] = []
        for m in GUILLEMETS.finditer(text):
            title = m.group(1).strip()
            a, b = m.start(1), m.end(1)
            after = text[m.end() : m.end() + 2]
            if after.startswith(("杂志", "期刊", "报")) or (title.endswith(self.media) and self.kind_of(title) == "other"):
                out.append(BodyMention(text=title, start=a, end=b, rule="title.media", form="named", body_kind="media",
                                       name=title))
                continue
            if title.endswith(self.books) or self.proposals and title.endswith(self.proposals):  # a book, a proposal
                spans.append((m.start(), m.end()))
                books.append((m.start(), m.end()))
                continue
            kind = self.kind_of(title)
            if kind == "other" and not DOCUMENT_HINT.search(title):
                spans.append((m.start(), m.end()))
                books.append((m.start(), m.end()))
                continue
            if BACK_REFERENCE.match(title):
                out.append(LawMention(text=title, start=a, end=b, rule="law.back_reference", law_kind=kind, back=True))
            else:
                out.append(LawMention(text=title, start=a, end=b, rule="law.guillemets", law_kind=kind))
            spans.append((m.start(), m.end()))
        inside = lambda s, e: any(a <= s and e <= b for a, b in spans)  # noqa: E731
        for m in QUOTED_RESOLUTION.finditer(text):
            if not inside(m.start(), m.end()):
                out.append(LawMention(text=m.group(), start=m.start(), end=m.end(), rule="law.quoted",
                                      law_kind=self.kind_of(m.group())))
                spans.append(m.span())
        for m in SHORTHAND.finditer(text):
            t = TOPIC_BEFORE.search(text, max(0, m.start() - 8), m.start())
            if not t:
                continue
            start = self.bounds.name_start(text, m.start(), 2, len(t.group())) or t.start()
            while (cut := SCOPE_PREFIX.match(text, start, m.start())) and m.start() - cut.end() >= 2:
                start = cut.end()
            if inside(start, m.end()):
                continue
            out.append(LawMention(text=text[start : m.end()], start=start, end=m.end(), rule="law.shorthand",
                                  law_kind="other"))
            spans.append((start, m.end()))
        for m in self._inspections(text):
            pos = m.start(1)
            for item in re.split(r"[、和及]", m.group(1)):
                a = text.find(item, pos)
                pos = a + len(item)
                item_s = SCOPE_PREFIX.sub("", item)
                a += len(item) - len(item_s)
                if not item_s.endswith(("法", "条例", "规定", "办法")) or len(item_s) < 3 or inside(a, a + len(item_s)):
                    continue
                if not all(is_han(c) for c in item_s):
                    continue
                out.append(LawMention(text=item_s, start=a, end=a + len(item_s), rule="law.inspected",
                                      law_kind=self.kind_of(item_s)))
                spans.append((a, a + len(item_s)))
        for m in self._objects(text, inside):
            out.append(m)
            spans.append((m.start, m.end))
        out += self._listed(text, inside)
        out += self._session_acts(text, inside)
        return out, books

    def _session_acts(self, text: str, inside) -> list[LawMention]:
        """Resolutions named by their session (落实区十一届人大六次会议决议), with the level or region
        written in front of the term when a lead word ends it."""
        out = []
        for m in SESSION_ACT.finditer(text):
            s = m.start()
            if not self.leads.ends_at(text, s):
                f = SESSION_FRONT.search(text, max(0, s - 10), s)
                starts = [a for a in range(f.start(), s) if self.leads.ends_at(text, a)] if f else []
                if not starts:
                    continue
                s = starts[-1]
            if not inside(s, m.end()):
                out.append(LawMention(text=text[s : m.end()], start=s, end=m.end(), rule="law.session",
                                      law_kind=self.kind_of(m.group())))
        return out

    def _listed(self, text: str, inside) -> list[LawMention]:
        """Bare names of the national law list and the lexicon's known laws, after a lead word."""
        if not len(self.known):
            return []
        out = []
        for end, (name, kind, rule) in self.known.iter_long(text):
            s, e = end - len(name) + 1, end + 1
            if inside(s, e) or (e < len(text) and text[e] in LAW_WORD_AFTER and not name.endswith("典")) \
                    or text.startswith("宣誓", e) or MOTTO.search(text, max(0, s - 4), s):  # 宪法宣誓 is a ceremony
                continue
            if rule == "law.listed" and not self.leads.ends_at(text, s):  # 教育法 inside 学前教育法
                continue
            if TITLE_GOES_ON.match(text, e):  # 实施民族区域自治法若干规定: the law is inside another title
                continue
            out.append(LawMention(text=name, start=s, end=e, rule=rule, law_kind=kind))
        return out

    def _objects(self, text: str, inside) -> list[LawMention]:
        """Bare titles listed as the object of a law-making verb: 制定X法, 修改A法、B法, 审议X法草案,
        作出关于X的决定; the list ends at a clause mark, 等, or a conjunction after a title (…草案并提请)."""
        if self.object_verbs is None:
            return []
        out = []
        for v in self.object_verbs.finditer(text):
            pos = v.end()
            if (p := self.passed.match(text, pos)) and p.end() > pos:  # 审议通过X法
                pos = p.end()
            made = all(w in self.made_verb for w in re.split(r"[、和并了]", v.group()) if w)
            stop = OBJECT_END.search(text, pos, pos + 160)
            hi = stop.start() if stop else min(len(text), pos + 160)
            if stop and COUNTED_LIST.match(text, hi):
                continue  # 制定修订常委会议事规则、代表工作等制度规范41项: a count of kinds of rules, no titles
            for item in TITLE_JOIN.split(text[pos:hi]):
                a = pos
                if self.object_verbs.match(item):  # 修订A条例、制定B条例: the next verb's own match reads B
                    break
                if lead := VERB_DONE.match(item):  # 修订公布了X条例: a second verb before the title
                    item, a = item[lead.end():], a + lead.end()
                title = self._title_prefix(item, made)
                if not title or inside(a, a + len(title)):
                    break
                out.append(LawMention(text=title, start=a, end=a + len(title), rule="law.object",
                                      law_kind=self.kind_of(title)))
                if len(title) < len(item):
                    break
                pos += len(item) + 1  # the separator is one character
        return out

    def _title_prefix(self, item: str, made: bool) -> str | None:
        """The item if it is a title, else its part before a conjunction (X法草案并提请…) if that is."""
        for cut in [len(item), *(i for i, c in enumerate(item) if c in OBJECT_CONJUNCTIONS)]:
            t = item[:cut]
            if made and not (t.startswith("关于") and "的" in t):  # 作出关于X的决定, not 作出规定
                continue
            if self._is_object(t):
                return t
        return None

    def _is_object(self, item: str) -> bool:
        m = self.object_item.fullmatch(item)
        if not m or item.startswith(self.generic_leads) or item in self.not_titles or item.startswith("的"):
            return False
        core = re.sub(r"\(?(?:修订|修正)?草案\)?$", "", item)
        kind = self.kind_of(core)
        if kind in TITLED_KINDS:  # X的实施意见 with a topic X, not 评选意见 or 一体推进的实施方案
            # a plan of X without 关于 describes one (制定经济体制改革的总体方案), an opinion is titled so
            return len(core.rpartition("的")[0]) >= 6 and (kind != "plan" or core.startswith("关于"))
        if "的" in core and not core.startswith("关于"):  # 修订后的X法, 具有法律效力的规章
            return False
        if kind == "law" and not core.endswith("法典"):
            return len(core) >= 3 and core[-2:] not in self.not_titles
        return len(core) >= 5
