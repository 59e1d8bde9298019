"""Reading real report files: encodings of .txt, and .html, .docx, .pdf; the format twins in
examples/formats/ yield the same entities as the .txt they were made from."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from etl.cli import app
from etl.errors import InputError
from etl.formats import extract
from etl.ingest import decode_text, find_reports, read_report

ROOT = Path(__file__).resolve().parent.parent
TWIN_OF = ROOT / "examples" / "reports" / "renda_2023.txt"
FORMATS = ROOT / "examples" / "formats"
TWINS = ["renda_2023.html", "renda_2023.docx", "renda_2023.pdf", "renda_2023.gb18030.txt", "renda_2023.big5.txt"]

# Our own sentences (a made-up district), in simplified and in traditional characters.
SIMPLIFIED = (
    "青州市临河区人民代表大会常务委员会工作报告\n"
    "各位代表：\n"
    "过去一年，区人大常委会依法履职，全年召开常委会会议八次，听取审议专项工作报告十二项，"
    "开展《中华人民共和国大气污染防治法》执法检查，督办代表建议一百二十件。\n"
    "一、坚持党的领导，确保“两个维护”落到实处。\n"
)
TRADITIONAL = (
    "青州市臨河區人民代表大會常務委員會工作報告\n"
    "各位代表：\n"
    "過去一年，區人大常委會依法履職，全年召開常委會會議八次，聽取審議專項工作報告十二項，"
    "開展《中華人民共和國大氣污染防治法》執法檢查，督辦代表建議一百二十件。\n"
)


# --------------------------------------------------------------------------- plain text encodings


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (SIMPLIFIED.encode("utf-8"), SIMPLIFIED, "utf-8"),
        (b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8"), SIMPLIFIED, "utf-8-sig"),
        (SIMPLIFIED.encode("utf-16"), SIMPLIFIED, "utf-16"),
        (SIMPLIFIED.encode("utf-16-le"), SIMPLIFIED, "utf-16-le"),
        (SIMPLIFIED.encode("utf-16-be"), SIMPLIFIED, "utf-16-be"),
        (SIMPLIFIED.encode("utf-32"), SIMPLIFIED, "utf-32"),
        (SIMPLIFIED.encode("gb18030"), SIMPLIFIED, "gb18030"),
        (SIMPLIFIED.encode("gbk"), SIMPLIFIED, "gb18030"),
        (SIMPLIFIED.replace("\n", "\r\n").encode("gb18030"), SIMPLIFIED.replace("\n", "\r\n"), "gb18030"),
        (TRADITIONAL.encode("big5"), TRADITIONAL, "big5"),
        (TRADITIONAL.encode("cp950"), TRADITIONAL, "big5"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le", "utf16be", "utf32", "gb18030", "gbk", "gb18030-crlf", "big5",
         "cp950"],
)
def test_txt_encodings(tmp_path, data, text, encoding):
    f = tmp_path / "report.txt"
    f.write_bytes(data)
    doc = read_report(f)
    assert doc.source == text
    assert doc.encoding == encoding


# Short GBK texts are where detectors guess wrong: 审议 in GBK is 机祜 in Big5, 一 is UTF-8 һ.
SHORT_GBK = ["一", "一、", "审议", "办结", "人大", "法院", "深圳", "回眸", "你好", "依法履职", "代表建议",
             "人大常委会", "——2024年", "“两个确保”", "第一", "检察院工作报告", "全年召开会议8次。"]


@pytest.mark.parametrize("text", SHORT_GBK)
@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_short_gbk_texts(text, encoding):
    assert decode_text(text.encode(encoding), Path("short.txt")) == (text, "gb18030")


@pytest.mark.parametrize("text", ["區人大常委會依法履職", "聽取審議專項工作報告", "督辦代表建議一百二十件", "開展執法檢查四次"])
def test_short_big5_texts(text):
    assert decode_text(text.encode("big5"), Path("short.txt")) == (text, "big5")


def test_utf8_without_chinese_stays_utf8():
    assert decode_text("Rapport du comité\n".encode("utf-8"), Path("fr.txt")) == ("Rapport du comité\n", "utf-8")


def test_traditional_source_is_kept_and_normalised_text_is_simplified(tmp_path):
    from etl.clean import clean

    f = tmp_path / "big5.txt"
    f.write_bytes(TRADITIONAL.encode("big5"))
    doc = clean(read_report(f))
    assert doc.source == TRADITIONAL  # evidence quotes the file as written
    assert "区人大常委会依法履职" in doc.text and "臨" not in doc.text
    start = doc.text.index("常委会")
    assert doc.source[doc.offsets.to_source(start) : doc.offsets.to_source(start) + 3] == "常委會"


def test_full_width_punctuation_normalised(tmp_path):
    from etl.clean import clean

    f = tmp_path / "fw.txt"
    f.write_text("区人大常委会（以下简称“常委会”）召开会议８次！\n", encoding="utf-8")
    doc = clean(read_report(f))
    assert "(以下简称“常委会”)召开会议8次!" in doc.text


# --------------------------------------------------------------------------- html

PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>网站标题</title><style>p {{ color: red }}</style>
<script>var title = "不要这段脚本";</script></head>
<body>
<header><a href="/">首页</a> 网站头部</header>
<nav><ul><li>导航一</li><li>导航二</li></ul></nav>
<div class="breadcrumb">当前位置：首页 &gt; 报告</div>
<div id="main-menu">菜单</div>
<article>
  <header><h1>{title}</h1></header>
  <p>全年召开常委会会议八次，
     听取审议专项工作报告十二项。Annual
     report</p>
  <!-- 注释不要 -->
  <p>第一行<br>第二行&ldquo;引号&rdquo;<b>加粗</b>结束。</p>
  <table><tr><td>执法检查</td><td>4次</td></tr></table>
  <pre>预排
格式</pre>
  <div role="navigation">上一篇 下一篇</div>
</article>
<footer>版权所有</footer>
<script>alert("脚本二")</script>
</body></html>
"""
PAGE_TEXT = (
    "区人大常委会工作报告\n"
    "全年召开常委会会议八次，听取审议专项工作报告十二项。Annual report\n"
    "第一行\n第二行“引号”加粗结束。\n"
    "执法检查 4次\n"
    "预排\n格式\n"
)


