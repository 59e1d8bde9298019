"""Shared pieces of the recognisers: character classes, word alternations, name boundaries."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..hanzi import HAN, LEVEL_CHARS, LOCAL_LEVEL_CHARS, MAIN_LEVEL_CHARS, NUM, UNIT_CHARS, ZH_DIGITS  # noqa: F401

HAN_RX = re.compile(f"[{HAN}]")
#: Characters that never sit inside an organisation or place name: function words, numerals.
STOP = set("的了与及或在于是为把将向由以从到等各全本该我其每这那此两个年月日时并也又就所被让给跟按据不着还")
#: Scope words in front of a level word that make it generic: 全区, 各市, 本县.
SCOPE = set("全各本该每两三")


def alt(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


class Boundaries:
    """Words that end a name when scanning leftwards from its suffix (verbs, prepositions)."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(words)
        self.longest = max((len(w) for w in self.words), default=1)
        # the letters a word ends with, and those a word of two or more starts with: most letters are neither
        self.last_chars = frozenset(w[-1] for w in self.words if w)
        self.first_chars = frozenset(w[0] for w in self.words if len(w) >= 2)

    def ends_at(self, text: str, pos: int, quotes: bool = True) -> bool:
        """True when a boundary word or a non-Chinese character ends right before ``pos``
        (an opening quote only when ``quotes``: a quoted phrase is no place name)."""
        if pos <= 0:
            return True
        if not is_han(text[pos - 1]):
            return quotes or text[pos - 1] not in "“‘《"
        if text[pos - 1] not in self.last_chars:
            return False
        for k in range(1, min(self.longest, pos) + 1):
            # a list item opens after 、, where no verb goes: 、将军庙至…铁路 starts at 将
            if text[pos - k : pos] in self.words and not (k == 1 and pos >= 2 and text[pos - 2] == "、"):
                return True
        return False

    def name_start(self, text: str, end: int, min_len: int, max_len: int, allow: str = "",
                   quotes: bool = True) -> int | None:
        """Start of a name ending at ``end``: the first boundary scanning leftwards that leaves
        at least ``min_len`` characters; None when none is found within ``max_len``."""
        for length in range(1, max_len + 1):
            pos = end - length
            if pos < 0:
                return None
            ch = text[pos]
            if not (is_han(ch) or ch in allow):
                return None
            inner = next((k for k in range(2, self.longest + 1) if text[pos : pos + k] in self.words), 0) \
                if ch in self.first_chars else 0
            if inner or ch in "的了":  # a boundary word inside the name: it starts right after it
                cut = pos + (inner or 1)
                return cut if end - cut >= min_len else None
            if length >= min_len and self.ends_at(text, pos, quotes):
                return pos
        return None
