"""People: names right after a post title (副主任潘国强带领, 院长 王鸿翔, 主任的黄晓斌), lists of
names joined by 、 after one title, and leaders named before their title (习近平总书记).

A name is a surname (single or double) and one or two more characters, none of which is a
character that never stands in a given name; and it must end where a name ends: at a
punctuation mark, the end of a line, or a word that follows names (带领, 提出, 同志 …). After a
generic title (代表, 委员: also plain nouns) only the clearest endings count.
"""

from __future__ import annotations

import re

from ..lexicon import Lexicon
from ..models import PersonMention
from .common import HAN, alt, is_han

LEADER_TITLES = ("总书记", "委员长")


class PeopleFinder:
    def __init__(self, lex: Lexicon) -> None:
        self.surnames = frozenset(lex.surnames)
        self.double = tuple(lex.double_surnames)
        self.bad = frozenset(lex.given_name_bad)
        self.generic = frozenset(lex.generic_titles)
        titles = {*lex.posts, *lex.person_titles} - {"总书记"}
        self.title_rx = re.compile(rf"({alt(titles)})(的)?[ \t]*(?=[{HAN}])")
        followers = sorted(lex.name_followers, key=len, reverse=True)
        self.followers = tuple(followers)
        self.strong = tuple(f for f in followers if len(f) >= 2) + ("(", "(")
        self.leader_rx = re.compile(rf"同志(?:{alt(LEADER_TITLES)})|{alt(LEADER_TITLES)}")

    def _ends(self, text: str, pos: int, strict: bool) -> bool:
        if pos >= len(text):
            return True
        ch = text[pos]
        if not is_han(ch):
            return ch not in "“" if not strict else ch in "((\n " or text.startswith(self.strong, pos)
        return text.startswith(self.strong if strict else self.followers, pos)

    def name_at(self, text: str, pos: int, strict: bool) -> str | None:
        """The name starting at ``pos``, or None."""
        sur = next((d for d in self.double if text.startswith(d, pos)), None) or (
            text[pos] if pos < len(text) and text[pos] in self.surnames else None)
        if sur is None or (strict and sur in self.bad):
            return None
        for given in (2, 1):
            end = pos + len(sur) + given
            cand = text[pos:end]
            if len(cand) != len(sur) + given or not all(is_han(c) for c in cand):
                continue
            if any(c in self.bad for c in cand[len(sur):]) or cand[len(sur)] == sur[-1]:
                continue
            if given == 2 and text.startswith(self.followers, end - 1) and not self._ends(text, end, strict):
                continue
            if self._ends(text, end, strict):
                return cand
        return None

    def find(self, text: str) -> list[PersonMention]:
        out: list[PersonMention] = []
        taken: set[int] = set()
        for m in self.title_rx.finditer(text):
            title = m.group(1)
            strict = title in self.generic
            if strict and m.group(2):
                continue
            pos = m.end()
            while True:
                name = self.name_at(text, pos, strict)
                if not name or pos in taken:
                    break
                taken.add(pos)
                out.append(PersonMention(text=name, start=pos, end=pos + len(name), rule="person.after_post",
                                         post=title, post_start=m.start(1)))
                nxt = pos + len(name)
                if nxt < len(text) and text[nxt] == "、":
                    pos = nxt + 1  # 副主任张某、李某
                    continue
                break
        for m in self.leader_rx.finditer(text):
            s = m.start()
            if s < 3:
                continue
            name = text[s - 3 : s]
            title = m.group().removeprefix("同志")
            if all(is_han(c) for c in name) and name[0] in self.surnames and not any(c in self.bad for c in name) \
                    and s - 3 not in taken:
                out.append(PersonMention(text=name, start=s - 3, end=s, rule="person.before_title",
                                         post=title, post_start=m.end() - len(title)))
        return out
