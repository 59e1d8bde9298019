"""The national law list: titles of China's laws, administrative regulations and judicial
interpretations (``../shared/data/national-laws.tsv``), read at run time as a gazetteer of known
titles, never copied into the project.

The file is found through ``LIANGHUI_LAW_LIST``, else next to the repository
(``<repo>/../shared/data/national-laws.tsv``); without it the lexicon's ``known_laws`` are the only
bare law names and nothing fails. Its digest enters the lexicon digest, so a changed list changes
the rule version and rebuilds the cache (``pipeline.rule_version``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import unicodedata
from functools import cache
from pathlib import Path

ENV = "LIANGHUI_LAW_LIST"
DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "national-laws.tsv"
#: Levels of the list that are normative documents (其他 holds guides, not titles).
LEVELS = ("宪法", "法律", "行政法规", "司法解释", "部门规章")
#: Levels whose titles carry the 中华人民共和国 prefix when written in full (中华人民共和国政府信息公开条例).
PREFIXED = ("宪法", "法律", "行政法规")
PREFIX = "中华人民共和国"


def list_path() -> Path | None:
    """The law list to read: LIANGHUI_LAW_LIST, else the shared default; None when neither exists."""
    env = os.environ.get(ENV)
    for p in (Path(env) if env else None, DEFAULT):
        if p is not None and p.is_file():
            return p
    return None


@cache
def _read(path: str, mtime: float) -> tuple[bytes, tuple[tuple[str, str], ...]]:
    raw = Path(path).read_bytes()
    rows = csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter="\t")
    out = []
    for row in rows:
        title, level = _title(row.get("title") or ""), (row.get("level") or "").strip()
        if title and level in LEVELS:
            out.append((title, level))
    return raw, tuple(sorted(set(out)))


def _title(raw: str) -> str:
    """The title as reports write it: NFKC (full-width brackets become ASCII, as in cleaned text);
    a part of a code (民法典 总则) is cited as the code."""
    t = unicodedata.normalize("NFKC", raw).strip()
    parts = t.split()
    if len(parts) > 1 and parts[0].endswith("典"):
        return parts[0]
    return re.sub(r"\s+", "", t)


def _load() -> tuple[bytes, tuple[tuple[str, str], ...]]:
    p = list_path()
    if p is None:
        return b"", ()
    try:
        return _read(str(p), p.stat().st_mtime)
    except (OSError, UnicodeDecodeError):
        return b"", ()


def national_laws() -> tuple[tuple[str, str], ...]:
    """(title, level) of every listed normative document; empty when the list is absent."""
    return _load()[1]


def written_forms() -> list[str]:
    """Every way a listed title is written bare: the title itself and, for the Constitution,
    laws and regulations, the full form with 中华人民共和国 (a name is kept as written; resolve folds the two)."""
    forms: set[str] = set()
    for title, level in national_laws():
        forms.add(title)
        if level in PREFIXED and not title.startswith(PREFIX):
            forms.add(PREFIX + title)
    return sorted(forms)


def digest() -> str:
    """sha256 of the list read (``absent`` without one): part of the lexicon digest."""
    raw = _load()[0]
    return hashlib.sha256(raw).hexdigest() if raw else "absent"
