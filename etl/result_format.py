"""Query results written for people and programs: plain values, an aligned table, CSV, JSON."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from typing import TextIO

import pyoxigraph as ox

from . import rdf
from .errors import UsageError
from .query_result import QueryResult, Term
from .tables import write_table

FORMATS = ("table", "csv", "json")
XSD_INTEGERS = {
    rdf.XSD + t
    for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
              "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte", "negativeInteger",
              "nonPositiveInteger")
}



def plain(term: Term | None) -> str | int | None:
    """A term as a plain value: IRIs and literals as strings, integers as int."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal) and term.datatype.value in XSD_INTEGERS:
        try:
            return int(term.value)
        except ValueError:
            return term.value
    return term.value


def result_table(result: QueryResult) -> tuple[tuple[str, ...], list[tuple]]:
    """Columns and rows of plain values, for SELECT, ASK (one ``boolean`` cell) and CONSTRUCT."""
    if result.boolean is not None:
        return ("boolean",), [("true" if result.boolean else "false",)]
    if result.triples and not result.columns:
        return ("subject", "predicate", "object"), [
            (plain(t.subject), plain(t.predicate), plain(t.object)) for t in result.triples
        ]
    return result.columns, [tuple(plain(v) for v in row) for row in result.rows]


def format_result(result: QueryResult, fmt: str, out: TextIO, *, hide: Iterable[str] = ()) -> None:
    """Write ``result`` as ``table`` (aligned text), ``csv`` (header row first) or ``json``.

    ``hide`` names columns a table leaves out when they are empty in every row (a template's
    optional parameters left unset); csv and json keep every declared column."""
    columns, rows = result_table(result)
    if fmt == "table":
        empty = {c for i, c in enumerate(columns) if c in set(hide) and all(r[i] is None for r in rows)}
        keep = [i for i, c in enumerate(columns) if c not in empty]
        columns, rows = tuple(columns[i] for i in keep), [tuple(r[i] for i in keep) for r in rows]
    if fmt == "csv":
        w = csv.writer(out)
        w.writerow(columns)
        w.writerows(["" if v is None else v for v in row] for row in rows)
    elif fmt == "json":
        json.dump([dict(zip(columns, row)) for row in rows], out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "table":
        _write_table(columns, [[_short(v) for v in row] for row in rows], out)
    else:
        raise UsageError(f"unknown format '{fmt}': use {', '.join(FORMATS)}")


def _short(value) -> str:
    """Compact IRIs (body:3f2a…) for people reading a table."""
    if value is None:
        return ""
    text = str(value)
    if isinstance(value, str) and text.startswith("http"):
        for prefix, ns in sorted(rdf.PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if text.startswith(ns) and "/" not in text[len(ns) :] and "#" not in text[len(ns) :]:
                return f"{prefix}:{text[len(ns):]}"
    return text


_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_WRAP = re.compile(rf"(?<=[{_CJK}0-9])[ \t]*\r?\n\s*(?=[{_CJK}0-9])")


def one_line(text: str) -> str:
    """A cell on one line: a line break between Chinese characters or digits (a hard wrap inside
    a word or a number in the source: 1↵2000余件) goes away; other runs of white space become one space."""
    return " ".join(_WRAP.sub("", text).split())


def _write_table(columns, rows, out: TextIO) -> None:
    write_table(columns, [[one_line(v) for v in row] for row in rows], out)
