"""Running the per-report work: in this process, a local process pool, or dask.distributed.

``run_jobs(work, jobs, …)`` calls ``work(job)`` for every job and yields the ``Extracted``
records as they complete. A worker that dies (a crash, an out-of-memory kill) is named: the
pending reports run again one at a time, so the one that kills its process is found. Workers
exit when the build that started them dies (``die_with_parent``).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from .errors import UsageError, printable

EXECUTORS = ("local", "dask")


@dataclass(frozen=True)
class Extracted:
    """What a worker sends back for one report, ready to cache and to load: texts and bytes
    only, so any executor can carry it."""

    path: str
    sha256: str = ""
    name: str = ""
    json: str = ""
    nquads: str = ""
    union: bytes = b""  # the graph's triples as N-Triples: its share of the union default graph
    iris: tuple[str, ...] = ()  # the entity IRIs the graph names (what merges can touch)
    valid: bool | None = None  # its graph passed the shapes alone (None: not validated)
    error: str | None = None  # one-line message instead of the rest
    seconds: dict[str, float] = field(default_factory=dict)  # extract, serialise, validate


def died(path: str, how: str) -> Extracted:
    return Extracted(path, error=f"error[LH998]: {printable(path)}: {how} while extracting this report")


_WATCHING: list[int] = []


def die_with_parent() -> None:
    """In a worker process: exit when the build that started it dies (kill -9, SIGTERM), so
    no worker outlives its build. Linux asks the kernel (PR_SET_PDEATHSIG); elsewhere a
    thread polls the parent's pid."""
    import multiprocessing  # here, as the pool: a build with nothing to extract needs neither

    if os.getpid() in _WATCHING or threading.current_thread() is not threading.main_thread():
        return
    parent = os.getppid()
    if parent <= 1 or multiprocessing.parent_process() is None:  # not a worker of a pool
        return
    _WATCHING.append(os.getpid())
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(1, signal.SIGKILL, 0, 0, 0) == 0:  # PR_SET_PDEATHSIG = 1
                if os.getppid() != parent:  # it died before the call
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="lianghui-parent-watch", daemon=True).start()


def run_jobs(work: Callable[[tuple], Extracted], jobs: list[tuple], workers: int, executor: str = "local",
             scheduler: str | None = None) -> Iterator[Extracted]:
    """Run ``work`` over ``jobs`` (each job's first item is the report's path), yielding results
    as they complete."""
    if executor not in EXECUTORS:
        raise UsageError(f"unknown executor '{executor}': use one of {', '.join(EXECUTORS)}")
    if executor == "dask":
        yield from _run_dask(work, jobs, workers, scheduler)
    elif workers <= 1 or len(jobs) <= 1:
        yield from map(work, jobs)
    else:
        yield from _run_pool(work, jobs, workers)


def _run_pool(work, jobs: list[tuple], workers: int) -> Iterator[Extracted]:
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    broken = []
    with ProcessPoolExecutor(workers, initializer=die_with_parent) as pool:
        futures = {pool.submit(work, job): job for job in jobs}
        for fut in as_completed(futures):
            job = futures.pop(fut)  # a finished future holds its result: keep none (5,000 reports: 4 GB)
            try:
                yield fut.result()
            except BrokenProcessPool:
                broken.append(job)
    # A worker died and took the pool with it: run each report that was still pending alone,
    # so the one that kills its process is named.
    for job in sorted(broken):
        with ProcessPoolExecutor(1, initializer=die_with_parent) as pool:
            try:
                yield pool.submit(work, job).result()
            except BrokenProcessPool:
                yield died(job[0], "the worker process died (a crash or out of memory)")


def _run_dask(work, jobs: list[tuple], workers: int, scheduler: str | None) -> Iterator[Extracted]:
    """The same per-report work on dask.distributed: the scheduler at ``scheduler``, or a
    LocalCluster of ``workers`` processes on 127.0.0.1. Workers need this package installed
    and the report files at the same paths (a shared file system)."""
    try:
        from distributed import Client, LocalCluster
        from distributed import as_completed as dask_completed
    except ImportError:
        raise UsageError("the dask executor needs dask.distributed: pip install 'lianghui-kg[dask]'") from None
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=None)
        client = Client(cluster)
    try:
        futures = client.map(work, jobs, pure=False)
        paths = {f.key: job[0] for f, job in zip(futures, jobs)}
        for fut in dask_completed(futures):
            try:
                yield fut.result()
            except Exception as e:  # KilledWorker, a lost worker, …
                yield died(paths[fut.key], f"the dask task failed ({type(e).__name__}: {e})")
            fut.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
