"""Find report files, detect their format and encoding, and read their text.

The only stage that reads files. Each problem is an ``InputError`` naming the file, with a
one-line message that says what is wrong: missing, not a regular file, empty, binary, badly
encoded or cut short, too long for one report, or of a type we do not read.

Plain text (.txt) is decoded here: a BOM decides (UTF-8, UTF-16, UTF-32); zero bytes mean
UTF-16 without a BOM (or a binary file); else strict UTF-8; else charset-normalizer, limited
to the encodings Chinese reports come in (GB18030 ⊇ GBK ⊇ GB2312, Big5/CP950). Short texts
are ambiguous (GBK 审议 is Big5 机祜, GBK 一 is UTF-8 һ), so the library's candidates and every
Chinese encoding that decodes the bytes strictly are weighed by how ordinary their characters
are (``common_share``: GB2312 level 1, the 3,755 most used characters, counts most), and the
most ordinary reading wins; a tie goes to GB18030. html/docx/pdf are read by ``etl.formats``.

A folder walk skips links that leave the folder (unless ``--follow-links``) and names, in a
warning, the file types it does not read; a folder with no report at all is an error. A file
name that is not UTF-8 (a Windows archive unzipped here) still gives the report a readable name.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from charset_normalizer import from_bytes

from .errors import InputError, UnsupportedFormatError, printable, warning
from .models import SourceDocument

SUFFIXES = {".txt": "txt", ".text": "txt", ".htm": "html", ".html": "html", ".docx": "docx", ".pdf": "pdf"}
MAX_BYTES = 50 * 1024 * 1024  # any file: a .pdf with pictures may be large
# The longest work reports have under 100,000 characters: past ten times that a file is not
# one report (a dump, a log, a concatenation), and it is refused at once rather than extracted
# for minutes.
MAX_CHARS = 1_000_000
# charset-normalizer names of the encodings Chinese text files come in besides UTF-8, the
# first preferred on a tie (simplified text is the usual case). UTF-16 without a BOM is told
# by its zero bytes instead: as a candidate it reads any even number of bytes as Han.
CHINESE_ENCODINGS = ["gb18030", "big5", "cp950"]
MIN_COMMON_SHARE = 0.6  # below this a decoding is mojibake, not Chinese text
ENCODING_NAMES = {"utf_8": "utf-8"}
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


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
        from . import formats  # html/docx/pdf readers, imported only when needed

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


# --------------------------------------------------------------------------- plain text


def decode_text(data: bytes, path: Path) -> tuple[str, str]:
    """The text of a .txt file and the name of its encoding; InputError when it is none."""
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), path), encoding
            except UnicodeDecodeError as e:
                raise InputError(_bad_bytes(encoding.upper().replace("-SIG", ""), e, len(data)), path=path) from None
    if b"\x00" in data:
        text, encoding = _utf16_without_bom(data, path)
        return _checked(text, path), encoding
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        utf8_error = e
    else:
        # A few GBK characters can be valid UTF-8 (GBK 一 is UTF-8 һ): when the UTF-8 reading
        # is a handful of foreign letters and nothing else, weigh the Chinese readings too.
        odd = not _CJK.search(text) and not re.search("[A-Za-z]", text)
        if odd and 0 < sum(ord(c) > 0x7F for c in text) <= 4:
            best = _best_decoding(data, include_utf8=True)
            if best is not None:
                return _checked(best[0], path), best[1]
        return _checked(text, path), "utf-8"
    if _mostly_utf8(data):
        raise InputError(_bad_bytes("UTF-8", utf8_error, len(data)), path=path)
    best = _best_decoding(data)
    if best is not None:
        return _checked(best[0], path), best[1]
    for encoding in ("gb18030", "big5"):
        for cut in (1, 2, 3):
            try:
                head = data[:-cut].decode(encoding)
            except UnicodeDecodeError:
                continue
            if common_share(head, simplify=encoding != "gb18030") >= MIN_COMMON_SHARE:
                raise InputError(
                    f"truncated {encoding.upper()} text: the file ends inside a character (was it cut short?)",
                    path=path,
                )
    raise InputError(
        f"not text in any encoding Chinese reports use (UTF-8, GB18030/GBK, Big5, UTF-16): "
        f"first bad UTF-8 byte at {utf8_error.start}; save the file as UTF-8",
        path=path,
    )


def _bad_bytes(encoding: str, e: UnicodeDecodeError, size: int) -> str:
    if e.end >= size and ("end of data" in e.reason or "truncated" in e.reason):
        return f"truncated {encoding} text: the file ends inside a character at byte {e.start} (was it cut short?)"
    return f"invalid {encoding} text at byte {e.start} ({e.reason}: {e.object[e.start:e.end + 1].hex(' ')})"


def _mostly_utf8(data: bytes) -> bool:
    """True when the bytes are UTF-8 with a few bad bytes, not text in another encoding."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for c in text if ord(c) > 0x7F) - bad
    return good >= 20 * bad


