"""Pages of a template's rows, and their total.

Every template ends with an ORDER BY over enough columns to give its rows one order, so a page
is that order cut with LIMIT/OFFSET, the same page for the same store. A template that ends
with its own LIMIT (a top-N) is cut after it runs. The total is the template wrapped in
``SELECT (COUNT(*) AS ?total)``, asked for separately, so a first page never pays for it.
On the command line: ``query run NAME --limit N --offset M`` and ``--count``; over HTTP the
reserved parameters ``limit``, ``offset`` and ``count=true`` (see etl/serve/app.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .errors import ParameterError
from .query_result import QueryResult
from .sparql import query_start, sparql_words

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


def paged(sparql: str, page: Page) -> str | None:
    """``sparql`` with the page's LIMIT/OFFSET appended, or None when the query has its own
    LIMIT (``cut`` then takes the page from its rows)."""
    if page.whole:
        return sparql
    if has_own_limit(sparql):
        return None
    tail = (f"\nLIMIT {page.limit}" if page.limit is not None else "") + (f"\nOFFSET {page.offset}" if page.offset else "")
    return sparql.rstrip() + tail + "\n"


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
