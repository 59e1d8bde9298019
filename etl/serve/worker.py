"""Queries run in worker processes that can be killed: time, rows and memory are bounded.

A worker opens the store itself, caps its address space (RLIMIT_AS), leaves the network
(a network namespace of its own, where the kernel allows one: a second wall behind the
SERVICE refusal) and answers one job at a time over a pipe. The server kills a worker whose
query runs over the time limit or whose client left, and starts a fresh one; a query that
runs out of memory ends its worker, never the server. ``lianghui sparql`` uses one worker.
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import multiprocessing
import os
import resource
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import LianghuiError, ParameterError, StoreError, TemplateError, UsageError
from .guard import Refused

log = logging.getLogger("lianghui.serve")
START_TIMEOUT = 60.0  # seconds for a worker to import and open the store
_STACK = 128 << 20  # parsers recurse: the worker's query thread gets a deep stack


@dataclass(frozen=True)
class Limits:
    """What one query may use. Defaults are the endpoint's; README lists them."""

    timeout: float = 30.0  # seconds per query, waiting for a free worker included
    max_rows: int = 10_000  # rows (or triples) per result; beyond, the result is cut and says so
    memory_mb: int = 2048  # address space of each worker process
    workers: int = 2  # queries running at once


@dataclass(frozen=True)
class Job:
    kind: str  # "sparql" or "template"
    text: str = ""
    name: str = ""
    params: tuple[tuple[str, str], ...] = ()
    wanted: str | None = None  # ?format=
    accept: str | None = None
    max_rows: int = 10_000


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    fmt: str | None = None  # a results format on success, None for a one-line error text
    truncated: bool = False
    headers: dict = field(default_factory=dict)

    @classmethod
    def error(cls, status: int, message: str) -> "Answer":
        return cls(status, (" ".join(message.split())[:500] + "\n").encode("utf-8"))


# --------------------------------------------------------------------------- inside the worker


