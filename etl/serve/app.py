"""The endpoint's routes: a Starlette application built by ``make_app``.

    GET  /sparql?query=…              SPARQL 1.1 Protocol query
    POST /sparql                      query= form, or an application/sparql-query body
    GET  /templates                   the templates (header, parameters) as JSON
    GET  /templates/NAME?param=value  run one template (&limit=N&offset=M: a page in the template's
                                      order; &count=true: only the total, one row `total`)
    GET  /explore…                    the explorer's HTML pages (``explorer``); / sends a browser there

The routes are listed in one place, at the end of ``make_app``: an HTML explorer adds its
own there. Queries run in the worker pool (``worker``); this process reads requests, checks
the cheap limits (size, nesting) and writes answers.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import urllib.parse
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from ..errors import LianghuiError, ParameterError, UsageError
from ..queries import load_templates
from .explorer import explorer_routes
from .guard import Refused, check_shape
from .results import MEDIA
from .worker import Answer, Job, Limits, WorkerPool

log = logging.getLogger("lianghui.serve")
MAX_BODY = 1 << 20  # bytes of a POSTed query
BODY_TIMEOUT = 10.0  # seconds to send a request body
UPDATE_REFUSED = "read-only endpoint: SPARQL updates are not accepted"


class HttpError(Exception):
    def __init__(self, status: int, message: str, headers: dict | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


def make_app(store, *, templates_dir: str | Path | None = None, limits: Limits = Limits()) -> Starlette:
    """The endpoint for ``store`` (a Store with a ``location`` a worker can open).

    Long: the handlers are closures over this app's pool and limits, listed together so that
    the route table at the end reads as the whole endpoint."""
    pool = WorkerPool(getattr(store, "location", None), templates_dir, limits)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await pool.start()
        try:
            yield
        finally:
            await pool.close()

    @_answers_errors
    async def sparql(request: Request) -> Response:
        args = request.query_params
        if "update" in args:
            raise HttpError(403, UPDATE_REFUSED)
        query = args.get("query")
        if request.method == "POST":
            media = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if media == "application/sparql-update":
                raise HttpError(403, UPDATE_REFUSED)
            if media not in ("application/x-www-form-urlencoded", "application/sparql-query"):
                raise HttpError(415, "send query= as a form or an application/sparql-query body")
            text = (await _body(request)).decode("utf-8", "replace")
            if media == "application/sparql-query":
                query = text
            else:
                form = dict(urllib.parse.parse_qsl(text, keep_blank_values=True))
                if "update" in form:
                    raise HttpError(403, UPDATE_REFUSED)
                query = form.get("query", query)
        check_shape(query or "")  # size and nesting here; the worker parses
        return await _run(request, Job("sparql", query, wanted=args.get("format"),
                                       accept=request.headers.get("accept"), max_rows=limits.max_rows))

    @_answers_errors
    async def template(request: Request) -> Response:
        name = request.path_params["name"]
        templates = load_templates(templates_dir)
        if name not in templates:
            raise HttpError(404, "no such template: GET /templates lists them")
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "format"]
        return await _run(request, Job("template", name=name, params=tuple(params),
                                       wanted=request.query_params.get("format"),
                                       accept=request.headers.get("accept"), max_rows=limits.max_rows))

    @_answers_errors
    async def template_list(request: Request) -> Response:
        out = []
        for name, t in sorted(load_templates(templates_dir).items()):
            spec = t.spec.model_dump(exclude_none=True)
            example = urllib.parse.urlencode(t.spec.example)
            out.append({"name": name, **spec, "url": f"/templates/{name}" + (f"?{example}" if example else "")})
        return Response(json.dumps(out, ensure_ascii=False, indent=2), media_type="application/json")

    async def index(request: Request) -> Response:
        if "text/html" in request.headers.get("accept", ""):  # a browser: the explorer
            return RedirectResponse("/explore", status_code=303)
        return JSONResponse({"sparql": "/sparql", "templates": "/templates", "explore": "/explore"})

    async def _run(request: Request, job: Job) -> Response:
        exists = getattr(store, "exists", None)
        if exists is not None and not exists():
            raise HttpError(503, "no graph has been built yet: run `lianghui build PATH`")
        gone = asyncio.ensure_future(_disconnected(request))
        try:
            answer = await pool.run(job, gone)
        finally:
            gone.cancel()
        if answer is None:  # the client left; nobody reads an answer
            return Response(status_code=499)
        return _response(answer)

    routes = [
        Route("/", index, methods=["GET"]),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/templates", template_list, methods=["GET"]),
        Route("/templates/{name}", template, methods=["GET"]),
        *explorer_routes(store, pool, templates_dir, limits),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={HTTPException: _starlette_error})
    app.state.pool = pool
    return app


async def _body(request: Request) -> bytes:
    """The request body, refused over MAX_BODY bytes or BODY_TIMEOUT seconds (chunked or not)."""
    length = request.headers.get("content-length")  # h11 has refused a malformed one already
    if length is not None and length.isdigit() and int(length) > MAX_BODY:
        raise HttpError(413, f"request body over {MAX_BODY} bytes", {"Connection": "close"})

    async def read() -> bytes:
        data = bytearray()
        async for chunk in request.stream():
            data += chunk
            if len(data) > MAX_BODY:
                raise HttpError(413, f"request body over {MAX_BODY} bytes", {"Connection": "close"})
        return bytes(data)

    try:
        return await asyncio.wait_for(read(), BODY_TIMEOUT)
    except asyncio.TimeoutError:
        raise HttpError(408, f"the request body took over {BODY_TIMEOUT:g} s", {"Connection": "close"}) from None


async def _disconnected(request: Request) -> None:
    """Returns when the client closes the connection (the body has been read by then)."""
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            return


def _response(answer: Answer) -> Response:
    if answer.fmt is None:
        return PlainTextResponse(answer.body, status_code=answer.status)
    return Response(answer.body, status_code=answer.status, media_type=MEDIA[answer.fmt], headers=answer.headers)


def _answers_errors(route):
    """Every failure becomes a one-line text answer; the server logs one line, no traceback."""

    @functools.wraps(route)
    async def wrapper(request: Request) -> Response:
        try:
            return await route(request)
        except HttpError as e:
            return PlainTextResponse(e.message + "\n", status_code=e.status, headers=e.headers)
        except Refused as e:
            return PlainTextResponse(str(e) + "\n", status_code=e.status)
        except (ParameterError, UsageError) as e:
            return PlainTextResponse(str(e) + "\n", status_code=400)
        except LianghuiError as e:  # a broken template, a store that cannot be read
            return PlainTextResponse(str(e) + "\n", status_code=500)
        except Exception as e:  # noqa: BLE001 — the server keeps serving whatever one request did
            log.error("internal error on %s: %s: %s", request.url.path, type(e).__name__, e)
            return PlainTextResponse(f"internal error: {type(e).__name__}\n", status_code=500)

    return wrapper


async def _starlette_error(request: Request, exc: HTTPException) -> Response:
    if exc.status_code == 404:
        return PlainTextResponse("no such resource (try /sparql or /templates)\n", status_code=404)
    if exc.status_code == 405:
        message = "read-only endpoint: the graph changes only through `lianghui build`"
        return PlainTextResponse(message + "\n", status_code=405, headers=exc.headers)
    return PlainTextResponse(f"{exc.detail}\n", status_code=exc.status_code, headers=exc.headers)
