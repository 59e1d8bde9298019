"""A read-only SPARQL 1.1 Protocol endpoint and the query templates over HTTP.

    GET  /sparql?query=…                    SPARQL 1.1 Protocol query
    POST /sparql                            query= form, or an application/sparql-query body
    GET  /templates                         the templates (header, parameters) as JSON
    GET  /templates/NAME?param=value        run one template

SELECT/ASK answer as SPARQL JSON (default), CSV or TSV; CONSTRUCT/DESCRIBE as Turtle
(default) or N-Triples — chosen by the Accept header or ``?format=json|csv|tsv|ttl|nt``.
Updates and federated queries (SERVICE) are refused; a bad query is a 400 with the message,
never a crash. Every request asks the store anew, so an OxigraphStore serves a generation
that a build published while the server runs. Standard library only (http.server).
"""

from __future__ import annotations

import io
import json
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox

from . import rdf
from .errors import LianghuiError, ParameterError, StoreError, TemplateError, UsageError
from .queries import format_result, load_templates, query_form, run_sparql, run_template, sparql_words
from .store import QueryResult, Store, open_store

MAX_BODY = 10 * 1024 * 1024
MEDIA = {  # format → media type
    "json": "application/sparql-results+json",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "ttl": "text/turtle; charset=utf-8",
    "nt": "application/n-triples",
}
ACCEPT = {  # media type in an Accept header → format
    "application/sparql-results+json": "json",
    "application/json": "json",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/n-triples": "nt",
    "text/plain": "nt",
}
ROWS, GRAPH = ("json", "csv", "tsv"), ("ttl", "nt")


class HttpError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


# --------------------------------------------------------------------------- formats


def choose_format(accept: str | None, wanted: str | None, graph: bool) -> str:
    """The output format: ``?format=`` first, then the Accept header, else the default."""
    allowed = GRAPH if graph else ROWS
    if wanted:
        if wanted not in allowed:
            raise HttpError(400, f"format '{wanted}' does not fit this result: use {', '.join(allowed)}")
        return wanted
    ranked = []
    for i, part in enumerate((accept or "").split(",")):
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


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != rdf.XSD + "string":
        out["datatype"] = term.datatype.value
    return out


