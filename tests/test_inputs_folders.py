"""What a folder walk takes: links that leave the folder are skipped unless --follow-links,
file names that are not UTF-8 or hold control characters, and folders with no report in
them. Every input is made here."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_bad_inputs import REPORTS, SENTENCE, build, check_error, runner, write  # tests/ is on sys.path

from etl.cli import app
from etl.errors import InputError
from etl.ingest import find_reports, read_report


def names(paths: list[Path], root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in paths]


def stderr_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder of reports with a link to a file outside it (``passwd.txt -> ../private/…``)."""
    (tmp_path / "private").mkdir()
    secret = write(tmp_path / "private" / "secret.txt", SENTENCE)
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    write(folder / "a.txt", SENTENCE)
    (folder / "passwd.txt").symlink_to(secret)
    (folder / "sub" / "up.txt").symlink_to(Path("..") / "a.txt")  # inside the folder: fine
    return folder


# --------------------------------------------------------------------------- links


def test_link_leaving_the_folder_is_skipped_with_a_warning(outside, capsys):
    assert names(find_reports([outside]), outside) == ["a.txt", "sub/up.txt"]
    warnings = capsys.readouterr().err.splitlines()
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(f"warning: {outside / 'passwd.txt'}: skipped: a symbolic link to ")
    assert "secret.txt, outside" in warnings[0] and "--follow-links" in warnings[0]


def test_link_leaving_the_folder_is_read_when_allowed(outside, capsys):
    assert names(find_reports([outside], follow_links=True), outside) == ["a.txt", "passwd.txt", "sub/up.txt"]
    assert capsys.readouterr().err == ""


def test_link_to_etc_passwd_is_not_a_report(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder / "a.txt", SENTENCE)
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    assert names(find_reports([folder]), folder) == ["a.txt"]
    assert "passwd.txt: skipped: a symbolic link to /etc/passwd" in capsys.readouterr().err


def test_folder_reached_through_a_link_keeps_its_own_files(outside, tmp_path, capsys):
    alias = tmp_path / "alias"
    alias.symlink_to(outside)
    assert names(find_reports([alias]), alias) == ["a.txt", "sub/up.txt"]
    assert "passwd.txt: skipped" in capsys.readouterr().err


def test_a_broken_link_leaving_the_folder_is_skipped_too(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder / "a.txt", SENTENCE)
    (folder / "gone.txt").symlink_to(tmp_path / "elsewhere" / "gone.txt")
    assert names(find_reports([folder]), folder) == ["a.txt"]
    assert "gone.txt: skipped: a symbolic link" in capsys.readouterr().err


