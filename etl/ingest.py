"""Find report files, detect their format and encoding, and read their text.

The only stage that reads files. Each problem is an ``InputError`` naming the file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from charset_normalizer import from_bytes

from .errors import InputError, UnsupportedFormatError
from .models import SourceDocument

SUFFIXES = {".txt": "txt", ".text": "txt", ".htm": "html", ".html": "html", ".docx": "docx", ".pdf": "pdf"}
MAX_BYTES = 50 * 1024 * 1024


def find_reports(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, plus report files found below folders, sorted and unique."""
    found: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found.update(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
        elif p.exists() or p.is_symlink():
            found.add(p)
        else:
            raise InputError("no such file or folder", path=p)
    return sorted(found, key=lambda f: str(f))


def read_report(path: str | Path) -> SourceDocument:
    p = Path(path)
    fmt = SUFFIXES.get(p.suffix.lower())
    if fmt is None:
        raise UnsupportedFormatError(
            f"unsupported file type '{p.suffix or '(none)'}'; use one of {', '.join(sorted(SUFFIXES))}", path=p
        )
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"file is {size // 2**20} MB, over the {MAX_BYTES // 2**20} MB limit", path=p)
        data = p.read_bytes()
    except PermissionError:
        raise InputError("permission denied: cannot read the file", path=p) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a report file", path=p) from None
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
    return SourceDocument(path=str(p), name=p.stem, sha256=sha, format=fmt, encoding=encoding, source=text)


def decode_text(data: bytes, path: Path) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM or not), else by charset-normalizer's best guess."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise InputError("invalid UTF-16 text", path=path) from None
    if b"\x00" in data[:4096]:
        raise InputError("binary file (NUL bytes): not a text report", path=path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        utf8_error = e
    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_16", "utf_8"]).best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        raise InputError(
            f"not valid UTF-8 (byte {utf8_error.start}) and no other Chinese encoding fits", path=path
        )
    return str(best), best.encoding


def read_reports(paths: Iterable[Path]) -> Iterator[SourceDocument | InputError]:
    """Read each file; a bad one yields its error instead of stopping the others."""
    for p in paths:
        try:
            yield read_report(p)
        except InputError as e:
            yield e
