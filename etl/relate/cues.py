"""Activity cues and the text helpers the activity rules share.

``CueFinder`` matches the lexicon's activity cue phrases (``听取审议``, ``视察``, ``党组…会议``
with a gap) leftmost-longest, the type following the verb and its object the same way in every
report (``activity_types``; a meeting's own name inside a frame such as ``召开…会议`` tells its
kind); ``ActivityRules`` holds everything compiled once per lexicon; ``mask_quotes`` blanks titles
and slogans so that their words and numbers are not read as the sentence's own (a quoted
activity's last word, “请你来协商”活动, still types it); ``clause_bounds`` finds the clause around
a position. ``bench/activity_types.py`` lists each (verb, object, unit) shape's types per corpus.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from ..hanzi import AMOUNT_NUMERALS
from ..lexicon import Lexicon
from ..models import Activity
from .layout import BREAK
from .numbers import QuantityFinder

GAP = "[^,;:。!?、]{0,10}?"
FILLER_HEAD = re.compile(r"^(?:[,;、]|共|累计|全年|先后|共计|总计|分别|其中|了|还|并|又|同时|已|均|一共)+")
FILLER_TAIL = re.compile(r"(?:共|达|达到|为|计|约|近|了|的|共计|累计|超过|逾)+$")
LAW_TITLE = re.compile(r"(?:(?<![办方做想说手看用])法|法典|条例|法规)(?:\([^()]*\))?$")
NON_HAN = re.compile(r"[^\u4e00-\u9fff]")
NON_HAN_Q = re.compile(r"[^\u4e00-\u9fff□“”]")
_BREAK_RX = re.compile("[" + re.escape(BREAK) + "]")


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    type: str
    entry: str = ""  # the lexicon entry matched (召开…会议 for 召开全国工作会议)


@dataclass
class Counted:
    """A counted activity with the clause it was read from and where its quantity ends."""

    activity: Activity
    clause: tuple[int, int]
    end: int
    cued: bool = True  # typed by an activity cue (else `other` by default)
    cue_end: int = 0  # where the cue after the count that typed it ends (2次专题询问)
    carry: str | None = None  # the body a next list item of the sentence acts for (no suggestion's congress)


class CueFinder:
    """Activity cue phrases of the lexicon as one leftmost-longest pattern."""

    def __init__(self, lex: Lexicon) -> None:
        self.plain: dict[str, str] = {}
        self.gaps: list[tuple[str, re.Pattern, str]] = []  # (entry, pattern, type)
        alts: list[tuple[int, str]] = []
        for typ, cues in lex.activity_types.items():
            for c in cues:
                if "…" in c:
                    parts = [p for p in c.split("…") if p]
                    rx = GAP.join(re.escape(p) for p in parts)
                    self.gaps.append((c, re.compile(rx), typ))
                    alts.append((sum(map(len, parts)), rx))
                else:
                    self.plain.setdefault(c, typ)
                    alts.append((len(c), re.escape(c)))
        for w in lex.activity_rules.not_cue_words:  # matched to be skipped: 行政复议案件 holds no 议案
            self.plain[w] = ""
            alts.append((len(w), re.escape(w)))
        alts.sort(key=lambda x: -x[0])
        self.rx = re.compile("|".join(a for _, a in alts))
        meetings = sorted((c for c, ty in self.plain.items() if ty.startswith("meeting_")), key=len, reverse=True)
        self.meeting_rx = re.compile("|".join(map(re.escape, meetings)) or "(?!)")

    def find(self, text: str, lo: int, hi: int) -> list[Cue]:
        out = []
        for m in self.rx.finditer(text, lo, hi):
            t = m.group()
            start, end, entry = m.start(), m.end(), t
            typ = self.plain.get(t)
            if typ is None:
                entry, typ = next(((e, ty) for e, rx, ty in self.gaps if rx.fullmatch(t)), (t, None))
                inner = self._meeting_inside(text, start + 1, end)
                if inner is not None:  # 召开常委会会议: a meeting's own name inside 召开…会议 tells its kind
                    start, end, typ = inner
                    entry = text[start:end]
            if typ:
                out.append(Cue(start, end, typ, entry))
        return out

    def _meeting_inside(self, text: str, lo: int, hi: int) -> tuple[int, int, str] | None:
        """The first meeting named by a plain cue inside a gapped cue's span."""
        m = self.meeting_rx.search(text, lo, hi)
        return (m.start(), m.end(), self.plain[m.group()]) if m else None


