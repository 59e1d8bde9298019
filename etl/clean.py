"""Layout clean-up: one paragraph per line, artefacts dropped, offsets kept to the source.

Real reports arrive hard-wrapped every ~20 characters (often with a blank line after every
line), with doubled headings (``AA``, ``A A``, or one copy inside the other), picture captions
marked （资料图片）, paragraphs or sentences repeated by the layout, newspaper columns whose
fragments interleave (a paragraph stops mid-sentence and goes on further down, after a caption
or another column's fragment), and stray Latin words. ``clean`` reads through them; every
cleaned character still maps to the source character it came from (``OffsetMap``: runs may
be out of source order where column fragments were put back together), and every dropped
source span is listed in ``Document.dropped`` with its reason. Character normalisation
(traditional → simplified, full-width → half-width) is one character for one.

Where a wrapped text cuts its lines, and which cut lines a paragraph goes on in, is ``wrapping.py``;
a web page's chrome around the report (site tools, labels, related links, a licence notice) is
dropped first, line by line (``chrome.py``).

Long: the clean-up passes share the Para records and the offset bookkeeping; the wrap rules are split off, a split of artefact dropping is planned.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from .chrome import strip_chrome
from .hanzi import ONE_TO_TEN
from .lexicon import Lexicon, default_lexicon
from .models import Document, OffsetMap, SourceDocument
from .wrapping import (BYLINE, PAGE_FIELD, PARA_END, PROSE, SENTENCE_ENDS, Line, Wrap, continues, source_lines,
                       unwrap_rests, wrap_width)

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
#: A picture-caption marker at the end of a line: （资料图片） （记者 王某 摄） （图片由…提供）.
CAPTION_MARK = re.compile(r"\s*[(（][^()（）\n]{0,24}?(?:图片|摄影?|供图|图)[)）]\s*$")
#: A line that is only a caption marker or a photo credit.
CAPTION_LINE = re.compile(r"^(?:[(（]?(?:资料图片|图片|摄影|供图)[)）]?|[\u4e00-\u9fff]{0,6}记者\s*\S{2,4}\s*摄)$")
SENTENCE_CLOSERS = "”’」』)"
SENTENCE = re.compile(r"[^。!?;]*[。!?;]+[”’」』)]*")
HAN = re.compile(r"[\u4e00-\u9fff]")
#: A Latin word standing between Chinese characters (layout debris such as "and", "the").
STRAY_LATIN = re.compile(r"(?<=[\u4e00-\u9fff\s])[A-Za-z]{2,12}(?=[\u4e00-\u9fff\s])")
LATIN_PAIR = re.compile(r"[A-Za-z]{2}")  # what STRAY_LATIN needs
LATIN_KEEP = re.compile(r"^(?:[A-Z]{2,6}|[A-Z][a-z]?\d*|[a-z]+\d+)$")  # SGS, GDP, 5G-like tokens are kept


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
    # a class over the few characters replaced: far faster than str.translate's lookup per character
    return _NFKC_CHARS.sub(lambda m: _NFKC_BY_CHAR[m.group()], converted)


def _nfkc_table() -> dict[int, str]:
    """One-for-one NFKC replacements for the full-width and compatibility block."""
    out = {}
    for cp in list(range(0xFF01, 0xFF5F)) + [0x3000, 0xA0, 0x2002, 0x2003, 0x2009, 0x202F]:
        n = unicodedata.normalize("NFKC", chr(cp))
        if len(n) == 1 and n != chr(cp):
            out[cp] = n
    out[0x3000] = out[0xA0] = " "
    for ch in ZERO_WIDTH:
        out[ord(ch)] = " "  # keep the length: zero-width → space, dropped later as blank
    out[ord("\t")] = " "
    return out


_NFKC_TABLE = _nfkc_table()
_NFKC_BY_CHAR = {chr(k): v for k, v in _NFKC_TABLE.items()}
_NFKC_CHARS = re.compile("[" + "".join(map(re.escape, _NFKC_BY_CHAR)) + "]")


# --------------------------------------------------------------------------- pieces


@dataclass
class Para:
    """A paragraph as pieces of source text: ``(source offset, text)`` in reading order."""

    pieces: list[tuple[int, str]]
    gap: int = 1  # blank lines before it in the source
    caption: bool = False
    dropped: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(t for _, t in self.pieces)

    def keep(self, spans: list[tuple[int, int]], reason: str) -> None:
        """Keep only the given ``[a, b)`` spans of the flat text; the rest is dropped."""
        flat: list[tuple[int, int]] = []  # (flat offset, source offset) of every character
        for off, t in self.pieces:
            flat.extend((len(flat) + i, off + i) for i in range(len(t)))
        text = self.text
        keep = [False] * len(text)
        for a, b in spans:
            for i in range(a, b):
                keep[i] = True
        pieces: list[tuple[int, str]] = []
        run_start = None
        for i in range(len(text) + 1):
            k = i < len(text) and keep[i]
            contiguous = k and run_start is not None and flat[i][1] == flat[i - 1][1] + 1
            if run_start is not None and not contiguous:
                pieces.append((flat[run_start][1], text[run_start:i]))
                run_start = None
            if k and run_start is None:
                run_start = i
        # dropped source spans
        i = 0
        while i < len(text):
            if keep[i]:
                i += 1
                continue
            j = i
            while j < len(text) and not keep[j] and flat[j][1] == flat[i][1] + (j - i):
                j += 1
            if text[i:j].strip():
                self.dropped.append((flat[i][1], flat[i][1] + (j - i), reason))
            i = j
        self.pieces = pieces


def _undouble(s: str) -> tuple[int, int] | None:
    """``(a, b)`` when ``s`` (no spaces) is a text H written twice, either side by side or one
    copy inside the other (``H[:k] + H + H[k:]``): ``s[a:b]`` is the copy to keep."""
    n2 = len(s)
    if n2 < 8 or n2 % 2 or n2 > 240:
        return None
    n = n2 // 2
    first, last = s[0], s[-1]
    for k in range(n + 1):
        if s[k] != first or s[k + n - 1] != last:  # the kept copy starts and ends like the line
            continue
        if s[:k] == s[k : 2 * k] and s[2 * k : k + n] == s[k + n :]:
            return k, k + n
    return None


def undouble_spans(text: str) -> list[tuple[int, int]] | None:
    """Spans of ``text`` to keep when it is a doubled heading, else None. Doubling is checked
    for the whole line (spaces ignored) and, failing that, word by word (``AA BB``)."""
    flat = text.replace(" ", "")
    hit = _undouble(flat)
    if hit:
        chars = [i for i, c in enumerate(text) if c != " "]
        a, b = hit
        return [(chars[a], chars[b - 1] + 1)]
    if " " not in text.strip():
        return None
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    if len(words) < 2:
        return None
    spans, doubled = [], 0
    for i, (a, b) in enumerate(words):
        w = text[a:b]
        lead = len(w) - len(w.lstrip("—-–―~"))  # a subtitle's dashes are kept once
        h = _undouble(w[lead:])
        if h:
            doubled += 1
            spans += [(a, a + lead), (a + lead + h[0], a + lead + h[1])]
        else:
            spans.append((a, b))
        if i + 1 < len(words):
            spans.append((b, words[i + 1][0]))  # the space between words
    if doubled == 0 or doubled < len(words) - 1:
        return None
    return [(x, y) for x, y in spans if y > x]


def _split_caption(pieces: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """A caption that a hard wrap joined to the paragraph before it starts after that
    paragraph's last sentence: ``(paragraph pieces, caption pieces)``."""
    text = "".join(t for _, t in pieces)
    mark = _caption_mark(text)
    head = text[: mark.start()].rstrip() if mark else ""
    at = _last_sentence_end(head)
    if at == len(head):  # the caption is a sentence of its own: it starts after the one before
        at = _last_sentence_end(head[: at - 1]) if at else 0
    if len(pieces) < 2 or at == 0:
        return [], pieces
    left: list[tuple[int, str]] = []
    right: list[tuple[int, str]] = []
    pos = 0
    for off, t in pieces:
        cut = min(max(at - pos, 0), len(t))
        if cut:
            left.append((off, t[:cut]))
        if cut < len(t):
            right.append((off + cut, t[cut:]))
        pos += len(t)
    return left, right


