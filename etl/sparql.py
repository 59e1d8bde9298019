"""SPARQL as text, read without a parser: tokens outside comments, strings and IRIs; the
query form; the nesting depth (checked before any engine parses); and the VALUES block that
binds parameters where a store has no binding (HTTP) or where binding alone plans badly."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

from .errors import ParameterError, StoreError

Term = ox.NamedNode | ox.Literal | ox.BlankNode

# Over HTTP there is no binding: a VALUES block of pyoxigraph-serialised terms goes at the
# start of the WHERE group, found by skipping comments, strings and IRIs.
_TOKENS = re.compile(
    r"""
      (?P<comment>\#[^\n]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                 |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\s]*>)
    | (?P<word>[?$]?[A-Za-z_][\w-]*)
    | (?P<open>\{)
    | (?P<close>\})
    """,
    re.VERBOSE | re.DOTALL,
)
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


# Engines parse nested brackets recursively (pyoxigraph aborts the process near 5,000 levels):
# the depth is measured on the text, outside comments, strings and IRIs, before any parser runs.
MAX_DEPTH = 64
_NESTING = re.compile(
    r"""
      (?P<comment>\#[^\n\r]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                 |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\s]*>)
    | (?P<open>[({\[])
    | (?P<close>[)}\]])
    """,
    re.VERBOSE | re.DOTALL,
)


def nesting_depth(sparql: str) -> int:
    """The deepest nesting of ( [ { in a query, outside comments, strings and IRIs."""
    depth = deepest = 0
    for m in _NESTING.finditer(sparql):
        if m.lastgroup == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif m.lastgroup == "close":
            depth = max(depth - 1, 0)
    return deepest


def sparql_words(sparql: str) -> list[str]:
    """Keywords and names of a query, upper-cased, outside comments, strings and IRIs."""
    return [m.group().upper() for m in _TOKENS.finditer(sparql) if m.lastgroup == "word"]


def query_form(sparql: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE (None for anything else, e.g. an update)."""
    return next((w for w in sparql_words(sparql) if w in QUERY_FORMS), None)


def where_start(sparql: str) -> int:
    """Offset just after the ``{`` that opens the query's WHERE group."""
    depth, seen_where, form = 0, False, None
    for m in _TOKENS.finditer(sparql):
        kind = m.lastgroup
        if kind == "word" and depth == 0:
            word = m.group().upper()
            if form is None and word in QUERY_FORMS:
                form = word
            seen_where = seen_where or word == "WHERE"
        elif kind == "open":
            if depth == 0 and (seen_where or form in ("SELECT", "ASK")):
                return m.end()
            depth += 1
        elif kind == "close":
            depth -= 1
    raise StoreError("cannot bind parameters: the query has no WHERE group")


def values_block(bindings: Mapping[str, Term]) -> str:
    """``VALUES (?a ?b) { (<iri> "text") }`` with the terms written (and escaped) by pyoxigraph."""
    names = sorted(bindings)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise ParameterError(f"not a SPARQL variable name: {name!r}")
    variables = " ".join(f"?{n}" for n in names)
    terms = " ".join(str(bindings[n]) for n in names)
    return f"VALUES ({variables}) {{ ({terms}) }}"


def with_values(sparql: str, bindings: Mapping[str, Term]) -> str:
    """``sparql`` with ``bindings`` as inline data at the start of its WHERE group."""
    at = where_start(sparql)
    return f"{sparql[:at]}\n  {values_block(bindings)}\n{sparql[at:]}"



def query_start(sparql: str) -> int:
    """Offset of the query form keyword (after the prologue: BASE and PREFIX lines)."""
    for m in _TOKENS.finditer(sparql):
        if m.lastgroup == "word" and m.group().upper() in QUERY_FORMS:
            return m.start()
    raise StoreError("not a query: no SELECT, ASK, CONSTRUCT or DESCRIBE")