def test_link_loop_in_a_folder_is_named_not_crashed_on(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    assert find_reports([folder]) == [folder / "loop.txt"]  # read_report names the loop
    assert capsys.readouterr().err == ""
    with pytest.raises(InputError, match="Too many levels of symbolic links"):
        read_report(folder / "loop.txt")


def test_follow_links_through_the_cli(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write(tmp_path / "empty.txt", b"")
    (folder / "link.txt").symlink_to(tmp_path / "empty.txt")
    result = build(folder, store=tmp_path / "s")
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = stderr_lines(result)
    assert lines[0].startswith("warning: ") and "link.txt: skipped: a symbolic link" in lines[0]
    assert lines[1] == f"error[LH100]: {folder}: no report found in the folder (skipped: 1 link leaving the folder); " \
                       "reports are .docx, .htm, .html, .pdf, .text, .txt files"
    assert len(lines) == 2, lines
    # with the flag the link is read like any file (here: an empty one)
    check_error(build(folder, store=tmp_path / "s", args=("--follow-links",)), "link.txt", "file is empty")


def test_follow_links_builds_the_linked_report(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "renda.txt").symlink_to(REPORTS / "renda_2023.txt")
    skipped = build(folder, store=tmp_path / "s")
    assert skipped.exit_code == 1 and "no report found in the folder" in skipped.stderr
    result = build(folder, store=tmp_path / "s", args=("--follow-links",))
    assert result.exit_code == 0, result.output
    assert stderr_lines(result)[-1].startswith("1 reports (1 built, 0 unchanged, 0 removed, 0 failed)")


# --------------------------------------------------------------------------- file names


def test_file_name_that_is_not_utf8_is_read_with_a_readable_name(tmp_path):
    gbk = os.fsencode(tmp_path) + b"/" + "湖州市人大常委会工作报告".encode("gbk") + b".txt"
    with open(gbk, "wb") as f:
        f.write(SENTENCE.encode("utf-8"))
    (found,) = find_reports([tmp_path])
    doc = read_report(found)
    assert doc.name == "湖州市人大常委会工作报告"
    assert doc.path == str(tmp_path / "湖州市人大常委会工作报告.txt")
    doc.model_dump_json().encode("utf-8")  # valid text all the way to the outputs


def test_file_name_with_bytes_of_no_encoding_shows_them_escaped(tmp_path):
    raw = os.fsencode(tmp_path) + b"/report\xff\xfe.txt"
    with open(raw, "wb") as f:
        f.write(SENTENCE.encode("utf-8"))
    doc = read_report(os.fsdecode(raw))
    assert doc.name == "report\\xff\\xfe"
    assert doc.path.endswith("/report\\xff\\xfe.txt")


def test_error_about_a_file_name_that_is_not_utf8_is_one_printable_line(tmp_path):
    raw = os.fsencode(tmp_path) + b"/" + "空报告".encode("gbk") + b".txt"
    open(raw, "wb").close()
    line = check_error(build(os.fsdecode(raw), store=tmp_path / "s"), "\\xbf\\xd5\\xb1\\xa8\\xb8\\xe6.txt",
                       "file is empty")
    line.encode("utf-8")


def test_file_name_that_is_not_utf8_is_built(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/" + "报告".encode("gbk") + b".txt", "wb") as f:
        f.write(SENTENCE.encode("utf-8"))
    result = build(folder, store=tmp_path / "s")
    assert result.exit_code == 0, result.output
    assert stderr_lines(result)[-1].startswith("1 reports (1 built")


@pytest.mark.parametrize("name", ["line\nbreak.txt", "escape\x1b[31m.txt", "tab\there.txt", "sep\u2028arator.txt"])
def test_control_characters_in_a_file_name_are_escaped(tmp_path, name):
    f = write(tmp_path / name, b"")
    shown = repr(name)[1:-1]
    check_error(build(f, store=tmp_path / "s"), shown, "file is empty")


def test_control_characters_in_a_folder_name_are_escaped(tmp_path):
    folder = tmp_path / "new\nfolder"
    folder.mkdir()
    check_error(build(folder, store=tmp_path / "s"), "new\\nfolder", "no report found in the folder")


# --------------------------------------------------------------------------- folders without reports


def test_empty_folder_is_an_error(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    line = check_error(build(folder, store=tmp_path / "s"), str(folder), "no report found in the folder; reports are")
    assert "skipped" not in line


def test_folder_of_unsupported_files_names_them(tmp_path):
    folder = tmp_path / "office"
    (folder / "old").mkdir(parents=True)
    for name in ("old/2019.doc", "2020.doc", "figures.xlsx", "photo.jpg", "README.md", ".DS_Store", "~$2020.doc"):
        write(folder / name, b"x")
    result = build(folder, store=tmp_path / "s")
    check_error(result, str(folder), "no report found in the folder (skipped: 2 .doc, 1 .jpg, 1 .xlsx)")
    result = runner.invoke(app, ["extract", str(folder), "--out", str(tmp_path / "out")])
    check_error(result, str(folder), "no report found in the folder (skipped: 2 .doc, 1 .jpg, 1 .xlsx)")


def test_reports_and_unsupported_files_give_a_warning(tmp_path, capsys):
    write(tmp_path / "a.txt", SENTENCE)
    write(tmp_path / "b.doc", b"x")
    write(tmp_path / "c.DOC", b"x")
    write(tmp_path / "scan.jpg", b"x")
    write(tmp_path / "notes", b"x")
    assert names(find_reports([tmp_path]), tmp_path) == ["a.txt"]
    assert capsys.readouterr().err.splitlines() == [
        f"warning: {tmp_path}: skipped files of a type not read: 2 .doc, 1 (no suffix), 1 .jpg"]


def test_one_empty_folder_among_others_is_a_warning(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    (tmp_path / "full").mkdir()
    write(tmp_path / "full" / "a.txt", SENTENCE)
    assert names(find_reports([tmp_path / "empty", tmp_path / "full"]), tmp_path) == ["full/a.txt"]
    assert capsys.readouterr().err.startswith(f"warning: {tmp_path / 'empty'}: no report found in the folder")


def test_a_file_named_directly_is_always_taken(tmp_path, capsys):
    write(tmp_path / "x.doc", b"x")
    assert find_reports([tmp_path / "x.doc"]) == [tmp_path / "x.doc"]  # read_report then names its type
    assert capsys.readouterr().err == ""
