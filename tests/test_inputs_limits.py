"""Odd and hostile report files: a huge element or deep nesting in HTML, a .docx zip bomb,
encrypted PDFs, a small PDF that inflates to millions of drawing operators. Each is read in
full, or refused on one line naming the file, within seconds. Every input is made here."""

from __future__ import annotations

import io
import struct
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from test_bad_inputs import FORMATS, SENTENCE, build, check_error, write  # tests/ is on sys.path

from etl.errors import InputError
from etl.formats import extract
from etl.ingest import read_report

PARAGRAPHS = ("<p>全年召开常委会会议八次。</p>", "<p>听取审议专项工作报告十二项。</p>")
BOTH = "全年召开常委会会议八次。\n听取审议专项工作报告十二项。\n"


def page(middle: str) -> bytes:
    return f"<html><body>{PARAGRAPHS[0]}{middle}{PARAGRAPHS[1]}</body></html>".encode("utf-8")


# --------------------------------------------------------------------------- html


@pytest.mark.parametrize("middle", [
    "<script>var data = '" + "x" * (11 * 2**20) + "';</script>",
    '<img src="data:image/png;base64,' + "A" * (11 * 2**20) + '">',
    "<!-- " + "注释" * (6 * 2**20) + " -->",
], ids=["script-11MB", "data-image-11MB", "comment-12MB"])
def test_html_element_over_10_mb_keeps_the_text_after_it(middle):
    assert extract("html", page(middle), Path("big.html")) == (BOTH, "html utf-8")


def test_html_nested_300_deep_is_read():
    deep = "<div>" * 300 + "<p>深处的段落。</p>" + "</div>" * 300
    text, _ = extract("html", page(deep), Path("deep.html"))
    assert text == "全年召开常委会会议八次。\n深处的段落。\n听取审议专项工作报告十二项。\n"


def test_html_nested_deeper_than_the_parser_goes_is_an_error(tmp_path):
    f = write(tmp_path / "deeper.html", page("<div>" * 3000 + "<p>深处</p>" + "</div>" * 3000))
    check_error(build(f, store=tmp_path / "s"), "deeper.html", "the HTML parser stopped at line 1 (Excessive depth")


def test_html_deeply_nested_navigation_classes_are_read_in_time():
    # each element whose class says nav once measured its whole subtree: depth × text
    nested = '<div class="nav">' * 2000 + "<p>" + "文" * 2**20 + "</p>" + "</div>" * 2000
    t0 = time.perf_counter()
    text, _ = extract("html", page(nested), Path("nested.html"))
    assert text.count("文") == 2**20 and time.perf_counter() - t0 < 5


def test_html_with_too_many_tags(tmp_path):
    f = write(tmp_path / "tags.html", page("<b></b>" * 260_000))
    check_error(build(f, store=tmp_path / "s"), "tags.html", "the page has 520,008 tags, more than a report page")


# --------------------------------------------------------------------------- docx