def _caption_mark(text: str) -> re.Match | None:
    """``CAPTION_MARK`` at the end of ``text``; only a text ending in a closing bracket is searched."""
    return CAPTION_MARK.search(text) if text.rstrip().endswith((")", "）")) else None


def _doubled_goes_on(line: str, nxt: str | None, wrap: Wrap | None) -> bool:
    """A doubled heading cut by a hard wrap (``AA BB`` read as ``AA B`` + ``B``): the line
    reaches the wrap width and is still doubled with the next line joined."""
    return bool(wrap and nxt and wrap.full(line) and undouble_spans(line + nxt) is not None)


# --------------------------------------------------------------------------- stages


def _paragraphs(lines: list[Line]) -> list[Para]:
    """Lines → paragraphs: hard wraps joined, doubled headings and caption markers split off."""
    width = wrap_width([ln.text for ln in lines])
    if width and width.first:
        lines = unwrap_rests(lines, width)
    paras: list[Para] = []
    current: list[tuple[int, str]] = []
    texts: list[str] = []  # the lines of the current paragraph
    cur_gap = 0

    def flush():
        nonlocal current, texts
        if current:
            paras.append(Para(current, gap=cur_gap))
            current, texts = [], []

    for i, ln in enumerate(lines):
        stripped, nxt = ln.text, lines[i + 1].text if i + 1 < len(lines) else None
        if width is None and ln.gap:
            flush()
        if not current:
            cur_gap = ln.gap
        if _caption_mark("".join(texts[-1:]) + stripped) or CAPTION_LINE.match(stripped):  # a mark a wrap cut too
            current, caption = _split_caption([*current, *ln.pieces])
            split = bool(current)
            flush()
            paras.append(Para(caption, gap=1 if split else cur_gap, caption=True))
            continue
        if len(stripped) <= 120 and undouble_spans(stripped) is not None:
            flush()  # a doubled heading stands alone
            if not _doubled_goes_on(stripped, nxt, width):
                paras.append(Para(list(ln.pieces), gap=ln.gap))
                continue
            cur_gap = ln.gap
        current.extend(ln.pieces)
        texts.append(stripped)
        wrap = width.first if width and width.first and len(ln.pieces) > 1 else width
        if wrap is None or not continues(texts, nxt, wrap, paras[-1].text if paras else ""):
            flush()
    flush()
    return paras