def test_html_main_text_without_chrome():
    page = PAGE.format(title="区人大常委会工作报告").encode("gb18030")
    text, note = extract("html", page, Path("page.html"))
    assert text == PAGE_TEXT
    assert note == "html gb18030"


def test_html_without_charset_is_detected():
    page = PAGE.format(title="区人大常委会工作报告").replace("; charset=gb2312", "").encode("gbk")
    text, note = extract("html", page, Path("page.html"))
    assert text == PAGE_TEXT and note == "html gb18030"


def test_html_that_lies_about_its_charset():
    page = PAGE.format(title="区人大常委会工作报告").encode("utf-8")  # says gb2312, is UTF-8
    text, note = extract("html", page, Path("page.html"))
    assert text == PAGE_TEXT and note == "html utf-8"


def test_html_with_xml_declaration_and_main():
    page = ('<?xml version="1.0" encoding="utf-8"?>\n<html><body><div class="nav">导航</div>'
            "<main><p>正文第一段。</p></main><aside>相关阅读</aside></body></html>")
    assert extract("html", page.encode("utf-8"), Path("x.html")) == ("正文第一段。\n", "html utf-8")


def test_html_class_names_are_only_a_hint():
    # "share" in the class of the element that holds the text, an <article> that is a teaser
    page = ("<html><body><div class='nav'>导航</div><div class='article-share-content'><p>全年召开常委会会议八次。</p>"
            "<p>听取审议专项工作报告十二项。</p></div><div class='share'>分享到</div></body></html>")
    assert extract("html", page.encode("utf-8"), Path("x.html"))[0] == "全年召开常委会会议八次。\n听取审议专项工作报告十二项。\n"
    page = ("<html><body><article><p>摘要</p></article><p>全年召开常委会会议八次，听取审议专项工作报告十二项。</p>"
            "</body></html>")
    assert extract("html", page.encode("utf-8"), Path("x.html"))[0] == "摘要\n全年召开常委会会议八次，听取审议专项工作报告十二项。\n"


# --------------------------------------------------------------------------- docx, pdf


