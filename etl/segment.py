"""Headings (一、 (一) 1.), paragraphs, sentences, and the report's front matter.

The report's front matter (title, subtitle, author, date, genre, period) is read by
``frontmatter.front_matter``; what needs recognised entities (region, issuing body, meeting) is
completed in ``resolve.metadata``.
"""

from __future__ import annotations

import re

from .frontmatter import DATE, YEAR, cn_date, front_matter
from .hanzi import ONE_TO_TEN, ZEROS
from .lexicon import Lexicon
from .models import Document, Section, Segmented, Sentence

CN_NUM = ZEROS + ONE_TO_TEN + "百两"
HEADING = [
    (1, re.compile(rf"^[{CN_NUM}]+[、.]")),
    (2, re.compile(rf"^\([{CN_NUM}]+\)")),
    (3, re.compile(r"^\d{1,2}[.、](?!\d)")),
]
SENT_END = re.compile(r"[。!?;]+[”’\"』」)]*|\n")


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
    """Sentences of ``text[start:end]``, ending at 。!?; (with closing quotes) or a line end,
    surrounding blanks trimmed."""
    out, s = [], start
    for m in [*SENT_END.finditer(text, start, end), None]:
        e = m.end() if m else end
        a, b = s, e
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
        s = e
    return out


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


__all__ = ["DATE", "YEAR", "cn_date", "front_matter", "is_heading", "segment", "split_sentences"]
