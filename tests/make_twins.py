"""Write the format twins of an example report: the same report as .html, .docx, .pdf, and as
GB18030 and Big5 (traditional characters) text.

    python tests/make_twins.py            # examples/reports/renda_2023.txt → examples/formats/

tests/test_formats.py builds each twin and checks it yields the same entities as the .txt.
The .docx needs python-docx (a dependency); the .pdf needs reportlab (``pip install
reportlab``), whose CID font STSong-Light draws Chinese without a font file.
"""

from __future__ import annotations

import html
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "examples" / "reports" / "renda_2023.txt"
OUT = ROOT / "examples" / "formats"


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def wrap_cjk(line: str, width: int) -> list[str]:
    """Cut a line into pieces of about ``width`` characters, only between two wide
    characters (a cut there leaves no space behind when the pieces are joined again)."""
    pieces, start = [], 0
    while len(line) - start > width:
        cut = start + width
        while cut > start + width // 2 and not (_wide(line[cut - 1]) and _wide(line[cut])):
            cut -= 1
        if cut == start + width // 2:
            cut = start + width
        pieces.append(line[start:cut])
        start = cut
    pieces.append(line[start:])
    return pieces


def report_lines(path: Path = SOURCE) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def to_html(lines: list[str]) -> str:
    """A web page as government sites publish reports: navigation, scripts and styles around
    an article whose long paragraphs are hard-wrapped in the markup."""
    title, rest = lines[0], lines[1:]
    body = [f"      <h1>{html.escape(title)}</h1>"]
    for i, line in enumerate(rest):
        text = html.escape(line, quote=False).replace("“", "&ldquo;").replace("”", "&rdquo;")
        if i < 2:
            body.append(f'      <p class="byline">{text}</p>')
        elif len(line) > 60:
            wrapped = "\n        ".join(wrap_cjk(text, 40))
            body.append(f"      <p>\n        {wrapped}\n      </p>")
        else:
            body.append(f"      <p>{text}</p>")
    article = "\n".join(body)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <title>{html.escape(title)} - 区人大常委会门户网站</title>
  <style>
    body {{ font-family: "Microsoft YaHei", sans-serif; }}
    .nav li::after {{ content: "首页 人大概况 代表工作"; }}
  </style>
  <script>var siteName = "区人大常委会门户网站"; console.log("人大常委会");</script>
</head>
<body>
  <header class="site-header"><a href="/">首页</a> 区人大常委会门户网站</header>
  <nav class="nav">
    <ul><li><a href="/">首页</a></li><li><a href="/rdgk">人大概况</a></li><li><a href="/dbgz">代表工作</a></li></ul>
  </nav>
  <div class="breadcrumb">当前位置：首页 &gt; 工作报告</div>
  <main>
    <article>
{article}
    </article>
    <!-- 以下为相关链接，不属于正文 -->
    <div class="share">分享到：微信 微博</div>
  </main>
  <footer>主办：区人大常委会办公室 版权所有</footer>
  <script>document.querySelectorAll("p").forEach(function (p) {{ p.title = "人大"; }});</script>
</body>
</html>
"""


def to_docx(lines: list[str], out: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading(lines[0], level=1)
    for line in lines[1:]:
        document.add_paragraph(line)
    # a running header and footer: not part of the report's text
    section = document.sections[0]
    section.header.paragraphs[0].text = "区人大常委会办公室印发"
    section.footer.paragraphs[0].text = "第 1 页"
    document.core_properties.title = lines[0]
    document.save(str(out))


def to_pdf(lines: list[str], out: Path, columns: int = 34) -> None:
    """A4 pages of hard-wrapped lines, as a word processor prints them."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(out), pagesize=A4, invariant=1)
    c.setTitle(lines[0])
    size, top, bottom = 14, A4[1] - 60, 60
    y = top
    c.setFont("STSong-Light", size)
    for line in lines:
        for piece in wrap_cjk(line, columns):
            if y < bottom:
                c.showPage()
                c.setFont("STSong-Light", size)
                y = top
            c.drawString(50, y, piece)
            y -= size * 1.6
    c.showPage()
    c.save()


def to_gb18030(lines: list[str]) -> bytes:
    """GB18030 with Windows line ends, as Notepad on a Chinese Windows saves it."""
    return ("\r\n".join(lines) + "\r\n").encode("gb18030")


def to_big5(lines: list[str]) -> bytes:
    """Traditional characters in Big5, as a Taiwan or Hong Kong office would save it."""
    import opencc

    traditional = opencc.OpenCC("s2tw").convert("\n".join(lines) + "\n")
    return traditional.encode("big5")


def write_twins(source: Path = SOURCE, out: Path = OUT, pdf: bool = True) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    lines = report_lines(source)
    stem = source.stem
    written = [out / f"{stem}.html", out / f"{stem}.docx", out / f"{stem}.gb18030.txt", out / f"{stem}.big5.txt"]
    written[0].write_text(to_html(lines), encoding="utf-8")
    to_docx(lines, written[1])
    written[2].write_bytes(to_gb18030(lines))
    written[3].write_bytes(to_big5(lines))
    if pdf:
        written.append(out / f"{stem}.pdf")
        to_pdf(lines, written[-1])
    return written


if __name__ == "__main__":
    for p in write_twins(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE):
        print(p.relative_to(ROOT), p.stat().st_size, "bytes")
