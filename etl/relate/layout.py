"""What the fact rules need to know about a report's layout and its bodies.

``Layout`` marks, per sentence, whether it is part of the coming year's plan (plans are not
things done), whether it is a photo caption, and which body acts there by default: the
issuing body, or the body of a report printed inside the report (…法院工作报告(摘要)).
``Bodies`` gives the canonical name and kind of the body named at a position, and builds
canonical names for body surface forms the recogniser did not mark (a title's issuer).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from ..hanzi import DIGITS, ONE_TO_TEN, ZEROS
from ..lexicon import ActivityRuleWords, Lexicon
from ..models import Metadata, Segmented
from ..period import arabic_years
from ..resolve import Context
from ..resolve.names import surface_body_name
from ..segment import YEAR, is_heading
from .periods import REVIEW_WORDS, YEAR_OPENING, Periods, last_year

BREAK = ",;:。!?"
NUMBERED = re.compile(rf"^(?:[(（]?[{ONE_TO_TEN}]+[)）、.]|\d+[.、])")
OPENING = 3000  # the speaker names the body they stand for within the report's opening
YEAR_LEAD = re.compile(r"^(?:19|20)\d{2}年(?:度)?")
CN_DIGITS = DIGITS
WRITTEN_YEAR = re.compile(rf"((?:19|20)\d{{2}})年|((?:一九|二[○{ZEROS}])[○{ZEROS}{DIGITS}]{{2}})年")
BULLET = "——"
PAST_MARKERS = ("累计", "以来", "一年来", "过去一年", "今年")
ORDINAL_LINE = re.compile(rf"(?:[{ONE_TO_TEN}]+是|第[{ONE_TO_TEN}]+|首先|其次|最后)[,:]?")  # 一是 on a line of its own: no heading
# a plan paragraph announcing its parts (今年要着重做好以下八个方面工作): the numbered headings after it are the plan
ANNOUNCED_PARTS = re.compile(rf"要[^。;]{{0,40}}以下[{ONE_TO_TEN}几\d]*个?方面")
_LEAD = re.compile(r"^(?:(?:19|20)\d{2}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:以来)?|同时|此外|另外|其中|一年来|近年来|"
                   r"五年来|五年以来|年初|年底|会上|期间|[^,;。]{0,8}期间)[,]?")


class Bodies:
    """Body mentions of one report by position, and canonical names for new surface forms."""

    def __init__(self, spans: list[tuple[int, int, str, str]], ctx: Context, lex: Lexicon) -> None:
        self.spans = sorted(spans)
        self.starts = [s[0] for s in self.spans]
        self.ctx = ctx
        self.lex = lex
        self.kinds: dict[str, str] = {}
        for _s, _e, name, kind in self.spans:
            self.kinds.setdefault(name, kind)
        self.cores = sorted(lex.bodies, key=len, reverse=True)

    def kind(self, name: str | None) -> str | None:
        if name is None:
            return None
        if name in self.kinds:
            return self.kinds[name]
        if name in self.lex.national_bodies:
            return self.lex.national_bodies[name][0]
        for core in self.cores:
            canon, kind = self.lex.bodies[core]
            if name.endswith(canon):
                return kind
        return None

    def within(self, lo: int, hi: int) -> list[tuple[int, int, str, str]]:
        i = bisect_right(self.starts, lo - 1)
        out = []
        while i < len(self.spans) and self.spans[i][0] < hi:
            if self.spans[i][1] <= hi:
                out.append(self.spans[i])
            i += 1
        return out

    def ending_at(self, pos: int, slack: int = 0) -> tuple[int, int, str, str] | None:
        """The body mention that ends at ``pos`` (or up to ``slack`` characters before)."""
        best = None
        for span in self.within(max(0, pos - 40), pos):
            if pos - slack <= span[1] <= pos and (best is None or span[0] < best[0]):
                best = span
        return best

    def name_of(self, surface: str) -> str | None:
        """Canonical name of a body surface form the recogniser did not mark (a title's issuer):
        区人大常委会党组 → 芜湖市镜湖区人大常委会党组 (``resolve.names.surface_body_name``)."""
        return surface_body_name(surface, self.ctx, self.lex, self.cores)

    def own_of_kind(self, kind: str) -> str | None:
        """The report's own body of a kind: the region's (湖南省政府), or the national one when
        the report has no region (国务院)."""
        if self.ctx.region:
            return next((self.name_of(core) for core, (_canon, k) in self.lex.bodies.items() if k == kind), None)
        return next((name for name, (k, _aliases) in self.lex.national_bodies.items() if k == kind), None)

    def people_congress_of(self, body: str | None) -> str | None:
        """The people's congress whose standing committee ``body`` is (…人大常委会 → …人大)."""
        if body and body.endswith("人大常委会"):
            return body[: -len("常委会")]
        return None


@dataclass
class Layout:
    """Per-sentence flags and default actor of one report."""

    plan: list[bool] = field(default_factory=list)
    caption_end: list[int] = field(default_factory=list)  # text before it is a photo caption
    lead: list[bool] = field(default_factory=list)  # a heading or a short lead-in (专题询问,问出实效。)
    actor: list[str | None] = field(default_factory=list)
    section_period: list[str | None] = field(default_factory=list)  # years a review heading names
    decided: dict[str, int] = field(default_factory=dict)  # acting body → where the text makes it act


def acting_body(name: str | None) -> str | None:
    """The body that acts for a report's author: a CPPCC's standing committee reports the
    CPPCC's work (…政协常委会 → …政协)."""
    if name and name.endswith("政协常委会"):
        return name[: -len("常委会")]
    return name


def _year(period: str | None) -> int | None:
    return last_year(period)


def _is_plan_heading(par: str, year: int | None, lex: Lexicon) -> bool:
    """A heading of the coming year's work (2024年工作安排, 2023年的主要任务, 2026年主要工作, 今后工作);
    not one reviewing a year (2025年主要工作和成就), nor one whose review comes first
    (1998年工作回顾和1999年工作的总体要求): its plan starts where a sentence opens it."""
    planned = [par.find(h) for h in lex.plan_headings if h in par]
    if planned:
        review = re.search(r"回顾|总结", par)
        return not (review and review.start() < min(planned))
    m = YEAR.search(arabic_years(par))  # 关于1 9 9 8 年政府工作的建议
    return bool(m and year and int(m.group(1)) > year
                and not re.search(r"回顾|总结|成绩|成效|主要工作(?:和|及|与|情况)", par))


def year_written(text: str) -> int | None:
    """The year a text opens with, in Arabic or Chinese digits (2024年, 一九五八年)."""
    m = WRITTEN_YEAR.match(text)
    if not m:
        return None
    return int(m.group(1)) if m.group(1) else int("".join(str(CN_DIGITS.index(c if c in CN_DIGITS else "〇")) for c in m.group(2)))


def _opens_plan(sentence: str, year: int | None, rules: ActivityRuleWords) -> bool:
    """A sentence that opens the plan (新的一年,… / 2024年,常委会将… / 一九五八年计划…)."""
    s = sentence.lstrip()
    if s.startswith(tuple(rules.plan_openers)):
        return True
    written = year_written(s)
    return bool(written and year and written > year)


def report_title_body(par: str, bodies: Bodies, lex: Lexicon, at: int | None = None) -> str | None:
    """The body of a report title line (芜湖市镜湖区人民法院工作报告(摘要) → …区法院): the body
    named right before the suffix, after an optional year (2026年湖南省政府工作报告); never a
    phrase that only ends in a body word (省长某某作政府工作报告)."""
    rules = lex.activity_rules
    p = par.strip()
    if len(p) > 40 or re.search(r"[,。;]", p):
        return None
    for suffix in sorted(rules.report_title_suffixes, key=len, reverse=True):
        if not p.endswith(suffix):
            continue
        head = p[: -len(suffix)]
        if at is not None:
            end = at + par.index(p) + len(head)
            named = bodies.ending_at(end)
            if named and named[1] == end:
                return named[2]
        head = YEAR_LEAD.sub("", head)
        if not head or any(w in head for w in rules.title_body_breaks):
            return None
        return bodies.name_of(head)
    return None


def own_body(seg: Segmented, metadata: Metadata, bodies: Bodies, lex: Lexicon) -> tuple[str | None, int]:
    """The body a report is by, which acts wherever no other is named, and where the report says
    so: the body the speaker stands for (我代表国务院…), the government when the title or the
    opening says it is a government work report (国务院 for a national one), else the issuing
    body or the title's (at the report's start)."""
    text = seg.document.text
    rules = lex.activity_rules
    opening = text[:OPENING]
    for marker in rules.speaker_markers:
        for m in re.finditer(re.escape(marker), opening):
            named = bodies.within(m.end(), m.end() + 40)
            if named and named[0][0] == m.end():
                return acting_body(named[0][2]), m.start()
    for kind, phrases in rules.own_report_phrases.items():
        said = [opening.find(f"{verb}{ph}") for ph in phrases for verb in ("作", "报告") if f"{verb}{ph}" in opening]
        if any(ph in (metadata.title or "") for ph in phrases) or said:
            at = 0 if any(ph in (metadata.title or "") for ph in phrases) else min(said)
            if bodies.kind(metadata.issuing_body) == kind:
                return metadata.issuing_body, at
            return bodies.own_of_kind(kind), at
    if metadata.issuing_body:
        return acting_body(metadata.issuing_body), 0
    title = metadata.title or ""
    found = report_title_body(title, bodies, lex, text.find(title) if title and title in text else None)
    return acting_body(found or (bodies.name_of(metadata.author.body) if metadata.author and metadata.author.body
                                 else None)), 0


def layout(seg: Segmented, metadata: Metadata, bodies: Bodies, lex: Lexicon) -> Layout:
    # Long: one walk over the paragraphs keeps the running section, plan and actor state that every sentence reads.
    text = seg.document.text
    rules = lex.activity_rules
    year = _year(metadata.period)
    future = re.compile("|".join(map(re.escape, rules.future_markers)) or r"(?!)")
    captions = tuple(rules.caption_markers)
    out = Layout()
    # paragraphs = lines of the cleaned text
    par_starts, pos = [], 0
    for line in text.split("\n"):
        par_starts.append(pos)
        pos += len(line) + 1
    sent_par = [bisect_right(par_starts, s.start) - 1 for s in seg.sentences]
    by_par: dict[int, list[int]] = {}
    for i, p in enumerate(sent_par):
        by_par.setdefault(p, []).append(i)

    actor, at = own_body(seg, metadata, bodies, lex)
    decided = {actor: at} if actor else {}
    own_title = (metadata.title or "").strip()
    lead = [False] * len(seg.sentences)
    mode: tuple[str, int] | None = None  # ("heading", rank) or ("para", 0)
    announced = False  # a plan paragraph announced the parts that follow (以下八个方面)
    plan = [False] * len(seg.sentences)
    actors: list[str | None] = [None] * len(seg.sentences)
    section: list[str | None] = [None] * len(seg.sentences)
    periods = Periods(metadata.period)
    dated: dict[int, str | None] = {}  # heading rank → the years its section reviews
    carried: str | None = None  # the years a lead line (这五年，我们…。) gives the paragraphs after it
    bullets: str | None = None  # the years a lead paragraph (过去五年极不平凡。…) gives the —— bullets after it
    review: int | None = None  # rank of a heading reviewing the year and the five years (2025年和“十四五”时期工作回顾)
    cue: str | None = None  # inside it, the years the last turn (五年来… / 刚刚过去的2025年…) gives what follows
    # plan mode: set by a plan heading (until a heading of the same rank or higher; an
    # unnumbered heading line ranks highest, a line holding only 一是 none) or by a plan opener
    # (until the next heading, or over the numbered parts its paragraphs announce); a
    # paragraph in plan mode that reports what was done (累计, 以来 …) is not part of it
    for p in sorted(by_par):
        idx = by_par[p]
        a, b = seg.sentences[idx[0]].start, seg.sentences[idx[-1]].end
        par = text[a:b]
        level = is_heading(par)
        # the report's own title and subtitle (2025年…政府工作报告) head no plan and no other body's report
        front = bool(own_title and par.strip() == own_title) or any(
            x and x in par for x in (metadata.subtitle, own_title))
        title_body = report_title_body(par, bodies, lex, a) if p > 2 and not front else None
        for n, i in enumerate(idx):
            st = seg.sentences[i].text
            lead[i] = level is not None or len(st) <= 10 or (n == 0 and len(idx) > 1 and len(st) <= 24
                                                              and bool(NUMBERED.match(st)))
        if title_body:
            actor, mode = acting_body(title_body), None
            decided.setdefault(actor, a)
            review = cue = None
        elif level is not None:
            rank = 0 if level == 4 else level
            review, cue = _review_after(par, level, review, cue, periods, _is_plan_heading(par, year, lex))
            if not front:  # a heading ends the dated sections of its rank and below, and may start one
                dated = {r: v for r, v in dated.items() if r < rank}
                dated[rank] = periods.of_heading(par)
            if _is_plan_heading(par, year, lex) and not front:  # an appendix (名词解释) runs to the end
                mode = ("heading", -1 if any(h in par for h in rules.appendix_headings) else rank)
                for i in idx:
                    plan[i] = True
                    actors[i] = actor
                continue
            if mode == ("para", 0) and announced and level != 4:  # the first part announced goes on with its rank
                mode = ("heading", rank) if _plan_goes_on(par, level, ("heading", rank), year, periods) else None
            elif mode and (mode[0] == "para" or rank <= mode[1]) and not _plan_goes_on(par, level, mode, year, periods) \
                    and not ORDINAL_LINE.fullmatch(par.strip()):
                mode = None
            announced = False
        # a numbered plan heading is sure; an unnumbered one or an opener may run into
        # passages a scrambled layout put after it
        rescued = mode is not None and mode[1] == 0 and any(w in par for w in PAST_MARKERS)
        if level is not None:  # a heading ends what a lead gives; a short unpunctuated line (a broken
            carried = None       # title inside a bullet) does not end the bullets
            bullets = bullets if level == 4 else None
        bullet = par.lstrip().startswith(BULLET)  # ——经济发展再上新台阶。… under 过去五年极不平凡。
        par_period = carried or (bullets if bullet else None)
        for i in idx:
            s = seg.sentences[i].text
            if mode is None and _opens_plan(s, year, rules):
                mode = ("para", 0)
            # a plan sentence ending in ；lists targets, and so does the item after it (目标是：…；计划…25个)
            plan[i] = (mode is not None and not rescued) or bool(future.search(s)) or (
                i != idx[0] and plan[i - 1] and seg.sentences[i - 1].text.rstrip().endswith(("；", ";")))
            actors[i] = actor
            # 五年来，我们… / 过去一年，…: the sentence and the rest of its paragraph; a lead line of
            # its own (这是…的五年。) goes on over the paragraphs up to the next heading
            par_period = periods.of_paragraph(s) or par_period
            if review is not None and level is None:
                cue = periods.of_cue(s, i == idx[0] or seg.sentences[idx[0]].text.startswith("各位代表")
                                     and i == idx[min(1, len(idx) - 1)]) or cue
            section[i] = (cue if review is not None else None) or par_period or next((dated[r] for r in sorted(dated, reverse=True) if dated[r]), None)
        announced = announced or (mode == ("para", 0) and bool(ANNOUNCED_PARTS.search(par)))
        opened = periods.of_paragraph(par)
        if opened or YEAR_OPENING.match(par.lstrip()):  # a lead line, or a paragraph opening with the past
            # year (刚刚过去的2025年，…) inside a span's review, carries on; a dated paragraph ends it
            carried = opened if level is None and (len(idx) == 1 or opened and "-" not in opened) else None
        if not bullet and level is None:  # a lead paragraph dates the bullets right after it
            bullets = opened
    out.plan = plan
    out.section_period = section
    out.lead = lead
    out.actor = actors
    out.decided = decided
    out.caption_end = _captions(seg, captions, tuple(rules.caption_position_markers))
    return out


def _plan_goes_on(heading: str, level: int, mode: tuple[str, int], year: int | None, periods: Periods) -> bool:
    """The plan part a numbered plan heading opened (二、2015年工作总体部署) goes on over the numbered
    headings of its rank after it (三、把改革开放扎实推向纵深): they deploy the same year's work,
    unless one reviews (…回顾, 过去五年…) or names a year already past (三、2025年自身建设)."""
    named = [int(y) for y in YEAR.findall(heading)]
    return (mode[0] == "heading" and mode[1] >= 1 and level == mode[1] and not periods.of_heading(heading)
            and not REVIEW_WORDS.search(heading) and not any(year and y <= year for y in named))


def _review_after(heading: str, level: int, review: int | None, cue: str | None, periods: Periods,
                  plan: bool) -> tuple[int | None, str | None]:
    """The review of the year and the five years (its rank) and its running turn after a heading: such a
    heading opens one (an unnumbered one ranks as a numbered one); a heading of its rank or higher,
    or one of a plan, ends it; a sub-heading naming years (（二）2025年主要工作) turns it; other
    sub-headings and short title lines (产业结构持续优化) do not."""
    if periods.spans_both(heading) and not plan:
        return (1 if level == 4 else level), None
    if review is None:
        return None, None
    named = periods.of_heading(heading)
    if plan or (level != 4 and level <= review) or (level == 4 and named):
        return None, None
    return review, named or cue


def _captions(seg: Segmented, tags: tuple[str, ...], positions: tuple[str, ...]) -> list[int]:
    """Per sentence, where its caption text ends: a photo caption runs up to its tag
    ((资料图片)), or is the sentence before a tag that opens the next one; a sentence that
    places people in a photo ((左六)) is a caption as a whole."""
    sents = seg.sentences
    ends = [s.start for s in sents]
    # lines whose caption marker clean-up removed ((资料图片) at the end of a line)
    text = seg.document.text
    for src, _src_end, reason in seg.document.dropped:
        if "caption" not in reason:
            continue
        pos = _clean_position(seg.document.offsets.runs, src - 1)
        if pos is None:
            continue
        pos += 1  # the caption is the text of its line before the marker
        a = text.rfind("\n", 0, pos - 1) + 1
        for i, st in enumerate(sents):
            if a <= st.start < pos:
                ends[i] = max(ends[i], min(st.end, pos))
    tag_rx = re.compile(r"[(]?(?:" + "|".join(re.escape(t) for t in tags) + r")[)]" if tags else r"(?!)")
    pos_rx = re.compile("|".join(map(re.escape, positions)) or r"(?!)")
    for i, s in enumerate(sents):
        if pos_rx.search(s.text):
            ends[i] = s.end
            continue
        m = None
        if "(" in s.text:
            for m in tag_rx.finditer(s.text):
                pass
        if m:
            ends[i] = s.start + m.end()
            if m.start() == 0 and i > 0 and ends[i - 1] < sents[i - 1].end:
                ends[i - 1] = sents[i - 1].end
    return ends


def _clean_position(runs, source: int) -> int | None:
    """The cleaned-text position of a source character (None when clean-up dropped it)."""
    for clean_start, source_start, length in runs:
        if source_start <= source < source_start + length:
            return clean_start + source - source_start
    return None


def strip_lead(clause: str) -> int:
    """Length of a leading time or linking phrase (2021年3月8日, 同时, 会议期间 …)."""
    m = _LEAD.match(clause)
    return m.end() if m else 0
