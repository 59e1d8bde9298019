"""The report's front matter, read from the text itself: title, subtitle, author, date, genre,
period, and the speaker's clause (我代表X向大会报告工作) that names the issuing body.

Reports come in every shape: a full report with its title block (title, ——date在…会议上,
author line), an excerpt without one, a web page with its chrome (下载, 来源：…, 【字号】),
a news write-up (新华社北京3月4日电 …主席王沪宁4日在…上代表…报告工作时说). The title block
is found by its delivery line; what needs recognised entities (region, issuing body, meeting)
is completed in ``resolve.metadata``; the period covered is read in ``period``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .hanzi import ONE_TO_TEN, ZEROS
from .lexicon import Lexicon
from .models import Author, Metadata
from .period import CN_DIGIT, CN_DIGITS, YEAR, arabic_years, cn_int, covered_period, plan_years_of

__all__ = ["DATE", "YEAR", "Speaker", "cn_date", "front_matter", "plan_years_of", "speaker"]

CN_NUMS = CN_DIGITS + "十"
DATE = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")
#: A line that is only a date, maybe dashed or in brackets: (2024年1月10日), ——二〇二四年一月十日.
DATE_LINE = re.compile(rf"^[—\-–―(（]{{0,4}}\s*(?:(?:19|20)\d{{2}}|[{CN_DIGITS}]{{4}})年[\d{CN_NUMS}]{{1,3}}月[\d{CN_NUMS}]{{1,3}}日\s*[)）]?$")
CN_DATE = re.compile(rf"([{CN_DIGITS}]{{4}})年([{CN_NUMS}]{{1,3}})月([{CN_NUMS}]{{1,3}})日")
#: ——副标题 under a title.
SUBTITLE = re.compile(r"^[—\-–―~]{1,4}\s*(.+?)\s*[—\-–―]*$")
#: The delivery line of a report, dashed, in brackets or bare, maybe with the speaker after it:
#: (2026年1月27日在贵州省第十四届人民代表大会第四次会议上) 省长 李炳军
DELIVERY = re.compile(
    rf"^[—\-–―~(]{{0,4}}\s*(?P<sub>(?:(?:19|20)\d{{2}}|[{CN_DIGITS}]{{4}})年[\d{CN_NUMS}]{{1,3}}月(?:[\d{CN_NUMS}]{{1,3}}日)?"
    rf"\s*在[^。;!?]{{4,60}}?(?:会议|大会|会)上)\s*\)?\s*(?P<rest>[^。;]{{0,30}})$")
#: A delivery line in brackets without a date: (在杭州市萧山区第十八届人民代表大会第五次会议上)
DELIVERY_BARE = re.compile(r"^\(\s*(?P<sub>在[^。;!?]{4,60}?(?:会议|大会)上)\s*\)\s*(?P<rest>[^。;]{0,30})$")
#: A delivery line broken before its end (——2026年1月26日在广东省第十四届 / 人民代表大会第五次会议上).
DELIVERY_HEAD = re.compile(rf"^[—\-–―~(]{{0,4}}\s*(?:(?:19|20)\d{{2}}|[{CN_DIGITS}]{{4}})年[\d{CN_NUMS}]{{1,3}}月"
                           rf"[\d{CN_NUMS}]{{1,3}}日\s*在[^。;!?]{{2,40}}$")
TITLE_LIKE = re.compile(r"^[^。,;:!?]{4,48}$")
#: A note in brackets after a speaker's title: 副主任(主持工作), 副院长(代理).
ROLE_NOTE = r"(?:[(（][\u4e00-\u9fff]{2,6}[)）])"
#: The address that opens a delivered report's body: no title comes after it.
ADDRESS = re.compile(r"^(?:各位代表|各位委员|同志们|各位同志)")
#: A news dateline: 新华社北京3月4日电, 本报讯.
DATELINE = re.compile(r"^(?:[\u4e00-\u9fff]{2,10}\d{1,2}月\d{1,2}日电|本报讯)")
#: The speaker's clause: 我代表X(,)向大会报告工作 / 我受X(的)委托,向…作…报告 / X决定由我向…
SPEAKER = re.compile(
    r"(?m)(?:(?:我|上)(?:现在|在这里|今天)?\s*[,，]?\s*|(?<=[,，:：])|^)(?:代表|受|根据)"
    r"(?P<body>[\u4e00-\u9fff()]{2,30}?)(?:的)?(?:委托|决定)?\s*[,，]?\s*(?:我)?(?:现在)?\s*(?:就[^。;]{2,40}?[,，]\s*)?"
    r"(?:向(?:本次|这次)?(?:大会|全体会议|第[^,。;]{1,14}?(?:会议|大会)|全国人民代表大会|[\u4e00-\u9fff]{0,12}人民代表大会[^,。;]{0,12}?)"
    r"\s*[,，]?\s*)?(?P<verb>作|报告|提出|提交)(?P<what>[^。;]{0,60})")
SPEAKER_BY = re.compile(r"(?P<body>[\u4e00-\u9fff]{2,20}?)决定由我向[^。;]{2,30}?(?P<verb>作|报告)(?P<what>[^。;]{0,30})")
#: The close of a report put to a session (以上报告，请予审议): an excerpt without its title block is still one.
SUBMITTED = re.compile(r"^(?:以上报告[,，]?请(?:予|各位代表|各位委员|大会)?审议|特此报告)")
#: A report by its title: 关于2025年度法治政府建设情况的报告, 某县人民政府关于…的专项工作报告.
REPORT_TITLE = re.compile(r"关于[^。;]{2,60}的[\u4e00-\u9fff]{0,4}报告$")
#: A report told of in the third person: a news write-up (听取了主任X所作的…报告, 报告指出…).
TOLD_OF = re.compile(r"(?:听取|审议)(?:了)?[^。;]{2,40}?所作的[^。;]{0,30}?报告|(?:^|[。;])\s*报告(?:指出|提出|显示|强调|回顾|认为)", re.M)
#: A person's profile: 张某，男，汉族，1968年3月生 (a 简历 page or 人物简介).
PROFILE = re.compile(r"[男女][,，][\u4e00-\u9fff]{1,6}族[,，](?:19|20)\d{2}年(?:\d{1,2}月)?(?:出)?生")
#: The speaker delivering a work report to the session: 向大会作政府工作报告, 向大会报告工作.
DELIVERED = re.compile(r"向(?:本次|这次)?大会[,，]?(?:作|报告)[^。;]{0,12}?工作")
#: A title line that goes on from the line above it (长沙市岳麓区人民代表大会 / 常务委员会工作报告).
CONTINUES = re.compile(r"^(?:常务委员会|委员会|人民政府|人民法院|人民检察院|工作报告)")
#: A title that is not a report's: headings, web chrome, photo captions.
CHROME = re.compile(r"^(?:来源|时间|发布时间|发布日期|发表时间|更新时间|作者|编辑|责任编辑|阅读|浏览|字号|字体|分享|当前位置|首页|您的位置"
                    r"|【[^】]{1,12}】$)")  # 【人大动态】: a column label
#: A photo caption a layout join left in front of a line: …贵州日报记者 李森 摄政府工作报告.
CAPTION = re.compile(r"^.*?(?:记者|通讯员)\s*[\u4e00-\u9fff]{2,4}\s*摄\s*(?=\S)")
#: Web chrome a layout join left after an author line (陕西省省长 赵刚首页).
CHROME_TAIL = re.compile(r"\s*(?:首页|分享|打印|收藏|来源.*|时间.*)$")


@dataclass(frozen=True)
class Speaker:
    """The body a speaker reports for (span of X in 我代表X向大会报告工作) and what they deliver."""

    start: int
    end: int
    body: str
    report: bool  # the clause delivers a (work) report


def cn_date(text: str) -> str | None:
    """The first date written 2023年1月8日 or 二〇二六年一月二十七日, as ISO 8601."""
    m = DATE.search(text)
    if m:
        y, mo, d = (int(x) for x in m.groups())
    else:
        m = CN_DATE.search(text)
        if not m:
            return None
        y = int("".join(CN_DIGIT[c] for c in m.group(1)))
        mo, d = (cn_int(x) for x in m.groups()[1:])
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def speaker(text: str, limit: int = 6000) -> Speaker | None:
    """The first speaker's clause in the opening of the text (a report names its body there)."""
    head = text[:limit]
    for rx in (SPEAKER, SPEAKER_BY):
        for m in rx.finditer(head):
            what = m.group("verb") + m.group("what")
            if rx is SPEAKER and not ("向" in m.group() or m.group("verb") == "作"):
                continue
            if "报告" not in what:
                continue
            body = m.group("body")
            if body.startswith(("我", "大会")) or len(body) < 2:
                continue
            return Speaker(m.start("body"), m.end("body"), body, True)
    return None


