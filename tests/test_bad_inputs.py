"""Bad inputs through the CLI: each fails with ONE stderr line naming the file and the
problem, exit 1 (2 for usage), and never a traceback.

``lianghui build`` and ``lianghui extract`` also print their one-line summary (``0 reports
(…)``, ``0 annotation file(s) …``) after the error lines; that line names no file and is
allowed next to the error.
"""

from __future__ import annotations

import ctypes
import io
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from etl.cli import app

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "examples" / "reports"
FORMATS = ROOT / "examples" / "formats"
runner = CliRunner()
SUMMARY = re.compile(r"^\d+ reports \(|^\d+ annotation file\(s\) written")
SENTENCE = "区人大常委会全年召开常委会会议八次，听取审议专项工作报告十二项，开展执法检查四次。\n"


def build(*paths, store: Path, args: tuple[str, ...] = (), env: dict | None = None):
    return runner.invoke(app, ["build", *map(str, paths), "--store", str(store), "--workers", "1", *args], env=env)


def check_error(result, name: str, problem: str, code: int = 1) -> str:
    """Exit ``code``, no traceback, and exactly one stderr line (besides a summary) that
    names ``name`` and says ``problem``; returns that line."""
    out = result.stdout + result.stderr
    assert "Traceback" not in out, out
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == code, out
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    errors = [line for line in lines if not SUMMARY.match(line)]
    assert len(errors) == 1, lines
    assert name in errors[0] and problem in errors[0], errors[0]
    return errors[0]


def write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


# --------------------------------------------------------------------------- plain text


def test_empty_file(tmp_path):
    f = write(tmp_path / "empty.txt", b"")
    check_error(build(f, store=tmp_path / "s"), "empty.txt", "file is empty")


def test_whitespace_only_file(tmp_path):
    f = write(tmp_path / "blank.txt", "\n  \u3000\u3000\n\t\n")
    check_error(build(f, store=tmp_path / "s"), "blank.txt", "no text found")