def test_docx_paragraphs_and_tables_in_order_without_header():
    import docx

    d = docx.Document()
    d.add_heading("区人大常委会工作报告", level=1)
    d.add_paragraph("全年召开常委会会议八次。")
    table = d.add_table(rows=2, cols=2)
    for (r, c), value in {(0, 0): "项目", (0, 1): "数量", (1, 0): "执法检查", (1, 1): "4次"}.items():
        table.cell(r, c).text = value
    d.add_paragraph("督办代表建议一百二十件。")
    d.sections[0].header.paragraphs[0].text = "页眉不要"
    buf = io.BytesIO()
    d.save(buf)
    text, note = extract("docx", buf.getvalue(), Path("x.docx"))
    assert text == "区人大常委会工作报告\n全年召开常委会会议八次。\n项目\t数量\n执法检查\t4次\n督办代表建议一百二十件。\n"
    assert note == "docx"


def test_pdf_text_layer_of_every_page():
    text, note = extract("pdf", (FORMATS / "renda_2023.pdf").read_bytes(), Path("x.pdf"))
    assert note == "pdf 3 pages"
    assert text.startswith("湖州市南浔区人民代表大会常务委员会工作报告\n")
    joined = text.replace("\n", "")
    assert TWIN_OF.read_text(encoding="utf-8").replace("\n", "") == joined


def test_unknown_format_has_no_reader():
    with pytest.raises(InputError, match="no reader for format 'odt'"):
        extract("odt", b"x", Path("x.odt"))


# --------------------------------------------------------------------------- the twins

KINDS = ("bodies", "people", "laws", "places", "meetings", "projects")


def _entities(ex) -> dict[str, list[str]]:
    return {kind: sorted(item.name for item in getattr(ex, kind)) for kind in KINDS}


@pytest.fixture(scope="module")
def txt_extraction():
    from etl.pipeline import extract_report

    return extract_report(TWIN_OF)


@pytest.mark.parametrize("name", TWINS)
def test_twin_yields_the_same_entities(name, txt_extraction):
    from etl.pipeline import extract_report

    ex = extract_report(FORMATS / name)
    assert _entities(ex) == _entities(txt_extraction)
    assert ex.metadata == txt_extraction.metadata
    assert len(ex.activities) == len(txt_extraction.activities)
    source = read_report(FORMATS / name).source
    for item in [*ex.bodies, *ex.laws, *ex.people, *ex.activities]:
        for ev in item.evidence:  # offsets point into the extracted (or decoded) text
            assert source[ev.start : ev.end] == ev.quote


def test_big5_twin_quotes_traditional_characters():
    from etl.pipeline import extract_report

    ex = extract_report(FORMATS / "renda_2023.big5.txt")
    quotes = [ev.quote for body in ex.bodies for ev in body.evidence]
    assert any("委員會" in q for q in quotes)
    assert "湖州市南浔区人大常委会" in {b.name for b in ex.bodies}


def test_twins_build_through_the_cli(tmp_path):
    result = CliRunner().invoke(app, ["build", str(FORMATS), "--store", str(tmp_path / "s"), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1].startswith("5 reports (5 built, 0 unchanged, 0 removed, 0 failed)")


def test_text_twins_match_their_generator():
    from make_twins import report_lines, to_big5, to_gb18030, to_html  # tests/ is on sys.path

    lines = report_lines(TWIN_OF)
    stale = "examples/formats/ is older than its .txt: run `python tests/make_twins.py`"
    assert (FORMATS / "renda_2023.html").read_text(encoding="utf-8") == to_html(lines), stale
    assert (FORMATS / "renda_2023.gb18030.txt").read_bytes() == to_gb18030(lines), stale
    assert (FORMATS / "renda_2023.big5.txt").read_bytes() == to_big5(lines), stale


def test_folder_walk_skips_lock_files_and_finds_broken_links(tmp_path):
    (tmp_path / "a.txt").write_text("人大\n", encoding="utf-8")
    (tmp_path / "~$a.docx").write_bytes(b"lock")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.HTML").write_text("<p>政协</p>", encoding="utf-8")
    (tmp_path / "sub" / "up").symlink_to(tmp_path)  # a loop, not followed
    (tmp_path / "gone.pdf").symlink_to(tmp_path / "nowhere.pdf")
    found = [p.relative_to(tmp_path).as_posix() for p in find_reports([tmp_path])]
    assert found == ["a.txt", "gone.pdf", "sub/b.HTML"]
