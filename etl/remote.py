"""``RemoteStore``: the Store protocol over HTTP, for an external SPARQL 1.1 server.

``sparql+http://HOST:PORT/PATH`` names the server; the endpoints are ``PATH/query``,
``PATH/update`` and ``PATH/store`` (Oxigraph server's layout). Other servers name theirs in
the query string, e.g. Fuseki: ``sparql+http://HOST:3030/ds/?store=data``.

* publish: each report graph is PUT with the Graph Store Protocol, then graphs the server
  holds but the build no longer wants are DELETEd (named graphs only; the default graph
  is left alone).
* query: SPARQL 1.1 Protocol (POST ``application/sparql-query``); results as
  ``application/sparql-results+json`` or N-Triples, parsed into pyoxigraph terms. HTTP has
  no parameter binding: bindings become a VALUES block, written from terms serialised by
  pyoxigraph, at the start of the query's WHERE group. Oxigraph reads the default graph as
  the union of the named graphs (``union-default-graph``), as the local stores do.

Only the standard library speaks HTTP; every failure is a StoreError naming the URL.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from typing import IO

import pyoxigraph as ox

from .errors import StoreError
from .memory import SingleVersion, staged
from .publisher import GraphSource
from .query_result import QueryResult, Term, result_of
from .sparql import with_values

TIMEOUT = 120  # seconds per request
_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


class RemoteStore(SingleVersion):
    """A SPARQL 1.1 server (query + update + Graph Store Protocol) as a Store."""

    def __init__(self, url: str, timeout: float = TIMEOUT) -> None:
        if not url.startswith(("sparql+http://", "sparql+https://")):
            raise StoreError("a remote store URL starts with sparql+http:// or sparql+https://", path=url)
        self.location = url
        self.timeout = timeout
        parts = urllib.parse.urlsplit(url[len("sparql+") :])
        options = dict(urllib.parse.parse_qsl(parts.query))
        base = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))
        self.query_url = f"{base}/{options.get('query', 'query').lstrip('/')}"
        self.update_url = f"{base}/{options.get('update', 'update').lstrip('/')}"
        self.store_url = f"{base}/{options.get('store', 'store').lstrip('/')}"
        self.union = options.get("union", "1") != "0"
        local = parts.hostname in ("127.0.0.1", "localhost", "::1")
        # never send loopback traffic through an HTTP proxy from the environment
        handlers = [urllib.request.ProxyHandler({})] if local else []
        self._opener = urllib.request.build_opener(*handlers)

    # -- HTTP
    def _request(self, method: str, url: str, data: bytes | None = None, headers=None) -> tuple[bytes, str]:
        req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
        try:
            with self._opener.open(req, timeout=self.timeout) as resp:
                return resp.read(), resp.headers.get("Content-Type", "")
        except urllib.error.HTTPError as e:
            detail = " ".join(e.read().decode("utf-8", "replace").split())[:300]
            raise StoreError(f"{method} failed with HTTP {e.code}: {detail or e.reason}", path=url) from None
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise StoreError(f"cannot reach the SPARQL server ({reason}); is it running?", path=url) from None

    def _graph_url(self, graph: str) -> str:
        return f"{self.store_url}?graph={urllib.parse.quote(graph, safe='')}"

    # -- writing
    def publish(self, graphs: Mapping[str, str | GraphSource], validate=None, preload=None, timing=None) -> None:
        """Make the server hold exactly ``graphs`` (graph IRI → N-Quads text) as named graphs,
        validated (``store.staged``) before anything is sent."""
        _, db = staged(graphs, validate)
        by_graph: dict[str, list[ox.Triple]] = {}
        for q in db:
            if isinstance(q.graph_name, ox.NamedNode):  # the default graph is left alone
                by_graph.setdefault(q.graph_name.value, []).append(ox.Triple(q.subject, q.predicate, q.object))
        stale = self.graph_iris() - set(by_graph)
        for graph in sorted(by_graph):
            body = ox.serialize(by_graph[graph], format=ox.RdfFormat.N_TRIPLES)
            self._request("PUT", self._graph_url(graph), body, {"Content-Type": "application/n-triples"})
        for graph in sorted(stale):
            self._request("DELETE", self._graph_url(graph))

    # -- reading
    def graph_iris(self) -> set[str]:
        return {row[0].value for row in self.query(_GRAPHS).rows}

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        if bindings:
            sparql = with_values(sparql, bindings)
        url = self.query_url + ("?union-default-graph" if self.union else "")
        headers = {
            "Content-Type": "application/sparql-query; charset=utf-8",
            "Accept": "application/sparql-results+json, application/n-triples;q=0.9",
        }
        body, content_type = self._request("POST", url, sparql.encode("utf-8"), headers)
        try:
            if content_type.startswith("application/n-triples"):
                triples = ox.parse(body, ox.RdfFormat.N_TRIPLES)
                return QueryResult(triples=tuple(ox.Triple(q.subject, q.predicate, q.object) for q in triples))
            return result_of(ox.parse_query_results(body, ox.QueryResultsFormat.JSON))
        except (SyntaxError, ValueError) as e:
            raise StoreError(f"cannot read the server's answer ({content_type}: {e})", path=url) from None

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        if graph is not None:
            body, _ = self._request("GET", self._graph_url(graph), headers={"Accept": "application/n-triples"})
            name = ox.NamedNode(graph)
            return (ox.Quad(q.subject, q.predicate, q.object, name) for q in ox.parse(body, ox.RdfFormat.N_TRIPLES))
        body, _ = self._request("GET", self.store_url, headers={"Accept": "application/n-quads"})
        return (q for q in ox.parse(body, ox.RdfFormat.N_QUADS) if not isinstance(q.graph_name, ox.DefaultGraph))

    def dump(self, out: IO[bytes], fmt: ox.RdfFormat, graph: str | None = None, prefixes=None) -> None:
        db = ox.Store()
        db.bulk_extend(self.quads(graph))
        kwargs = {"prefixes": dict(prefixes)} if prefixes and fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else {}
        if fmt.supports_datasets:
            db.dump(out, fmt, **kwargs)
            return
        if graph is not None:
            db.dump(out, fmt, from_graph=ox.NamedNode(graph), **kwargs)
            return
        union = ox.Store()  # triples formats: the union of all graphs, deduplicated
        union.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in db)
        union.dump(out, fmt, from_graph=ox.DefaultGraph(), **kwargs)

    def __len__(self) -> int:
        return int(self.query(_COUNT).rows[0][0].value)