def _main(conn, location: str | None, templates_dir: str | None, memory_mb: int, isolate: bool) -> None:
    _few_arenas()
    if memory_mb:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = memory_mb << 20 if hard == resource.RLIM_INFINITY else min(memory_mb << 20, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    if isolate:
        _leave_network()
    sys.setrecursionlimit(50_000)
    threading.stack_size(_STACK)
    thread = threading.Thread(target=_serve_jobs, args=(conn, location, templates_dir, memory_mb), daemon=True)
    thread.start()
    thread.join()


def _few_arenas() -> None:
    """glibc reserves 64 MB of address space for each thread's malloc arena: the store's threads
    would put a fresh worker near a small RLIMIT_AS before its first query. Two arenas do."""
    try:
        ctypes.CDLL(None).mallopt(-8, 2)  # M_ARENA_MAX
    except (OSError, AttributeError):
        pass


def _leave_network() -> bool:
    """A network namespace of one's own has no interface up: SERVICE has nowhere to go.
    False where the kernel refuses one (the SERVICE refusal still holds)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        for flags in (0x40000000, 0x40000000 | 0x10000000):  # CLONE_NEWNET, then with CLONE_NEWUSER
            if libc.unshare(flags) == 0:
                return True
    except (OSError, AttributeError):
        pass
    return False


def _serve_jobs(conn, location, templates_dir, memory_mb) -> None:
    from ..store import open_store
    from .guard import check_query

    try:
        store = open_store(location)
        check_query("ASK {}")  # import rdflib's parser now, not in the first query's time
    except Exception as e:  # noqa: BLE001 — reported to the parent, which gives up on this store
        conn.send(("failed", f"{type(e).__name__}: {e}"))
        return
    conn.send(("ready", None))
    # The engine's own abort messages (an allocation that failed, a backtrace) are not for the
    # server's log: the parent logs one line for the query instead.
    os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer = _answer(store, job, templates_dir)
        except MemoryError:
            answer = Answer.error(503, f"the query needed more than the memory limit ({memory_mb} MB)")
        conn.send(answer)


def _answer(store, job: Job, templates_dir: str | None) -> Answer:
    from .results import MEDIA, choose_format, write_engine_result, write_result

    try:
        if job.kind == "template":
            from ..queries import load_templates, query_form, run_template

            templates = load_templates(templates_dir)
            if job.name not in templates:
                return Answer.error(404, "no such template: GET /templates lists them")
            graph = query_form(templates[job.name].text) in ("CONSTRUCT", "DESCRIBE")
            fmt = choose_format(job.accept, job.wanted, graph)
            result = run_template(store, job.name, dict(job.params), templates=templates)
            body, cut = write_result(result, fmt, job.max_rows)
        else:
            from .guard import check_query

            query = check_query(job.text)
            fmt = choose_format(job.accept, job.wanted, query.graph)
            if hasattr(store, "db"):  # a local store: the engine's lazy result, cut early
                body, cut = write_engine_result(_run(store, query.text), fmt, job.max_rows)
            else:
                body, cut = write_result(store.query(query.text), fmt, job.max_rows)
    except Refused as e:
        return Answer.error(e.status, str(e))
    except (ParameterError, UsageError) as e:
        return Answer.error(400, str(e))
    except TemplateError as e:
        return Answer.error(500, str(e))
    except (StoreError, LianghuiError) as e:
        return Answer.error(400, str(e))
    except MemoryError:
        raise
    except Exception as e:  # noqa: BLE001 — one line to the client; the worker keeps serving
        return Answer.error(500, f"the query failed: {type(e).__name__}: {e}")
    headers = {"X-SPARQL-MaxRows": str(job.max_rows)} if cut else {}
    return Answer(200, body, fmt, cut, headers)


def _run(store, text: str):
    """The engine's own lazy result, so the row limit stops evaluation early."""
    try:
        db = store.db()
        # a generation written before the default graph held the union asks for the union
        return db.query(text, use_default_graph_as_union=getattr(store, "_union", False))
    except SyntaxError as e:
        raise Refused(f"SPARQL syntax error: {' '.join(str(e).split())[:300]}") from None


# --------------------------------------------------------------------------- the parent side


class Worker:
    """One worker process and the pipe to it."""

    def __init__(self, location: str | None, templates_dir: str | Path | None, memory_mb: int) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        isolate = not str(location or "").startswith(("sparql+http://", "sparql+https://"))
        self.proc = ctx.Process(
            target=_main,
            args=(child, location, str(templates_dir) if templates_dir else None, memory_mb, isolate),
            daemon=True,
            name="lianghui-query",
        )
        self.proc.start()
        child.close()
        try:
            ready = self.conn.poll(START_TIMEOUT) and self.conn.recv()
        except (EOFError, OSError):
            ready = None
        if not ready or ready[0] != "ready":
            self.kill()
            why = ready[1] if ready else "it did not start"
            raise StoreError(f"a query worker could not open the store ({why})", path=location)

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.conn.close()
        self.proc.join(5)


def run_query(location: str | None, text: str, limits: Limits) -> tuple[bytes, str, bool]:
    """Run one query in a worker (the CLI): (body, format, truncated); json rows or nt triples."""
    worker = Worker(location, None, limits.memory_mb)
    job = Job("sparql", text, accept="application/sparql-results+json, application/n-triples",
              max_rows=limits.max_rows)
    try:
        worker.conn.send(job)
        if not worker.conn.poll(limits.timeout):
            raise Refused(f"the query ran over the time limit ({limits.timeout:g} s): narrow it or raise --timeout")
        try:
            answer = worker.conn.recv()
        except (EOFError, OSError):
            raise Refused(f"the query was stopped: it needed more than {limits.memory_mb} MB") from None
    finally:
        worker.kill()
    if answer.status != 200:
        raise Refused(answer.body.decode("utf-8").strip(), answer.status)
    return answer.body, answer.fmt, answer.truncated


class WorkerPool:
    """``limits.workers`` workers shared by the endpoint's requests (asyncio side)."""

    def __init__(self, location: str | None, templates_dir: str | Path | None, limits: Limits) -> None:
        self.location = location
        self.templates_dir = templates_dir
        self.limits = limits
        self._idle: asyncio.Queue[Worker] = asyncio.Queue()
        self._busy: set[Worker] = set()
        self._tasks: set[asyncio.Task] = set()
        self.restarts = 0

    def _start(self) -> Worker:
        return Worker(self.location, self.templates_dir, self.limits.memory_mb)

    async def start(self) -> None:
        workers = await asyncio.gather(*(asyncio.to_thread(self._start) for _ in range(self.limits.workers)))
        for w in workers:
            self._idle.put_nowait(w)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        workers = list(self._busy)
        while not self._idle.empty():
            workers.append(self._idle.get_nowait())
        await asyncio.gather(*(asyncio.to_thread(w.kill) for w in workers))

    async def run(self, job: Job, gone: asyncio.Future) -> Answer | None:
        """The worker's answer; None if the client left (the query is stopped)."""
        loop = asyncio.get_running_loop()
        timeout = self.limits.timeout
        deadline = loop.time() + timeout
        get = asyncio.ensure_future(self._idle.get())
        done, _ = await asyncio.wait({get, gone}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        if get not in done:
            get.cancel()
            if gone.done():
                return None
            return Answer.error(503, f"busy: no query worker was free within the time limit ({timeout:g} s)")
        worker = get.result()
        if gone.done():
            self._idle.put_nowait(worker)
            return None
        self._busy.add(worker)
        replied = loop.create_future()
        fd = worker.conn.fileno()
        loop.add_reader(fd, lambda: replied.done() or replied.set_result(None))
        try:
            worker.conn.send(job)
            done, _ = await asyncio.wait(
                {replied, gone}, timeout=max(deadline - loop.time(), 0.0), return_when=asyncio.FIRST_COMPLETED
            )
            loop.remove_reader(fd)
            if replied in done:
                try:
                    answer = await asyncio.to_thread(worker.conn.recv)
                except (EOFError, OSError):
                    self._replace(worker)
                    log.warning("a query worker ended (memory limit %d MB); starting another", self.limits.memory_mb)
                    return Answer.error(
                        503, f"the query was stopped: it needed more than the memory limit ({self.limits.memory_mb} MB)"
                    )
                self._busy.discard(worker)
                self._idle.put_nowait(worker)
                return answer
            self._replace(worker)
            if gone.done():
                return None
            log.warning("a query ran over the time limit (%g s); its worker was stopped", timeout)
            return Answer.error(503, f"the query ran over the time limit ({timeout:g} s): add LIMIT or narrow it")
        except BaseException:  # cancelled (shutdown) or a broken pipe: never reuse a worker in doubt
            loop.remove_reader(fd)
            if worker in self._busy:
                self._replace(worker)
            raise

    def _replace(self, worker: Worker) -> None:
        self._busy.discard(worker)
        self.restarts += 1
        task = asyncio.get_running_loop().create_task(self._respawn(worker))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _respawn(self, old: Worker) -> None:
        await asyncio.to_thread(old.kill)
        while True:
            try:
                worker = await asyncio.to_thread(self._start)
            except LianghuiError as e:
                log.error("%s; retrying in 5 s", e)
                await asyncio.sleep(5)
                continue
            self._idle.put_nowait(worker)
            return
