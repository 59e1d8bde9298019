"""The report's metadata completed from its resolved mentions: region, issuing body, the meeting
it was delivered at, and the body of its author.

The issuing body is the one the speaker reports for (我代表X向大会报告工作, a news write-up's
…代表X向大会报告工作时说), else the state organ its title block names, else the report's own
organ it names most; a government work report that names no region of its own is the State
Council's (the national government of the lexicon).
"""

from __future__ import annotations

import re
from collections import Counter

from ..frontmatter import Speaker, speaker
from ..lexicon import Lexicon
from ..models import Metadata, Resolution, Segmented
from .canonical import title_block
from .names import surface_body_name

#: Kinds of body that issue reports, the most likely issuer first (中共中央和国务院: 国务院).
ISSUER_KINDS = ("standing_committee", "cppcc", "court", "procuratorate", "government", "people_congress",
                "supervisory_commission", "party_committee")
#: What follows the meeting a report is delivered at: …会议(开幕会)上作常委会工作报告.
#: …会议举行第二次全体会议，听取了主任X所作的常委会工作报告; …会议开幕。主席X代表…向大会报告工作 / 县长X作政府工作报告.
DELIVERED_AT = re.compile(r"(?:开幕会|开幕式|全体会议|预备会议)?上[^。;]{0,40}?(?:作|报告)[^。;]{0,20}?(?:工作报告|报告工作)"
                          r"|举行[^。;]{0,12}?(?:会议|大会)[,，]\s*(?:听取|审议)(?:了)?[^。;]{0,40}?所作的[^。;]{0,20}?报告"
                          r"|(?:隆重|胜利|正式)?(?:开幕|召开|举行)[^。;]{0,20}?[。,，]?[^。;]{0,50}?(?:向(?:大会|会议)[^。;]{0,20}?|作了?[^。;]{0,8}?)"
                          r"(?:工作报告|报告工作)")
#: The text opening in which a delivered report names its kind (向大会作政府工作报告).
OPENING = 3000


def _in_span(mentions, res: Resolution, lo: int, hi: int, kind: str) -> list[tuple[int, str, str]]:
    return [(m.start, *res.names[i]) for i, m in enumerate(mentions)
            if m.kind == kind and i in res.names and lo <= m.start < hi]


def issuing_body(seg: Segmented, mentions, res: Resolution, lex: Lexicon, spk: Speaker | None) -> str | None:
    name = _issuer(seg, mentions, res, lex, spk)
    if name and name.endswith("政协常委会") and res.ctx.region:  # a local CPPCC's report is the CPPCC's
        return res.parents.get(name, name)  # (examples/gold); the national one stays 全国政协常委会 (dev gold)
    return name


def _issuer(seg: Segmented, mentions, res: Resolution, lex: Lexicon, spk: Speaker | None) -> str | None:
    ctx = res.ctx
    if spk:
        said = [(ISSUER_KINDS.index(k), name) for _, name, k in _in_span(mentions, res, spk.start, spk.end, "body")
                if k in ISSUER_KINDS]
        said += [(ISSUER_KINDS.index(k), name) for name, (k, aliases) in lex.national_bodies.items()
                 if k in ISSUER_KINDS and spk.body.startswith((name, *aliases))]
        if said:
            rank, name = min(said)
            if ISSUER_KINDS[rank] == "cppcc" and spk.body.endswith(("常务委员会", "常委会")):
                return name + "常委会"  # 政协全国委员会常务委员会: the CPPCC's standing committee
            return name
    lo, hi = title_block(seg)
    audience = _audience(seg)
    text = seg.document.text
    for _, i in sorted((m.start, i) for i, m in enumerate(mentions) if m.kind == "body" and i in res.names
                       and lo <= m.start < hi):
        m, (name, k) = mentions[i], res.names[i]
        if k in ISSUER_KINDS and not audience[0] <= m.start < audience[1] and not _overseer(text, m.start, m.end):
            return name
    title = seg.metadata.title or ""
    if ctx.region and "工作报告" in title[2:]:  # 大兴区人民政府工作报告, where the body was not marked in the title
        said = surface_body_name(title[: title.index("工作报告")], ctx, lex, sorted(lex.bodies, key=len, reverse=True))
        if said:
            return said
    counts = Counter(res.names[i][0] for i, m in enumerate(mentions) if m.kind == "body" and i in res.names
                     and res.names[i][1] in ISSUER_KINDS[:5] and not _overseer(text, m.start, m.end)
                     and (not ctx.region or res.names[i][0].startswith(ctx.region)))
    if counts:
        return counts.most_common(1)[0][0]
    if ctx.region and re.search(r"作(?:了)?政府工作报告", text[:OPENING]):  # a write-up: 县长X作政府工作报告
        return surface_body_name("政府", ctx, lex, sorted(lex.bodies, key=len, reverse=True))
    if not ctx.region and "政府工作报告" in seg.document.text[:OPENING]:
        return next((n for n, (k, _) in lex.national_bodies.items() if k == "government"), None)
    return None


