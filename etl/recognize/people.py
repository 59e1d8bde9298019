"""People: personal names, found by a name model and placed by the context around them.

The model (``NameModel``): a name is a surname, single or compound (``surnames``,
``double_surnames`` in schema/lexicon.yaml), and one or two given-name characters, none of them
a character that never stands in a given name (``given_name_bad``); an ethnic-minority or
transliterated name is parts joined by · (艾尔肯·吐尼亚孜); a two-character name may be spaced by
layout (市长 王 明). The context says where a name is and where it ends:

- ``person.after_post``: after a post title (副主任潘国强带领, 院长 王鸿翔, 主任的黄晓斌), and each
  further name joined by 、 after it. A name ends where names end: a punctuation mark, a line
  break of the source, or a word that follows names (带领, 提出, 同志 …). After a generic title
  (代表, 委员: also plain nouns) only the clearest endings count.
- ``person.before_title``: before 同志 or a title written after a name (习近平总书记, 赵乐际委员长),
  where the name starts after a mark or a word that may lead one (按照, 以, 和 …).
- ``person.listed``: names joined by 、 before such a title (A、B同志) or before 等 and a word
  or count for people (A、B等原省部级干部, A等12名).
- ``person.repeated``: every other occurrence of a name the rules above found (高言惠最大的梦想).
"""

from __future__ import annotations

import re

from ..lexicon import Lexicon
from ..models import Document, PersonMention
from .common import HAN, LEVEL_CHARS, NUM, Boundaries, alt, is_han

#: Marks joining the parts of a transliterated name (艾尔肯·吐尼亚孜).
NAME_DOTS = "·•・"
#: Layout spaces inside a spaced two-character name (王 明).
SPACES = " \t\u3000"
#: The rest of a list of names that ends in 等 (赵某、孙某某等3人): names after a generic title.
NAME_LIST_END = re.compile(rf"(?:[{HAN}]{{2,4}}、){{0,8}}[{HAN}]{{2,4}}等")
#: The given name of a three-character name spaced out by layout, ending the line or the name.
SPACED_THREE = re.compile(rf"[{SPACES}]([{HAN}])[{SPACES}]([{HAN}])(?=$|[^{HAN}{SPACES}])", re.M)
#: An address, not a post (张某同志).
COMRADE = "同志"
DOTTED = re.compile(rf"[{HAN}]{{1,6}}(?:[{NAME_DOTS}][{HAN}]{{1,8}}){{1,3}}")


def line_breaks(doc: Document) -> frozenset[int]:
    """Cleaned offsets where clean-up joined two source lines that ended on purpose (a byline,
    a credit, a caption): a name never runs across one. A hard wrap, a line as long as the
    text's full lines, is no end at all: a name may be wrapped inside (习↵近平)."""
    lengths = [len(line.strip()) for line in doc.source.splitlines() if line.strip()]
    full = sorted(lengths)[int(0.9 * (len(lengths) - 1))] if len(lengths) >= 5 else None
    out: set[int] = set()
    prev = None
    for clean_start, source_start, length in doc.offsets.runs:
        if prev is not None and "\n" in doc.source[prev:source_start]:
            line = doc.source[doc.source.rfind("\n", 0, prev) + 1:prev].strip()
            if full is None or len(line) < 0.8 * full:
                out.add(clean_start)
        prev = source_start + length
    return frozenset(out)


def lexicon_words(lex: Lexicon) -> frozenset[str]:
    """The lexicon's words of two to four characters (项目, 平安, 云南省): none is a personal name."""
    out: set[str] = set()
    skip = {"surnames", "double_surnames", "given_name_bad", "digest", "rules", "national_laws"}

    def walk(v: object) -> None:
        if isinstance(v, str):
            if 2 <= len(v) <= 4:
                out.add(v)
        elif isinstance(v, dict):
            for k, x in v.items():
                walk(k)
                walk(x)
        elif isinstance(v, (list, tuple)):
            for x in v:
                walk(x)
        elif hasattr(v, "model_dump"):
            walk(v.model_dump())

    for field in type(lex).model_fields:
        if field not in skip:
            walk(getattr(lex, field))
    return frozenset(out - set(lex.double_surnames))


