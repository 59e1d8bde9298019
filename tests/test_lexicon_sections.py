"""No dead lexicon sections (issue 16): every section of schema/lexicon.yaml is a typed field of
``Lexicon`` that code under etl/ reads, and every word list of a typed sub-section is read too.

Read from the source: a top-level section counts as read when some module writes
``lex.<section>`` (``lexicon.``, ``LEX.`` too); a sub-section's field when some module reads
``.<field>`` outside its declaration in etl/lexicon.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import BaseModel

from etl.lexicon import SCHEMA_DIR, Lexicon

ROOT = Path(__file__).resolve().parent.parent
SOURCES = {p: p.read_text(encoding="utf-8") for p in sorted((ROOT / "etl").rglob("*.py"))}
#: Filled by the loader, not written in the file.
COMPUTED = {"digest"}


def _code() -> str:
    """All of etl/ with the field declarations of etl/lexicon.py left out."""
    out = []
    for path, text in SOURCES.items():
        if path.name == "lexicon.py":
            text = "\n".join(line for line in text.splitlines() if not re.match(r"\s+\w+: .*=", line))
        out.append(text)
    return "\n".join(out)


CODE = _code()


def _read_top(section: str) -> bool:
    return re.search(rf"\b(?:lex|lexicon|LEX)\.{section}\b", CODE) is not None


def test_every_lexicon_file_section_is_a_field():
    data = yaml.safe_load((SCHEMA_DIR / "lexicon.yaml").read_text(encoding="utf-8"))
    assert set(data) <= set(Lexicon.model_fields), set(data) - set(Lexicon.model_fields)


def test_every_lexicon_section_is_read_by_code():
    dead = [f for f in Lexicon.model_fields if f not in COMPUTED and not _read_top(f)]
    assert not dead, f"lexicon sections no code reads: {dead}"


def test_every_typed_sub_section_field_is_read_by_code():
    dead = []
    for name, field in Lexicon.model_fields.items():
        model = field.annotation
        if isinstance(model, type) and issubclass(model, BaseModel):
            dead += [f"{name}.{f}" for f in model.model_fields if not re.search(rf"\.{f}\b", CODE)]
    assert not dead, f"lexicon fields no code reads: {dead}"


def test_the_check_finds_a_dead_section():
    assert not _read_top("no_such_section")
    assert _read_top("body_rules") and _read_top("activity_rules")
