"""Canonical names within a report: every mention's name (区人大常委会 in a 济南市济阳区 report is
济南市济阳区人大常委会), and the forms of one entity folded together (《条例》 → the 条例 cited
before it, 十九届人大一次会议 → the full session name, 茂林村 → 九台区波泥河街道茂林村).
"""

from __future__ import annotations

import re

from ..lexicon import Lexicon
from ..models import Mention, ReportContext, Resolution, Segmented
from ..recognize.common import ZH_DIGITS
from .names import (NATIONAL, body_name, cppcc_meeting, generic_judicial, law_key, meeting_name, place_in_its_time,
                    place_name, project_key, report_year)
from .region import context

#: Kinds of the state organs that give national reports (国务院, 全国人大常委会, 最高人民法院 …).
STATE_KINDS = ("standing_committee", "people_congress", "government", "court", "procuratorate", "cppcc",
               "supervisory_commission")
#: Body forms that stand for the report's own units (区委, 常委会).
LOCAL_FORMS = ("level", "own")


def title_block(seg: Segmented, pad: int = 60) -> tuple[int, int]:
    """Span of the title block (title, subtitle, author line) in the cleaned text, with ``pad``
    characters after it (where an author line follows)."""
    md, text = seg.metadata, seg.document.text
    spans = []
    for part in (md.title, md.subtitle, md.author.body if md.author else None):
        if part:
            i = text.find(part)
            if i >= 0:
                spans.append((i, i + len(part)))
    if not spans:
        return 0, 0
    lo = min(a for a, _ in spans)
    hi = max(b for _, b in spans)
    return lo, min(hi + pad, len(text)) if hi - lo < 400 else hi


def is_national_report(seg: Segmented, mentions: tuple[Mention, ...]) -> bool:
    """A report of a national body (国务院, 全国人大常委会, 最高人民法院 …): its title block names a
    national state organ, or it names no local region and the text names national state organs
    more often than the report's own local units (区委, 常委会)."""
    lo, hi = title_block(seg, pad=0)
    inside = [m for m in mentions if lo <= m.start < hi]
    text = seg.document.text
    national = [m for m in mentions if m.kind == "body" and m.form == "national" and m.body_kind in STATE_KINDS
                and not text.startswith(("代表", "委员"), m.end)]  # 全国人大代表某某: a deputy, not the report's body
    if any(lo <= m.start < hi for m in national):
        return True
    if any((m.kind == "place" and m.level in ("province", "city", "county"))
           or (m.kind == "body" and m.form == "region") for m in inside):
        return False
    local = sum(1 for m in mentions if m.kind == "body" and m.form in LOCAL_FORMS)
    return len(national) > local


def canonicalize(seg: Segmented, mentions: tuple[Mention, ...], lex: Lexicon) -> Resolution:
    ctx = context(seg, mentions, lex)
    if is_national_report(seg, mentions):
        # a national report has no region: a bare 省委 or 法院 in it is no body of a region it names
        ctx = ReportContext(own_kind=ctx.own_kind, levels={NATIONAL: "全国"})
    ctx = ctx.model_copy(update={"places": tuple(m for m in mentions if m.kind == "place")})
    names: dict[int, tuple[str, str]] = {}
    parents: dict[str, str] = {}
    year = report_year(seg.metadata.period, seg.metadata.date)
    written = {m.text for m in mentions if m.kind == "place"}
    text = seg.document.text
    for i, m in enumerate(mentions):
        if m.kind == "body":
            r = None if generic_judicial(m, ctx, text[max(0, m.start - 1) : m.start]) else body_name(m, ctx, lex)
            if r:
                names[i] = (r[0], r[1])
                if r[2]:
                    parents.setdefault(r[0], r[2])
        elif m.kind == "place":
            names[i] = (place_in_its_time(place_name(m, ctx, lex), m.text, year, written, lex), m.level or "other")
        elif m.kind == "meeting":
            n = cppcc_meeting(m, ctx, lex) if m.shape == "cppcc" else meeting_name(m, ctx, lex)
            if n:
                names[i] = (n, m.shape or "")
        elif m.kind == "law":
            names[i] = (m.text.strip(), m.law_kind or "other")
        elif m.kind == "project":
            names[i] = ((m.name or m.text).replace("“", "").replace("”", ""), "")
        elif m.kind == "person":
            names[i] = (m.name or m.text, "")
    _fold_laws(mentions, names)
    _fold_places(mentions, names)
    _fold_meetings(mentions, names)
    _fold_by_key(mentions, names, "project", project_key)
    _fold_by_key(mentions, names, "meeting", lambda n: re.sub(r"[\s·•・]", "", n))
    return Resolution(ctx=ctx, names=names, parents=parents)