#: A body the reporting one answers to: 接受区人大及其常委会监督, 向区人大常委会报告工作, 在区委领导下.
OVERSEER_BEFORE = re.compile(r"(?:接受|向|在)(?:主动)?$")
OVERSEER_AFTER = re.compile(r"(?:及其常委会)?(?:的)?(?:坚强|有力|依法)?(?:领导|监督|指导)")


def _overseer(text: str, start: int, end: int) -> bool:
    """A body named as the one the reporter answers to, not the reporter."""
    return bool(OVERSEER_BEFORE.search(text, max(0, start - 2), start) or OVERSEER_AFTER.match(text, end))


def _audience(seg: Segmented) -> tuple[int, int]:
    """The span of the delivery line's meeting (——…在X人民代表大会常务委员会第N次会议上): the bodies
    there are the ones the report is given to, not its issuer."""
    sub = seg.metadata.subtitle or ""
    at = seg.document.text.find(sub) if sub and re.search(r"在.+(?:会议|大会)上", sub) else -1
    return (at, at + len(sub)) if at >= 0 else (0, 0)


def delivered_at(seg: Segmented, mentions, res: Resolution, spk: Speaker | None) -> str | None:
    """The meeting named in the subtitle (——…在X会议上), or where the speaker reports: 王沪宁4日在X
    开幕会上代表…, 我代表国务院向X会议作政府工作报告."""
    md, text = seg.metadata, seg.document.text
    if md.subtitle and re.search(r"在.+(?:会议|大会)上", md.subtitle):
        lo, hi = title_block(seg)
        found = sorted(_in_span(mentions, res, lo, hi, "meeting"))
        if found:
            return found[0][1]
    if spk:
        start = max(text.rfind(c, 0, spk.start) for c in "。\n") + 1
        found = [x for x in _in_span(mentions, res, start, spk.start, "meeting") if "在" in text[start:x[0]]]
        end = min((x for x in (text.find(c, spk.end) for c in "。\n") if x >= 0), default=len(text))
        found += [x for x in _in_span(mentions, res, spk.end, end, "meeting") if "向" in text[spk.end:x[0]]]
        if found:
            return found[0][1]
    for start, name, _ in sorted(_in_span(mentions, res, 0, OPENING, "meeting")):
        end = next(m.end for m in mentions if m.kind == "meeting" and m.start == start)
        if DELIVERED_AT.match(text, end):  # 在X会议(开幕会)上作常委会工作报告: a news write-up
            return name
    return None


def finish_metadata(seg: Segmented, mentions, res: Resolution, lex: Lexicon) -> Metadata:
    md = seg.metadata
    ctx = res.ctx
    spk = speaker(seg.document.text)
    issuing = issuing_body(seg, mentions, res, lex, spk)
    author = md.author
    if author and author.role != "记者":
        lo, hi = title_block(seg)
        named = [res.names[i] for i, m in enumerate(mentions) if m.kind == "body" and i in res.names
                 and author.body and m.text in author.body and lo <= m.start < hi]
        fits = [n for n, k in named if k in lex.posts.get(author.role, ())]
        body = next(iter(fits or [n for n, _ in named]), None)
        if body and body.endswith("党组") and not author.role.startswith("党组"):
            body = body[: -len("党组")]  # 人大常委会党组书记、主任: the 主任 is the committee's
        author = author.model_copy(update={"body": body or issuing})
    return md.model_copy(update={"region": ctx.full_region or ctx.region, "issuing_body": issuing,
                                 "meeting": delivered_at(seg, mentions, res, spk), "author": author})
