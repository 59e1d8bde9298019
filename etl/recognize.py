"""Mentions from the lexicon and general patterns: bodies, people, laws, places, meetings, projects.

Every mention carries its span in the cleaned text and the name of the rule that found it.
Patterns are compiled once per lexicon (``Patterns``); nothing here knows a particular report.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import ahocorasick

from .lexicon import Lexicon
from .models import Mention, Segmented

HAN = "\u4e00-\u9fff"
# Characters that never start or sit inside a place name: function words, verbs, numerals.
STOP = "的了和与及或在于是为对把将向由以从到等各全本该我其每这那此两一二三四五六七八九十个年月日时并也都又就所被让给跟同按据经"
GENERIC_PLACE = {
    "城区", "社区", "小区", "园区", "辖区", "景区", "山区", "市区", "街区", "片区", "新区", "老区", "库区",
    "牧区", "矿区", "林区", "示范区", "开发区", "保护区", "试验区", "功能区", "城市", "都市", "县城",
    "乡村", "农村", "城乡", "乡镇", "村镇", "省市", "市县", "区县", "县区", "镇村", "村居", "社会",
}
BAD_AFTER_CITY = set("场民值面容级域长")  # 市场, 市民, 市长 (a title, handled by posts)
NUM = "零〇一二三四五六七八九十百千两"


@dataclass(frozen=True)
class Patterns:
    """Compiled matchers for one lexicon (built once, reused for every report)."""

    body_core: re.Pattern
    division: re.Pattern
    post: re.Pattern
    national: ahocorasick.Automaton
    surnames: frozenset[str]
    double_surnames: tuple[str, ...]
    not_names: frozenset[str]
    law_kind_endings: tuple[tuple[str, str], ...]
    dept: re.Pattern


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_PATTERNS: dict[str, Patterns] = {}


def patterns(lex: Lexicon) -> Patterns:
    """Compiled matchers for ``lex``, built once per lexicon content."""
    if lex.digest not in _PATTERNS:
        _PATTERNS[lex.digest] = _compile(lex)
    return _PATTERNS[lex.digest]


def _compile(lex: Lexicon) -> Patterns:
    suffixes = [s for level in lex.divisions.values() for s in level]
    auto = ahocorasick.Automaton()
    for name, (kind, aliases) in lex.national_bodies.items():
        for surface in [name, *aliases]:
            auto.add_word(surface, (surface, name, kind))
    auto.make_automaton()
    dept_words = [w for words in lex.department_suffixes.values() for w in words]
    endings = sorted(
        ((e, kind) for kind, es in lex.law_kinds.items() for e in es), key=lambda x: len(x[0]), reverse=True
    )
    return Patterns(
        body_core=re.compile(_alt(lex.bodies)),
        division=re.compile(_alt(suffixes)),
        post=re.compile(_alt(lex.posts)),
        national=auto,
        surnames=frozenset(lex.surnames),
        double_surnames=tuple(lex.double_surnames),
        not_names=frozenset(lex.not_names),
        law_kind_endings=tuple(endings),
        dept=re.compile(rf"[{HAN}]{{1,10}}?(?:{_alt(dept_words)})"),
    )


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


# --------------------------------------------------------------------------- places


@dataclass(frozen=True)
class RegionHit:
    start: int
    end: int
    name: str  # e.g. 济阳区
    level: str


def division_level(lex: Lexicon, suffix: str) -> str:
    for level, sufs in lex.divisions.items():
        if suffix in sufs:
            return level
    return "other"


def find_regions(text: str, lex: Lexicon) -> list[RegionHit]:
    """Administrative-division names (X省, X市, X区, X街道, X社区 …) with document support.

    The length of the name before a suffix is chosen by how often ``name+suffix`` stands in
    the document after a boundary (punctuation, a function word or another division), so
    ``贯彻长春市`` yields 长春市 when 长春市 also opens a line elsewhere.
    """
    pat = patterns(lex)
    known = set(lex.provinces) | set(lex.capitals)
    cands: list[tuple[int, int, list[str]]] = []
    support: Counter[str] = Counter()
    for m in pat.division.finditer(text):
        s, e = m.start(), m.end()
        if m.group() == "市" and e < len(text) and text[e] in BAD_AFTER_CITY:
            continue
        names = []
        for length in range(2, 5):
            j = s - length
            if j < 0:
                break
            name = text[j:s]
            if not all(_is_han(c) and c not in STOP for c in name):
                break
            names.append(name)
            prev = text[j - 1] if j > 0 else ""
            if not prev or not _is_han(prev) or prev in STOP or pat.division.match(text, j - 1):
                support[name + m.group()] += 1
        if names:
            cands.append((s, e, names))
    hits = []
    for s, e, names in cands:
        suffix = text[s:e]
        best = max(
            names,
            key=lambda n: (support[n + suffix], n in known, -len(n)),
        )
        if support[best + suffix] == 0 and best not in known:
            prev = text[s - len(best) - 1] if s - len(best) > 0 else ""
            if prev and _is_han(prev) and prev not in STOP:
                continue  # no boundary anywhere: likely a word that ends in 区/市/县
        full = best + suffix
        if full in GENERIC_PLACE or best[-1] in "全各本该城园景社小辖":
            continue
        hits.append(RegionHit(s - len(best), e, full, division_level(lex, suffix)))
    return hits


# --------------------------------------------------------------------------- recognisers


def _laws(text: str, lex: Lexicon, pat: Patterns) -> list[Mention]:
    out = []
    for m in re.finditer(r"《([^《》\n]{2,80})》", text):
        title = m.group(1).strip()
        kind = "other"
        for ending, k in pat.law_kind_endings:
            if re.search(re.escape(ending) + r"(?:\([^()]*\))?(?:修正案|草案|修订草案)?$", title):
                kind = k
                break
        media = any(title.endswith(w) for w in lex.non_law_titles.get("media", []))
        if media and kind == "other":
            out.append(Mention(kind="body", text=title, start=m.start(1), end=m.end(1), rule="title.media",
                               attrs=(("kind", "media"),)))
            continue
        out.append(Mention(kind="law", text=title, start=m.start(1), end=m.end(1), rule="law.guillemets",
                           attrs=(("kind", kind),)))
    return out


def _national(text: str, pat: Patterns) -> list[Mention]:
    out = []
    for end, (surface, name, kind) in pat.national.iter_long(text):
        start = end - len(surface) + 1
        out.append(Mention(kind="body", text=surface, start=start, end=end + 1, rule="body.national",
                           attrs=(("canonical", name), ("kind", kind))))
    return out


BODY_NOT_AFTER = {
    "人大": ("代表", "工作", "制度", "干部", "机关", "换届", "常委", "专门", "各专"),
    "委": ("员", "会", "托", "屈", "婉", "任"),
    "政府": ("工作", "投资", "债务", "采购", "性", "部门"),
    "党组": ("书记", "成员", "会议"),
}


def _bodies(text: str, lex: Lexicon, pat: Patterns, regions: list[RegionHit]) -> list[Mention]:
    """Body cores (人大常委会, 政协, 区委 …) with their region or level prefix."""
    region_end = {r.end: r for r in regions}
    out = []
    for m in pat.body_core.finditer(text):
        core = m.group()
        canon_core, kind = lex.bodies[core]
        s, e = m.start(), m.end()
        nxt = text[e : e + 3]
        if any(nxt.startswith(x) for x in BODY_NOT_AFTER.get(core, ())):
            continue
        prefix, level, region = "", None, None
        # region chain directly before (长春市朝阳区人大常委会)
        chain_start = s
        while chain_start in region_end:
            chain_start = region_end[chain_start].start
        if chain_start < s:
            region = text[chain_start:s]
            prefix = region
        else:
            for lv in sorted(lex.levels, key=len, reverse=True):
                if text.startswith(lv, s - len(lv)) and (s - len(lv) == 0 or not text[s - len(lv) - 1] in "全各本该"):
                    level = lex.levels[lv]
                    prefix = lv
                    break
        bare = not prefix
        if core in ("委", "党委", "人大", "政府", "党组") and bare:
            continue  # too common without a prefix (委员, 人大代表 …)
        if core == "委" and prefix and prefix in ("省", "市", "区", "县") and s >= 2 and text[s - 2] in "全各":
            continue
        start = s - len(prefix)
        attrs = [("core", canon_core), ("kind", kind)]
        if region:
            attrs.append(("region", region))
        if level:
            attrs.append(("level", level))
        out.append(Mention(kind="body", text=text[start:e], start=start, end=e, rule=f"body.core{'.region' if region else '.level' if level else ''}",
                           attrs=tuple(attrs)))
    # 政协X县委员会 (the CPPCC's full name puts the region inside)
    for m in re.finditer(rf"政协([{HAN}]{{2,12}}?(?:省|自治区|市|州|区|县|旗))委员会", text):
        out.append(Mention(kind="body", text=m.group(), start=m.start(), end=m.end(), rule="body.cppcc_full",
                           attrs=(("core", "政协"), ("kind", "cppcc"), ("region", m.group(1)))))
    return out


def _departments(text: str, lex: Lexicon, regions: list[RegionHit]) -> list[Mention]:
    out = []
    suffix_kind = sorted(
        ((w, k) for k, ws in lex.department_suffixes.items() for w in ws), key=lambda x: len(x[0]), reverse=True
    )
    alt = _alt(w for w, _ in suffix_kind)
    kinds = dict(suffix_kind)
    prefixes = sorted({*lex.levels, *(r.name for r in regions)}, key=len, reverse=True)
    if not prefixes:
        return out
    rx = re.compile(rf"(?<![{HAN}])?({_alt(prefixes)})([{HAN}]{{1,8}}?)({alt})(?![{HAN}]{{0}}会)")
    for m in rx.finditer(text):
        head = m.group(2)
        if any(c in STOP for c in head) or re.search(r"(人大|政协|政府|法院|检察院|委员|代表)", head):
            continue
        out.append(Mention(kind="body", text=m.group(), start=m.start(), end=m.end(), rule="body.department",
                           attrs=(("kind", kinds[m.group(3)]), ("prefix", m.group(1)))))
    return out


def _people(text: str, lex: Lexicon, pat: Patterns) -> list[Mention]:
    """Names after (or before) post titles, and lists of names joined by 、."""
    out = []
    name_rx = rf"(?:{_alt(pat.double_surnames)}|[{re.escape(lex.surnames)}])[{HAN}]{{1,2}}"
    rx = re.compile(rf"({_alt(lex.posts)})\s*({name_rx}(?:[、,和]\s*{name_rx})*)")
    for m in rx.finditer(text):
        post = m.group(1)
        for nm in re.finditer(name_rx, m.group(2)):
            name = _trim_name(nm.group(), text, m.start(2) + nm.end(), pat)
            if not name:
                continue
            start = m.start(2) + nm.start()
            out.append(Mention(kind="person", text=name, start=start, end=start + len(name), rule="person.after_post",
                               attrs=(("post", post), ("post_start", str(m.start(1))))))
    # 习近平总书记: name then title
    rx2 = re.compile(rf"({name_rx})(同志)?(总书记|主席|委员长|总理)")
    for m in rx2.finditer(text):
        name = m.group(1)
        if name[0] in pat.surnames and len(name) == 3:
            out.append(Mention(kind="person", text=name, start=m.start(1), end=m.end(1), rule="person.before_title",
                               attrs=(("post", m.group(3)), ("post_start", str(m.start(3))))))
    return out


def _trim_name(name: str, text: str, end: int, pat: Patterns) -> str | None:
    """Drop trailing characters that belong to the next word (主任刘红军表示 → 刘红军)."""
    if any(name.endswith(w) or name[1:] in pat.not_names for w in pat.not_names if len(w) == 1 and w in "和及向对在为是的"):
        name = name[:-1]
    if len(name) < 2 or name[1:] in pat.not_names or name in pat.not_names:
        return None
    if any(w in name for w in pat.not_names if len(w) >= 2):
        return None
    return name


MEETING_PATTERNS = [
    ("meeting.congress_session", rf"第[{NUM}]+届人民代表大会(?:常务委员会)?第[{NUM}]+次(?:全体)?会议(?:预备会议)?"),
    ("meeting.cppcc_session", rf"第[{NUM}]+届委员会第[{NUM}]+次(?:全体)?会议"),
    ("meeting.short_session", rf"[{NUM}]+届(?:人大|政协|人大常委会)?[{NUM}]+次(?:全体)?会议"),
    ("meeting.standing_session", rf"(?:人大)?常委会第[{NUM}\d]+次会议"),
    ("meeting.party_congress", rf"(?:党的|中国共产党第)[{NUM}]+(?:次全国代表大会|大)"),
    ("meeting.plenum", rf"[{NUM}]+届[{NUM}]+中全会"),
    ("meeting.work_conference", rf"[{HAN}]{{0,6}}(?:人大|政协)工作会议"),
]


def _meetings(text: str, regions: list[RegionHit], lex: Lexicon) -> list[Mention]:
    region_end = {r.end: r for r in regions}
    out = []
    for rule, rx in MEETING_PATTERNS:
        for m in re.finditer(rx, text):
            s = m.start()
            chain = s
            while chain in region_end:
                chain = region_end[chain].start
            region = text[chain:s] if chain < s else None
            if region is None:
                for lv in ("政协", "区", "市", "县", "省"):
                    if text.startswith(lv, s - len(lv)) and rule != "meeting.party_congress":
                        s -= len(lv)
                        break
            start = chain if region else s
            attrs = (("region", region),) if region else ()
            out.append(Mention(kind="meeting", text=text[start : m.end()], start=start, end=m.end(), rule=rule, attrs=attrs))
    return out


PROJECT = re.compile(rf"(“[^”]{{2,20}}”|[{HAN}A-Za-z0-9]{{2,24}}?)(项目|工程|产业园|园区|示范区|基地|行动)(?![{HAN}])")


def _projects(text: str) -> list[Mention]:
    out = []
    for m in PROJECT.finditer(text):
        name = m.group(1)
        if name.startswith("“"):
            surface = name + (m.group(2) if m.group(2) else "")
            out.append(Mention(kind="project", text=surface, start=m.start(), end=m.end(), rule="project.quoted"))
            continue
        # a proper name needs a place-like or named head, not a verb phrase
        if any(c in STOP for c in name[-4:]) or len(name) < 4:
            continue
        if re.search(r"(重点|重大|一批|建设|推进|实施|开展|加快|工作|民生|有关|相关|各类|新建|续建)", name):
            continue
        out.append(Mention(kind="project", text=m.group(), start=m.start(), end=m.end(), rule="project.suffix"))
    return out


def recognize(seg: Segmented, lex: Lexicon) -> tuple[Mention, ...]:
    text = seg.document.text
    pat = patterns(lex)
    regions = find_regions(text, lex)
    mentions: list[Mention] = []
    mentions += _laws(text, lex, pat)
    mentions += _national(text, pat)
    mentions += _bodies(text, lex, pat, regions)
    mentions += _departments(text, lex, regions)
    mentions += _people(text, lex, pat)
    mentions += _meetings(text, regions, lex)
    mentions += _projects(text)
    for r in regions:
        mentions.append(Mention(kind="place", text=r.name, start=r.start, end=r.end, rule="place.division",
                                attrs=(("level", r.level),)))
    return tuple(sorted(_drop_nested(mentions), key=lambda m: (m.start, -m.end, m.kind)))


def _drop_nested(mentions: list[Mention]) -> list[Mention]:
    """Within one kind, a mention inside a longer one of the same kind is dropped; mentions
    inside a law title (《…》) are dropped except places."""
    laws = [(m.start, m.end) for m in mentions if m.kind == "law"]
    by_kind: dict[str, list[Mention]] = {}
    for m in mentions:
        by_kind.setdefault(m.kind, []).append(m)
    out = []
    for kind, ms in by_kind.items():
        ms.sort(key=lambda m: (m.start, -(m.end - m.start)))
        last_end = -1
        for m in ms:
            if kind not in ("law", "place") and any(a <= m.start and m.end <= b for a, b in laws):
                continue
            if m.end <= last_end:
                continue
            out.append(m)
            last_end = max(last_end, m.end)
    return out
