"""Headings (一、 (一) 1.), paragraphs, sentences, and the report's front matter.

Front matter is read from the first lines: title, subtitle (——…), author line, date and
genre. What needs recognised entities (region, issuing body, meeting) is filled in later by
``relate.finish_metadata``.
"""

from __future__ import annotations

import re

from .lexicon import Lexicon
from .models import Author, Document, Metadata, Section, Segmented, Sentence

CN_NUM = "零〇一二三四五六七八九十百两"
HEADING = [
    (1, re.compile(rf"^[{CN_NUM}]+[、.]")),
    (2, re.compile(rf"^\([{CN_NUM}]+\)")),
    (3, re.compile(r"^\d{1,2}[.、](?!\d)")),
]
SENT_END = re.compile(r"[。!?;]+[”’\"』」)]*|\n")
DATE = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")
YEAR = re.compile(r"((?:19|20)\d{2})年")
SUBTITLE = re.compile(r"^[—\-–―~]{1,4}\s*(.+?)\s*[—\-–―]*$")
AUTHOR_LINE = re.compile(
    r"^(?:(?P<reporter>本报记者|记者|通讯员|本报通讯员)\s*(?P<rname>[\u4e00-\u9fff]{2,4}(?:\s+[\u4e00-\u9fff]{2,4})*)"
    r"|(?P<org>[\u4e00-\u9fff()“”]{2,40}?)(?P<role>主任|院长|检察长|主席|市长|区长|县长|省长|书记|局长|秘书长)\s+(?P<name>[\u4e00-\u9fff]{2,4}))$"
)


def cn_date(text: str) -> str | None:
    m = DATE.search(text)
    if not m:
        return None
    y, mo, d = (int(x) for x in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            out.append((pos + lead, pos + len(line.rstrip())))
        pos += len(line) + 1
    return out


def is_heading(par: str) -> int | None:
    """Heading level of a paragraph, or None for body text."""
    for level, pat in HEADING:
        if pat.match(par) and (len(par) <= 40 or not re.search(r"[。;]", par[:40])):
            return level
    if len(par) <= 24 and not re.search(r"[。,;:!?、]", par) and not par.endswith(("。", ";")):
        return 4  # short unpunctuated line: a sub-heading
    return None


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, s = [], start
    for m in SENT_END.finditer(text, start, end):
        e = m.end()
        if text[s:e].strip():
            spans.append((s, e))
        s = e
    if text[s:end].strip():
        spans.append((s, end))
    # trim surrounding blanks
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def front_matter(text: str, paragraphs: list[tuple[int, int]], lexicon: Lexicon) -> Metadata:
    """Title, subtitle, author, date and genre from the first paragraphs."""
    first = [text[a:b].strip() for a, b in paragraphs[:12]]
    title = subtitle = None
    author = None
    sub_i = next((i for i, p in enumerate(first) if SUBTITLE.match(p) and len(p) <= 80), None)
    if sub_i is not None:
        subtitle = SUBTITLE.match(first[sub_i]).group(1)
        before = [p for p in first[:sub_i] if len(p) <= 40 and not re.search(r"[。,;]", p)]
        if before:
            title = before[-1]
    else:
        for p in first:
            if len(p) <= 40 and not re.search(r"[。,;:]", p) and not AUTHOR_LINE.match(p):
                title = p
                break
    for p in first:
        m = AUTHOR_LINE.match(p)
        if m:
            if m.group("reporter"):
                author = Author(name=m.group("rname").split()[0], role="记者")
            else:
                author = Author(name=m.group("name"), role=m.group("role"), body=m.group("org"))
            break
    head = " ".join(x for x in (title, subtitle) if x)
    date = cn_date(subtitle or "") or cn_date(" ".join(first[:6]))
    genre = "other"
    for g, cues in lexicon.genres.items():
        if any(c in head for c in cues):
            genre = g
            break
    return Metadata(title=title, subtitle=subtitle, author=author, date=date, genre=genre)


def segment(doc: Document, lexicon: Lexicon) -> Segmented:
    text = doc.text
    pars = _paragraphs(text)
    sections: list[Section] = []
    sentences: list[Sentence] = []
    counters: dict[int, int] = {}
    for a, b in pars:
        par = text[a:b]
        level = is_heading(par)
        if level is not None and level < 4:
            counters[level] = counters.get(level, 0) + 1
            for deeper in [k for k in counters if k > level]:
                counters[deeper] = 0
            if sections:
                last = sections[-1]
                sections[-1] = last.model_copy(update={"end": a})
            sections.append(Section(heading=par, level=level, ordinal=counters[level], start=a, end=len(text)))
        sec = len(sections) - 1
        for s, e in split_sentences(text, a, b):
            sentences.append(Sentence(start=s, end=e, text=text[s:e], section=sec))
    return Segmented(
        document=doc,
        sections=tuple(sections),
        sentences=tuple(sentences),
        metadata=front_matter(text, pars, lexicon),
    )
