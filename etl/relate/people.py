"""People's posts and the bodies meetings belong to.

A post's body is the body written right before the title (区法院院长张某); a chain of titles
shares it (市人大常委会党组书记、主任李某 → 党组书记 of the 党组, 主任 of the committee).
With no body written, the title says which one: 副区长 (自治区主席) → the government, 区人大代表 →
the district people's congress, 副主任 → the issuing standing committee; in a list of people
with posts a title keeps the previous person's body (委员长A、副委员长B). A member's title is
the post of the body it names (代表 of a people's congress → 人大代表). A period is kept when
the report states one (2021年起任…). A body written before a title is the body mention recognize
found there; relate recognizes no body of its own.
"""

from __future__ import annotations

import re

from ..hanzi import HAN, LEVEL_CHARS, MAIN_LEVEL_CHARS
from ..lexicon import Lexicon
from ..models import Mention, Post, Segmented
from ..resolve import EvidenceIndex, Resolution
from .layout import Bodies

GOVERNMENT_TITLE = re.compile(rf"^(?:常务副|副|代)?([{LEVEL_CHARS}镇乡])长$")
PERIOD = re.compile(r"((?:19|20)\d{2})年(?:\d{1,2}月)?(?:起|以来|至今)?(?:担任|任|当选)")


def posts(seg: Segmented, mentions: tuple[Mention, ...], res: Resolution, bodies: Bodies, issuing: str | None,
          lex: Lexicon, ev: EvidenceIndex) -> tuple[dict[str, list[Post]], dict[str, str]]:
    text = seg.document.text
    titles = sorted(lex.posts, key=len, reverse=True)
    out: dict[str, list[Post]] = {}
    extra: dict[str, str] = {}
    body_at_end: dict[int, str] = {}  # end of a person named with a post → that post's body
    members = "|".join(t for t in lex.generic_titles if t in lex.posts and len(t) > 2)
    verbs = "|".join(sorted(lex.apposition_verbs, key=len, reverse=True))
    apposition = re.compile(rf"[,,]?(?:{verbs})[^,,。;;::!?、]{{0,16}}?({members})(?![会团组])")
    people = [(m.start, m.end, res.names[i][0]) for i, m in enumerate(mentions) if m.kind == "person" and i in res.names]
    for c in CURRENT.finditer(text):  # a profile's 现任X主席、党组书记: the posts its subject holds now
        subject = _subject(text, c.start(), people)
        evidence = (ev.evidence(c.start(), c.end(), "post.apposition.current"),)
        for title, body in _current_titles(text, c.end(), bodies, lex) if subject else ():
            _add_post(out, subject, Post(post=title, body=body, evidence=evidence))
    for i, m in enumerate(mentions):
        if m.kind != "person" or i not in res.names:
            continue
        serves = SERVES.match(text, m.end)  # 副检察长李某担任某中学法治副校长: a further post held
        evidence = (ev.evidence(m.start, serves.end() if serves else m.end, "post.apposition.current"),)
        for title, body in _current_titles(text, serves.end(), bodies, lex) if serves else ():
            _add_post(out, res.names[i][0], Post(post=title, body=body, evidence=evidence))
        a = apposition.match(text, m.end) if members and lex.apposition_verbs else None
        if a:  # 高某,是区第十八届人大代表: a profile's apposition gives a member's post
            body = _default_body(a.group(1), a.start(1), text, bodies, issuing, lex)
            _add_post(out, res.names[i][0], Post(post=a.group(1), body=body, evidence=(
                ev.evidence(m.start, a.end(), "post.apposition"),)))
        if not m.post:
            continue
        chain = _chain(text, m.post, m.post_start if m.post_start is not None else m.start, titles)
        evidence = (ev.evidence(m.start, m.end, m.rule),)
        sent = ev.sentence(m.start)
        head = text[sent.start if sent else max(0, chain[0][1] - 30):chain[0][1]]
        pm = PERIOD.search(head[-16:])
        period = pm.group(1) if pm else None
        shared = None  # the body a chain's first title names: later ones of its kind hold posts in it too
        for title, start in chain:
            # a title right after 、 shares it; one after another body's name (…、民建X市委会主委) does not
            fits = shared and text[start - 1:start] == "、" \
                and (title not in lex.posts or bodies.kind(shared) in lex.posts[title])
            body = _body_before(text, start, bodies) or (shared if fits else None) \
                or _listed_body(title, start, text, body_at_end, bodies, lex)
            if body is None:
                body = _default_body(title, start, text, bodies, issuing, lex)
            elif shared is None:
                shared = body[: -len("党组")] if body.endswith("党组") else body
            if body and title.startswith("党组") and not body.endswith("党组"):
                body += "党组"  # 人大常委会党组书记: secretary of the committee's party group
            if body and body not in bodies.kinds:
                extra[body] = bodies.kind(body) or "other"
            if body:
                body_at_end[m.end] = body
            p = Post(post=_full_title(title, body, bodies, lex), body=body, period=period, evidence=evidence)
            _add_post(out, res.names[i][0], p)
    return out, extra


