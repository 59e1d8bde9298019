"""Properties that hold for any input (hypothesis): clean-up loses no character except the
artefacts it lists as dropped, offsets map back to the source, evidence cuts the text it
quotes, and no input crashes decoding or extraction."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from etl.clean import clean, normalize_chars
from etl.errors import InputError
from etl.ingest import decode_text
from etl.lexicon import default_lexicon
from etl.models import SourceDocument
from etl.pipeline import extract_document

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces real reports are made of: our own words (simplified and traditional), punctuation in
# both widths, hard wraps, blank lines, captions, doubled headings, indentation, odd spaces.
WORDS = ["区人大常委会", "區人大常委會", "政协", "人民法院", "检察院", "全年召开", "常委会会议", "8次", "１２项",
         "听取审议", "专项工作报告", "执法检查", "《中华人民共和国大气污染防治法》", "主任", "副主任", "林晓雯",
         "青州市临河区", "白沙镇", "督办代表建议120件", "第五届人民代表大会第三次会议", "一、", "（一）", "1.",
         "GDP", "and", "ＡＢＣ", "　", " ", "\t", "\u200b", "\ufeff", "\xa0"]
PUNCT = ["，", "。", "、", "；", "：", "！", "？", "“", "”", "（", "）", ",", ".", "(", ")", "——", "……"]
LAYOUT = ["\n", "\n\n", "\r\n", "\r", "\n（资料图片）\n", "\n（记者 王明 摄）\n", "\n一、总体要求一、总体要求\n",
          "\n二、 主要工作 二、 主要工作\n", "\n　　"]
piece = st.one_of(st.sampled_from(WORDS), st.sampled_from(PUNCT), st.sampled_from(LAYOUT),
                  st.text(alphabet="人大会议法院检察政府代表委员工作报告审查监督年月日", min_size=1, max_size=30))
report_text = st.lists(piece, max_size=80).map("".join)
# Whole paragraphs, some repeated (layouts repeat them), hard-wrapped or not.
paragraph = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(PUNCT)), min_size=3, max_size=25).map("".join)


@st.composite
def layout_report(draw) -> str:
    paras = draw(st.lists(paragraph, min_size=1, max_size=12))
    paras += draw(st.lists(st.sampled_from(paras), max_size=3))  # repeated paragraphs
    width = draw(st.sampled_from([0, 12, 20]))
    lines = []
    for p in paras:
        lines += [p[i : i + width] for i in range(0, len(p), width)] if width else [p]
        if draw(st.booleans()):
            lines.append("")
    return draw(st.sampled_from(["\n", "\r\n"])).join(lines)


any_report = st.one_of(report_text, layout_report(), st.text(max_size=300))


def _source(text: str) -> SourceDocument:
    return SourceDocument(path="prop.txt", name="prop", sha256="0" * 64, source=text)


def _normalised(src: str) -> str:
    """The source as clean() sees it before any layout work (its first step, same length)."""
    return normalize_chars(src.replace("\r\n", " \n").replace("\r", "\n"))


@SETTINGS
@given(any_report)
def test_clean_maps_every_character_back_to_the_source(src):
    doc = clean(_source(src))
    norm = _normalised(src)
    used = set()
    for i, ch in enumerate(doc.text):
        if ch.isspace():
            continue
        j = doc.offsets.to_source(i)
        assert 0 <= j < len(src)
        assert norm[j] == ch, (i, j, ch, norm[j])  # the source character normalises to it
        assert j not in used  # no source character is copied twice
        used.add(j)


@SETTINGS
# a paragraph dropped whole as a repeat, after a paragraph that is continued: its span was once lost
@example("区人大常委会全年召开常委会会议八次听取审议专项工作报告十二项开展执法检查四次\n好\n"
         "区人大常委会全年召开常委会会议八次听取审议专项工作报告十二项开展执法检查四次")
@given(any_report)
def test_clean_loses_nothing_but_listed_artefacts(src):
    doc = clean(_source(src))
    norm = _normalised(src)
    kept = {doc.offsets.to_source(i) for i, ch in enumerate(doc.text) if not ch.isspace()}
    dropped = [range(a, b) for a, b, _ in doc.dropped]
    for j, ch in enumerate(norm):
        if ch.isspace() or j in kept:
            continue
        assert any(j in r for r in dropped), (j, ch, src)


def _is_subsequence(needle: str, hay: str) -> bool:
    it = iter(hay)
    return all(ch in it for ch in needle)


@SETTINGS
@given(st.one_of(report_text, layout_report()))
def test_cleaned_text_is_a_subsequence_of_the_normalised_source(src):
    """Without whitespace, and line by line: clean may put a paragraph that the layout broke
    (a newspaper column) back together after a caption, so whole lines can move."""
    doc = clean(_source(src))
    norm = "".join(_normalised(src).split())
    for line in doc.text.split("\n"):
        assert _is_subsequence("".join(line.split()), norm), (line, src)


@SETTINGS
@given(st.one_of(layout_report(), report_text))
def test_evidence_offsets_cut_the_quoted_text(src):
    ex = extract_document(_source(src), default_lexicon())
    items = [*ex.bodies, *ex.people, *ex.laws, *ex.projects, *ex.places, *ex.meetings, *ex.activities]
    evidence = [ev for item in items for ev in item.evidence]
    evidence += [ev for p in ex.people for post in p.posts for ev in post.evidence]
    evidence += [ev for law in ex.laws for a in law.actions for ev in a.evidence]
    if ex.report_evidence:
        evidence.append(ex.report_evidence)
    for ev in evidence:
        assert 0 <= ev.start <= ev.end <= len(src)
        assert src[ev.start : ev.end] == ev.quote


@SETTINGS
@given(st.text(max_size=500))
def test_random_unicode_never_crashes_extraction(src):
    ex = extract_document(_source(src), default_lexicon())
    assert ex.sha256 == "0" * 64


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes_decode_or_fail_cleanly(data):
    try:
        text, encoding = decode_text(data, Path("random.txt"))
    except InputError as e:
        assert "\n" not in str(e) and "random.txt" in str(e)
    else:
        assert isinstance(text, str) and encoding


@SETTINGS
@given(st.text(max_size=200), st.sampled_from(["p", "div", "script", "nav", "pre", "td", "br", "article"]))
def test_random_html_never_crashes(body, tag):
    from etl.formats import extract

    page = f"<html><body><{tag}>{body}</{tag}><p>{body[::-1]}</p></body></html>".encode("utf-8", "surrogatepass")
    try:
        text, note = extract("html", page, Path("random.html"))
    except InputError as e:
        assert "\n" not in str(e)
    else:
        assert text == "" or text.endswith("\n")