@dataclass(frozen=True)
class _Words:
    """Compiled word patterns of one lexicon."""

    author: re.Pattern
    caption: re.Pattern
    news_author: re.Pattern
    surnames: frozenset


_WORDS: dict[str, _Words] = {}


def _words(lex: Lexicon) -> _Words:
    if lex.digest not in _WORDS:
        roles = sorted({*lex.posts, *lex.person_titles} - set(lex.generic_titles), key=len, reverse=True)
        role = "|".join(roles)
        # a name: 2-4 characters, a two-character one spaced by layout (龚 正), or a transliterated one (艾尔肯·吐尼亚孜)
        name = (r"(?:[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,8}|[\u4e00-\u9fff] [\u4e00-\u9fff] [\u4e00-\u9fff]"
                r"|[\u4e00-\u9fff] [\u4e00-\u9fff]|[\u4e00-\u9fff]{2,4})")
        _WORDS[lex.digest] = _Words(
            re.compile(rf"^[□■●◆▲☆★\s]*(?:(?P<reporter>本报记者|记者|通讯员|本报通讯员|文/图|文)\s*[:]?\s*(?P<rname>{name}(?:\s+{name})*)"
                       rf"|(?P<org>[\u4e00-\u9fff()“”、]{{0,40}}?)(?P<role>{role}){ROLE_NOTE}?\s*[:]?\s+(?P<name>{name}))$"),
            re.compile(rf"(?P<role>{role})(?P<name>[\u4e00-\u9fff]{{2,4}}?)(?:同志)?(?:作|在|代表|向)"),
            re.compile(rf"(?P<org>[\u4e00-\u9fff]{{0,20}}?)(?P<role>{role})(?P<name>[\u4e00-\u9fff]{{2,3}}?)(?:\d{{1,2}}日)?"
                       rf"(?:在[^。;]{{2,40}}?上)?(?:代表|作)(?![^。;]{{0,4}}(?:发言|讲话))"
                       rf"|听取(?:了)?(?P<horg>[\u4e00-\u9fff]{{2,20}}?)(?P<hrole>{role})(?P<hname>[\u4e00-\u9fff]{{2,3}}?)(?:同志)?所作的"),
            frozenset(lex.surnames),
        )
    return _WORDS[lex.digest]