class NameModel:
    """Where a Chinese personal name starts and ends, from the lexicon's name tables."""

    def __init__(self, lex: Lexicon) -> None:
        self.surnames = frozenset(lex.surnames)
        self.double = tuple(sorted(lex.double_surnames, key=len, reverse=True))
        self.bad = frozenset(lex.given_name_bad)
        followers = sorted({*lex.name_followers, *lex.name_titles, *lex.led_name_titles}, key=len, reverse=True)
        self.followers = tuple(followers)
        self.strong = tuple(f for f in followers if len(f) >= 2) + ("(", "(")
        self.leads = Boundaries([*lex.name_boundaries, *lex.name_leads])
        self.lead_chars = frozenset(w for w in self.leads.words if len(w) == 1)
        titles = {*lex.posts, *lex.person_titles, *lex.name_titles, *lex.led_name_titles} - {COMRADE}
        self.chain = tuple(t + "、" for t in titles)
        self.titles = tuple(sorted(titles, key=len, reverse=True))
        self.words = lexicon_words(lex) | frozenset(lex.person_not_names)
        self.body_words = frozenset(w for w in lex.bodies if len(w) == 2)  # 政协, 人大: 区政协 is no 区 surname's name

    def surname_at(self, text: str, pos: int) -> str | None:
        sur = next((d for d in self.double if text.startswith(d, pos)), None)
        return sur or (text[pos] if pos < len(text) and text[pos] in self.surnames else None)

    def given_ok(self, given: str) -> bool:
        return bool(given) and all(is_han(c) and c not in self.bad for c in given)

    def ends(self, text: str, pos: int, strict: bool, breaks: frozenset[int]) -> bool:
        """Whether a name may end at ``pos``: the text's end, a line break, a mark, a follower."""
        if pos >= len(text) or pos in breaks:
            return True
        ch = text[pos]
        if not is_han(ch):
            if strict and ch == "、":  # 审判员金某、书记员钟某 / 干警王某、赵某等3人: a list of people
                return text.startswith(self.titles, pos + 1) or bool(NAME_LIST_END.match(text, pos + 1))
            return ch not in "“" if not strict else ch in "((\n" + SPACES or text.startswith(self.strong, pos)
        if strict and ch in self.followers and (pos + 1 >= len(text) or pos + 1 in breaks or not is_han(text[pos + 1])):
            return True  # 记者王鼎摄。: a one-character follower standing alone before a mark
        return text.startswith(self.strong if strict else self.followers, pos)

    def forward(self, text: str, pos: int, strict: bool, breaks: frozenset[int],
                full_only: bool = False) -> tuple[int, str] | None:
        """The name starting at ``pos`` as (end, name), or None."""
        dotted = self.dotted(text, pos, breaks)
        if dotted:
            return dotted
        sur = self.surname_at(text, pos)
        if sur is None or (strict and sur in self.bad) or text.startswith(self.strong, pos):
            return None  # 委员长宣布: a word that follows names is none
        if sur in self.lead_chars and text[pos + 1:pos + 2] in self.surnames:
            return None  # 毛主席和周总理: 和 leads the next name
        after = pos + len(sur)
        spaced3 = SPACED_THREE.match(text, after) if len(sur) == 1 and not full_only else None
        if spaced3 and self.given_ok(spaced3.group(1) + spaced3.group(2)) and spaced3.group(2) not in self.followers:
            return spaced3.end(), sur + spaced3.group(1) + spaced3.group(2)  # 钟 国 庆: spaced by layout
        if not full_only and text[after:after + 1] in SPACES and text[after + 1:after + 2].strip():
            spaced = text[after + 1:after + 2]  # 王 明: a two-character name spaced by layout
            end = after + 2
            if self.given_ok(spaced) and (not is_han(text[end:end + 1] or "x") or self.ends(text, end, strict, breaks)) \
                    and text[end:end + 1] not in NAME_DOTS:
                return end, sur + spaced
        for given in (2, 1) if not full_only else (2,):
            end = after + given
            cand = text[after:end]
            if len(cand) != given or not self.given_ok(cand) or cand[0] == sur[-1] or text[pos:end] in self.words:
                continue  # 书记项目: a word of the lexicon is no name
            if any(b in range(after + 1, end) for b in breaks):
                continue
            if given == 2 and (cand[-1] in self.followers or text.startswith(self.followers, end - 1)
                               and not self.ends(text, end, strict, breaks)):
                continue  # 王鼎作报告, 阮洋摄: a one-character follower never ends a given name
            if self.ends(text, end, strict, breaks):
                return end, text[pos:end]
        return None

    def dotted(self, text: str, pos: int, breaks: frozenset[int]) -> tuple[int, str] | None:
        """A transliterated name at ``pos``: two to four parts of Chinese characters joined by ·;
        the last part ends at the first place a name may end (艾尔肯·吐尼亚孜作报告)."""
        m = DOTTED.match(text, pos)
        if not m:
            return None
        last = max(text.rfind(d, pos, m.end()) for d in NAME_DOTS) + 1
        for end in range(last + 1, m.end() + 1):
            if self.ends(text, end, False, breaks):
                return end, text[pos:end]
        return None

    def backward(self, text: str, end: int, breaks: frozenset[int], lead_needed: bool) -> int | None:
        """Start of the name ending at ``end``: a compound surname's four or three characters, a
        single surname's three (or two, led by a mark or a leading word). A function character
        that is also a surname (和, 于) before a surname leads the name rather than starts it."""
        for size in (4, 3, 2):
            s = end - size
            if s < 0:
                continue
            sur = self.surname_at(text, s)
            if sur is None or not self.given_ok(text[s + len(sur):end]) or size - len(sur) not in (1, 2) \
                    or text[s:end] in self.words or end - s == 3 and text[s:s + 2] in self.words \
                    or text[s + len(sur):end] in self.body_words:
                continue  # 解放周总理说: a name opens with no word of the lexicon; 区政协主席: no name is a body
            if any(b in range(s + 1, end) for b in breaks):
                continue
            if len(sur) == 1 and text[s] in self.lead_chars and s > 0 and is_han(text[s - 1]):
                continue  # 和王明同志, 委员和列席同志: 和 leads a name, it starts none
            if any(text.startswith(w, s) and len(w) >= 2 for w in self.leads.words) or text.endswith(self.chain, 0, s):
                continue  # 高举毛主席: a leading word is no name; 总书记、国家主席: a chain of titles
            led = s == 0 or s in breaks or not is_han(text[s - 1]) or self.leads.ends_at(text, s)
            if led or (not lead_needed and size >= 3):
                return s
        return None