#: The posts a profile's subject holds now, opening a sentence or after the name: 。现任…, 张某,现任….
CURRENT = re.compile(r"(?:^|(?<=[。;;\n,,]))\s*现任")
#: … and right after a name: 李某担任X中学法治副校长, 王某兼任X组长.
SERVES = re.compile(r"(?:担任|兼任|现任)")


def _subject(text: str, at: int, people: list[tuple[int, int, str]]) -> str | None:
    """The person a 现任 clause is about: named last before it, in its sentence or the one before, with
    no other name between; none when the clause names its own (现任…主任的黄某)."""
    before = [(s, e, name) for s, e, name in people if e <= at]
    end = min((x for x in (text.find(c, at) for c in "。\n") if x >= 0), default=len(text))
    if not before or any(at <= s < end for s, _, _ in people):
        return None
    s, e, name = before[-1]
    between = text[e:at].rstrip()
    return name if between.count("。") + between.count("\n") <= 1 and len(between) <= 200 else None


def _current_titles(text: str, pos: int, bodies: Bodies, lex: Lexicon) -> list[tuple[str, str | None]]:
    """The titles after 现任, each with the body written before it or, in a chain joined by 、, the last
    one written (株洲市政协主席、党组书记: both of the CPPCC); a party group's title written after its body
    (县政府党组书记, 市人大常委会党组|书记) is the group's."""
    titles = sorted({*lex.posts, *lex.person_titles}, key=len, reverse=True)
    out, body = [], None
    while pos < len(text):
        written = None if text.startswith(tuple(titles), pos) else next(  # a region may go before it (株洲|市政协)
            (x for x in bodies.within(pos, pos + 40) if x[0] - pos <= 6 and re.fullmatch(f"[{HAN}]*", text[pos:x[0]])),
            None)
        pos = written[1] if written else pos
        title = next((t for t in titles if text.startswith(t, pos)), None)
        if title is None:
            break
        pos += len(title)
        if written:
            body = written[2]
            if body.endswith("党组") and "党组" + title in titles:
                title, body = "党组" + title, body[: -len("党组")]
        out.append((title, body + "党组" if written and title.startswith("党组") else body))
        if text[pos:pos + 1] != "、":
            break
        pos += 1
    return out


def _add_post(out: dict[str, list[Post]], name: str, p: Post) -> None:
    lst = out.setdefault(name, [])
    if all((q.post, q.body) != (p.post, p.body) for q in lst):
        lst.append(p)


def _chain(text: str, post: str, post_start: int, titles: list[str]) -> list[tuple[str, int]]:
    """The titles joined by 、 before the one at ``post_start`` (the same person's), each with
    its start: 市人大常委会主任、市某工作领导小组组长李某."""
    chain = [(post, post_start)]
    pos = post_start
    while pos > 0:
        k = text.rfind("、", max(0, pos - 24), pos)
        if k < 0 or re.search(r"[,。;:!?\s]", text[k:pos]):
            break
        prev = next((t for t in titles if text.endswith(t, 0, k)), None)
        if prev is None:
            break
        pos = k - len(prev)
        chain.insert(0, (prev, pos))
    return chain


def _full_title(title: str, body: str | None, bodies: Bodies, lex: Lexicon) -> str:
    """A member's title as the post of the body it names: 代表 of a people's congress is its 人大代表,
    委员 of a CPPCC its 政协委员 (a post title made of a body core and this title)."""
    kind = bodies.kind(body)
    full = [p for p, kinds in lex.posts.items()
            if p.endswith(title) and p[: -len(title)] in lex.bodies and kind in kinds]
    return full[0] if kind and len(full) == 1 else title