def _split_joined(p: str) -> list[str]:
    """A title and its delivery line that a layout join put on one line, apart again."""
    if "——" not in p:  # what the pattern needs first: most paragraphs go no further
        return [p]
    m = re.search(rf"[—]{{2}}\s*(?:(?:19|20)\d{{2}}|[{CN_DIGITS}]{{4}})年[^。;]{{2,12}}?在[^。;]{{4,60}}(?:会议|大会)上$", p)
    return [p[: m.start()], p[m.start():]] if m and m.start() >= 4 else [p]


def _is_title(p: str) -> bool:
    from_heading = re.match(rf"^(?:[{ZEROS}{ONE_TO_TEN}百]+[、.]|\([{ZEROS}{ONE_TO_TEN}百]+\)|\d{{1,2}}[.、](?!\d))", p)
    return bool(TITLE_LIKE.match(p)) and not from_heading and not CHROME.match(p) and not DELIVERY.match(p)


def _subtitle(pars: list[str], author: re.Pattern) -> tuple[int | None, str | None, str]:
    """Index and text of the subtitle (——… or the delivery line), and what follows it on its line; a dashed
    author line (——某县人民法院院长 李某) is none."""
    for i, p in enumerate(pars):
        if i >= 40:
            break
        m = DELIVERY.match(p) or DELIVERY_BARE.match(p)
        if m:
            return i, m.group("sub"), m.group("rest").strip()
        if DELIVERY_HEAD.match(p) and i + 1 < len(pars) and re.search(r"(?:会议|大会)上\)?$", pars[i + 1]) \
                and len(pars[i + 1]) <= 30:
            m = DELIVERY.match(p + pars[i + 1])
            if m:
                return i, m.group("sub"), m.group("rest").strip()
    for i, p in enumerate(pars):
        if SUBTITLE.match(p) and 4 <= len(p) <= 80 and not p.endswith(("。", ";", "!", "?")) \
                and not (author.match(SUBTITLE.match(p).group(1)) and p.lstrip("—-–―~ ")[:1] != "记"):
            # not a ——list item, nor ——院长 李某 (but ——记院长 李某, a profile's)
            return i, SUBTITLE.match(p).group(1), ""
    return None, None, ""


