"""Readers for report files that are not plain text: .html, .docx and .pdf.

``extract(fmt, data, path)`` returns ``(text, note)``: the report's main text, one block
(paragraph, heading, list item, table row, PDF line) per line, and a short note on what was
read (``html utf-8``, ``docx``, ``pdf 3 pages``). For these formats the *source* that
evidence offsets point into is this extracted text, not the file's bytes: re-reading the
same bytes gives the same text, so an offset pair always cuts the same quote.

- html (lxml): the main text only. Scripts, styles, forms, comments and navigation
  (``<nav>``, ``role=navigation``, the page's ``<header>``/``<footer>``, small elements whose
  class or id says nav, menu, breadcrumb, footer, sidebar, share …) are dropped; ``<main>``
  or the longest ``<article>`` is read when it holds a third of the page or more. The
  charset comes from a BOM, then a ``<meta>`` charset that decodes as Chinese, then
  detection as for .txt. A line break inside a paragraph of the HTML source between two
  Chinese characters is dropped (a browser shows a space there, which Chinese does not have).
- docx (python-docx): body paragraphs and table rows in document order; headers, footers and
  comments are left out. A zip bomb is refused from the zip directory and a streamed count of
  its XML before python-docx parses anything.
- pdf (pypdf): the text layer, page by page. A scanned PDF has none: the error says so. A PDF
  encrypted with an empty user password (permissions only) is read; one that needs a password
  is refused. Pages, content bytes and drawing operators are bounded.
- html is parsed with ``huge_tree`` (a 10 MB inline element or deep nesting would otherwise end
  the parse silently); a parse that still stops early is an error, not a shorter text.

A file that the library cannot read becomes an ``InputError`` naming the file.

Long: the three readers and their bounds sit side by side so that the limits read as one table.
"""

from __future__ import annotations

import codecs
import io
import logging
import re
import unicodedata
import warnings
import zipfile
import zlib
from pathlib import Path

from .decoding import MIN_COMMON_SHARE, common_share, decode_text
from .errors import InputError

# pypdf reports recoverable damage through logging and warnings; without this, Python's
# last-resort handler would print them to stderr next to our one-line error.
logging.getLogger("pypdf").addHandler(logging.NullHandler())

# A .docx over these is a zip bomb, not a report. Pictures make a report's .docx large, its
# XML is a few MB; python-docx spends ~15 µs on each tag of the body, so the tags are counted
# (streaming, before python-docx parses anything) to bound the time as well as the memory.
MAX_UNZIPPED = 100 * 1024 * 1024
MAX_DOCX_XML = 32 * 1024 * 1024
MAX_DOCX_TAGS = 300_000
MAX_DOCX_PARTS = 10_000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word's older container, also for encrypted .docx
# A long report's PDF has a few hundred pages, a few MB of drawing operators, one per few characters.
MAX_PDF_PAGES = 5_000
MAX_PDF_CONTENT = 16 * 1024 * 1024
MAX_PDF_OPERATORS = 500_000
# A report page has a few thousand tags; each costs the readers microseconds and memory.
MAX_HTML_TAGS = 500_000


def extract(fmt: str, data: bytes, path: str | Path) -> tuple[str, str]:
    """The text of a non-plain-text report (see the module docstring) and a note."""
    readers = {"html": read_html, "docx": read_docx, "pdf": read_pdf}
    if fmt not in readers:
        raise InputError(f"no reader for format '{fmt}'", path=path)
    return readers[fmt](data, Path(path))


# --------------------------------------------------------------------------- html

