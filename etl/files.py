"""Writing files atomically: a reader sees the old content or the new, never half of it."""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from pathlib import Path

_TMP = re.compile(r"\.(\d+)\.[0-9a-f]{8}\.tmp$")  # .NAME.PID.TOKEN.tmp, as temporary_name makes


def temporary_name(path: Path) -> Path:
    """A fresh hidden name beside ``path`` that says which process wrote it."""
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


def writer_pid(tmp: Path) -> int | None:
    """The process that wrote a temporary file (None: not one of ours)."""
    m = _TMP.search(tmp.name)
    return int(m[1]) if m else None


def write_atomically(files: Mapping[Path, bytes | str], *, durable: bool = False) -> None:
    """Write every file to a temporary name first, then move them all into place (``str`` as
    UTF-8). ``durable``: fsync each file before it is moved, for a pointer that must survive a
    power cut (a store's CURRENT)."""
    tmps: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = temporary_name(path)  # opened exclusively, with the usual permissions
            tmps.append((tmp, path))
            with open(tmp, "xb") as f:
                f.write(data.encode("utf-8") if isinstance(data, str) else data)
                if durable:
                    f.flush()
                    os.fsync(f.fileno())
        for tmp, path in tmps:
            os.replace(tmp, path)
    finally:
        for tmp, _ in tmps:
            if os.path.exists(tmp):
                os.unlink(tmp)


def atomic_write(path: Path, data: bytes | str, *, durable: bool = False) -> None:
    """One file, written atomically (see ``write_atomically``)."""
    write_atomically({Path(path): data}, durable=durable)