def _strip_artefacts(p: Para) -> None:
    """Doubled headings, caption markers and stray Latin words inside one paragraph."""
    text = p.text
    spans = undouble_spans(text) if len(text) <= 240 else None
    if spans:
        p.keep(spans, "doubled heading")
        text = p.text
    mark = _caption_mark(text)
    if mark:
        p.keep([(0, mark.start())], "caption marker")
        p.caption = True
        text = p.text
    if CAPTION_LINE.match(text.strip()):
        p.keep([], "caption marker")
        return
    cuts = [m.span() for m in STRAY_LATIN.finditer(text) if not LATIN_KEEP.match(m.group())] \
        if LATIN_PAIR.search(text) else []  # a plain class is searched fast, the lookbehind at every position
    if cuts:
        keep, pos = [], 0
        for a, b in cuts:
            keep.append((pos, a))
            pos = b
        keep.append((pos, len(text)))
        p.keep(keep, "stray latin")


def _last_sentence_end(text: str) -> int:
    """Where the last sentence ends (after its closing quotes), 0 without one: ``SENTENCE``
    searched past it would re-scan the unended rest from every position (quadratic)."""
    t = max(text.rfind(c) for c in SENTENCE_ENDS)
    if t < 0:
        return 0
    t += 1
    while t < len(text) and text[t] in SENTENCE_CLOSERS:
        t += 1
    return t