class ActivityRules:
    """Everything compiled once per lexicon."""

    def __init__(self, lex: Lexicon) -> None:
        r = lex.activity_rules
        self.quantities = QuantityFinder(lex)
        self.cues = CueFinder(lex)
        self.statistic = tuple(r.statistic_markers)
        self.statistic_predicates = tuple(r.statistic_predicates)
        self.statistic_just_before = tuple(r.statistic_just_before)
        self.statistic_results = tuple(r.statistic_results)
        self.doing_verbs = tuple(r.doing_verbs)
        self.occasion_units = frozenset(r.occasion_units)
        self.object_kind_verbs = frozenset(r.object_kind_verbs)
        self.speech_markers = tuple(r.speech_markers)
        self.thing_level_before = tuple(r.thing_level_before)
        self.acting_people = tuple(r.acting_people)
        self.structure_nouns = tuple(r.structure_nouns)
        self.coming_year = tuple(r.coming_year_words)
        self.rank_prefixes = tuple(r.rank_prefixes)
        self.leader_titles = tuple(r.leader_titles)
        self.planned = tuple(r.planned_markers)
        self.year_count = tuple(r.year_count_markers)
        self.not_count_before = tuple(sorted(r.not_count_before, key=len, reverse=True))
        self.person_units = frozenset(r.person_units)
        self.person_types = frozenset(r.person_types)
        self.organised_person_types = frozenset(r.organised_person_types)
        self.organisers = tuple(r.organiser_verbs)
        self.rep_compounds = tuple(r.representative_compounds)
        self.continuation = tuple(r.continuation_markers)
        self.light = tuple(sorted(r.light_verbs, key=len, reverse=True))
        self.noun_after = tuple(r.noun_after)
        # a word of laws in a clause keeps a count legislation, unless it makes a noun (立法联系点: a place)
        self.law_word = re.compile(rf"(?:法规|条例|法律|立法|法典|草案|规章)(?!{_alt_words(r.noun_after)})")
        self.named = frozenset(r.named_types)
        self.named_other = frozenset(r.named_other)
        self.sub_units = tuple(r.sub_unit_suffixes)
        self.named_exclude = frozenset(r.named_exclude)
        self.subject_after = ("成立", "确定", "遴选", "成员", "同意")
        self.population = tuple(r.population_words)
        #: rule activity.instruction: a subject then a modal (各级政府要…开展…), or a modal opening it (要加强…)
        subjects, modals = (_alt_words(w) for w in (r.instruction_subjects, r.instruction_modals))
        self.instruction = re.compile(
            rf"(?:[\u4e00-\u9fff]{{0,8}}?(?:{subjects}))?(?:都|也|还|更|一定|首先|同时|仍|就)?(?:{modals})(?![求点素害是紧]|看到|指出|承认|说)")


def _alt_words(words: list[str]) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True))) or "(?!)"


_RULES: dict[str, ActivityRules] = {}


def rules_for(lex: Lexicon) -> ActivityRules:
    if lex.digest not in _RULES:
        _RULES[lex.digest] = ActivityRules(lex)
    return _RULES[lex.digest]


QUOTED = re.compile(r"(?<=《)[^《》]*(?=》)|(?<=“)[^“”]*(?=”)|(?<=‘)[^‘’]*(?=’)|(?<=「)[^「」]*(?=」)")


#: rule activity.quoted_head: an activity named in quotes (“请你来协商”活动) is the kind of its last
#: word; those two characters stay visible to the cues (no numeral: “十四五”活动 stays masked)
QUOTED_ACTIVITY_AFTER = "”活动"
_HEAD_WORD = re.compile(rf"[\u4e00-\u9fff]{{2}}$")


def _mask(m: re.Match) -> str:
    inner = m.group()
    keep = 2 if m.string.startswith(QUOTED_ACTIVITY_AFTER, m.end()) and _HEAD_WORD.search(inner) \
        and not any(c in AMOUNT_NUMERALS for c in inner[-2:]) else 0
    return "□" * (len(inner) - keep) + inner[len(inner) - keep:]


def mask_quotes(text: str, lo: int, hi: int, spans=()) -> str:
    """The sentence with the inside of 《》 and “” (and of the given entity spans) replaced by □
    (same length), so that cues and numerals inside titles and slogans are not read as the
    sentence's own; a quoted activity's last word (“请你来协商”活动) is left to type it."""
    s = QUOTED.sub(_mask, text[lo:hi])
    if spans:
        chars = list(s)
        for a, b, *_ in spans:
            chars[max(a, lo) - lo:min(b, hi) - lo] = "□" * (min(b, hi) - max(a, lo))
        s = "".join(chars)
    return s


#: rule clause.max_length: a clause longer than this is cut every MAX_CLAUSE characters. The
#: longest clause of every corpus is 201 characters; a list without punctuation (审议议案12件
#: on 4,000 lines, joined by clean-up) would otherwise make each count re-read the whole list.
MAX_CLAUSE = 400


class Clauses:
    """The clauses of one sentence ``text[lo:hi]``, found once: runs between break characters,
    cut every ``MAX_CLAUSE`` characters; ``around`` gives the clause of a span by bisection."""

    def __init__(self, text: str, lo: int, hi: int, limit: int = MAX_CLAUSE) -> None:
        self.lo, self.hi = lo, hi
        self.starts: list[int] = []  # where a clause after a boundary starts
        self.ends: list[int] = []  # where a clause before a boundary ends
        self.cuts: set[int] = set()  # boundaries that are no break character
        run = lo
        for k in [m.start() for m in _BREAK_RX.finditer(text, lo, hi)] + [hi]:
            for cut in range(run + limit, k, limit):
                self.starts.append(cut)
                self.ends.append(cut)
                self.cuts.add(cut)
            if k < hi:
                self.starts.append(k + 1)
                self.ends.append(k)
            run = k + 1

    def around(self, pos: int, end: int) -> tuple[int, int]:
        i = bisect_right(self.starts, pos) - 1
        j = bisect_left(self.ends, end)
        return (self.starts[i] if i >= 0 else self.lo), (self.ends[j] if j < len(self.ends) else self.hi)

    def end_from(self, pos: int) -> int:
        """The end of the clause that goes on from ``pos`` (``pos`` itself on a break character)."""
        j = bisect_left(self.ends, pos)
        if j < len(self.ends) and self.ends[j] == pos and pos in self.cuts:
            j += 1
        return self.ends[j] if j < len(self.ends) else self.hi


def clause_bounds(text: str, lo: int, hi: int, pos: int, end: int) -> tuple[int, int]:
    a = pos
    while a > lo and text[a - 1] not in BREAK:
        a -= 1
    b = end
    while b < hi and text[b] not in BREAK:
        b += 1
    return a, b