def _joined(pars: list[str], i: int, lex: Lexicon) -> str:
    """The title line, with a broken-off last character or two (政府工作报 / 告) joined back, and
    without a web page's site name (2024年某县政府工作报告_某县人民政府网)."""
    p = _page_title(pars[i], lex)
    if i + 1 < len(pars) and 1 <= len(pars[i + 1]) <= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", pars[i + 1]):
        cues = [c for cs in lex.genres.values() for c in cs]
        if any(c in p + pars[i + 1] for c in cues) and not any(c in p for c in cues):
            return p + pars[i + 1]
    return p


def _page_title(p: str, lex: Lexicon) -> str:
    parts = [x for x in re.split(r"\s*[_|]\s*", p) if x]
    if len(parts) < 2:
        return p
    cues = [c for cs in lex.genres.values() for c in cs]
    return next((x for x in parts if any(c in x for c in cues)), parts[0])


def _title(pars: list[str], sub_i: int | None, lex: Lexicon) -> tuple[str | None, int]:
    """The title and the index of the title block's first line."""
    cues = [c for cs in lex.genres.values() for c in cs]
    if sub_i is not None:
        before = [i for i in range(max(0, sub_i - 12), sub_i) if _is_title(pars[i])]
        cued = [i for i in before if any(c in _joined(pars, i, lex) for c in cues)]
        near = [i for i in before if i >= sub_i - 3]
        pick = (near or cued or [None])[-1]
        if pick is None:
            return None, sub_i
        if pick > 0 and (CONTINUES.match(pars[pick]) or _cut_word(pars[pick - 1], pars[pick], lex)) \
                and _is_title(pars[pick - 1]) \
                and not any(c in pars[pick - 1] for c in cues):  # 长沙市岳麓区人民代表大会 / 常务委员会工作报告
            return pars[pick - 1] + _joined(pars, pick, lex), pick - 1
        return _joined(pars, pick, lex), pick
    opening = []
    for i, p in enumerate(pars[:12]):
        if ADDRESS.match(p) or DATELINE.match(p):
            break
        opening.append(i)
    for want_cue in (True, False):
        for i in opening:
            t = _joined(pars, i, lex)
            if _is_title(pars[i]) and len(t) >= 6 and (not want_cue or any(c in t for c in cues)) \
                    and not _words(lex).author.match(pars[i]):
                return t, i
    return None, 0


def _cut_word(before: str, line: str, lex: Lexicon) -> bool:
    """A body's name cut by a wrap between two title lines (…人民代表大会常务委员 / 会工作报告)."""
    joined = before + line
    for word in lex.bodies:
        at = joined.find(word)
        if at >= 0 and at < len(before) < at + len(word):
            return True
    return False