def _utf16_without_bom(data: bytes, path: Path) -> tuple[str, str]:
    """NUL bytes in a text file mean UTF-16 (ASCII characters have a zero byte) or binary."""
    even, odd = data[0::2].count(0), data[1::2].count(0)
    # ASCII puts its zero byte on one side (a few Han characters, 一 is U+4E00, on the other)
    for encoding in ("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if text.isascii() or common_share(text) >= MIN_COMMON_SHARE:
            return text, encoding
    raise InputError("binary file (NUL bytes): not a text report", path=path)


_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # category Cc but the white space


def _checked(text: str, path: Path) -> str:
    """Refuse decoded text that is mostly control characters: a binary file by another road."""
    controls = len(_CONTROLS.findall(text, 0, 100_000))
    if controls > 8 and controls > 0.01 * min(len(text), 100_000):
        raise InputError("binary file (control characters): not a text report", path=path)
    return text


def _best_decoding(data: bytes, include_utf8: bool = False) -> tuple[str, str] | None:
    """The most plausibly Chinese of the decodings charset-normalizer proposes, or None.

    Short texts are ambiguous (the library keeps one reading of a two-character GBK word, or
    none), so every Chinese encoding that decodes the bytes strictly is weighed as well.
    """
    isolation = CHINESE_ENCODINGS + (["utf_8"] if include_utf8 else [])
    candidates = {m.encoding: str(m) for m in from_bytes(data, cp_isolation=isolation)}
    for encoding in CHINESE_ENCODINGS:
        if encoding not in candidates:
            try:
                candidates[encoding] = data.decode(encoding)
            except UnicodeDecodeError:
                pass
    return _most_chinese(candidates)


def _most_chinese(candidates: dict[str, str]) -> tuple[str, str] | None:
    """The decoding that reads most like Chinese; on a tie the encoding first in CHINESE_ENCODINGS."""
    scored = []
    for encoding, text in candidates.items():
        rank = CHINESE_ENCODINGS.index(encoding) if encoding in CHINESE_ENCODINGS else len(CHINESE_ENCODINGS)
        # GB text is simplified: its traditional characters are rare ones, not converted
        scored.append((common_share(text, simplify=encoding != "gb18030"), -rank, text,
                       ENCODING_NAMES.get(encoding, encoding)))
    if not scored:
        return None
    share, _, text, encoding = max(scored)
    return (text, encoding) if share >= MIN_COMMON_SHARE else None


@cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def _weight(ch: str) -> float:
    """How ordinary a character is in Chinese text, by its place in the GB2312 area of GBK:
    punctuation (rows 1-3) and level 1 (the 3,755 most used characters) 1, level 2 ½, kana,
    Greek, box drawing and GBK's extra characters ¼, other Han ¼, anything else 0."""
    han = "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"
    try:
        b = ch.encode("gbk")
    except UnicodeEncodeError:
        return 0.25 if han else 0.0
    if len(b) != 2:
        return 0.0
    lead, trail = b
    if trail < 0xA1:
        return 0.25  # GBK's additions to GB2312: rare characters
    return 1.0 if 0xA1 <= lead <= 0xA3 or 0xB0 <= lead <= 0xD7 else 0.5 if 0xD8 <= lead <= 0xF7 else 0.25


def common_share(text: str, sample: int = 20_000, simplify: bool = True) -> float:
    """How much the non-ASCII characters of ``text`` read like ordinary Chinese, from 0 to 1
    (the mean ``_weight``, after traditional → simplified unless told not to); 0 for text
    without any."""
    chars = "".join(c for c in text[:sample] if ord(c) > 0x7F)
    if not chars:
        return 0.0
    simplified = _t2s().convert(chars) if simplify else chars
    if len(simplified) != len(chars):
        simplified = chars
    return sum(_weight(c) for c in simplified) / len(chars)


def read_reports(paths: Iterable[Path]) -> Iterator[SourceDocument | InputError]:
    """Read each file; a bad one yields its error instead of stopping the others."""
    for p in paths:
        try:
            yield read_report(p)
        except InputError as e:
            yield e
