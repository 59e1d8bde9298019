"""The explorer: HTML pages over the same read-only store, mounted by ``app.make_app``.

    GET /explore                     search box, most-mentioned entities, reports, templates
    GET /explore/search?q=…          entities whose name or alias contains the text
    GET /explore/entity?iri=…        an entity: facts with their evidence sentences, mentions,
                                     neighbours as a graph (vis-network, shipped by pyvis)
    GET /explore/report/KEY          a report's text, evidence sentences marked (?start=&end=)
    GET /explore/templates[/NAME]    every template as a form: table, chart, CSV/JSON, SPARQL

Every query goes to the worker pool with the endpoint's limits, as SPARQL text built from
terms (pyoxigraph writes them, escaped) or as a template with parameters. Pages are Jinja2
templates with autoescape on and a Content-Security-Policy that allows no inline script:
what the graph says is shown as text, never run.
"""

from __future__ import annotations

import asyncio
import logging
import re
import urllib.parse
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from .. import rdf
from ..errors import LianghuiError
from ..export.html_writer import vis_network_js
from ..queries import concepts, load_templates
from . import explorer_data as data
from .explorer_chart import bar_chart, year_counts
from .results import read_rows
from .worker import Job, Limits, WorkerPool

log = logging.getLogger("lianghui.serve")
PAGES = Path(__file__).resolve().parent / "explorer_templates"
ASSETS = {"explorer.css": "text/css; charset=utf-8", "explorer.js": "text/javascript; charset=utf-8"}
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
KINDS = ("body", "person", "law", "project", "place", "meeting", "role")
MAX_TABLE = 2000  # rows of a template shown on its page (the download has the endpoint's limit)
MAX_NEIGHBOURS = 150


class PageError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@cache
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(PAGES), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(kinds=KINDS, short=short, quote=urllib.parse.quote)
    return env


