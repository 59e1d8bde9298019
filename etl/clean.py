"""Layout clean-up: one paragraph per line, artefacts dropped, offsets kept to the source.

Real reports arrive hard-wrapped every ~20 characters, with doubled headings, picture
captions and paragraphs repeated by the layout. ``clean`` reads through them; every cleaned
character still maps to the source character it came from (``OffsetMap``), so evidence can
quote the source exactly. Character normalisation (traditional → simplified, full-width →
half-width) is one character for one, which keeps the map trivial.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from .models import Document, OffsetMap, SourceDocument

CAPTION = re.compile(r"^[(（][^()（）]{0,24}(图片|摄|供图|图)[)）]$|^[(（]?(资料图片|图为|摄影)")
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
SENTENCE_END = "。!?;:”」』)…"
_SPACE = re.compile(r"[ \t\u3000\xa0]+")


@cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def normalize_chars(text: str) -> str:
    """Traditional → simplified and full-width → half-width, one character for one."""
    converted = _t2s().convert(text)
    if len(converted) != len(text):  # a phrase rule changed the length: convert per character
        conv = _t2s().convert
        converted = "".join(c2 if len(c2 := conv(c)) == 1 else c for c in text)
    out = []
    for ch in converted:
        if ch in "\u3000\xa0":
            out.append(" ")
            continue
        n = unicodedata.normalize("NFKC", ch)
        out.append(n if len(n) == 1 else ch)
    return "".join(out)


class _Builder:
    """Accumulates cleaned pieces with the source offset each starts at."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.runs: list[tuple[int, int, int]] = []
        self.length = 0
        self.dropped: list[tuple[int, int, str]] = []

    def add(self, piece: str, source_start: int) -> None:
        if not piece:
            return
        if self.runs:
            cs, ss, ln = self.runs[-1]
            if cs + ln == self.length and ss + ln == source_start:
                self.runs[-1] = (cs, ss, ln + len(piece))
                self.parts.append(piece)
                self.length += len(piece)
                return
        self.runs.append((self.length, source_start, len(piece)))
        self.parts.append(piece)
        self.length += len(piece)

    def drop(self, count: int, reason: str) -> None:
        self.dropped.append((self.length, count, reason))

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def display_width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _wrap_width(lines: list[str]) -> int | None:
    """The hard-wrap width (display columns) when most lines are about equally short, else None."""
    widths = sorted(display_width(s) for s in lines if len(s) >= 6)
    if len(widths) < 20:
        return None
    median = widths[len(widths) // 2]
    near = sum(1 for x in widths if abs(x - median) <= 6)
    return median if median <= 80 and near >= 0.6 * len(widths) else None


def _doubled(s: str) -> int | None:
    """Length of the first half when the line is the same text written twice."""
    t = s.replace(" ", "")
    if len(t) >= 8 and len(t) % 2 == 0 and t[: len(t) // 2] == t[len(t) // 2 :]:
        half = len(t) // 2
        seen = 0
        for i, ch in enumerate(s):  # position in s after ``half`` non-space characters
            if ch != " ":
                seen += 1
            if seen == half:
                return i + 1
    return None


def clean(doc: SourceDocument) -> Document:
    src = doc.source
    norm = normalize_chars(src.replace("\r\n", " \n").replace("\r", "\n"))
    norm = norm.translate({k: " " for k in ZERO_WIDTH})  # keep length: zero-width → space
    assert len(norm) == len(src)
    raw_lines = _lines(norm)
    width = _wrap_width([s.strip() for _, s in raw_lines])

    # 1. Paragraphs: lists of (source offset, text) pieces, hard wraps joined.
    paragraphs: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for start, line in raw_lines:
        stripped = line.strip(" \t")
        if not stripped:
            if width is None and current:
                paragraphs.append(current)
                current = []
            continue
        lead = len(line) - len(line.lstrip(" \t"))
        if _doubled(stripped) is not None:  # a doubled heading stands alone
            if current:
                paragraphs.append(current)
            paragraphs.append([(start + lead, stripped)])
            current = []
            continue
        current.append((start + lead, stripped))
        full = width is not None and display_width(src[start + lead : start + lead + len(stripped)]) >= width - 6
        if not full:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)

    # 2. Emit paragraphs, dropping captions, doubled halves and repeated paragraphs.
    b = _Builder()
    seen: set[str] = set()
    for pieces in paragraphs:
        flat = "".join(t for _, t in pieces)
        key = _SPACE.sub("", flat)
        if CAPTION.search(key):
            b.drop(len(flat), "caption")
            continue
        if len(key) >= 20 and key in seen:
            b.drop(len(flat), "repeated paragraph")
            continue
        seen.add(key)
        cut = _doubled(flat)
        if b.length:
            b.add("\n", pieces[0][0] - 1 if pieces[0][0] > 0 else 0)
        remaining = cut if cut is not None else len(flat)
        for off, t in pieces:
            take = t[:remaining]
            b.add(take, off)
            remaining -= len(take)
            if remaining <= 0:
                break
        if cut is not None:
            b.drop(len(flat) - cut, "doubled heading")
    return Document(
        id=doc.sha256,
        path=doc.path,
        name=doc.name,
        format=doc.format,
        source=src,
        text=b.text,
        offsets=OffsetMap(runs=tuple(b.runs)),
        dropped=tuple(b.dropped),
    )
