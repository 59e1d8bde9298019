"""A web page's chrome around a report, as text lines: what clean.py drops before it joins lines.

A report copied from a web page keeps the page around it: the site's tools (下载 打印 【字号：加大
还原 减小】), a breadcrumb (当前位置：首页 > 要闻), labels (来源：某日报, 责任编辑：某某) at the top,
and at the end share buttons, 扫一扫…, related links (相关报道： and the linked titles) and a
licence notice (本作品…属于公有领域 Public domain). None of it is the report: a law named in a
licence notice (著作权法) or a newspaper in a 来源 line is no entity of the report.

Only the head (the lines before the first prose line) and the tail (the lines after the last
one) are read, so a word like 打印 or 来源 inside the report is never touched. The words and
patterns are the lexicon's ``web_chrome`` section; the rule ids are ``clean.chrome`` (a tool,
label or breadcrumb line), ``clean.chrome.related`` and ``clean.chrome.licence``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .lexicon import WebChromeWords
from .wrapping import Line

#: Brackets and marks a chrome line is written in (【字号：, 》》点击…《《, (来源：某报)).
WRAPPERS = "【】[]()《》〈〉<> "
#: The salutations a report opens with: the head ends there.
SALUTATIONS = ("各位代表", "各位委员", "各位常委")
#: Lines read at most in the head and in the tail.
HEAD_LINES, TAIL_LINES = 40, 60
#: A tail longer than this is no licence notice or list of links.
TAIL_CHARS = 3000
#: A value on the line after its label (来源： / 四川日报), a breadcrumb item, a link title.
VALUE_CHARS, CRUMB_CHARS, LINK_CHARS = 10, 12, 100


@dataclass(frozen=True)
class _Rules:
    """The compiled ``web_chrome`` words of one lexicon."""

    words: WebChromeWords
    patterns: tuple[re.Pattern, ...]
    label: re.Pattern


@cache
def _rules(words: WebChromeWords) -> _Rules:
    labels = "|".join(sorted(map(re.escape, words.labels), key=len, reverse=True))
    return _Rules(words, tuple(re.compile(p) for p in words.nav_patterns),
                  re.compile(rf"^(?:{labels})\s*:\s*(?P<value>[^。]{{0,30}})$"))


def _core(text: str) -> str:
    """A line without its wrapping brackets and a closing colon or arrows."""
    return text.strip().strip(WRAPPERS).rstrip(":>》»").strip().strip(WRAPPERS)


def _tool(text: str, r: _Rules) -> bool:
    """A line that is only a page tool, a link, a label with its value, or brackets."""
    core = _core(text)
    if not core or core in r.words.nav_words or any(p.fullmatch(core) for p in r.patterns):
        return True
    return bool(r.label.match(text.strip().strip(WRAPPERS)))


def _empty_label(text: str, r: _Rules) -> bool:
    m = r.label.match(text.strip().strip(WRAPPERS))
    return bool(m) and not m.group("value").strip()


def _value(texts: list[str], i: int, r: _Rules) -> bool:
    """The value of an empty label on the line before (来源： / 四川日报, 责任编辑： / 某某)."""
    t = texts[i].strip()
    return i > 0 and len(t) <= VALUE_CHARS and "报告" not in t and _empty_label(texts[i - 1], r)


def _prose(text: str) -> bool:
    """A line of the report's own text: a sentence, or the salutation opening it (各位代表：)."""
    return (len(text) >= 30 and "。" in text) or text.startswith(SALUTATIONS)


def _head(texts: list[str], r: _Rules) -> dict[int, str]:
    """Chrome lines before the first prose line: tools, labels and their values, breadcrumbs."""
    out: dict[int, str] = {}
    marks = r.words.breadcrumb_marks
    for i, t in enumerate(texts[:HEAD_LINES]):
        if _prose(t):
            break
        crumb = len(t) <= CRUMB_CHARS and "。" not in t and (
            (i > 0 and texts[i - 1].strip() in marks) or (i + 1 < len(texts) and texts[i + 1].strip() in marks)
            or (i - 1 in out and texts[i - 1] == t))
        if _tool(t, r) or _value(texts, i, r) or crumb:
            out[i] = "clean.chrome"
    return out


def _tail_cut(texts: list[str], r: _Rules) -> tuple[int, str]:
    """Where a licence notice or a related-links list at the end starts (len(texts) if none)."""
    n = len(texts)
    start = max(0, n - TAIL_LINES)
    for i in range(start, n):
        rest = "".join(texts[i:])
        if len(rest) <= TAIL_CHARS and texts[i].strip().startswith(tuple(r.words.licence_openers)) \
                and any(m in rest for m in r.words.licence_markers):
            n, start = i, min(start, i)
            break
    for i in range(start, n):
        if _core(texts[i]) in r.words.related_headers and all(len(t) <= LINK_CHARS for t in texts[i + 1: n]):
            return i, "clean.chrome.related"
    return n, "clean.chrome.licence"


def chrome_lines(texts: list[str], words: WebChromeWords) -> dict[int, str]:
    """Indices of the lines that are page chrome → the rule id that drops them."""
    r = _rules(words)
    out = _head(texts, r)
    cut, rule = _tail_cut(texts, r)
    out.update((i, rule) for i in range(cut, len(texts)))
    j = cut - 1
    while j > 0 and j not in out and (_tool(texts[j], r) or _value(texts, j, r)):
        out[j] = "clean.chrome"
        if _value(texts, j, r):
            out[j - 1] = "clean.chrome"
            j -= 1
        j -= 1
    return out


def strip_chrome(lines: list[Line], words: WebChromeWords) -> tuple[list[Line], list[tuple[int, int, str]]]:
    """The lines without a page's chrome, and the dropped source spans with their rule ids."""
    drop = chrome_lines([ln.text for ln in lines], words)
    if not drop:
        return lines, []
    kept = [ln for i, ln in enumerate(lines) if i not in drop]
    spans = [(off, off + len(t), drop[i]) for i, ln in enumerate(lines) if i in drop for off, t in ln.pieces]
    return kept, spans