def _author(text: str, pars: list[str], block: int, rest: str, lex: Lexicon) -> Author | None:
    """The author line of the title block, a bare name there whose post the text gives, or the
    speaker of a news write-up (全国政协主席王沪宁4日在…上代表…)."""
    w = _words(lex)
    rest = CHROME_TAIL.sub("", rest)
    for p in [rest, *pars[max(0, block - 2): block + 6]]:
        m = w.author.match(SUBTITLE.sub(r"\1", p)) if p else None  # ——院长 李某: the dashes apart
        if m and m.group("reporter"):
            return Author(name=m.group("rname").split()[0], role="记者")
        if m:
            return Author(name=m.group("name").replace(" ", ""), role=m.group("role"), body=m.group("org") or None)
    for p in pars[block + 1: block + 6]:
        if 2 <= len(p) <= 4 and re.fullmatch(r"[\u4e00-\u9fff]+", p) and p[0] in w.surnames:
            c = next((c for c in w.caption.finditer(text[:3000]) if c.group("name") == p), None)
            if c:
                return Author(name=p, role=c.group("role"))
    news = any(DATELINE.match(p) for p in pars[:8]) or TOLD_OF.search("\n".join(pars[:12]))
    for p in pars[:12] if news else ():
        m = w.news_author.search(p)
        if m:  # the speaker of a news write-up: …主席王沪宁4日在…上代表, 县长X作政府工作报告, 听取了主任X所作的
            g = "h" if m.group("hname") else ""
            return Author(name=m.group(g + "name"), role=m.group(g + "role"), body=m.group(g + "org"))
    return None


def front_matter(text: str, paragraphs: list[tuple[int, int]], lexicon: Lexicon) -> Metadata:
    """Title, subtitle, author, date, period and genre from the title block and the opening."""
    pars = [part for a, b in paragraphs for part in _split_joined(CAPTION.sub("", text[a:b].strip()))]
    sub_i, subtitle, rest = _subtitle(pars, _words(lexicon).author)
    title, block = _title(pars, sub_i, lexicon)
    if sub_i is not None:
        block = sub_i
    author = _author(text, pars, block, rest, lexicon)
    date = cn_date(subtitle or "")  # a month alone (2024年1月在…) is no xsd:date: left out
    if date is None and sub_i is not None:
        date = next((cn_date(p) for p in pars[block: block + 4] if len(p) <= 16 and cn_date(p)), None)
    if date is None and sub_i is None and title:  # a date alone on a line under the title: (2024年1月10日)
        date = next((cn_date(p) for p in pars[block + 1: block + 4] if DATE_LINE.match(p)), None)
    genre = _genre(pars, title, subtitle, speaker(text), lexicon, reporter=bool(author and author.role == "记者"))
    if date is None and genre == "work_report" and any(SUBMITTED.match(p) for p in pars[-4:]):
        date = next((cn_date(p) for p in pars[-2:] if len(p) <= 16 and cn_date(p)), None)  # signed 特此报告 / 2026年1月20日
    period = covered_period(arabic_years(text), arabic_years(" ".join(x for x in (title, subtitle) if x)), date, genre)
    return Metadata(title=title, subtitle=subtitle, author=author, date=date, genre=genre, period=period)


def _genre(pars: list[str], title: str | None, subtitle: str | None, spk: Speaker | None, lex: Lexicon,
           reporter: bool = False) -> str:
    """A news write-up (dateline, or a report told of: 报告指出) is ``other`` unless its title names
    another genre or a reporter signs it under the title (本报记者 X: the paper's own ``review_article``);
    else the title's cue; else a person's profile (男，汉族，1968年生); else a delivered report."""
    if any(DATELINE.match(p) for p in pars[:8]):
        return "other"
    if subtitle and subtitle.startswith("记"):  # ——记全国人大代表张某: a profile of one person or body
        return "profile"
    opening = "\n".join(pars[:12])
    head = " ".join(x for x in (title, subtitle) if x)
    cued = next((g for g, cues in lex.genres.items() if any(c in head for c in cues)), None)
    if cued in (None, "work_report") and spk is None and TOLD_OF.search(opening):
        return "review_article" if reporter else "other"  # a write-up of a report, whatever its headline says
    if cued:
        return cued
    if PROFILE.search(opening):
        return "profile"
    if spk and spk.report or subtitle and re.search(r"在.+(?:会议|大会)上$", subtitle) \
            or any(DELIVERED.search(p) for p in pars[:12]) or any(SUBMITTED.match(p) for p in pars[-3:]) \
            or REPORT_TITLE.search(title or ""):
        return "work_report"
    return "other"