class PeopleFinder:
    """People found by the name model in the contexts the module docstring lists."""

    def __init__(self, lex: Lexicon) -> None:
        self.model = NameModel(lex)
        self.generic = frozenset(lex.generic_titles)
        self.led = frozenset(lex.led_name_titles)
        titles = {*lex.posts, *lex.person_titles}
        # a note in brackets may follow the title: 副主任(主持工作) 周某
        self.title_rx = re.compile(rf"({alt(titles)})(的)?(?:[(（][{HAN}]{{2,6}}[)）])?[{SPACES}]*(?=[{HAN}])")
        units = "".join(lex.post_units)
        self.unit_rx = re.compile(rf"(?:^|[、,,;;:\s])([{HAN}]{{1,3}}[{units}])$") if units else None
        self.before_rx = re.compile(alt([*lex.name_titles, *lex.led_name_titles]))
        tails = alt(lex.list_tails)
        #: generic titles that are posts (代表, 政协委员), as the end of a list of names may give them
        self.bodies = tuple(sorted(lex.bodies, key=len, reverse=True))
        self.members = frozenset(t for t in set(lex.generic_titles) & set(lex.posts) if len(t) > 2)
        self.member_rx = re.compile(rf"(?<=[{HAN}\d])(?:{alt(set(lex.generic_titles) & set(lex.posts))})(?![{HAN}]?[会团组])")
        counted = alt(lex.activity_rules.person_units)
        self.list_rx = re.compile(rf"等(?:[\d{NUM}几数多余]+(?:{counted})|[^,。;:!?、\s]{{0,8}}?(?:{tails}))")

    def find(self, text: str, breaks: frozenset[int] = frozenset()) -> list[PersonMention]:
        """The people of ``text``; ``breaks`` are the offsets of joined source lines (``line_breaks``)."""
        found: dict[int, PersonMention] = {}
        self._after_posts(text, breaks, [], found)
        self._before_titles(text, breaks, found)
        self._listed(text, breaks, found)
        # a second look after post titles takes the names found so far where the ending is weak
        # (区人大代表高言惠对村民…: 对 alone ends no name after a generic title)
        self._after_posts(text, breaks, sorted(self._known(found), key=len, reverse=True), found)
        self._repeated(text, found)
        return sorted(found.values(), key=lambda m: m.start)

    @staticmethod
    def _known(found: dict[int, PersonMention]) -> set[str]:
        """Names of three or more characters: sure enough to be looked for anywhere."""
        return {m.name or m.text for m in found.values() if len(m.name or m.text) >= 3}

    @staticmethod
    def _add(found: dict[int, PersonMention], text: str, start: int, end: int, rule: str,
             post: str | None = None, post_start: int | None = None, name: str | None = None) -> bool:
        if start in found or any(m.start < end and start < m.end for m in found.values()):
            return False
        span = text[start:end]
        found[start] = PersonMention(text=span, start=start, end=end, rule=rule, post=post, post_start=post_start,
                                     name=name if name and name != span else None)
        return True

    def _after_posts(self, text: str, breaks: frozenset[int], known: list[str],
                     found: dict[int, PersonMention]) -> None:
        for m in self.title_rx.finditer(text):
            title, start = m.group(1), m.start(1)
            # a member's post with its level (区人大代表, 全国政协委员) or a generic title after its body (常委会委员) is
            # no plain noun: a name ends after it as after a post; 和 after it starts none (区人大代表和列席同志)
            level = start > 0 and text[start - 1] in LEVEL_CHARS or text.endswith("全国", 0, start)
            leveled = (title in self.members and level or text.endswith(self.bodies, 0, start)) \
                and text[m.end():m.end() + 1] not in self.model.bad
            strict = title in self.generic and not leveled
            if strict and m.group(2):
                continue
            unit = self.unit_rx.search(text, max(0, start - 5), start) if self.unit_rx else None
            if unit and not strict:
                title, start = unit.group(1) + title, unit.start(1)  # 副院长、护理部主任: the unit's post
            pos = m.end()
            while True:
                hit = next(((pos + len(k), k) for k in known if text.startswith(k, pos)), None) \
                    or self.model.forward(text, pos, strict, breaks, full_only=bool(m.group(2)))
                if hit is None:
                    break
                end, name = hit
                if pos not in found and not self._add(found, text, pos, end, "person.after_post", title, start, name):
                    break
                if end < len(text) and text[end] == "、":
                    pos = end + 1  # 副主任张某、李某
                    continue
                break

    def _before_titles(self, text: str, breaks: frozenset[int], found: dict[int, PersonMention]) -> None:
        for m in self.before_rx.finditer(text):
            title = m.group()
            lead_needed = title in self.led
            s = self.model.backward(text, m.start(), breaks, lead_needed)
            post = None if title == COMRADE else title
            if s is not None and self._add(found, text, s, m.start(), "person.before_title", post, m.start()):
                self._walk_list(text, s, breaks, found, post, m.start())

    def _listed(self, text: str, breaks: frozenset[int], found: dict[int, PersonMention]) -> None:
        for m in self.list_rx.finditer(text):
            s = self.model.backward(text, m.start(), breaks, lead_needed=False)
            # the people's shared post when the list ends in one (A、B等5名区人大代表)
            t = self.member_rx.search(text, m.start(), m.end() + 8)
            post, post_start = (t.group(), t.start()) if t and t.start() <= m.end() + 3 else (None, None)
            if s is not None and self._add(found, text, s, m.start(), "person.listed", post, post_start):
                self._walk_list(text, s, breaks, found, post, post_start)

    def _walk_list(self, text: str, s: int, breaks: frozenset[int], found: dict[int, PersonMention],
                   post: str | None, post_start: int | None) -> None:
        """Names joined by 、 before the one at ``s`` (A、B、C同志); the last may be joined by 和
        when a 、 comes before (A、B和C同志, not 党中央和C同志)."""
        while s > 0 and text[s - 1] in "、和":
            prev = self.model.backward(text, s - 1, breaks, lead_needed=False)
            if prev is None or text[s - 1] == "和" and text[prev - 1:prev] != "、":
                return
            if not self._add(found, text, prev, s - 1, "person.listed", post, post_start):
                return
            s = prev

    def _repeated(self, text: str, found: dict[int, PersonMention]) -> None:
        """Every other occurrence of a name of three or more characters found by a context rule."""
        names = self._known(found)
        if not names:
            return
        for m in re.finditer(alt(names), text):
            self._add(found, text, m.start(), m.end(), "person.repeated")