def _dedupe(paras: list[Para]) -> None:
    """Sentences (≥ 14 characters) already read earlier are dropped: layout repeats of a
    paragraph or of its first sentences are read once."""
    seen: set[str] = set()
    before = ""
    for p in paras:
        text = p.text
        flat = "".join(text.split())  # no whitespace (str.split's is re's \s)
        if len(flat) >= 6 and flat == before:  # the paragraph right before, again (a doubled heading cut in two)
            p.keep([], "repeated paragraph")
            continue
        before = flat or before
        keep, pos, dropped_any = [], 0, False
        for m in SENTENCE.finditer(text, 0, _last_sentence_end(text)):
            key = m.group().replace(" ", "")
            if len(key) >= 14 and key in seen:
                keep.append((pos, m.start()))
                pos = m.end()
                dropped_any = True
            elif len(key) >= 14:
                seen.add(key)
        if dropped_any:
            keep.append((pos, len(text)))
            p.keep([(a, b) for a, b in keep if b > a], "repeated sentence")
        # a short repeated heading-like paragraph (≥ 20 chars, no sentence end) is read once too
        key = "".join(p.text.split()) if dropped_any else flat
        if len(key) >= 20 and not _last_sentence_end(key):
            if key in seen:
                p.keep([], "repeated paragraph")
            seen.add(key)


NUMBERED = re.compile(rf"^(?:[{ONE_TO_TEN}]+[、.]|[(（][{ONE_TO_TEN}]+[)）]|\d{{1,2}}[.、]|[—\-–―]{{1,4}})")


#: A name set apart by a space at the end of a line: 县长 张某某.
NAME_LAST = re.compile(r"\s[\u4e00-\u9fff]{2,4}$")


def _dangling(p: Para) -> bool:
    """A paragraph that stops mid-sentence (not a heading, a subtitle or a caption)."""
    t = p.text.rstrip()
    if not t or p.caption or t[-1] in PARA_END or (NUMBERED.match(t) and len(t) < 50 and "。" not in t):
        return False
    if t[0] in "—-–―" or BYLINE.search(t) or PAGE_FIELD.search(t) or (not PROSE.search(t) and NAME_LAST.search(t)):
        return False  # a subtitle, a byline, a page's field (来源:…), a delivery line ending with its speaker
    return len(t) >= 30 or "。" in t or (len(t) >= 15 and bool(re.search("[,、]", t)))


class _Counts(dict):
    """Occurrences of a short string in the document, counted on demand."""

    def __init__(self, body: str) -> None:
        super().__init__()
        self.body = body

    def __missing__(self, gram: str) -> int:
        self[gram] = n = self.body.count(gram)
        return n

    def get(self, gram: str, default: int = 0) -> int:
        return self[gram] or default


def _junction_score(a: str, b: str, counts: Counter) -> float:
    """How plausible it is that text ``b`` continues text ``a``: the character pairs and
    triples across the join that the document uses elsewhere, weighed by how much more often
    they occur than their characters would by chance (a pointwise association)."""
    score = 0.0
    for left, right in ((1, 1), (2, 1), (1, 2)):
        if len(a) < left or len(b) < right:
            continue
        gram = a[-left:] + b[:right]
        if not (HAN.fullmatch(a[-1]) and HAN.fullmatch(b[0])):
            continue
        c = counts.get(gram, 0)
        if c:
            score += c * c / (counts.get(a[-1], 1) * counts.get(b[0], 1)) ** 0.5 * (left + right - 1)
    return score


