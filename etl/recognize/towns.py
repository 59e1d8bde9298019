"""Towns, streets, communities and villages found by their suffix (X街道, X镇, X社区, X村), and the
``PlaceHit`` record every place finder makes.

A lower-level name counts after a known place (九台区波泥河街道茂林村, 信都区将军墓镇), after a clause
start or a verb of going, being or working in a place (在州城镇, 赴射埠镇, 协商解决易俗河镇…), or as an
item of a list of such names (完成永越村、新联村农房改造) unless a verb of making opens it (建设开源社区、
创业社区); the name's length and ``place_not_names`` keep common nouns out (乡镇, 城镇, 贫困村). A name
accepted once counts wherever the text writes it again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicon import Lexicon
from .common import HAN, STOP, Boundaries, alt, is_han
from .divisions import gazetteer
from .place_names import RANK, names_part

__all__ = ["PlaceHit", "BAD_AFTER", "PLACE_LEADS", "find_all", "leftmost_longest", "lower_hits"]

#: Characters after a division suffix that make it another word (区域, 市场, 县级, 村民, 乡村 …).
BAD_AFTER = {
    "区": "域块间别分位划", "市": "场民值面容级貌政圈", "县": "域级城", "省": "级内外份直", "州": "",
    "村": "民居委级务干集落组规庄容医歌超小", "社区": "居服卫工治党网矫医养食办民", "镇": "村街长域级政党干", "乡": "村镇贤亲愁土下间里情音风野",
    "街道": "办", "旗": "帜舰",
}
#: Old towns, cities and villages: named localities, only after a place the document names (南浔古镇).
OLD_PLACES = ("古镇", "古城", "古村")
LOWER_SUFFIXES = ("街道", "镇", "乡", "苏木", "社区", "村", "居委会", "嘎查", *OLD_PLACES)
LOWER_LEVEL = {"街道": "town", "镇": "town", "乡": "town", "苏木": "town", "古镇": "other", "古城": "other", "古村": "other",
               "社区": "community", "村": "community", "居委会": "community", "嘎查": "community"}
COORD = ("、", "和", "及", "与", ",")


@dataclass
class PlaceHit:
    start: int
    end: int
    name: str  # as written: 朝阳区, 朝阳, 光明社区
    full: str  # the gazetteer's full name for a short form, else the name
    level: str  # province | city | county | town | community | other (a named locality: 南浔古镇)
    parent: int = -1  # index of the hit it is written after (九台区|波泥河街道)
    known: bool = True
    rule: str = "place.division"  # place.division | place.short | place.lower[.repeat] | place.estate …
    in_name: str = ""  # the rule that found it only inside another name (上海|电气): no mention, bodies read it


def leftmost_longest(cands: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    cands.sort(key=lambda x: (x[0], x[0] - x[1]))
    out, last = [], -1
    for s, e, n in cands:
        if s >= last:
            out.append((s, e, n))
            last = e
    return out


def find_all(text: str, words) -> list[tuple[int, int, str]]:
    """Every occurrence of each of some (non-empty) words, leftmost-longest: one alternation, longest
    first, scans the text once (``finditer`` goes on after each match, as ``leftmost_longest`` does)."""
    words = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    if not words:
        return []
    return [(m.start(), m.end(), m.group()) for m in re.finditer("|".join(map(re.escape, words)), text)]


def lower_hits(text: str, hits: list[PlaceHit], lex: Lexicon, bounds: Boundaries) -> list[PlaceHit]:
    """Towns, streets, communities and villages, chained onto the places before them."""
    not_names = frozenset(lex.place_not_names)
    gaz = gazetteer(lex)
    # an old town is named after a place the document names: 南浔古镇 in a 南浔区 report
    named_stems = {h.name for h in hits if h.rule == "place.short"} | {
        st for h in hits if h.known for st in gaz.short_of.get(h.full, ())}
    suffix_rx = re.compile(rf"(?<=[{HAN}])(?:{alt(LOWER_SUFFIXES)})")
    by_end = {h.end: h for h in hits}
    found: list[PlaceHit] = []
    accepted: dict[str, str] = {}  # written name → level, for a second pass
    occupied = [False] * (len(text) + 1)
    for h in hits:
        for k in range(h.start, h.end):
            occupied[k] = True
    pending: list[tuple[int, int, str, bool]] = []  # clean but unled, or led but ending in a common noun

    def take(start: int, e: int, suf: str) -> None:
        hit = PlaceHit(start, e, text[start:e], text[start:e], LOWER_LEVEL[suf], known=False,
                       rule="place.old_town" if suf in OLD_PLACES else "place.lower")
        found.append(hit)
        by_end[e] = hit
        accepted[hit.name] = hit.level
        named_stems.add(hit.name[: -len(suf)])  # 濮院镇 … 濮院古镇: the old town of a town the document names
        for k in range(start, e):
            occupied[k] = True

    for m in suffix_rx.finditer(text):
        suf = m.group()
        s, e = m.start(), m.end()
        if occupied[s]:
            continue
        bad = BAD_AFTER.get(suf, "")
        if e < len(text) and text[e] in bad:
            continue
        start = _chained_start(text, s, suf, by_end, occupied, not_names, bounds)
        if start is None and suf in OLD_PLACES:  # 南浔古镇: the old town of a place the document names
            start = next((s - k for k in (2, 3) if text[s - k : s] in named_stems), None)
            if start is None:
                continue
        if start is None:
            start = next((s - k for k in (2, 3, 4) if text.endswith(WORK_LEADS, 0, s - k)), None)  # 慰问|石门村
            start = bounds.name_start(text, s, 2, 4, quotes=False) if start is None else start
            if start is None:
                continue
            clean, led = _name_ok(text[start:s], suf, not_names), _led(text, start, by_end)
            if not (clean and led):
                if clean or (led and _name_ok(text[start:s], suf, not_names, overlap=False)):
                    pending.append((start, e, suf, clean))  # 完成永越村、新联村; 在州城镇、金牛镇
                continue
        if not names_part(text, e, lex, bounds, gap_max=0):  # 中关村科技城, 阿干镇煤矿: a park's or a mine's name
            take(start, e, suf)
    for start, e, suf in _listed(text, pending, by_end):
        if not occupied[start] and not names_part(text, e, lex, bounds, gap_max=0):
            take(start, e, suf)
    found += _repeats(text, accepted, occupied)
    out = sorted([*hits, *found], key=lambda h: h.start)
    _link(text, out)
    return out


def _chained_start(text: str, s: int, suf: str, by_end: dict, occupied: list[bool], not_names: frozenset[str],
                   bounds: Boundaries) -> int | None:
    """Where a name with its suffix at ``s`` starts when it is chained onto a place right before it."""
    for k in range(2, 5):
        prev = by_end.get(s - k)
        if prev is not None and RANK[prev.level] < RANK[LOWER_LEVEL[suf]] \
                and _name_ok(text[s - k : s], suf, not_names, chained=True) \
                and not any(occupied[s - k : s]) \
                and not any(text.startswith(w, s - k) for w in bounds.words if len(w) > 1):  # 汕头|发挥侨乡
            return s - k
    return None


def _repeats(text: str, accepted: dict[str, str], occupied: list[bool]) -> list[PlaceHit]:
    """Second pass: a lower name accepted once, wherever else the text writes it."""
    found = []
    for ms, me, name in find_all(text, accepted) if accepted else ():
        if any(occupied[k] for k in range(ms, me)):
            continue
        if me < len(text) and text[me] in BAD_AFTER.get(next(s for s in LOWER_SUFFIXES if name.endswith(s)), ""):
            continue
        found.append(PlaceHit(ms, me, name, name, accepted[name], known=False, rule="place.lower.repeat"))
        for k in range(ms, me):
            occupied[k] = True
    return found


#: What a town or village name without a known place before it may follow: a clause start, a
#: verb of going or helping, or another place in a list (练市镇、双林镇).
PLACE_LEADS = ("在", "到", "赴", "为", "对", "向", "走进", "深入", "察看", "察看了", "走访", "走访了", "视察", "视察了", "前往",
               "来到", "帮助", "包保", "联系", "位于", "来自", "调研", "考察", "驻")
#: Words of passing through, starting from or lying in a place (途经X镇, 从X村出发, 地处X乡).
PASS_LEADS = ("从", "途经", "驻扎", "地处")
#: Stop letters that also open place names (将军墓镇, 全椒, 本溪, 两江): after a known place they start one.
NAME_OPENING_STOPS = "将全本两"
#: Verbs of making: a list after one names kinds being made (建设开源社区、创业社区), no places.
MAKE_VERBS = ("建设", "打造", "创建", "培育", "建成", "新建", "设立", "成立", "建立", "组建", "发展", "形成")
#: Verbs of working in a place or on its matters, whose object opens with its name (协商解决易俗河镇集贸市场扩建).
WORK_LEADS = ("解决", "进驻", "入驻", "派驻", "帮扶", "结对", "包联", "挂点", "蹲点", "督导", "指导", "检查", "慰问", "落户", "下沉",
              "深入到", "来到了", "走进了")


def _led(text: str, start: int, by_end: dict) -> bool:
    if start == 0 or text[start - 1] in "。!?;:,\n ":
        return True
    if text[start - 1] in "、和与及" and (start - 1) in by_end:
        return True
    end = start - 1 if text[start - 1] == "了" else start  # 调研了|X镇
    return text.endswith((*PLACE_LEADS, *WORK_LEADS, *PASS_LEADS), 0, end)


def _listed(text: str, pending: list[tuple[int, int, str, bool]], by_end: dict) -> list[tuple[int, int, str]]:
    """Unled names in a list of two or more of one level (完成永越村、新联村农房改造; 在州城镇、金牛镇): the list
    names places when one item is a clean name; an item after an accepted place of its level joins it."""
    out, group, joined = [], [], False
    for i, (start, e, suf, clean) in enumerate(pending):
        if not group:
            joined = text[start - 1 : start] in "、和与及" and (start - 1) in by_end \
                and by_end[start - 1].level == LOWER_LEVEL[suf]
        group.append((start, e, suf, clean or joined))
        nxt = pending[i + 1] if i + 1 < len(pending) else None
        if nxt is None or text[e : nxt[0]] not in ("、", "和", "及", "与") or LOWER_LEVEL[nxt[2]] != LOWER_LEVEL[suf]:
            made = any(text.startswith(w, group[0][0] - len(w)) for w in MAKE_VERBS)
            if (joined or len(group) >= 2 and not made) and any(g[3] for g in group):
                out += [g[:3] for g in group]
            group = []
    return out


def _name_ok(name: str, suffix: str, not_names: frozenset[str], overlap: bool = True, chained: bool = False) -> bool:
    """``name`` before its suffix (铁匠|村) makes a proper name, not a common noun (农|村, 贫困|村); with
    ``overlap`` its last letter and the suffix make no common noun (州|城镇); ``chained`` after a known
    place, a name of three letters may open with a stop letter that opens names (信都区|将军墓|镇)."""
    inner = name[1:] if chained and len(name) >= 3 and name[0] in NAME_OPENING_STOPS else name
    if len(name) < 2 or not all(is_han(c) and c not in STOP for c in inner) or not all(is_han(c) for c in name):
        return False
    if overlap and name[-1] + suffix[0] in not_names or "" in not_names:
        return False
    n = len(name)  # a short name: its substrings looked up, not every common noun searched for
    return not any(name[i:j] in not_names for i in range(n) for j in range(i + 1, n + 1))


def _link(text: str, hits: list[PlaceHit]) -> None:
    """Parent links: a place written right after another (长春市朝阳区, 练市镇荃步村), and a bare
    village coordinated after a chained one (铁匠村、垛石街道西崔村和姜家村 → 姜家村 in 垛石街道)."""
    by_end = {h.end: i for i, h in enumerate(hits)}
    rank = {"province": 0, "city": 1, "county": 2, "town": 3, "community": 4, "other": 4}
    for i, h in enumerate(hits):
        j = by_end.get(h.start)
        if j is not None and rank[hits[j].level] < rank[h.level]:
            h.parent = j
            continue
        if h.known or h.level != "community":
            continue
        for sep in COORD:
            j = by_end.get(h.start - len(sep))
            if j is not None and text.startswith(sep, h.start - len(sep)) and hits[j].level == h.level \
                    and hits[j].parent >= 0:
                h.parent = hits[j].parent
                break
