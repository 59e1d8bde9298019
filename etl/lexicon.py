"""Loads ``schema/lexicon.yaml`` once into a frozen ``Lexicon`` that rules read."""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from .errors import SchemaError

#: The repository's schema/ folder; LIANGHUI_SCHEMA points elsewhere.
SCHEMA_DIR = Path(os.environ.get("LIANGHUI_SCHEMA", Path(__file__).resolve().parent.parent / "schema"))


class Lexicon(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int
    divisions: dict[str, list[str]]
    provinces: dict[str, str]
    capitals: dict[str, str]
    bodies: dict[str, tuple[str, str]]
    national_bodies: dict[str, tuple[str, list[str]]]
    department_suffixes: dict[str, list[str]]
    levels: dict[str, str]
    posts: dict[str, list[str]]
    not_names: list[str]
    surnames: str
    double_surnames: list[str]
    law_kinds: dict[str, list[str]]
    non_law_titles: dict[str, list[str]]
    law_actions: dict[str, list[str]]
    activity_types: dict[str, list[str]]
    units: list[str]
    not_activity_units: list[str]
    approx_markers: dict[str, list[str]]
    genres: dict[str, list[str]]
    plan_headings: list[str]
    digest: str = ""  # sha256 of the file: part of the rule version (pipeline.rule_version)


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Parse and check the lexicon; a broken file raises SchemaError naming it."""
    p = Path(path) if path else SCHEMA_DIR / "lexicon.yaml"
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise SchemaError(f"cannot read the lexicon ({e.strerror}); restore schema/lexicon.yaml", path=p) from None
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise SchemaError(f"lexicon is not valid YAML{where}: {getattr(e, 'problem', e)}", path=p) from None
    if not isinstance(data, dict):
        raise SchemaError("lexicon must be a YAML mapping of sections", path=p)
    try:
        return Lexicon(**data, digest=hashlib.sha256(raw).hexdigest())
    except ValidationError as e:
        err = e.errors()[0]
        loc = ".".join(str(x) for x in err["loc"])
        raise SchemaError(f"lexicon section '{loc}': {err['msg']}", path=p) from None


@cache
def default_lexicon() -> Lexicon:
    return load_lexicon()