def _rejoin(paras: list[Para], source: str) -> list[Para]:
    """Paragraphs broken by the layout are joined to their continuation.

    A paragraph that stops mid-sentence continues in the next paragraph that is not a caption,
    unless the document interleaves column fragments: then each broken paragraph is matched to
    the fragment (among those right after a broken paragraph) whose join forms words that the
    document uses elsewhere.
    """
    idx = [i for i, p in enumerate(paras) if p.pieces]
    nxt: dict[int, int] = {}
    for pos, i in enumerate(idx):
        if not _dangling(paras[i]):
            continue
        for j in idx[pos + 1 :]:
            if paras[j].caption or (paras[j].gap >= 2 and len(paras[j].text) <= 80 and paras[j].text.endswith("。")
                                    and j + 1 < len(paras) and paras[j + 1].gap <= 1):
                continue
            nxt[i] = j
            break
    if not nxt:
        return paras
    follow = dict(nxt)
    captions = sum(1 for p in paras if p.caption or (p.gap >= 2 and len(p.text) <= 80 and p.text.endswith("。")))
    if 4 <= len(nxt) <= 24 and captions >= 2:  # interleaved newspaper columns (a long text broken everywhere is not)
        counts = _Counts("\n".join(p.text for p in paras))
        score = {(h, t): _junction_score(paras[h].text, paras[t].text, counts) for h in nxt for t in nxt.values()}
        best_t = {h: max(nxt.values(), key=lambda t: score[h, t]) for h in nxt}
        best_h = {t: max(nxt, key=lambda h: score[h, t]) for t in nxt.values()}
        confident = {h: t for h, t in best_t.items() if best_h[t] == h and score[h, t] >= 0.5 and h != t}
        crossed = {h: t for h, t in confident.items() if nxt[h] != t}
        if len(crossed) >= 2:  # interleaved columns: join only what the words vouch for
            follow = confident
    # emit: each paragraph followed by its continuation chain; captions after it
    consumed = set(follow.values())
    emitted: set[int] = set()
    out: list[Para] = []
    for i in [*[k for k in idx if k not in consumed], *[k for k in idx if k in consumed]]:
        if i in emitted:
            continue
        chain = [i]
        while chain[-1] in follow and follow[chain[-1]] not in emitted and follow[chain[-1]] not in chain:
            chain.append(follow[chain[-1]])
        emitted.update(chain)
        if len(chain) == 1:
            out.append(paras[i])
            continue
        merged = Para([pc for c in chain for pc in paras[c].pieces], gap=paras[i].gap)
        for c in chain:
            merged.dropped.extend(paras[c].dropped)
        out.append(merged)
        lo, hi = min(chain), max(chain)
        for k in idx:  # captions that stood inside the broken paragraph come after it
            if lo < k < hi and paras[k].caption and k not in emitted:
                emitted.add(k)
                out.append(paras[k])
    return out


# --------------------------------------------------------------------------- build


class _Builder:
    """Accumulates cleaned pieces with the source offset each starts at."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.runs: list[tuple[int, int, int]] = []
        self.length = 0

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

    @property
    def text(self) -> str:
        return "".join(self.parts)


def clean(doc: SourceDocument, lex: Lexicon | None = None) -> Document:
    src = doc.source
    norm = normalize_chars(src.replace("\r\n", " \n").replace("\r", "\n"))
    assert len(norm) == len(src)
    lex = lex or default_lexicon()
    lines, chrome = strip_chrome(source_lines(norm), lex.web_chrome)
    paras = _paragraphs(lines)
    for p in paras:
        _strip_artefacts(p)
    _dedupe(paras)
    dropped = [*chrome, *(d for p in paras for d in p.dropped)]
    paras = _rejoin([p for p in paras if p.pieces], src)
    b = _Builder()
    for p in paras:
        if b.length:
            first = p.pieces[0][0]
            b.add("\n", first - 1 if first > 0 and norm[first - 1] in " \n" else first)
        for off, t in p.pieces:
            b.add(t, off)
    return Document(
        id=doc.sha256,
        path=doc.path,
        name=doc.name,
        format=doc.format,
        source=src,
        text=b.text,
        offsets=OffsetMap(runs=tuple(b.runs)),
        dropped=tuple(sorted(dropped)),
    )