def docx_with(document_xml: bytes | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    """The example .docx with word/document.xml replaced and parts added (deflated, as Word does)."""
    src = zipfile.ZipFile(FORMATS / "renda_2023.docx")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            data = document_xml if item.filename == "word/document.xml" and document_xml else src.read(item)
            z.writestr(item.filename, data)
        for name, data in (extra or {}).items():
            with z.open(name, "w", force_zip64=True) as part:
                part.write(data)
    return buf.getvalue()


def body_xml(body: bytes) -> bytes:
    xml = zipfile.ZipFile(FORMATS / "renda_2023.docx").read("word/document.xml")
    head, tail = xml.split(b"<w:body>")
    return head + b"<w:body>" + body + b"<w:sectPr" + tail.split(b"<w:sectPr", 1)[1]


@pytest.mark.parametrize(("megabytes", "problem"), [
    (190, "the .docx unpacks to over 100 MB: not a report"),  # the size in its directory says so
    (40, "the .docx holds over 32 MB or 300,000 tags of XML, more than a report"),  # its XML, read as a stream
])
def test_docx_zip_bomb_is_refused_before_parsing(tmp_path, megabytes, problem):
    para = "<w:p><w:r><w:t>全年召开常委会会议八次，听取审议专项工作报告十二项。</w:t></w:r></w:p>".encode("utf-8")
    bomb = docx_with(body_xml(para * (megabytes * 2**20 // len(para))))
    assert len(bomb) < 1_000_000  # 190 MB of XML in 700 kB
    f = write(tmp_path / "bomb.docx", bomb)
    t0 = time.perf_counter()
    check_error(build(f, store=tmp_path / "s"), "bomb.docx", problem)
    assert time.perf_counter() - t0 < 3


def test_docx_of_empty_paragraphs_is_refused_by_its_tag_count(tmp_path):
    # 2 MB of XML, but 350,000 paragraphs: python-docx would spend most of a minute on them
    f = write(tmp_path / "empty_paragraphs.docx", docx_with(body_xml(b"<w:p/>" * 350_000)))
    t0 = time.perf_counter()
    check_error(build(f, store=tmp_path / "s"), "empty_paragraphs.docx", "300,000 tags of XML")
    assert time.perf_counter() - t0 < 3


def test_docx_whose_directory_understates_a_size(tmp_path):
    xml = body_xml(b"<w:p><w:r><w:t>" + "八次".encode("utf-8") * 2**20 + b"</w:t></w:r></w:p>")
    data = bytearray(docx_with(xml))
    real, small = struct.pack("<I", len(xml)), struct.pack("<I", 50_000)
    assert data.count(real) == 2  # the local header and the central directory
    f = write(tmp_path / "liar.docx", bytes(data.replace(real, small)))
    check_error(build(f, store=tmp_path / "s"), "liar.docx", "not a readable .docx file")


def test_docx_entities_are_not_expanded(tmp_path):
    xml = body_xml(b"<w:p><w:r><w:t>&h;&x;</w:t></w:r></w:p>")
    laughs = b"".join(b'<!ENTITY %c "%s">' % (c, (b"&%c;" % (c - 1)) * 10) for c in b"bcdefgh")
    doctype = b'<!DOCTYPE w:document [<!ENTITY a "lol">' + laughs + b'<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    decl_end = xml.index(b"?>") + 2
    f = write(tmp_path / "laughs.docx", docx_with(xml[:decl_end] + doctype + xml[decl_end:]))
    check_error(build(f, store=tmp_path / "s"), "laughs.docx", "not a readable .docx file")


def test_old_word_or_encrypted_docx(tmp_path):
    f = write(tmp_path / "old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    check_error(build(f, store=tmp_path / "s"), "old.docx", "a Word 97-2003 .doc or a password-protected Word file")


# --------------------------------------------------------------------------- pdf


def encrypted_pdf(algorithm: str, user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(FORMATS / "renda_2023.pdf"))
    # permissions only (print, no copying), as government sites publish
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm=algorithm, permissions_flag=4)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def plain_pdf_text() -> str:
    return read_report(FORMATS / "renda_2023.pdf").source


@pytest.mark.parametrize("algorithm", ["AES-256", "AES-128", "RC4-128"])
def test_encrypted_pdf_with_an_empty_password_is_read(tmp_path, algorithm, plain_pdf_text):
    f = write(tmp_path / "permissions.pdf", encrypted_pdf(algorithm, ""))
    doc = read_report(f)
    assert doc.source == plain_pdf_text and doc.encoding == "pdf 3 pages"


def test_permissions_only_pdf_builds_through_the_cli(tmp_path):
    f = write(tmp_path / "permissions.pdf", encrypted_pdf("AES-256", ""))
    result = build(f, store=tmp_path / "s")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1].startswith("1 reports (1 built, 0 unchanged, 0 removed, 0 failed)")


@pytest.mark.parametrize("algorithm", ["AES-256", "RC4-128"])
def test_encrypted_pdf_with_a_password_is_one_line(tmp_path, algorithm):
    f = write(tmp_path / "locked.pdf", encrypted_pdf(algorithm, "secret"))
    check_error(build(f, store=tmp_path / "s"), "locked.pdf", "encrypted PDF: it needs a password to open")


def pdf_page_drawing(content: bytes, form: bytes | None = None) -> bytes:
    """A one-page PDF whose content stream (deflated) is ``content``; ``form`` is a form
    XObject /X0 the content may draw with ``/X0 Do``."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, StreamObject

    writer = PdfWriter()
    pg = writer.add_blank_page(595, 842)
    font = writer._add_object(DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                                                NameObject("/Subtype"): NameObject("/Type1"),
                                                NameObject("/BaseFont"): NameObject("/Helvetica")}))
    resources = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    if form is not None:
        xobject = StreamObject()
        xobject.set_data(form)
        xobject.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                        NameObject("/BBox"): ArrayObject([FloatObject(v) for v in (0, 0, 595, 842)]),
                        NameObject("/Resources"): resources})
        resources[NameObject("/XObject")] = DictionaryObject({NameObject("/X0"): writer._add_object(xobject)})
    pg[NameObject("/Resources")] = resources
    stream = StreamObject()
    stream.set_data(zlib.compress(content, 9))
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    pg[NameObject("/Contents")] = writer._add_object(stream)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


DRAW = b"BT /F1 12 Tf 10 10 Td (a) Tj ET\n"


def test_pdf_that_inflates_to_megabytes_of_operators(tmp_path):
    data = pdf_page_drawing(DRAW * (40 * 2**20 // len(DRAW)))  # 40 MB of operators in ~100 kB
    assert len(data) < 200_000
    f = write(tmp_path / "inflates.pdf", data)
    t0 = time.perf_counter()
    check_error(build(f, store=tmp_path / "s"), "inflates.pdf", "MB of drawing operators, more than a report")
    assert time.perf_counter() - t0 < 5


def test_pdf_that_draws_one_form_many_times(tmp_path, monkeypatch):
    import etl.formats

    monkeypatch.setattr(etl.formats, "MAX_PDF_OPERATORS", 20_000)  # the real bound takes seconds
    f = write(tmp_path / "forms.pdf", pdf_page_drawing(b"/X0 Do\n" * 1000, form=DRAW * 1000))
    t0 = time.perf_counter()
    with pytest.raises(InputError, match="the PDF draws over 20,000 operators"):
        read_report(f)
    assert time.perf_counter() - t0 < 5
    monkeypatch.setattr(etl.formats, "MAX_PDF_OPERATORS", 1_000_000)
    assert read_report(write(tmp_path / "one_form.pdf", pdf_page_drawing(b"/X0 Do\n", form=DRAW * 3))).source == "aaa\n"


def test_pdf_with_too_many_pages(tmp_path, monkeypatch):
    import etl.formats
    from pypdf import PdfWriter

    monkeypatch.setattr(etl.formats, "MAX_PDF_PAGES", 3)
    writer = PdfWriter()
    for _ in range(4):
        writer.add_blank_page(595, 842)
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(InputError, match="the PDF has 4 pages, more than a report"):
        read_report(write(tmp_path / "pages.pdf", buf.getvalue()))


# --------------------------------------------------------------------------- text


def test_single_line_under_the_byte_bound_but_over_the_character_bound(tmp_path):
    f = write(tmp_path / "line.txt", SENTENCE.strip() * 30_000)  # 3.6 MB, 1.2 M characters, no line break
    t0 = time.perf_counter()
    check_error(build(f, store=tmp_path / "s"), "line.txt", "1,230,000 characters is more than one report holds")
    assert time.perf_counter() - t0 < 10


def test_gb18030_text_just_under_the_byte_bound(tmp_path):
    f = write(tmp_path / "gbk.txt", (SENTENCE * 45_000).encode("gb18030")[:3_900_000])
    check_error(build(f, store=tmp_path / "s"), "gbk.txt", "is more than one report holds")