def test_binary_file_with_nul_bytes(tmp_path):
    f = write(tmp_path / "picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    check_error(build(f, store=tmp_path / "s"), "picture.txt", "binary file")


def test_binary_file_of_control_characters(tmp_path):
    f = write(tmp_path / "terminal.txt", b"\x1b[31m\x07\x08\x1b[0m" * 200)
    check_error(build(f, store=tmp_path / "s"), "terminal.txt", "binary file")


def test_truncated_utf8(tmp_path):
    data = (SENTENCE * 5).encode("utf-8")
    f = write(tmp_path / "cut.txt", data[:-2])  # inside the last character (。 is 3 bytes)
    check_error(build(f, store=tmp_path / "s"), "cut.txt", "truncated UTF-8 text")


def test_invalid_byte_inside_utf8(tmp_path):
    data = bytearray((SENTENCE * 5).encode("utf-8"))
    data[40] = 0xFF  # the second byte of the 14th character
    f = write(tmp_path / "damaged.txt", bytes(data))
    check_error(build(f, store=tmp_path / "s"), "damaged.txt",
                "invalid UTF-8 text at byte 39 (invalid continuation byte: e4 ff")


def test_truncated_gb18030(tmp_path):
    data = (SENTENCE * 5).encode("gb18030").rstrip(b"\n")
    f = write(tmp_path / "gbk_cut.txt", data[:-1])  # the lead byte of 。 alone at the end
    check_error(build(f, store=tmp_path / "s"), "gbk_cut.txt", "truncated GB18030 text")


def test_truncated_utf16(tmp_path):
    data = ("\ufeff" + SENTENCE * 3).encode("utf-16-le")
    f = write(tmp_path / "u16_cut.txt", data[:-1])
    check_error(build(f, store=tmp_path / "s"), "u16_cut.txt", "truncated UTF-16 text")


def test_text_in_no_chinese_encoding(tmp_path):
    f = write(tmp_path / "latin1.txt", "Rapport annuel du comité, adopté à l'unanimité.\n".encode("latin-1"))
    check_error(build(f, store=tmp_path / "s"), "latin1.txt", "not text in any encoding Chinese reports use")


def test_ten_megabyte_single_line_fails_fast(tmp_path):
    line = SENTENCE.strip().encode("utf-8")
    f = write(tmp_path / "huge.txt", line * (10 * 2**20 // len(line) + 1))
    t0 = time.perf_counter()
    result = build(f, store=tmp_path / "s")
    seconds = time.perf_counter() - t0
    check_error(result, "huge.txt", "more than one report holds")
    assert seconds < 20, f"took {seconds:.1f} s"


def test_text_over_the_character_limit(tmp_path, monkeypatch):
    import etl.ingest

    monkeypatch.setattr(etl.ingest, "MAX_CHARS", 1500)
    f = write(tmp_path / "long.txt", SENTENCE * 40)  # 1,680 characters in 5 kB: under 4 bytes a character
    check_error(build(f, store=tmp_path / "s"), "long.txt", "1,680 characters is more than one report holds")


# --------------------------------------------------------------------------- files that are not files


def _drop_read_override() -> None:
    """In the child: drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the bounding set, so
    that root obeys file permissions after exec (prctl PR_CAPBSET_DROP)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):
        if libc.prctl(24, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_unreadable_file(tmp_path):
    """chmod 000. Tests run as root, who reads any file: then the CLI runs in a subprocess
    that drops the two capabilities that let root ignore permissions, which is exactly a
    user without read access."""
    f = write(tmp_path / "secret.txt", SENTENCE)
    f.chmod(0)
    cmd = [sys.executable, "-m", "etl.cli", "build", str(f), "--store", str(tmp_path / "s"), "--workers", "1"]
    preexec = _drop_read_override if os.geteuid() == 0 else None
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, preexec_fn=preexec, timeout=60, cwd=ROOT)
    except subprocess.SubprocessError as e:
        pytest.skip(f"cannot drop root's permission override here ({e})")
    finally:
        f.chmod(0o644)
    if os.geteuid() == 0 and "prctl" in proc.stderr:
        pytest.skip("cannot drop root's permission override here (prctl refused)")
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 1, proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.strip() and not SUMMARY.match(line)]
    assert len(errors) == 1 and "secret.txt" in errors[0] and "Permission denied" in errors[0], errors


def test_named_pipe_does_not_block(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # opening it to read would wait for a writer forever
    check_error(build(fifo, store=tmp_path / "s"), "pipe.txt", "not a regular file")


def test_symlink_loop(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(tmp_path / "loop.txt")
    check_error(build(loop, store=tmp_path / "s"), "loop.txt", "Too many levels of symbolic links")


def test_broken_symlink(tmp_path):
    link = tmp_path / "moved.txt"
    link.symlink_to(tmp_path / "gone" / "report.txt")
    check_error(build(link, store=tmp_path / "s"), "moved.txt", "broken symbolic link")


def test_missing_file(tmp_path):
    check_error(build(tmp_path / "nowhere.txt", store=tmp_path / "s"), "nowhere.txt", "no such file or folder")


def test_unknown_file_type(tmp_path):
    f = write(tmp_path / "table.xlsx", b"PK\x03\x04 not really")
    check_error(build(f, store=tmp_path / "s"), "table.xlsx", "unsupported file type '.xlsx'")


def test_file_without_suffix(tmp_path):
    f = write(tmp_path / "REPORT", SENTENCE)
    check_error(build(f, store=tmp_path / "s"), "REPORT", "unsupported file type '(none)'")


# --------------------------------------------------------------------------- html, docx, pdf


def test_html_with_only_navigation_and_scripts(tmp_path):
    page = "<html><head><script>var a='人大';</script></head><body><nav>首页 新闻</nav></body></html>"
    f = write(tmp_path / "chrome.html", page)
    check_error(build(f, store=tmp_path / "s"), "chrome.html", "no text found")


def test_truncated_docx(tmp_path):
    data = (FORMATS / "renda_2023.docx").read_bytes()
    f = write(tmp_path / "cut.docx", data[: len(data) // 2])
    check_error(build(f, store=tmp_path / "s"), "cut.docx", "not a readable .docx file")


def test_text_file_named_docx(tmp_path):
    f = write(tmp_path / "renamed.docx", SENTENCE)
    check_error(build(f, store=tmp_path / "s"), "renamed.docx", "not a readable .docx file (not a zip archive")


def test_zip_that_is_not_a_word_file(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("content.xml", "<office:document/>")
    f = write(tmp_path / "odt.docx", buf.getvalue())
    check_error(build(f, store=tmp_path / "s"), "odt.docx", "not a Word .docx file")


def test_docx_with_damaged_xml(tmp_path):
    src = zipfile.ZipFile(FORMATS / "renda_2023.docx")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for item in src.infolist():
            data = src.read(item)
            z.writestr(item, data[: len(data) // 2] if item.filename == "word/document.xml" else data)
    f = write(tmp_path / "badxml.docx", buf.getvalue())
    check_error(build(f, store=tmp_path / "s"), "badxml.docx", "not a readable .docx file")


def test_truncated_pdf(tmp_path):
    data = (FORMATS / "renda_2023.pdf").read_bytes()
    f = write(tmp_path / "cut.pdf", data[: len(data) // 2])
    check_error(build(f, store=tmp_path / "s"), "cut.pdf", "not a readable PDF")


def test_text_file_named_pdf(tmp_path):
    f = write(tmp_path / "fake.pdf", SENTENCE)
    check_error(build(f, store=tmp_path / "s"), "fake.pdf", "not a PDF file (no %PDF- header)")


def test_pdf_without_text_layer(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buf = io.BytesIO()
    writer.write(buf)
    f = write(tmp_path / "scan.pdf", buf.getvalue())
    check_error(build(f, store=tmp_path / "s"), "scan.pdf", "no text layer")


def test_encrypted_pdf(tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(FORMATS / "renda_2023.pdf"))
    try:
        writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    except Exception as e:  # pypdf without a crypto provider
        pytest.skip(f"pypdf cannot encrypt here: {e}")
    buf = io.BytesIO()
    writer.write(buf)
    f = write(tmp_path / "locked.pdf", buf.getvalue())
    check_error(build(f, store=tmp_path / "s"), "locked.pdf", "encrypted PDF")


# --------------------------------------------------------------------------- a folder of good and bad


def test_folder_of_good_and_bad_files(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    write(folder / "renda_2023.txt", (REPORTS / "renda_2023.txt").read_bytes())
    write(folder / "zhengxie_2023.txt", (REPORTS / "zhengxie_2023.txt").read_bytes())
    write(folder / "empty.txt", b"")
    write(folder / "binary.txt", bytes(range(256)) * 4)
    write(folder / "cut.pdf", (FORMATS / "renda_2023.pdf").read_bytes()[:2000])
    write(folder / "~$renda_2023.docx", b"\x06owner\x00")  # Word's lock file: not a report, skipped
    write(folder / "notes.md", "# not a report\n")  # not a report type: skipped in a folder
    store = tmp_path / "s"
    result = build(folder, store=store)
    assert "Traceback" not in result.output and result.exit_code == 1, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("error[")]
    named = sorted(Path(re.match(r"error\[\w+\]: (\S+?): ", line).group(1)).name for line in errors)
    assert named == ["binary.txt", "cut.pdf", "empty.txt"], errors
    assert lines[-1].startswith("2 reports (2 built, 0 unchanged, 0 removed, 3 failed)"), lines[-1]
    stats = runner.invoke(app, ["stats", "--store", str(store), "--format", "json"])
    assert stats.exit_code == 0 and '"reports": 2' in stats.stdout


# --------------------------------------------------------------------------- schema, templates, store, usage


def test_broken_lexicon_yaml(tmp_path):
    bad = write(tmp_path / "lexicon.yaml", "version: 3\nbodies:\n  人大常委会: [standing_committee\n  法院: x\n")
    line = check_error(build(REPORTS / "renda_2023.txt", store=tmp_path / "s", args=("--lexicon", str(bad))),
                       "lexicon.yaml", "lexicon is not valid YAML at line")
    assert "error[LH200]" in line


def test_lexicon_with_wrong_sections(tmp_path):
    bad = write(tmp_path / "lexicon.yaml", "version: 3\nbodies: [a, b]\n")
    check_error(build(REPORTS / "renda_2023.txt", store=tmp_path / "s", args=("--lexicon", str(bad))),
                "lexicon.yaml", "lexicon section")


def test_lexicon_that_is_binary(tmp_path):
    bad = write(tmp_path / "lexicon.yaml", b"\xff\xfe\x00\x01binary\n\x00\x00")
    check_error(build(REPORTS / "renda_2023.txt", store=tmp_path / "s", args=("--lexicon", str(bad))),
                "lexicon.yaml", "lexicon is not valid YAML")


def test_missing_lexicon(tmp_path):
    check_error(build(REPORTS / "renda_2023.txt", store=tmp_path / "s", args=("--lexicon", str(tmp_path / "no.yaml"))),
                "no.yaml", "cannot read the lexicon")


def test_template_with_a_bad_header(tmp_path):
    pytest.importorskip("etl.queries")
    folder = tmp_path / "queries"
    folder.mkdir()
    write(folder / "good.rq", "#+ summary: Every report\n#+ returns: [report]\nSELECT ?report WHERE { ?report a ?c }\n")
    write(folder / "broken.rq",
          "#+ summary: Broken\n#+ params: [name: body\n#+ returns: [x]\nSELECT ?x WHERE { ?x ?p ?o }\n")
    result = runner.invoke(app, ["query", "list"], env={"LIANGHUI_QUERIES": str(folder)})
    line = check_error(result, "broken.rq:", "error[LH300]")
    assert re.search(r"broken\.rq:\d+", line), line


def test_unknown_extract_format(tmp_path):
    result = runner.invoke(app, ["extract", str(REPORTS / "renda_2023.txt"), "--out", str(tmp_path), "--format", "xml"])
    check_error(result, "extract", "'xml' is not one of 'json', 'yaml'", code=2)


def test_unknown_export_format(tmp_path):
    if "export" not in {c.name or c.callback.__name__ for c in app.registered_commands}:
        pytest.skip("no export command yet")
    result = runner.invoke(app, ["export", "--format", "docx", "--out", str(tmp_path / "x.docx"),
                                 "--store", str(tmp_path / "s")])
    check_error(result, "export", "'docx' is not one of 'ttl'", code=2)


def test_missing_store(tmp_path):
    result = runner.invoke(app, ["stats", "--store", str(tmp_path / "nothing")])
    check_error(result, "nothing", "no graph has been built here yet")


def test_corrupted_store(tmp_path):
    store = tmp_path / "s"
    (store / "gen-000001").mkdir(parents=True)
    write(store / "gen-000001" / "CURRENT", b"garbage\n")
    write(store / "CURRENT", "gen-000001\n")
    check_error(runner.invoke(app, ["stats", "--store", str(store)]), str(store), "cannot open the store")


def test_store_that_is_a_file(tmp_path):
    store = write(tmp_path / "store", "not a folder\n")
    check_error(build(REPORTS / "renda_2023.txt", store=store), "store", "Not a directory")


def test_unknown_store_url(tmp_path):
    check_error(runner.invoke(app, ["stats", "--store", "ftp://example.invalid/store"]),
                "ftp://example.invalid/store", "unknown store URL")


@pytest.mark.parametrize(
    ("args", "command", "problem"),
    [
        (["build"], "build", "Missing argument"),
        (["export", "--format", "ttl"], "export", "Missing option '--out'"),
        (["export", "-f", "html", "-o", "x.html", "--entity", "x", "--hops", "99"], "export", "--hops"),
        (["query", "run", "reports", "--format", "xml"], "query run", "'xml' is not one of 'table', 'csv', 'json'"),
        (["stats", "--no-such-option"], "stats", "No such option"),
    ],
)
def test_usage_errors_are_one_line(args, command, problem):
    check_error(runner.invoke(app, args), command, problem, code=2)


def test_export_format_choices_are_the_writers():
    from etl.cli import ExportFormat
    from etl.export import FORMATS

    assert [f.value for f in ExportFormat] == list(FORMATS)
