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
TITLE_LIKE = re.compile(r"^[^。,;:!?]{4,48}$")
ROLE = "主任|副主任|院长|检察长|主席|市长|区长|县长|省长|书记|局长|秘书长|负责人|社长|总编辑"
AUTHOR_LINE = re.compile(
    rf"^(?:(?P<reporter>本报记者|记者|通讯员|本报通讯员|文/图|文)\s*[::]?\s*(?P<rname>[\u4e00-\u9fff]{{2,4}}(?:\s+[\u4e00-\u9fff]{{2,4}})*)"
    rf"|(?P<org>[\u4e00-\u9fff()“”]{{2,40}}?)(?P<role>{ROLE})\s+(?P<name>[\u4e00-\u9fff]{{2,4}}))$"
)
FULL_DATE = re.compile(r"(?:19|20)\d{2}年\d{1,2}月(?:\d{1,2}日)?")


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


def _period(text: str, title: str, date: str | None, genre: str) -> str | None:
    """The year a report covers: the year before a dated work report's delivery, the year its
    title names, else the year before the latest year the text looks ahead to (its plans)."""
    m = YEAR.search(FULL_DATE.sub("", title))
    if m:
        return m.group(1)
    if date and genre == "work_report":
        return str(int(date[:4]) - 1)
    body = FULL_DATE.sub(lambda x: "#" * len(x.group()), text)
    years = [(int(x.group(1)), x.start()) for x in YEAR.finditer(body)]
    if not years:
        return str(int(date[:4]) - 1) if date else None
    latest = max(y for y, _ in years)
    first_pos = min(p for y, p in years if y == latest)
    end = min((x for x in (text.find(c, first_pos) for c in "。!?\n") if x >= 0), default=len(text))
    ahead = re.search(r"将|要|计划|打算|安排|开局|展望", text[first_pos:end])
    return str(latest - 1) if ahead or first_pos > len(text) // 2 else str(latest)


def front_matter(text: str, paragraphs: list[tuple[int, int]], lexicon: Lexicon) -> Metadata:
    """Title, subtitle, author, date, period and genre from the title block.

    The title block is the title line, the subtitle under it (——…) and the author line; it
    usually opens the report, but newspapers set it anywhere (after photo captions, or at the
    end of the text): the first subtitle found marks it.
    """
    pars = [text[a:b].strip() for a, b in paragraphs]
    title = subtitle = None
    author = None
    block = 0
    sub_i = next((i for i, p in enumerate(pars) if SUBTITLE.match(p) and 4 <= len(p) <= 80), None)
    if sub_i is not None:
        subtitle = SUBTITLE.match(pars[sub_i]).group(1)
        before = [i for i in range(max(0, sub_i - 3), sub_i) if TITLE_LIKE.match(pars[i])]
        if before:
            title = pars[before[-1]]
        block = sub_i
    else:
        for i, p in enumerate(pars[:12]):
            if TITLE_LIKE.match(p) and not AUTHOR_LINE.match(p) and any(
                    c in p for cues in lexicon.genres.values() for c in cues):
                title, block = p, i
                break
        if title is None:
            for i, p in enumerate(pars[:12]):
                if TITLE_LIKE.match(p) and not AUTHOR_LINE.match(p) and len(p) >= 6:
                    title, block = p, i
                    break
    for p in pars[max(0, block - 2) : block + 4]:
        m = AUTHOR_LINE.match(p)
        if m:
            if m.group("reporter"):
                author = Author(name=m.group("rname").split()[0], role="记者")
            else:
                author = Author(name=m.group("name"), role=m.group("role"), body=m.group("org"))
            break
    head = " ".join(x for x in (title, subtitle) if x)
    date = cn_date(subtitle or "")
    if date is None:
        for p in pars[block : block + 4]:
            if len(p) <= 16 and cn_date(p):
                date = cn_date(p)
                break
    genre = "other"
    for g, cues in lexicon.genres.items():
        if any(c in head for c in cues):
            genre = g
            break
    period = _period(text, head, date, genre)
    return Metadata(title=title, subtitle=subtitle, author=author, date=date, genre=genre, period=period)


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
