"""Hard wraps: where a wrapped text cuts its lines, and which cut lines a paragraph goes on in.

Real reports arrive hard-wrapped every 20-30 characters (PDF text layers, copied web pages),
cut by display width or by a count of characters, sometimes twice (a wrapped text wrapped
again, narrower); titles, delivery lines and headings reach the wrap width too. ``clean``
reads the source lines through these rules (issue 15: extraction is the same for any wrap).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .hanzi import ONE_TO_TEN

#: Characters that end a paragraph; a paragraph ending otherwise was broken by the layout.
PARA_END = "。!?;…:”’」』)》—"
SENTENCE_ENDS = "。!?;"


def split_lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


WIDE = re.compile("[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
                  "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]")


def display_width(s: str) -> int:
    """Columns ``s`` takes in a fixed-width layout: about two for a CJK character (three bytes
    in UTF-8), one for ASCII."""
    return (len(s.encode("utf-8")) + len(s)) // 2


@dataclass(frozen=True)
class Wrap:
    """Where a hard-wrapped document cuts its lines: in display columns (a PDF text layer or a
    fixed-width page cuts by how wide a line looks) and in characters (a cut every N characters,
    where digits and Latin letters make a full line look short)."""

    columns: float
    chars: float
    first: Wrap | None = None  # text wrapped twice: the first, wider wrap (a full line is often followed by its rest)

    def full(self, line: str) -> bool:
        """Does ``line`` reach the wrap width, so that the layout, not the writer, ended it?
        A line that ends a sentence must come closer: its writer may have ended it there."""
        slack = 2 if line[-1:] in SENTENCE_ENDS else 6
        return display_width(line) >= self.columns - slack or len(line) >= self.chars - slack // 3

    def rest(self, before: str, line: str, share: int = 3) -> bool:
        """Can ``line`` be the short rest (at most 1/``share`` of a line) of a line cut by a
        second, narrower wrap? After a sentence end only a very short one (…。通 ↵ 过邀请)."""
        if len(line) * share > self.chars or not self.full(before):
            return False
        return before[-1] not in PARA_END or len(line) * 6 <= self.chars


def _first_wrap(lines: list[str], wrap: Wrap) -> Wrap | None:
    """The first wrap of text wrapped twice (at 20, then at 18 characters): most full lines
    that stop mid-sentence are followed by a short rest, where once-wrapped text has that
    only at the end of a paragraph. A line and its rest are one line of the first wrap."""
    lines = [s for s in lines if s]
    cut = [i for i in range(len(lines) - 1) if wrap.full(lines[i]) and lines[i][-1] not in PARA_END]
    rests = [lines[i] + lines[i + 1] for i in cut if wrap.rest(lines[i], lines[i + 1])]  # 1/3: a clear sign
    if len(cut) < 10 or len(rests) < 0.3 * len(cut):
        return None
    median = len(rests) // 2  # rests after a paragraph's last full line make some pairs longer
    return Wrap(sorted(map(display_width, rests))[median], sorted(map(len, rests))[median])


def _typical(widths: list[int], most: int) -> int | None:
    """The wrap width when most of ``widths`` are about equal and below ``most``, else None."""
    widths = sorted(widths)
    if len(widths) < 20:
        return None
    median = widths[len(widths) // 2]
    near = sum(1 for x in widths if abs(x - median) <= most // 10)
    if median > most or near < 0.6 * len(widths):
        return None
    return widths[int(len(widths) * 0.9)]


def wrap_width(lines: list[str]) -> Wrap | None:
    """The hard-wrap width when most lines are about equally short, else None."""
    long = [s for s in lines if len(s) >= 6]
    columns = _typical([display_width(s) for s in long], 80)
    chars = _typical([len(s) for s in long], 40)
    if columns is None and chars is None:
        return None
    wrap = Wrap(columns if columns is not None else float("inf"), chars if chars is not None else float("inf"))
    return Wrap(wrap.columns, wrap.chars, first=_first_wrap(lines, wrap))


BYLINE = re.compile(r"^[^,。;:]{2,30}\s[\u4e00-\u9fff]{2,4}$")  # 县人大常委会主任 张某某
HEADING_START = re.compile(rf"^(?:[{ONE_TO_TEN}]+、|[(（][{ONE_TO_TEN}]+[)）]|\d{{1,2}}、|第[{ONE_TO_TEN}]+[章节部分])")


DASHES = "—-–―"
#: The end of a delivery line or a subtitle: ——2024年1月10日在…会议上, ——写在…召开之际.
SUBTITLE_END = ("上", "之际")
#: Punctuation inside a sentence or at its end: a title, a subtitle or a byline has none.
PROSE = re.compile(r"[,。;:!?]")
#: Where a clause or an item of a list ends.
CLAUSE_END = re.compile(r"[,。;:!?、]")
#: Phrases set apart by a space, as headings are: 匠心履职铸良法 凝心聚力促善治.
SPACED_PHRASES = re.compile(r"[\u4e00-\u9fff“”]{2,}(?: +[\u4e00-\u9fff“”]{2,})+")
#: A salutation line: 各位代表: 各位委员: 同志们:
SALUTATION = re.compile(r"^[^,。;:]{2,10}:$")
#: A web page's labelled field (来源:某县融媒体中心, 发布日期:2026-01-12): a line of its own, never wrapped prose.
PAGE_FIELD = re.compile(r"(?:^|\s)(?:来源|发布日期|发布时间|更新时间|编辑|责任编辑|作者|浏览次数|点击数)\s*:")


def _heading_goes_on(para: str, line: str, nxt: str, wrap: Wrap) -> bool:
    """A numbered heading that reaches the wrap width goes on when its rest is short (the
    body after it fills its lines), its sentence ends in the next line, or it is a (一)
    heading whose first clause is still open (those run on into their body)."""
    if not wrap.full(line):
        return False
    if para[0] == "(" and not PROSE.search(para):
        return True
    first = PROSE.search(nxt)
    return not wrap.full(nxt) or (first is not None and first.group() == "。")


def _heading_before_prose(para: str, nxt: str, prev: str) -> bool:
    """A heading of spaced phrases (新时代新作为 新征程新担当) before a line of prose, or a
    subtitle right after its title (——X工作综述, not a dashed item of a list) before a line
    whose first clause is not a sentence of its own."""
    first = CLAUSE_END.search(nxt)
    if first is None:
        return False
    if SPACED_PHRASES.fullmatch(para):
        return True
    return (para[0] in DASHES and "、" not in para and first.group() not in SENTENCE_ENDS
            and bool(prev) and not PROSE.search(prev))


def continues(lines: list[str], nxt: str | None, wrap: Wrap, prev: str = "") -> bool:
    """In hard-wrapped text: does the paragraph of ``lines`` go on in the next line? ``prev``
    is the paragraph before."""
    para, line = "".join(lines), lines[-1]
    if nxt is None or HEADING_START.match(nxt):
        return False
    if HEADING_START.match(para) and "。" not in para and not _heading_goes_on(para, line, nxt, wrap):
        return False  # a numbered heading
    if BYLINE.search(line) or PAGE_FIELD.search(line):
        return False  # an author line, a page's labelled field
    if not PROSE.search(para):  # a title, a subtitle: no sentence in them
        if para[0] in DASHES and line.endswith(SUBTITLE_END):
            return False  # the subtitle ends
        byline = BYLINE.search(nxt) and not nxt.split()[0].endswith(SUBTITLE_END)  # not 会议上 张某某: a delivery line's end
        if nxt[0] in DASHES or byline or SALUTATION.match(nxt):
            return False  # a title before its subtitle, byline or salutation, however long it is
        if _heading_before_prose(para, nxt, prev):
            return False
    if wrap.full(line):
        return True
    if line[0] in DASHES and line[-1] not in PARA_END and len(nxt) <= 30 and nxt.endswith(SUBTITLE_END):
        return True  # a wrapped subtitle
    return False


@dataclass
class Line:
    """A non-blank source line (or, in text wrapped twice, a line with its rest): its pieces
    ``(source offset, text)`` and the blank lines before it."""

    pieces: list[tuple[int, str]]
    gap: int

    @property
    def text(self) -> str:
        return "".join(t for _, t in self.pieces)


def source_lines(norm: str) -> list[Line]:
    out: list[Line] = []
    gap = 0
    for start, line in split_lines(norm):
        stripped = line.strip(" ")
        if not stripped:
            gap += 1
            continue
        out.append(Line([(start + len(line) - len(line.lstrip(" ")), stripped)], gap))
        gap = 0
    return out


def _beyond(line: str, wrap: Wrap) -> bool:
    """Is ``line`` longer than a line of ``wrap`` can be?"""
    return display_width(line) > wrap.columns + 6 and len(line) > wrap.chars + 3


def unwrap_rests(lines: list[Line], wrap: Wrap) -> list[Line]:
    """Text wrapped twice: each full line and the short rest after it become one line of the first wrap."""
    assert wrap.first is not None
    out: list[Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        if (prev and len(prev.pieces) == 1 and wrap.rest(prev.text, ln.text, share=2)
                and not _beyond(prev.text + ln.text, wrap.first)
                and not (BYLINE.search(prev.text) or SALUTATION.match(ln.text) or HEADING_START.match(ln.text))):
            prev.pieces.extend(ln.pieces)
        else:
            out.append(Line(list(ln.pieces), ln.gap))
    return out
