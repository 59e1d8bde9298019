"""Meetings: sessions of congresses, CPPCCs and standing committees, party congresses and
plenums, work conferences, named events, and events a body holds.

Meeting mentions (``MeetingMention``) carry what their canonical name is built from: ``body``
(人大, 政协, 人大常委会), ``term`` (届) and ``session`` (次) as numerals, and the region or level
written in front; resolve assembles 长春市朝阳区第十九届人民代表大会第一次会议 from 朝阳区十九届人大一次会议.
"""

from __future__ import annotations

import re

from ..lexicon import Lexicon
from ..models import BodyMention, MeetingMention
from .common import HAN, LEVEL_CHARS, NUM, STOP, Boundaries, alt

N = rf"[{NUM}]+"
LEVEL = rf"(?:中共)?[{LEVEL_CHARS}]?"
#: (rule, pattern, what may stand right before the match). Every pattern starts with a literal
#: so that the scan is fast; a term (届) written before the match is read backwards.
MEETING_PATTERNS = [
    # (第)十九届人民代表大会第二次会议(预备会议): the term is read backwards
    # a title block may break the line inside the name (——…在广东省第十四届 / 人民代表大会第五次会议上)
    ("congress", rf"届\n?人民代表大会\n?第(?P<session>{N})次(?:全体)?会议(?P<prep>预备会议)?", "term"),
    # national sessions, named in full by the recogniser (``NATIONAL``): 十四届全国人大三次会议,
    # 第十四届全国人民代表大会第三次会议, 全国政协十四届四次会议, 政协第十四届全国委员会第四次会议,
    # (中共)二十届四中全会
    ("national_congress", rf"届全国(?:人民代表大会第|人大)(?P<session>{N})次(?:全体)?会议", "term"),
    ("national_cppcc", rf"全国政协(?P<term>{N})届(?P<session>{N})次(?:全体)?会议", ""),
    ("national_cppcc", rf"届全国委员会第(?P<session>{N})次(?:全体)?会议", "term"),
    ("national_plenum", rf"届中央委员会第(?P<session>{N})次全体会议", "term"),
    # 中国人民政治协商会议X第十届委员会第二次全体会议 / 政协X第十届委员会第三次会议
    ("cppcc", rf"第(?P<term>{N})届\n?委员会\n?第(?P<session>{N})次(?:全体)?会议", ""),
    # the term before the region: 政协第十一届漳州市委员会第五次会议
    ("cppcc", rf"(?:中国人民政治协商会议|政协)第(?P<term>{N})届(?P<region>[{HAN}]{{2,12}}?)委员会\n?第(?P<session>{N})次(?:全体)?会议", ""),
    # 十九届人大一次会议 (term before) / 政协十届二次会议
    ("short", rf"届(?P<body>人大常委会|人大|政协)(?P<session>{N})次(?:全体)?会议", "term"),
    ("short", rf"(?P<body>政协)(?P<term>{N})届(?P<session>{N})次(?:全体)?会议", ""),
    # (区九届)人大常委会第十四次会议, 第十四次主任会议
    ("standing", rf"(?P<body>人大常委会|常委会)第(?P<session>[{NUM}\d]+)次(?:全体)?会议", "term?"),
    ("chair", rf"第(?P<session>[{NUM}\d]+)次主任会议", ""),
    # 党的二十大, 中国共产党第二十次全国代表大会, (中国共产党X)第一次党代会
    ("party_congress", rf"党的(?P<n1>{N})大|中国共产党第(?P<n2>{N})次全国代表大会", ""),
    ("local_party_congress", rf"第(?P<session>{N})次(?:党代会|党代表大会|(?P<plain>代表大会))", "party?"),
    # (中共X区委)十一届四次全会, 二十届三中全会
    ("plenum", rf"委(?P<term>{N})届(?P<session>{N})次全(?:体)?会(?:议)?", ""),
    ("national_plenum", rf"届(?P<session>{N})中全会", "term"),
    # 中央经济工作会议, 省委人大工作会议: TOPICS are the lexicon's work_conference_topics
    ("work_conference", rf"(?:中央|委)(?P<topic>TOPICS)工作会议", ""),
]
TERM_BEFORE = re.compile(rf"第?({N})$")
#: The full names of national sessions by shape: a national session needs no region.
NATIONAL = {
    "national_congress": "第{term}届全国人民代表大会第{session}次会议",
    "national_cppcc": "中国人民政治协商会议第{term}届全国委员会第{session}次会议",
    "national_plenum": "中国共产党第{term}届中央委员会第{session}次全体会议",
}
#: What may stand before a national session's term: 中共二十届, 党的十一届, 政协第十四届.
NATIONAL_LEAD = re.compile(r"(?:中国共产党|中共|党的|中国人民政治协商会议|政协)$")
TERM_BEFORE_BODY = re.compile(rf"第?({N})届$")
PARTY_BEFORE = re.compile(rf"(?:中国共产党|中共)([{HAN}]{{2,10}}?)$")
#: A count right after an event (座谈会6次, 恳谈会8场) makes it a kind of event held repeatedly, not one named event.
COUNTED_AFTER = re.compile(rf"[{NUM}\d]+(?:余|多)?(?:次|场|期|批|轮)")


