"""Find report files, detect their format and encoding, and read their text.

The only stage that reads files. Each problem is an ``InputError`` naming the file, with a
one-line message that says what is wrong: missing, not a regular file, empty, binary, badly
encoded or cut short, too long for one report, or of a type we do not read.

Plain text (.txt) is decoded by ``etl.decoding`` (BOM, UTF-16, strict UTF-8, then the Chinese
encodings weighed by how ordinary their characters read); html/docx/pdf by ``etl.formats``.

A folder walk skips links that leave the folder (unless ``--follow-links``) and names, in a
warning, the file types it does not read; a folder with no report at all is an error. A file
name that is not UTF-8 (a Windows archive unzipped here) still gives the report a readable name.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from .decoding import MIN_COMMON_SHARE, common_share, decode_text
from .errors import InputError, UnsupportedFormatError, printable, warning
from .models import SourceDocument

SUFFIXES = {".txt": "txt", ".text": "txt", ".htm": "html", ".html": "html", ".docx": "docx", ".pdf": "pdf"}
MAX_BYTES = 50 * 1024 * 1024  # any file: a .pdf with pictures may be large
# The longest work reports have under 100,000 characters: past ten times that a file is not
# one report (a dump, a log, a concatenation), and it is refused at once rather than extracted
# for minutes.
MAX_CHARS = 1_000_000


def is_report_file(path: Path) -> bool:
    """A file a folder walk picks up: a report suffix, not an editor's lock or hidden file."""
    return path.suffix.lower() in SUFFIXES and not path.name.startswith((".", "~$"))


# --follow-links, set by the CLI around a build (the folder walk runs in the main process)
_follow_links: ContextVar[bool] = ContextVar("follow_links", default=False)


@contextmanager
def links_followed(follow: bool = True) -> Iterator[None]:
    """Within this block, ``find_reports`` reads links that leave their folder."""
    token = _follow_links.set(follow)
    try:
        yield
    finally:
        _follow_links.reset(token)


def find_reports(paths: Iterable[str | Path], *, follow_links: bool | None = None) -> list[Path]:
    """Files named directly, plus report files found below folders, sorted and unique.

    Below a folder, anything with a report suffix that is not a folder is taken (a broken
    link or a pipe too), so that ``read_report`` names the problem instead of skipping it;
    hidden files and folders and Word's ``~$`` lock files are left out. Symbolic links to
    folders are not followed (no loops); a link to a file outside the folder is skipped
    unless ``follow_links`` (default: ``links_followed``; a folder of reports must not
    publish ``/etc/passwd``). Files of other types are counted, and a warning on stderr
    names them; a folder without any report is an InputError when nothing else was found,
    a warning otherwise.
    """
    follow_links = _follow_links.get() if follow_links is None else follow_links
    found: set[Path] = set()
    empty: list[tuple[Path, str]] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            reports, skipped, outside = _walk(p, follow_links)
            found.update(reports)
            if not reports:
                if outside:
                    skipped[f"link{'s' if outside > 1 else ''} leaving the folder"] = outside
                others = f" (skipped: {_listed(skipped)})" if skipped else ""
                empty.append((p, f"no report found in the folder{others}; reports are "
                                 f"{', '.join(sorted(SUFFIXES))} files"))
            elif skipped:
                warn(f"skipped files of a type not read: {_listed(skipped)}", path=p)
        elif p.exists() or p.is_symlink():
            found.add(p)
        else:
            raise InputError("no such file or folder", path=p)
    if empty and not found:
        folder, problem = empty[0]
        raise InputError(problem, path=folder)
    for folder, problem in empty:
        warn(problem, path=folder)
    return sorted(found, key=lambda f: str(f))


def _walk(folder: Path, follow_links: bool) -> tuple[list[Path], dict[str, int], int]:
    """The report files below ``folder``, a count of the other files by suffix, and the
    number of links skipped because they leave the folder (each warned about)."""
    root = folder.resolve()
    reports: list[Path] = []
    skipped: dict[str, int] = {}
    outside = 0
    for parent, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            f = Path(parent, name)
            if name.startswith((".", "~$")):
                continue
            if not is_report_file(f):
                if _DOCUMENTATION.match(name):
                    continue
                kind = f.suffix.lower() or "(no suffix)"
                skipped[kind] = skipped.get(kind, 0) + 1
            elif f.is_symlink() and not follow_links and _leaves(f, root):
                warn(f"skipped: a symbolic link to {os.path.realpath(f)}, outside {folder} "
                     "(--follow-links reads it)", path=f)
                outside += 1
            else:
                reports.append(f)
    return reports, skipped, outside