def write_result(result: QueryResult, fmt: str) -> bytes:
    """``result`` in a SPARQL results format (json/csv/tsv) or an RDF format (ttl/nt)."""
    if fmt in GRAPH:
        rdf_format = ox.RdfFormat.TURTLE if fmt == "ttl" else ox.RdfFormat.N_TRIPLES
        prefixes = rdf.PREFIXES if fmt == "ttl" else None
        return ox.serialize(result.triples, format=rdf_format, prefixes=prefixes)
    if fmt == "csv":
        out = io.StringIO()
        format_result(result, "csv", out)
        return out.getvalue().encode("utf-8")
    if fmt == "tsv":
        if result.boolean is not None:
            return f"?boolean\n{str(result.boolean).lower()}\n".encode()
        lines = ["\t".join(f"?{c}" for c in result.columns)]
        lines += ["\t".join("" if v is None else str(v) for v in row) for row in result.rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    if result.boolean is not None:
        doc = {"head": {}, "boolean": result.boolean}
    else:
        bindings = [{c: _json_term(v) for c, v in zip(result.columns, row) if v is not None} for row in result.rows]
        doc = {"head": {"vars": list(result.columns)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


# --------------------------------------------------------------------------- the server


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, store: Store, templates_dir: Path | None = None, quiet: bool = False) -> None:
        self.store = store
        self.templates_dir = templates_dir
        self.quiet = quiet
        super().__init__(address, _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "lianghui-sparql"
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as two writes: don't wait 40 ms

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PUT(self) -> None:
        self._refuse()

    do_DELETE = do_PATCH = do_PUT

    def _refuse(self) -> None:
        self._drain()
        self._send(405, "read-only endpoint: the graph changes only through `lianghui build`\n",
                   headers={"Allow": "GET, POST"})

    def log_message(self, format: str, *args) -> None:
        if not self.server.quiet:
            super().log_message(format, *args)

    # -- routing
    def _dispatch(self, method: str) -> None:
        try:
            url = urllib.parse.urlsplit(self.path)
            args = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
            path = url.path.rstrip("/") or "/"
            if path == "/sparql":
                self._sparql(method, args)
            elif path == "/templates" and method == "GET":
                self._send(200, json.dumps(self._template_list(), ensure_ascii=False, indent=2), "application/json")
            elif path.startswith("/templates/") and method == "GET":
                self._template(urllib.parse.unquote(path[len("/templates/") :]), args)
            elif path == "/" and method == "GET":
                self._send(200, json.dumps({"sparql": "/sparql", "templates": "/templates"}), "application/json")
            else:
                self._drain()
                raise HttpError(404, f"no such resource: {url.path} (try /sparql or /templates)")
        except HttpError as e:
            self._send(e.status, e.message + "\n")
        except (ParameterError, UsageError) as e:
            self._send(400, str(e) + "\n")
        except TemplateError as e:
            self._send(500, str(e) + "\n")
        except StoreError as e:
            self._send(400, str(e) + "\n")
        except LianghuiError as e:
            self._send(500, str(e) + "\n")
        except Exception as e:  # the server keeps serving whatever one request did
            self.log_error("internal error: %r", e)
            self._send(500, f"internal error: {type(e).__name__}: {e}\n")

    def _sparql(self, method: str, args: dict[str, str]) -> None:
        query = args.get("query")
        if method == "POST":
            media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            body = self._body()
            if media == "application/sparql-update":
                raise HttpError(403, "read-only endpoint: SPARQL updates are not accepted")
            if media == "application/x-www-form-urlencoded":
                form = dict(urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
                if "update" in form:
                    raise HttpError(403, "read-only endpoint: SPARQL updates are not accepted")
                query = form.get("query", query)
            elif media == "application/sparql-query":
                query = body.decode("utf-8", "replace")
            else:
                raise HttpError(415, "send query= as a form or an application/sparql-query body")
        if "update" in args:
            raise HttpError(403, "read-only endpoint: SPARQL updates are not accepted")
        if not query or not query.strip():
            raise HttpError(400, "missing query: GET /sparql?query=… or POST a query")
        form = query_form(query)
        if form is None:
            raise HttpError(400, "not a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE); updates are refused")
        if "SERVICE" in sparql_words(query):
            raise HttpError(403, "federated queries (SERVICE) are not allowed on this endpoint")
        graph = form in ("CONSTRUCT", "DESCRIBE")
        fmt = choose_format(self.headers.get("Accept"), args.get("format"), graph)
        self._check_store()
        self._send_result(run_sparql(self.server.store, query), fmt)

    def _template(self, name: str, args: dict[str, str]) -> None:
        templates = load_templates(self.server.templates_dir)
        if name not in templates:
            raise HttpError(404, f"no template named '{name}': GET /templates lists them")
        graph = query_form(templates[name].text) in ("CONSTRUCT", "DESCRIBE")
        fmt = choose_format(self.headers.get("Accept"), args.pop("format", None), graph)
        self._check_store()
        self._send_result(run_template(self.server.store, name, args, templates=templates), fmt)

    def _template_list(self) -> list[dict]:
        out = []
        for name, t in sorted(load_templates(self.server.templates_dir).items()):
            spec = t.spec.model_dump(exclude_none=True)
            example = urllib.parse.urlencode(t.spec.example)
            out.append({"name": name, **spec, "url": f"/templates/{name}" + (f"?{example}" if example else "")})
        return out

    def _check_store(self) -> None:
        exists = getattr(self.server.store, "exists", None)
        if exists is not None and not exists():
            raise HttpError(503, "no graph has been built yet: run `lianghui build PATH`")

    # -- I/O
    def _body(self) -> bytes:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise HttpError(400, "bad Content-Length") from None
        if length > MAX_BODY:
            self.close_connection = True
            raise HttpError(413, f"request body over {MAX_BODY} bytes")
        return self.rfile.read(length) if length > 0 else b""

    def _drain(self) -> None:
        try:
            self._body()
        except HttpError:
            pass

    def _send_result(self, result: QueryResult, fmt: str) -> None:
        self._send(200, write_result(result, fmt), MEDIA[fmt])

    def _send(self, status: int, body: str | bytes, media: str = "text/plain; charset=utf-8", headers=None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)


def make_server(
    store: Store,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    templates_dir: str | Path | None = None,
    quiet: bool = False,
) -> SparqlServer:
    """A server bound to ``host:port`` (port 0: a free one; see ``server.url``), not yet serving."""
    return SparqlServer((host, port), store, Path(templates_dir) if templates_dir else None, quiet)


def serve(
    store: Store | str | None = None,
    host: str = "127.0.0.1",
    port: int = 7879,
    *,
    templates_dir: str | Path | None = None,
    quiet: bool = False,
) -> None:
    """Serve ``store`` (a Store or a ``--store`` value) until interrupted."""
    st = store if hasattr(store, "query") else open_store(store)
    server = make_server(st, host, port, templates_dir=templates_dir, quiet=quiet)
    print(f"SPARQL endpoint {server.url}/sparql, templates {server.url}/templates (read-only; Ctrl-C stops)",
          file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
