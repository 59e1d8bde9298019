"""Which client queries run: size and nesting first, then rdflib's parsed algebra.

The text is normalised before anything reads it (``\\u`` escapes expanded once, CR line
ends made LF) and that same text is what the engine runs, so the parser that judges the
query and the engine that runs it read one text. Refused, whatever the spelling: federation
(SERVICE), updates (LOAD, INSERT, DROP …) and anything rdflib cannot parse as a query.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..errors import StoreError
from ..queries import MAX_DEPTH, nesting_depth

MAX_QUERY_CHARS = 100_000
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


class Refused(StoreError):
    """A query that is not run; ``status`` is the HTTP status the endpoint answers with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class CheckedQuery:
    text: str  # the normalised text: run this, not what the client sent
    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE

    @property
    def graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")


def check_shape(text: str) -> str:
    """The normalised text, if it is small and shallow enough for a parser to read."""
    if not text or not text.strip():
        raise Refused("missing query: GET /sparql?query=… or POST a query")
    if len(text) > MAX_QUERY_CHARS:
        raise Refused(f"the query is over {MAX_QUERY_CHARS} characters", 413)
    try:
        once = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
    except (ValueError, OverflowError):
        raise Refused("a \\U escape names no Unicode character") from None
    if _ESCAPE.search(once):  # an engine would expand it again: parser and engine could read two texts
        raise Refused("an escape that spells another \\u escape is not accepted")
    once = once.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in once:
        raise Refused("the query contains a NUL character")
    if nesting_depth(once) > MAX_DEPTH:
        raise Refused(f"the query nests brackets deeper than {MAX_DEPTH} levels")
    return once


def check_query(text: str) -> CheckedQuery:
    """The query ready to run, or Refused with a one-line reason."""
    return _check(check_shape(text))


@functools.lru_cache(maxsize=1024)
def _check(text: str) -> CheckedQuery:
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        parsed = parseQuery(text)
    except Exception as e:  # pyparsing's ParseException, or RecursionError
        try:
            parseUpdate(text)
        except Exception:
            raise Refused(f"not a SPARQL query: {_one_line(e)}") from None
        raise Refused("not a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE): updates are refused") from None
    try:
        algebra = translateQuery(parsed).algebra
    except Exception as e:  # an unknown prefix, a variable bound twice …
        raise Refused(f"bad SPARQL query: {_one_line(e)}") from None
    names = set(_names(algebra))
    if "ServiceGraphPattern" in names:
        raise Refused("federated queries (SERVICE) are not allowed on this endpoint", 403)
    if algebra.name not in _FORMS:
        raise Refused("not a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE): updates are refused")
    return CheckedQuery(text, _FORMS[algebra.name])


def _names(node):
    """The names of every operator in an rdflib algebra tree."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node.name
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)):
            stack.extend(node)


def _one_line(e: Exception) -> str:
    return " ".join(str(e).split())[:200] or type(e).__name__
