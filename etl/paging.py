"""Pages of a template's rows, and their total.

Every template ends with an ORDER BY over enough columns to give its rows one order, so a page
is that order cut with LIMIT/OFFSET, the same page for the same store. A template that ends
with its own LIMIT (a top-N) is cut after it runs.

A template may also cut early, before its expensive joins: a sub-SELECT whose LIMIT line
ends with the comment ``# page`` (``LIMIT 1000000000  # page``) keeps ``offset + limit`` rows
when a page is asked for, and all of them otherwise. That is right only when the answer is
ordered by the sub-SELECT's order first and each of its rows gives at least one row of the
answer (evidence: a page of N rows lies in the subject's first N reports); the template says
so next to the LIMIT. The parameters are bound inside the sub-SELECT too (a VALUES block),
since a store that binds by VALUES at the top (over HTTP) would otherwise cut unbound rows.
A sub-SELECT that aggregates before the outer joins (a group that must see only the given
entity's rows) marks its ``SELECT`` line with the comment ``# bind``: the bound parameters it
names are given to it as a VALUES block on every run, whole, paged or counted, since a
substitution at the top does not reach inside a sub-SELECT.
The total is the template wrapped in
``SELECT (COUNT(*) AS ?total)``, asked for separately, so a first page never pays for it.
On the command line: ``query run NAME --limit N --offset M`` and ``--count``; over HTTP the
reserved parameters ``limit``, ``offset`` and ``count=true`` (see etl/serve/app.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .errors import ParameterError
from .query_result import QueryResult, Term
from .sparql import query_start, sparql_words, values_block, where_start

PAGE_PARAMS = ("limit", "offset", "count")  # reserved: no template parameter has these names
MAX_LIMIT = 1_000_000


@dataclass(frozen=True)
class Page:
    """Which rows: ``limit`` of them (None: all) after ``offset``; ``count``: only their total."""

    limit: int | None = None
    offset: int = 0
    count: bool = False

    @property
    def whole(self) -> bool:
        return self.limit is None and not self.offset and not self.count


def split_page(params: Mapping[str, str | int] | None) -> tuple[Page, dict[str, str | int]]:
    """The page asked for in ``params`` (``limit``, ``offset``, ``count``) and the other params."""
    params = dict(params or {})
    limit = _natural(params.pop("limit", None), "limit")
    offset = _natural(params.pop("offset", None), "offset") or 0
    count = str(params.pop("count", "false")).strip().lower()
    if count not in ("true", "false", "1", "0", ""):
        raise ParameterError(f"parameter 'count' must be true or false, not {count!r}")
    return Page(limit, offset, count in ("true", "1")), params


def _natural(value, name: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not re.fullmatch(r"\+?\d+", str(value).strip()):
        raise ParameterError(f"parameter '{name}' must be a whole number ≥ 0, not {value!r}")
    n = int(str(value).strip())
    if n > MAX_LIMIT:
        raise ParameterError(f"parameter '{name}' must be at most {MAX_LIMIT}")
    return n


def has_own_limit(sparql: str) -> bool:
    """Whether the query ends with its own LIMIT or OFFSET (outside every group)."""
    words = sparql_words(sparql[_last_close(sparql):])
    return "LIMIT" in words or "OFFSET" in words


def _last_close(sparql: str) -> int:
    return max(sparql.rfind("}"), 0)


# the LIMIT of a sub-SELECT that a page may cut: `LIMIT 1000000000  # page`
PAGE_CUT = re.compile(r"\bLIMIT[ \t]+\d+(?=[ \t]*#[ \t]*page\b)", re.IGNORECASE)


_SELECT = re.compile(r"^[^#\n]*\bSELECT\b", re.MULTILINE)  # a SELECT keyword, not in a comment


def paged(sparql: str, page: Page, bindings: Mapping[str, Term] | None = None) -> str | None:
    """``sparql`` with the page's LIMIT/OFFSET appended, or None when the query has its own
    LIMIT (``cut`` then takes the page from its rows); sub-SELECTs marked ``# page`` are cut
    to the rows the page can need, with ``bindings`` bound inside them."""
    if page.whole:
        return sparql
    if has_own_limit(sparql):
        return None
    if page.limit is not None:
        sparql = _cut_early(sparql, page.offset + page.limit, bindings or {})
    tail = (f"\nLIMIT {page.limit}" if page.limit is not None else "") + (f"\nOFFSET {page.offset}" if page.offset else "")
    return sparql.rstrip() + tail + "\n"


# a sub-SELECT that takes the bound parameters: `SELECT ...  # bind`
BIND_MARK = re.compile(r"\bSELECT\b[^#\n]*#[ \t]*bind\b", re.IGNORECASE)


def bind_inside(sparql: str, bindings: Mapping[str, Term]) -> str:
    """The sub-SELECTs marked ``# bind`` given the ``bindings`` they name as VALUES (last mark
    first, so earlier offsets stay right); unchanged when nothing is bound."""
    for mark in reversed(list(BIND_MARK.finditer(sparql))):
        at = mark.start()
        inner = sparql[at:at + where_start(sparql[at:])]
        end = _group_end(sparql, at + len(inner))
        bound = {k: v for k, v in bindings.items() if re.search(rf"[?$]{k}\b", sparql[at:end])}
        if bound:
            start = at + len(inner)
            sparql = f"{sparql[:start]}\n    {values_block(bound)}{sparql[start:]}"
    return sparql


def _group_end(sparql: str, start: int) -> int:
    """Offset of the ``}`` closing the group opened just before ``start``."""
    depth = 1
    for i in range(start, len(sparql)):
        depth += {"{": 1, "}": -1}.get(sparql[i], 0)
        if not depth:
            return i
    return len(sparql)


def _cut_early(sparql: str, rows: int, bindings: Mapping[str, Term]) -> str:
    """The marked sub-SELECTs of ``sparql`` limited to ``rows``, the bound parameters they
    name given to them as VALUES (last mark first, so earlier offsets stay right)."""
    for mark in reversed(list(PAGE_CUT.finditer(sparql))):
        at = [m.end() - len("SELECT") for m in _SELECT.finditer(sparql, 0, mark.start())][-1]
        inner = sparql[at:mark.start()]
        bound = {k: v for k, v in bindings.items() if re.search(rf"[?$]{k}\b", inner)}
        sparql = sparql[:mark.start()] + f"LIMIT {rows}" + sparql[mark.end():]
        if bound:
            start = at + where_start(inner)
            sparql = f"{sparql[:start]}\n    {values_block(bound)}{sparql[start:]}"
    return sparql


def cut(result: QueryResult, page: Page) -> QueryResult:
    """The page of an already computed result."""
    end = None if page.limit is None else page.offset + page.limit
    return QueryResult(columns=result.columns, rows=result.rows[page.offset:end], boolean=result.boolean,
                       triples=result.triples[page.offset:end])


def counting(sparql: str, bound: Iterable[str] = ()) -> str:
    """``sparql`` (a SELECT) wrapped to count its rows: ``SELECT (COUNT(*) AS ?total)``, grouped
    by the ``bound`` parameters (a bound variable must be projected; bound, they are one group)."""
    at = query_start(sparql)
    names = " ".join(f"?{n}" for n in sorted(bound))
    group = f"GROUP BY {names}\n" if names else ""
    return (f"{sparql[:at]}SELECT {names + ' ' if names else ''}(COUNT(*) AS ?total) WHERE {{\n{{\n{sparql[at:]}\n}}\n}}\n"
            f"{group}")