def _listed_body(title: str, start: int, text: str, body_at_end: dict[int, str], bodies: Bodies,
                 lex: Lexicon) -> str | None:
    """In a list of people with posts (委员长赵某、副委员长钱某), a title written right after the
    previous person holds a post in that person's body when it is a body of the title's kind."""
    body = body_at_end.get(start - 1) if text[start - 1:start] == "、" else None
    return body if body and bodies.kind(body) in lex.posts.get(title, []) else None


def _body_before(text: str, start: int, bodies: Bodies) -> str | None:
    """The body mention ending at (or running into) the title's start."""
    best = None
    for s, e, name, _kind in bodies.within(max(0, start - 40), start + 4):
        if s < start and start - 1 <= e <= start + 4 and (best is None or s < best[0]):
            best = (s, name)
    return best[1] if best else None


def _level_prefix(text: str, start: int, bodies: Bodies, lex: Lexicon) -> str | None:
    """The region a title's prefix names (区人大代表 → the district; 芜湖市人大代表 → 芜湖市)."""
    ctx = bodies.ctx
    for region in sorted(ctx.short, key=len, reverse=True):
        if text.endswith(region, 0, start):
            return ctx.short[region]
    for lv in sorted(lex.levels, key=len, reverse=True):
        if text.endswith(lv, 0, start):
            return ctx.levels.get(lex.levels[lv])
    return None


def _default_body(title: str, start: int, text: str, bodies: Bodies, issuing: str | None, lex: Lexicon) -> str | None:
    ctx = bodies.ctx
    g = GOVERNMENT_TITLE.match(title)
    if g:
        level = lex.levels.get(g.group(1))
        region = ctx.levels.get(level) if level else None
        return region + "政府" if region else None
    if title in ("主席", "副主席") and text.endswith("自治区", 0, start):  # 自治区主席: its government's chair
        region = ctx.levels.get("province")
        return region + "政府" if region else None
    if title in ("人大代表", "代表"):  # 区人大代表: a representative in the district's congress
        if title == "代表" and not text.endswith("人大", 0, start):
            return bodies.people_congress_of(issuing) or (ctx.region + "人大" if ctx.region else None)
        region = _level_prefix(text, start - 2 if title == "代表" else start, bodies, lex)
        if region:
            return region + "人大"
        return bodies.people_congress_of(issuing) or (ctx.region + "人大" if ctx.region else None)
    if title == "政协委员":
        region = _level_prefix(text, start, bodies, lex) or ctx.region
        return region + "政协" if region else None
    wanted = lex.posts.get(title, [])
    kind = bodies.kind(issuing)
    if issuing and kind in wanted:
        return issuing
    return None


MEETING_BODY = [
    (re.compile(rf"^(?:中共|中国共产党)?(.+?[{LEVEL_CHARS}])委.*?(?:全会|全体会议)$"), "{}委"),
    (re.compile(r"^(.+?)(?:第[^届]+届)?(?:人民代表大会常务委员会|人大常委会)"), "{}人大常委会"),
    (re.compile(r"^(.+?)(?:第[^届]+届)?(?:人民代表大会|人大)(?!工作)"), "{}人大"),
    (re.compile(r"^(?:中国人民政治协商会议|政协)(.+?)第[^届]+届委员会"), "{}政协"),
    (re.compile(r"^(?:中国人民政治协商会议|政协)第[^届]+届(.+?)委员会"), "{}政协"),
    (re.compile(r"^(.+?)政协[^工]*会议$"), "{}政协"),
    (re.compile(rf"^(.+?[{MAIN_LEVEL_CHARS}州])委[^会]{{2,10}}?工作会议$"), "{}委"),
    (re.compile(r"^中央[^会]{2,10}?工作会议$"), "党中央"),
]


def meeting_body(name: str, bodies: Bodies) -> str | None:
    """The body a session belongs to: …第十九届人民代表大会第二次会议 → …人大."""
    if "全国代表大会" in name or re.search(r"党的|党代会", name):
        return None
    for rx, form in MEETING_BODY:
        m = rx.search(name)
        if m:
            region = m.group(1) if m.groups() else ""
            if m.groups() and (len(region) < 2 or re.search(r"[第届次]", region)):
                continue
            return form.format(region) if m.groups() else form
    return None