DROP_TAGS = {
    "script", "style", "noscript", "template", "nav", "form", "iframe", "svg", "canvas", "button",
    "select", "textarea", "object", "embed", "head", "menu", "aside", "dialog",
}
PAGE_CHROME = {"header", "footer"}  # dropped unless inside the article itself
BLOCK_TAGS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr",
    "section", "article", "main", "blockquote", "pre", "hr", "figure", "figcaption", "center",
    "address", "caption", "thead", "tbody", "tfoot", "body", "html", "header", "footer", "title",
}
CELL_TAGS = {"td", "th"}
_CHROME_WORDS = re.compile(
    r"(^|[-_\s])(nav|navbar|navigation|menu|breadcrumbs?|crumbs?|footer|sidebar|share|toolbar|"
    r"pagination|pager|copyright|skip)([-_\s]|$)",
    re.I,
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_SPACES = re.compile(r"[ \t\r\n\f]+")
BREAK = "\x00"  # a line break inside HTML text, decided when lines are assembled
BLOCK = "\x01"


def html_encoding(data: bytes, path: Path) -> tuple[str, str]:
    """Decode an HTML file: BOM, then a declared charset that fits, then detection."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data, path)
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        try:
            name = codecs.lookup(name).name
        except LookupError:
            name = ""
        name = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "cp950"}.get(name, name)
        try:
            text = data.decode(name) if name else None
        except UnicodeDecodeError:
            text = None
        # pages do lie about their charset: keep the declared one only if it reads as Chinese
        if text is not None and (text.isascii() or common_share(text) >= MIN_COMMON_SHARE):
            return text, name
    return decode_text(data, path)


def read_html(data: bytes, path: Path) -> tuple[str, str]:
    import lxml.html
    from lxml import etree

    markup, encoding = html_encoding(data, path)
    markup = _XML_DECL.sub("", markup, count=1)
    tags = markup.count("<")
    if tags > MAX_HTML_TAGS:
        raise InputError(f"the page has {tags:,} tags, more than a report page (limit {MAX_HTML_TAGS:,})", path=path)
    # huge_tree: an inline script or data: image over 10 MB, or nesting deeper than 256, would
    # otherwise end the parse there and drop the rest silently; the file size bounds the input
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        root = lxml.html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise InputError(f"not a readable HTML page ({e})", path=path) from None
    stop = next((e for e in parser.error_log if e.level >= etree.ErrorLevels.FATAL), None)
    if stop is not None:  # libxml2 keeps what it read before: the text after would be lost
        why = stop.message.split(", use XML_PARSE_HUGE")[0].strip()  # libxml2's advice is for programmers
        raise InputError(f"the HTML parser stopped at line {stop.line} ({why}): the text after it would be lost",
                         path=path)
    _drop_chrome(root)
    main = _main_element(root)
    return html_text(main), f"html {encoding}"


def _text_lengths(root) -> dict:
    """``len(el.text_content())`` of every element, in one pass from the leaves up (asking
    each element would read a deeply nested page once per level)."""
    lengths: dict = {}
    for el in reversed(list(root.iter())):
        n = len(el.text or "") if isinstance(el.tag, str) else 0  # a comment's text is not text
        for child in el:
            n += lengths[child] + len(child.tail or "")
        lengths[el] = n
    return lengths


def _drop_chrome(root) -> None:
    lengths = _text_lengths(root)
    total = lengths[root]
    doomed = []
    for el in root.iter():
        if not isinstance(el.tag, str):  # comments and processing instructions
            doomed.append(el)
            continue
        tag = el.tag.lower()
        hint = f"{el.get('class', '')} {el.get('id', '')}"
        if (
            tag in DROP_TAGS
            or (tag in PAGE_CHROME and not any(a.tag == "article" for a in el.iterancestors()))
            or el.get("role") in ("navigation", "banner", "contentinfo", "search")
            or el.get("hidden") is not None
            # a class name is only a hint: an element holding most of the page is the text
            or (tag != "body" and _CHROME_WORDS.search(hint) and lengths[el] < 0.3 * total)
        ):
            doomed.append(el)
    for el in doomed:  # one inside another already removed is removed from a detached tree
        if el.getparent() is not None:
            _remove_keep_tail(el)


def _remove_keep_tail(el) -> None:
    parent = el.getparent()
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _main_element(root):
    """``<main>`` (or role=main), else the longest ``<article>``, else ``<body>``; a main or
    article holding under a third of the page's text is a teaser, and the body is read."""
    body = root.find("body")
    body = body if body is not None else root
    lengths = _text_lengths(root)
    total = lengths[body]
    for xpath in ("//main | //*[@role='main']", "//article"):
        found = root.xpath(xpath)
        if found:
            best = max(found, key=lambda el: lengths[el])
            if lengths[best] >= total / 3:
                return best
    return body


def html_text(el) -> str:
    """Text of an element tree, one block per line, whitespace collapsed as a browser does."""
    from lxml import etree

    parts: list[str] = []
    pre = 0
    for event, node in etree.iterwalk(el, events=("start", "end")):
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if event == "start":
            if tag in BLOCK_TAGS or tag == "br":
                parts.append(BLOCK)
            if tag == "pre":
                pre += 1
            if node.text:
                parts.append(_inline(node.text, pre))
        else:
            if tag == "pre":
                pre -= 1
            if tag in BLOCK_TAGS:
                parts.append(BLOCK)
            elif tag in CELL_TAGS:
                parts.append(" ")
            if node.tail and node is not el:
                parts.append(_inline(node.tail, pre))
    lines = []
    for raw in "".join(parts).split(BLOCK):
        line = _join_breaks(raw)
        line = re.sub(r" {2,}", " ", line).strip(" ")
        if line:
            lines.append(line)
    return "\n".join(lines) + "\n" if lines else ""


def _inline(text: str, pre: int) -> str:
    if pre:
        return text.replace("\r\n", "\n").replace("\n", BLOCK)
    return _SPACES.sub(lambda m: BREAK if "\n" in m.group() else " ", text)


def _join_breaks(line: str) -> str:
    """A source line break between two wide (CJK) characters vanishes, else it is a space."""
    out = []
    for i, ch in enumerate(line):
        if ch != BREAK:
            out.append(ch)
            continue
        before = line[i - 1] if i else ""
        after = line[i + 1] if i + 1 < len(line) else ""
        out.append("" if _wide(before) and _wide(after) else " ")
    return "".join(out)


def _wide(ch: str) -> bool:
    return bool(ch) and unicodedata.east_asian_width(ch) in "WF"


# --------------------------------------------------------------------------- docx


def read_docx(data: bytes, path: Path) -> tuple[str, str]:
    if data.startswith(OLE_MAGIC):
        raise InputError("a Word 97-2003 .doc or a password-protected Word file, not a .docx: save it as .docx "
                         "without a password", path=path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if "word/document.xml" not in z.namelist():
                raise InputError("not a Word .docx file (no word/document.xml inside)", path=path)
            _check_docx_size(z, path)
    except zipfile.BadZipFile:
        raise InputError("not a readable .docx file (not a zip archive, or cut short)", path=path) from None
    except (zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as e:  # damaged, encrypted
        raise InputError(f"not a readable .docx file ({type(e).__name__}: {_first_line(e)})", path=path) from None
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
        lines = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(_table_rows(block))
            else:
                lines.extend(block.text.split("\n"))
    except InputError:
        raise
    except Exception as e:  # python-docx and lxml raise many kinds on a damaged file
        raise InputError(f"not a readable .docx file ({type(e).__name__}: {_first_line(e)})", path=path) from None
    text = "\n".join(line.strip() for line in lines if line.strip())
    return (text + "\n" if text else ""), "docx"


def _check_docx_size(z: zipfile.ZipFile, path: Path) -> None:
    """Refuse a zip bomb from its directory, then by streaming its XML parts (a part is read
    no further than the size its directory entry declares, so the directory bounds the work)."""
    infos = z.infolist()
    if len(infos) > MAX_DOCX_PARTS:
        raise InputError(f"the .docx holds {len(infos):,} parts, over {MAX_DOCX_PARTS:,}: not a report", path=path)
    if sum(i.file_size for i in infos) > MAX_UNZIPPED:
        raise InputError(f"the .docx unpacks to over {MAX_UNZIPPED // 2**20} MB: not a report", path=path)
    size = tags = 0
    for info in infos:
        if info.is_dir():
            continue
        with z.open(info) as part:
            chunk = part.read(1 << 16)
            if not chunk[:64].replace(b"\x00", b"").lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n").startswith(b"<"):
                continue  # a picture or other binary part: python-docx does not parse it
            while chunk:
                size, tags = size + len(chunk), tags + chunk.count(b"<")
                if size > MAX_DOCX_XML or tags > MAX_DOCX_TAGS:
                    raise InputError(f"the .docx holds over {MAX_DOCX_XML // 2**20} MB or {MAX_DOCX_TAGS:,} tags of "
                                     "XML, more than a report: not a report (a zip bomb?)", path=path)
                chunk = part.read(1 << 20)


def _table_rows(table) -> list[str]:
    rows = []
    for row in table.rows:
        seen, cells = set(), []
        for cell in row.cells:  # a merged cell is listed once per grid column it spans
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
        rows.append("\t".join(c for c in cells if c))
    return rows


# --------------------------------------------------------------------------- pdf


def read_pdf(data: bytes, path: Path) -> tuple[str, str]:
    from pypdf import PdfReader

    if b"%PDF-" not in data[:1024]:
        raise InputError("not a PDF file (no %PDF- header)", path=path)

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                _decrypt(reader, path)
            pages = _page_texts(reader, path)
    except InputError:
        raise
    except Exception as e:  # pypdf raises many kinds on a damaged file
        raise InputError(f"not a readable PDF ({type(e).__name__}: {_first_line(e)})", path=path) from None
    if not any(p.strip() for p in pages):
        raise InputError(f"the PDF has no text layer ({len(pages)} page(s)): a scan? run OCR first", path=path)
    text = "\n".join(p.rstrip("\n") for p in pages if p.strip())
    return text + "\n", f"pdf {len(pages)} pages"


def _decrypt(reader, path: Path) -> None:
    """Open an encrypted PDF with the empty user password (a permissions-only PDF, as many
    government sites publish); one that needs a real password is refused."""
    try:
        opened = reader.decrypt("")
    except Exception as e:  # an algorithm pypdf cannot run here (AES needs cryptography)
        raise InputError(f"encrypted PDF that cannot be opened here ({type(e).__name__}: {_first_line(e)}): "
                         "save a copy without a password", path=path) from None
    if not opened:
        raise InputError("encrypted PDF: it needs a password to open; save a copy without one", path=path)


def _page_texts(reader, path: Path) -> list[str]:
    """The text of each page, within bounds on pages, content and operators: a small PDF can
    inflate to 75 MB of drawing operators per stream (pypdf spends ~14 µs on each)."""
    pages = reader.pages
    if len(pages) > MAX_PDF_PAGES:
        raise InputError(f"the PDF has {len(pages):,} pages, more than a report (limit {MAX_PDF_PAGES:,})", path=path)
    size = 0
    for page in pages:
        size += _content_size(page)
        if size > MAX_PDF_CONTENT:
            raise InputError(f"the PDF's pages hold over {MAX_PDF_CONTENT // 2**20} MB of drawing operators, "
                             "more than a report: not a report", path=path)
    operators = 0

    def count(*_) -> None:
        nonlocal operators
        operators += 1
        if operators > MAX_PDF_OPERATORS:
            raise InputError(f"the PDF draws over {MAX_PDF_OPERATORS:,} operators (forms repeated?), more than "
                             "a report: not a report", path=path)

    return [page.extract_text(visitor_operand_before=count) or "" for page in pages]


def _content_size(page) -> int:
    """Bytes of a page's decoded content streams (pictures and forms not counted)."""
    contents = page.get("/Contents")
    if contents is None:
        return 0
    contents = contents.get_object()
    streams = contents if isinstance(contents, list) else [contents]
    return sum(len(s.get_object().get_data()) for s in streams)


def _first_line(e: Exception) -> str:
    lines = str(e).strip().splitlines()
    return lines[0][:200] if lines else "no details"