def _fold_laws(mentions, names) -> None:
    """Back-references (《条例》) join the last title of that kind cited before them; titles
    cited shorter (安全生产条例, 消防法) join the fullest title with the same key."""
    last_by_kind: dict[str, str] = {}
    full: dict[str, str] = {}
    for i, m in enumerate(mentions):
        if m.kind != "law" or i not in names:
            continue
        if m.back:
            if m.law_kind in last_by_kind:
                names[i] = (last_by_kind[m.law_kind], names[i][1])
            else:
                del names[i]
            continue
        last_by_kind[m.law_kind] = names[i][0]
        key = law_key(names[i][0])
        if len(names[i][0]) > len(full.get(key, "")):
            full[key] = names[i][0]
    for i, m in enumerate(mentions):
        if m.kind == "law" and i in names and not m.back:
            best = full.get(law_key(names[i][0]))
            if best:
                kind = next((names[j][1] for j, x in enumerate(mentions) if x.kind == "law" and j in names
                             and names[j][0] == best), names[i][1])
                names[i] = (best, kind)


def _fold_places(mentions, names) -> None:
    """Lower units named with and without their chain are one place (茂林村 → the longest)."""
    longest: dict[tuple[str, str], str] = {}
    for i, m in enumerate(mentions):
        if m.kind == "place" and i in names and m.level in ("town", "community"):
            k = (m.text, m.level)
            if len(names[i][0]) > len(longest.get(k, "")):
                longest[k] = names[i][0]
    for i, m in enumerate(mentions):
        if m.kind == "place" and i in names and m.level in ("town", "community"):
            names[i] = (longest[(m.text, m.level)], names[i][1])


def _fold_meetings(mentions, names) -> None:
    """A session written short (政协十届二次会议) joins its full name when the text has it."""
    def key(n: str) -> str | None:
        m = re.search(rf"第?([{ZH_DIGITS}]+)届(?:委员会)?第?([{ZH_DIGITS}]+)次", n)
        if not m or "人大常委会" in n:
            return None
        body = "政协" if ("政协" in n or "委员会" in n) else "人大"
        bare = n.replace("中国人民政治协商会议", "").replace("政协", "")
        region = bare[: bare.find(m.group(1) + "届")].rstrip("第")
        return f"{region}|{body}|{m.group(1)}|{m.group(2)}|{'预备' in n}"

    # a CPPCC session written 县政协十届二次会议 takes the style of the full names the text writes
    template = None
    for i, m in enumerate(mentions):
        if m.kind == "meeting" and i in names and m.shape == "cppcc":
            t = re.sub(rf"第[{ZH_DIGITS}]+届", "第{term}届", names[i][0], count=1)
            template = re.sub(rf"第[{ZH_DIGITS}]+次", "第{session}次", t, count=1)
    for i, m in enumerate(mentions):
        if m.kind == "meeting" and i in names and m.shape == "short" and m.body == "政协" \
                and m.level and template:
            names[i] = (template.format(term=m.term, session=m.session), names[i][1])
    best: dict[str, str] = {}
    for i, m in enumerate(mentions):
        if m.kind == "meeting" and i in names:
            k = key(names[i][0])
            if k and len(names[i][0]) > len(best.get(k, "")):
                best[k] = names[i][0]
    for i, m in enumerate(mentions):
        if m.kind == "meeting" and i in names:
            k = key(names[i][0])
            if k:
                names[i] = (best[k], names[i][1])


def _fold_by_key(mentions, names, kind: str, keyf) -> None:
    best: dict[str, str] = {}
    for i, m in enumerate(mentions):
        if m.kind == kind and i in names:
            k = keyf(names[i][0])
            if len(names[i][0]) > len(best.get(k, "")):
                best[k] = names[i][0]
    for i, m in enumerate(mentions):
        if m.kind == kind and i in names:
            names[i] = (best[keyf(names[i][0])], names[i][1])


# --------------------------------------------------------------------------- evidence