def short(iri: str) -> str:
    """body:3f2a… for an IRI of a known namespace."""
    for prefix, ns in sorted(rdf.PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def entity_link(iri: str) -> str:
    if data.kind_of(iri) == "report":
        return f"/explore/report/{data.report_key(iri)}"
    return "/explore/entity?" + urllib.parse.urlencode({"iri": iri})


class Explorer:
    """The pages of one endpoint: its store, worker pool and limits."""

    def __init__(self, store, pool: WorkerPool, templates_dir, limits: Limits) -> None:
        self.store = store
        self.pool = pool
        self.templates_dir = templates_dir
        self.limits = limits

    # ------------------------------------------------------------------ asking the pool

    async def ask(self, request: Request, *jobs: Job, cut: list[bool] | None = None):
        """The QueryResults of ``jobs`` (run side by side in the pool); PageError on a failure.
        ``cut`` gets, per job, whether its rows were cut at the row limit."""
        exists = getattr(self.store, "exists", None)
        if exists is not None and not exists():
            raise PageError(503, "no graph has been built yet: run `lianghui build PATH`")
        gone = asyncio.ensure_future(_disconnected(request))
        try:
            answers = await asyncio.gather(*(self.pool.run(job, gone) for job in jobs))
        finally:
            gone.cancel()
        out = []
        for answer in answers:
            if answer is None:
                raise PageError(499, "the client left")
            if answer.status != 200:
                raise PageError(answer.status, answer.body.decode("utf-8", "replace").strip())
            out.append(read_rows(answer.body))
            if cut is not None:
                cut.append(answer.truncated)
        return out

    def sparql(self, text: str, rows: int = data.MAX_FACT_ROWS) -> Job:
        return Job("sparql", text, wanted="json", max_rows=min(rows, self.limits.max_rows))

    def template(self, name: str, params: dict[str, str], rows: int = MAX_TABLE) -> Job:
        return Job("template", name=name, params=tuple(params.items()), wanted="json",
                   max_rows=min(rows, self.limits.max_rows))

    def page(self, name: str, status: int = 200, **context) -> Response:
        body = _env().get_template(name).render(**context)
        return Response(body, status_code=status, media_type="text/html; charset=utf-8", headers=HEADERS)

    # ------------------------------------------------------------------ pages

    async def home(self, request: Request) -> Response:
        top, reports = await self.ask(request, self.template("top_entities", {}, 40), self.template("reports", {}, 500))
        return self.page("home.html", top=[r.asdict() for r in top], reports=[r.asdict() for r in reports],
                         templates=self._templates(), link=entity_link)

    async def search(self, request: Request) -> Response:
        text = " ".join(request.query_params.get("q", "").split())[:100]
        kind = request.query_params.get("kind", "")
        kind = kind if kind in KINDS else ""
        hits: dict[str, dict] = {}
        if text:
            params = {"text": text, **({"kind": kind} if kind else {})}
            (rows,) = await self.ask(request, self.template("label_search", params, 500))
            for r in rows:
                hit = hits.setdefault(r["entity"].value, {"iri": r["entity"].value, "label": r["label"].value,
                                                          "type": data.value(r["type"]), "aliases": []})
                matched = r["matched"].value
                if matched != hit["label"] and matched not in hit["aliases"]:
                    hit["aliases"].append(matched)
        ranked = sorted(hits.values(), key=lambda h: _rank(h, text))
        return self.page("search.html", q=text, kind=kind, hits=ranked, link=entity_link)

    async def entity(self, request: Request) -> Response:
        term = data.iri_term(request.query_params.get("iri", ""))
        if term is None:
            raise PageError(400, "give an entity IRI: /explore/entity?iri=https://w3id.org/lianghui/id/…")
        (about,) = await self.ask(request, self.sparql(data.about_query(term)))
        if not len(about):
            raise PageError(404, f"no entity {term.value} in the store")
        card = _card(term.value, about)
        cut: list[bool] = []
        counts = [self.template("activity_counts", {"body": f"<{term.value}>"})] if card["type"] == "body" else []
        props, evidence, links, *by_year = await self.ask(
            request,
            self.sparql(data.facts_query(term)),
            self.sparql(data.evidence_query(term), data.MAX_EVIDENCE * 4),
            self.template("neighbourhood", {"entity": f"<{term.value}>"}),
            *counts,
            cut=cut,
        )
        facts, own = data.group_facts(term.value, props, evidence)
        names = [card["label"], *card["aliases"]]
        return self.page(
            "entity.html", e=card, facts=facts, own=own, names=names, marked=data.marked, related=self._related(card),
            neighbours=[r.asdict() for r in links][: MAX_NEIGHBOURS * 4], graph=_graph(term.value, card, links),
            link=entity_link, facts_cut=cut[0] or cut[1], chart=_year_chart(by_year[0]) if by_year else "",
        )

    async def report(self, request: Request) -> Response:
        key = request.path_params["key"]
        if not re.fullmatch(r"[0-9a-f]{16}", key):
            raise PageError(404, "no such report")
        term = data.iri_term(f"{rdf.ID}report/{key}")
        about, spans = await self.ask(request, self.sparql(data.report_query(term), 200),
                                      self.sparql(data.report_spans_query(term), 20000))
        if not len(about):
            raise PageError(404, "no such report in the store")
        info = {r["p"].value.rsplit("/", 1)[-1].rsplit("#", 1)[-1]: data.value(r["olabel"]) or data.value(r["o"])
                for r in about}
        focus = _focus(request)
        marks = [(int(r["start"].value), int(r["end"].value), data.value(r["label"]) or short(r["subject"].value))
                 for r in spans]
        path = data.manifest_paths(self.store).get(info.get("sha256", ""))
        text = await asyncio.to_thread(data.source_text, path, info["sha256"]) if path else None
        pieces = data.readable_pieces(text, marks, focus) if text is not None else None
        quotes = sorted({(int(r["start"].value), int(r["end"].value), data.one_line(r["quote"].value))
                         for r in spans})
        return self.page("report.html", info=info, iri=term.value, pieces=pieces, quotes=quotes, focus=focus,
                         source=Path(path).name if text is not None else None)

    async def templates(self, request: Request) -> Response:
        return self.page("templates.html", templates=self._templates())

    async def template_page(self, request: Request) -> Response:
        name = request.path_params["name"]
        found = load_templates(self.templates_dir).get(name)
        if found is None:
            raise PageError(404, f"no template {name}")
        given = {p.name: request.query_params.get(p.name, "").strip() for p in found.spec.params}
        result, error, status = None, None, 200
        if "run" in request.query_params:
            params = {k: v for k, v in given.items() if v}
            try:
                cut: list[bool] = []
                (rows,) = await self.ask(request, self.template(name, params), cut=cut)
                result = _table(rows, params, cut[0])
            except PageError as e:  # a bad parameter: the form again, with the message
                error, status = str(e), e.status
        query = urllib.parse.urlencode({k: v for k, v in given.items() if v})
        return self.page("template.html", status, t=found, given=given, result=result, query=query, error=error,
                         choices={p.name: _choices(p) for p in found.spec.params}, link=entity_link)

    async def asset(self, request: Request) -> Response:
        name = request.path_params["name"]
        headers = {"Cache-Control": "max-age=3600", "X-Content-Type-Options": "nosniff"}
        if name == "vis-network.min.js":
            return Response(_vis(), media_type="text/javascript; charset=utf-8", headers=headers)
        if name not in ASSETS:
            raise PageError(404, "no such file")
        return Response((PAGES / name).read_bytes(), media_type=ASSETS[name], headers=headers)

    def _related(self, card: dict) -> list[tuple[str, str, str]]:
        """(template, summary, URL) of the templates this entity can be the only parameter of."""
        out = []
        for t in self._templates():
            fits = [p for p in t.spec.params if p.type == "entity" and p.kind in (None, card["type"])]
            others = [p for p in t.spec.params if p.required and (not fits or p is not fits[0])]
            if fits and not others:
                query = urllib.parse.urlencode({"run": 1, fits[0].name: card["iri"]})
                out.append((t.name, t.spec.summary, f"/explore/templates/{t.name}?{query}"))
        return out

    def _templates(self) -> list:
        return [t for _, t in sorted(load_templates(self.templates_dir).items())]

    def routes(self) -> list[Route]:
        def wrap(handler):
            async def route(request: Request) -> Response:
                try:
                    return await handler(request)
                except PageError as e:
                    return self.page("error.html", e.status, code=e.status, message=str(e))
                except LianghuiError as e:
                    return self.page("error.html", 400, code=400, message=str(e))
                except Exception as e:  # noqa: BLE001 — one line in the log, the server keeps serving
                    log.error("internal error on %s: %s: %s", request.url.path, type(e).__name__, e)
                    return self.page("error.html", 500, code=500, message=f"internal error: {type(e).__name__}")

            return route

        return [
            Route("/explore", wrap(self.home), methods=["GET"]),
            Route("/explore/", lambda r: RedirectResponse("/explore"), methods=["GET"]),
            Route("/explore/search", wrap(self.search), methods=["GET"]),
            Route("/explore/entity", wrap(self.entity), methods=["GET"]),
            Route("/explore/report/{key}", wrap(self.report), methods=["GET"]),
            Route("/explore/templates", wrap(self.templates), methods=["GET"]),
            Route("/explore/templates/{name}", wrap(self.template_page), methods=["GET"]),
            Route("/explore/assets/{name}", wrap(self.asset), methods=["GET"]),
        ]


def explorer_routes(store, pool: WorkerPool, templates_dir, limits: Limits) -> list[Route]:
    return Explorer(store, pool, templates_dir, limits).routes()


# --------------------------------------------------------------------------- helpers


async def _disconnected(request: Request) -> None:
    while True:
        if (await request.receive())["type"] == "http.disconnect":
            return


@cache
def _vis() -> bytes:
    try:
        return vis_network_js().encode("utf-8")
    except LianghuiError:
        return b"/* vis-network is missing: pip install pyvis */"


def _rank(hit: dict, text: str) -> tuple:
    """The name itself first, then names that start with it, then the shortest names."""
    names = [hit["label"], *hit["aliases"]]
    return (text not in names, not any(n.startswith(text) for n in names), len(hit["label"]), hit["label"])


def _focus(request: Request) -> tuple[int, int] | None:
    start, end = request.query_params.get("start", ""), request.query_params.get("end", "")
    if start.isdigit() and end.isdigit() and int(start) < int(end):
        return int(start), int(end)
    return None


def _card(iri: str, about) -> dict:
    """Label, aliases, types, properties and reports of an entity, from ``about_query`` rows."""
    card = {"iri": iri, "type": data.kind_of(iri), "label": "", "aliases": [], "props": [], "reports": []}
    for r in about:
        p, o = r["p"].value, r["o"]
        if p == rdf.RDFS + "label":
            card["label"] = o.value
        elif p == rdf.SKOS + "altLabel":
            card["aliases"].append(o.value)
        elif p == rdf.LH + "mentionedIn":
            card["reports"].append({"iri": o.value, "title": data.value(r["olabel"]) or short(o.value)})
        elif p != rdf.RDF + "type":
            iri_o = o.value if data.kind_of(getattr(o, "value", "")) else None
            card["props"].append({"name": short(p), "value": data.value(r["olabel"]) or data.value(o), "iri": iri_o})
    card["aliases"].sort()
    card["props"].sort(key=lambda x: (x["name"], x["value"]))
    card["reports"].sort(key=lambda x: x["title"])
    return card


def _graph(iri: str, card: dict, links) -> dict:
    """vis-network nodes and edges: the entity and its labelled neighbours."""
    nodes = {iri: {"id": iri, "label": card["label"], "group": card["type"], "size": 22}}
    edges = {}
    for r in links:
        other = r["other"].value
        if other not in nodes:
            if len(nodes) > MAX_NEIGHBOURS:
                continue
            nodes[other] = {"id": other, "label": r["label"].value[:30], "group": data.value(r["type"]), "size": 12}
        ends = (iri, other) if r["direction"].value == "out" else (other, iri)
        relation = data.value(r["relation"])
        key = (*ends, relation)
        edges.setdefault(key, {"from": ends[0], "to": ends[1], "label": relation.split(":")[-1][:16]})
    return {"nodes": list(nodes.values()), "edges": list(edges.values())}


def _year_chart(rows) -> str:
    """An SVG of a body's activities by year (activity_counts rows), '' when there are none."""
    columns = list(rows.columns)
    what, counts = year_counts(columns, [{c: data.value(v) for c, v in zip(columns, r)} for r in rows], {})
    return bar_chart(what, counts)


def _choices(param) -> list[tuple[str, str]]:
    """(value, label) options of a concept parameter, else []."""
    if param.type != "iri" or not param.scheme:
        return []
    return [(c.notation, " / ".join(dict.fromkeys((c.notation, *c.labels)))) for c in concepts(param.scheme)]


def _table(rows, params: dict[str, str], cut: bool) -> dict:
    """A result as cells (text, link), the chart of its counts by year, and its size."""
    columns = list(rows.columns)
    plain = [{c: data.value(v) for c, v in zip(columns, row)} for row in rows]
    labels = {c: f"{c}_label" if f"{c}_label" in columns else "label" for c in columns}
    cells = []
    for row, text in zip(rows, plain):
        line = []
        for c, v in zip(columns, row):
            iri = v.value if v is not None and data.kind_of(getattr(v, "value", "")) else None
            shown = (text.get(labels[c]) or short(iri)) if iri else text[c]
            line.append({"text": shown, "link": entity_link(iri) if iri else None})
        cells.append(line)
    what, counts = year_counts(columns, plain, params)
    return {"columns": columns, "rows": cells, "count": len(cells), "chart": bar_chart(what, counts),
            "cut": cut}