def _leaves(link: Path, root: Path) -> bool:
    """Whether ``link`` points outside ``root``; a link loop stays, for ``read_report`` to name."""
    try:
        return not link.resolve().is_relative_to(root)
    except (RuntimeError, OSError):  # Python 3.11 raises RuntimeError on a loop
        return False


# a folder's own notes, expected next to the reports: not worth a warning
_DOCUMENTATION = re.compile(r"(readme|license|licence|notice)(\.\w+)?$", re.I)


def _listed(counts: dict[str, int]) -> str:
    """``3 .doc, 1 .xlsx``: most frequent first."""
    return ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def warn(message: str, *, path: str | Path | None = None) -> None:
    """One warning line on stderr (looked up at call time: the CLI's progress bar wraps it)."""
    print(warning(message, path=path), file=sys.stderr)


def check_file(path: str | Path) -> os.stat_result:
    """Stat a report file without opening it: a folder, pipe, device, broken link, or a
    file over the size limit raises InputError (opening a pipe would block forever)."""
    p = Path(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        problem = "broken symbolic link: its target does not exist" if p.is_symlink() else "no such file"
        raise InputError(problem, path=p) from None
    except PermissionError:
        raise InputError("permission denied: cannot reach the file", path=p) from None
    except OSError as e:  # ELOOP (a link loop), ENAMETOOLONG …
        raise InputError(f"cannot read the file ({e.strerror})", path=p) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError("is a folder, not a report file", path=p)
    if not stat.S_ISREG(st.st_mode):
        raise InputError("not a regular file (a pipe, socket or device): save the report as a file", path=p)
    if st.st_size > MAX_BYTES:
        raise InputError(f"file is {st.st_size / 2**20:.1f} MB, over the {MAX_BYTES // 2**20} MB limit", path=p)
    return st


def read_report(path: str | Path) -> SourceDocument:
    p = Path(path)
    fmt = SUFFIXES.get(p.suffix.lower())
    if fmt is None:
        raise UnsupportedFormatError(
            f"unsupported file type '{p.suffix or '(none)'}'; use one of {', '.join(sorted(SUFFIXES))}", path=p
        )
    size = check_file(p).st_size
    if fmt == "txt" and size > 4 * MAX_CHARS:  # no encoding takes more than 4 bytes a character
        raise InputError(_too_long(f"{size / 2**20:.1f} MB of text"), path=p)
    try:
        data = p.read_bytes()
    except PermissionError:
        raise InputError("permission denied: cannot read the file", path=p) from None
    except OSError as e:
        raise InputError(f"cannot read the file ({e.strerror})", path=p) from None
    if not data.strip():
        raise InputError("file is empty", path=p)
    sha = hashlib.sha256(data).hexdigest()
    if fmt == "txt":
        text, encoding = decode_text(data, p)
    else:
        from . import formats  # here: a build of plain-text reports never loads the readers

        text, encoding = formats.extract(fmt, data, p)
    if not text.strip():
        raise InputError("no text found in the file", path=p)
    if len(text) > MAX_CHARS:
        raise InputError(_too_long(f"{len(text):,} characters"), path=p)
    return SourceDocument(path=readable_name(str(p)), name=readable_name(p.stem), sha256=sha, format=fmt,
                          encoding=encoding, source=text)


def readable_name(name: str) -> str:
    """A file name or path as valid text. Python keeps name bytes that are not UTF-8 (a
    Windows archive unzipped here) as lone surrogates, which no UTF-8 output takes: each such
    part is read as GB18030 when that reads as Chinese, else its bytes are shown as ``\\xNN``."""
    parts = name.split(os.sep)
    for i, part in enumerate(parts):
        try:
            part.encode("utf-8")
            continue
        except UnicodeEncodeError:
            pass
        try:
            text = os.fsencode(part).decode("gb18030")
        except UnicodeDecodeError:
            text = None
        parts[i] = text if text is not None and common_share(text) >= MIN_COMMON_SHARE else printable(part)
    return os.sep.join(parts)


def _too_long(what: str) -> str:
    return (f"{what} is more than one report holds (limit {MAX_CHARS:,} characters; the longest work "
            f"reports have under 100,000): split the file")


def read_reports(paths: Iterable[Path]) -> Iterator[SourceDocument | InputError]:
    """Read each file; a bad one yields its error instead of stopping the others."""
    for p in paths:
        try:
            yield read_report(p)
        except InputError as e:
            yield e
