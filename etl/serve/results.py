"""Results on the wire: the format a client asked for, written by pyoxigraph, cut at a row limit.

Solutions go through pyoxigraph's TSV writer into a sink that keeps a number of lines (one
solution per line, newlines in values escaped), then pyoxigraph writes the asked format from
what was kept; triples likewise through N-Triples. The engine stops as soon as the sink is
full, so a huge result costs no more than its first rows.
"""

from __future__ import annotations

import pyoxigraph as ox

from .. import rdf
from ..store import QueryResult
from .guard import Refused

ROW_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "xml": ox.QueryResultsFormat.XML,
}
GRAPH_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}
MEDIA = {  # format → Content-Type
    "json": "application/sparql-results+json",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "xml": "application/sparql-results+xml",
    "ttl": "text/turtle; charset=utf-8",
    "nt": "application/n-triples",
}
ACCEPT = {  # media type in an Accept header → format
    "application/sparql-results+json": "json",
    "application/json": "json",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/n-triples": "nt",
    "text/plain": "nt",
}
ROWS, GRAPH = tuple(ROW_FORMATS), tuple(GRAPH_FORMATS)


def choose_format(accept: str | None, wanted: str | None, graph: bool) -> str:
    """The output format: ``?format=`` first, then the Accept header, else the default."""
    allowed = GRAPH if graph else ROWS
    if wanted:
        if wanted not in allowed:
            raise Refused(f"format '{wanted[:20]}' does not fit this result: use {', '.join(allowed)}")
        return wanted
    ranked = []
    for i, part in enumerate((accept or "").split(",")[:32]):
        media, *params = [x.strip() for x in part.split(";")]
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        ranked.append((-q, i, media.lower()))
    for q, _, media in sorted(ranked):
        if q < 0 and ACCEPT.get(media) in allowed:
            return ACCEPT[media]
    return allowed[0]  # */*, nothing acceptable or no header: the default beats a 406


class _Full(Exception):
    pass


class _Lines:
    """A binary sink that keeps the first ``limit`` lines and stops the writer after them."""

    def __init__(self, limit: int) -> None:
        self.kept = bytearray()
        self.left = limit
        self.full = False

    def write(self, data: bytes) -> int:
        if self.full:
            raise _Full
        view = bytes(data)
        end = 0
        while self.left and end < len(view):
            nl = view.find(b"\n", end)
            if nl < 0:
                end = len(view)
                break
            end = nl + 1
            self.left -= 1
        self.kept += view[:end]
        if end < len(view):
            self.full = True
            raise _Full
        return len(view)

    def flush(self) -> None:
        pass


def _bounded(write, limit: int) -> tuple[bytes, bool]:
    sink = _Lines(limit)
    try:
        write(sink)
    except Exception:
        if not sink.full:
            raise
    return bytes(sink.kept), sink.full


def write_engine_result(res, fmt: str, max_rows: int) -> tuple[bytes, bool]:
    """A pyoxigraph result (solutions, boolean or triples) in ``fmt``; True if rows were cut."""
    if isinstance(res, ox.QueryBoolean):
        return res.serialize(format=ROW_FORMATS[fmt]), False
    if isinstance(res, ox.QuerySolutions):
        tsv, cut = _bounded(lambda sink: res.serialize(sink, ox.QueryResultsFormat.TSV), max_rows + 1)
        return _from_tsv(tsv, fmt), cut
    nt, cut = _bounded(lambda sink: res.serialize(sink, ox.RdfFormat.N_TRIPLES), max_rows)
    return _from_ntriples(nt, fmt), cut


def write_result(result: QueryResult, fmt: str, max_rows: int) -> tuple[bytes, bool]:
    """A store's QueryResult (templates) in ``fmt``, at most ``max_rows`` rows or triples."""
    if result.boolean is not None:
        doc = b'{"head":{},"boolean":%s}' % (b"true" if result.boolean else b"false")
        return ox.parse_query_results(doc, ox.QueryResultsFormat.JSON).serialize(format=ROW_FORMATS[fmt]), False
    if result.triples and not result.columns:
        kept = result.triples[:max_rows]
        return _graph(kept, fmt), len(result.triples) > max_rows
    # pyoxigraph writes each term (str(term) is its N-Triples form); it then parses and writes the format
    lines = ["\t".join(f"?{c}" for c in result.columns)]
    lines += ["\t".join("" if v is None else str(v) for v in row) for row in result.rows[:max_rows]]
    return _from_tsv(("\n".join(lines) + "\n").encode("utf-8"), fmt), len(result.rows) > max_rows


def read_rows(body: bytes) -> QueryResult:
    """A QueryResult from SPARQL JSON results (what a worker answers the CLI)."""
    res = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
    if isinstance(res, ox.QueryBoolean):
        return QueryResult(boolean=bool(res))
    columns = tuple(v.value for v in res.variables)
    return QueryResult(columns=columns, rows=tuple(tuple(s[c] for c in columns) for s in res))


def read_triples(body: bytes) -> QueryResult:
    return QueryResult(triples=tuple(ox.parse(body, ox.RdfFormat.N_TRIPLES)))


def _from_tsv(tsv: bytes, fmt: str) -> bytes:
    if fmt == "tsv":
        return tsv
    return ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV).serialize(format=ROW_FORMATS[fmt])


def _from_ntriples(nt: bytes, fmt: str) -> bytes:
    if fmt == "nt":
        return nt
    return _graph(ox.parse(nt, ox.RdfFormat.N_TRIPLES), fmt)


def _graph(triples, fmt: str) -> bytes:
    prefixes = rdf.PREFIXES if fmt == "ttl" else None
    return ox.serialize(triples, format=GRAPH_FORMATS[fmt], prefixes=prefixes)