class MeetingFinder:
    """Compiled meeting patterns for one lexicon."""

    def __init__(self, lex: Lexicon, bounds: Boundaries) -> None:
        self.lex = lex
        self.bounds = bounds
        topics = alt(lex.work_conference_topics) or "人大|政协"
        self.rx = [(rule, re.compile(p.replace("TOPICS", topics)), before) for rule, p, before in MEETING_PATTERNS]
        self.event_rx = re.compile(rf"“([^“”\n]{{2,30}})”([{HAN}]{{0,4}}?(?:{alt(lex.event_suffixes)}))")
        self.plain_event_rx = re.compile(rf"(?:召开|举行|举办|参加|出席)([{HAN}]{{4,24}}?(?:{alt(lex.event_suffixes)}))")
        self.session_rx = re.compile(rf"([{HAN}]{{0,4}}?)(?:{alt(lex.event_sessions) or '(?!)'})")

    # ------------------------------------------------------------------ meetings

    def find(self, text: str, places_by_end: dict[int, int], bodies: list[BodyMention]) -> list[MeetingMention]:
        out = []
        for rule, rx, before in self.rx:
            for m in rx.finditer(text):
                g = {k: v for k, v in m.groupdict().items() if v}
                s = m.start()
                attrs = {k: v for k, v in g.items() if k in ("term", "session", "body", "topic", "prep")}
                if rule == "party_congress":
                    attrs["session"] = g.get("n1") or g.get("n2")
                if rule == "standing" and text.startswith("全国", max(0, s - 2)):
                    continue  # 全国人大常委会第十次会议 is no session of the report's region
                if before.startswith("term"):
                    t = (TERM_BEFORE_BODY if rule == "standing" else TERM_BEFORE).search(text, max(0, s - 6), s)
                    if t:
                        attrs["term"], s = t.group(1), t.start()
                    elif before == "term":
                        continue
                    if rule == "national_plenum" and s > 0 and text[s - 1] == "委":
                        continue  # 区委十一届四次全会 is a plenum of that committee (rule plenum)
                if rule == "cppcc" and g.get("region"):
                    out.append(self._meeting(text, s, m.end(), rule, {**attrs, "region": g["region"], "body": "政协"}))
                    continue
                if rule == "work_conference" and text.startswith("中央", s):
                    attrs["name"] = m.group()  # a central work conference is named as written
                if rule in NATIONAL:
                    found = self._national(text, s, m.end(), rule, attrs)
                    if found is not None:
                        out.append(found)
                    continue
                if rule == "standing" and text.startswith("政协", max(0, s - 2)):
                    attrs["body"], s = "政协常委会", s - 2  # 县政协十届常委会第五次会议: the CPPCC's
                if before == "party?":
                    p = PARTY_BEFORE.search(text, max(0, s - 16), s)
                    if p:
                        attrs["region"], s = p.group(1), p.start()
                        out.append(self._meeting(text, s, m.end(), rule, attrs))
                        continue
                    if g.get("plain"):
                        continue  # 第十次代表大会 is a party congress only after 中共 and a region
                head = self._front(text, s, rule, attrs, places_by_end)
                if head is not None:
                    out.append(self._meeting(text, head, m.end(), rule, attrs))
        out += self._named_events(text)
        out += self._body_events(text, bodies)
        return out

    @staticmethod
    def _meeting(text: str, start: int, end: int, rule: str, attrs: dict) -> MeetingMention:
        fields = {**attrs, "prep": bool(attrs.get("prep"))}
        return MeetingMention(text=text[start:end], start=start, end=end, rule=f"meeting.{rule}", shape=rule, **fields)

    @staticmethod
    def _national(text: str, start: int, end: int, rule: str, attrs: dict) -> MeetingMention | None:
        """A national session, named in full: 十四届全国人大三次会议 → 第十四届全国人民代表大会第三次会议.
        第十四届全国委员会 is the CPPCC's only after 政协 (a union's committee is one too)."""
        lead = NATIONAL_LEAD.search(text, max(0, start - 10), start)
        if lead:
            start = lead.start()
        elif rule == "national_cppcc" and not text.startswith("全国政协", start):
            return None
        name = NATIONAL[rule].format(term=attrs.get("term", ""), session=attrs["session"]).replace("第届", "")
        return MeetingMention(text=text[start:end], start=start, end=end, rule=f"meeting.{rule}", shape=rule,
                              name=name, **{k: v for k, v in attrs.items() if k in ("term", "session")})

    def _front(self, text: str, s: int, rule: str, attrs: dict, places_by_end: dict[int, int]) -> int | None:
        """Start of the meeting name with the region or level written in front (recorded in
        ``attrs``); None when the name needs one and has none."""
        if rule in ("party_congress", "national_plenum"):
            return s
        if rule in ("plenum", "work_conference") and text[s] == "委":
            if s > 0 and text[s - 1] == "党" and (s - 1 in places_by_end or text.startswith("自治区", s - 4)):
                s -= 1  # 自治区党委十届十五次全会: an autonomous region's committee is its 党委
            level = next((w for w in sorted(self.lex.levels, key=len, reverse=True)
                          if s >= len(w) and text.startswith(w, s - len(w))), None)
            if s in places_by_end:
                head = places_by_end[s]
                attrs["region"] = text[head:s]
            elif level and (len(level) > 1 or level in LEVEL_CHARS):
                head = s - len(level)
                attrs["level"] = self.lex.levels[level]
            elif rule == "work_conference":
                return None
            else:
                head = s
            return head - 2 if head >= 2 and text.startswith("中共", head - 2) else head
        if rule == "cppcc":
            fm = re.search(r"(?:中国人民政治协商会议|政协)([\u4e00-\u9fff]{2,12}?)$", text[max(0, s - 20) : s])
            if not fm:
                return None
            attrs["region"], attrs["body"] = fm.group(1), "政协"
            return s - len(fm.group())
        front = _region_before(text, s, places_by_end, self.lex)
        if front:
            head, kind, val = front
            attrs[kind] = val
            return head
        return s

    def _named_events(self, text: str) -> list[MeetingMention]:
        out = []
        for m in self.event_rx.finditer(text):
            end = self._session_end(text, m.end())
            name = m.group(1) + m.group(2) + text[m.end() : end]
            if COUNTED_AFTER.match(text, end):
                continue
            out.append(MeetingMention(text=text[m.start() : end], start=m.start(), end=end, rule="meeting.named",
                                      shape="named", name=name))
        for m in self.plain_event_rx.finditer(text):
            end = self._session_end(text, m.end())
            body = text[m.start(1) : end]
            if "“" in body or any(c in STOP for c in body[:2]) or COUNTED_AFTER.match(text, end):
                continue
            out.append(MeetingMention(text=body, start=m.start(1), end=end, rule="meeting.named",
                                      shape="named", name=body))
        return out

    def _session_end(self, text: str, end: int) -> int:
        """The end of an event with the session written right after it (中非合作论坛|北京峰会): the session."""
        m = self.session_rx.match(text, end)
        return m.end() if m and not any(c in STOP for c in m.group(1)) else end

    def _body_events(self, text: str, bodies: list[BodyMention]) -> list[MeetingMention]:
        """A body, a topic and an event word: 市人大常委会地方立法工作现场推进会."""
        out = []
        rx = re.compile(rf"([{HAN}]{{2,14}}?)({alt(self.lex.event_suffixes)})")
        for b in bodies:
            if b.form not in ("region", "level") or b.body_kind not in ("standing_committee", "cppcc", "government", "party_committee"):
                continue
            m = rx.match(text, b.end)
            if not m or any(c in STOP for c in m.group(1)) or "会议" in m.group(1) \
                    or self.bounds.name_start(text, m.start(2), 1, len(m.group(1))) not in (None, b.end):
                continue
            out.append(MeetingMention(text=text[b.start : m.end()], start=b.start, end=m.end(), rule="meeting.body_event",
                                      shape="body_event", topic=text[b.end : m.end()], region=b.region, level=b.level,
                                      of_body=b))
        return out


def _region_before(text: str, s: int, places_by_end: dict[int, int], lex: Lexicon):
    """(start, 'region'|'level', value) of a region or level word written right before ``s``."""
    if s in places_by_end:
        return places_by_end[s], "region", text[places_by_end[s] : s]
    for w in LEVEL_CHARS:
        if text.startswith(w, s - 1) and s >= 1:
            start = s - 1
            if start >= 2 and text.startswith("中共", start - 2):
                start -= 2
            return start, "level", lex.levels.get(w, "")
    return None
