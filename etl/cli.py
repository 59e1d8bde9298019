"""The ``lianghui`` command: a thin typer layer over the library.

stdout carries data, stderr progress and logs. Exit codes: 0 ok, 1 failed, 2 usage.
A LianghuiError becomes its one-line message on stderr; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .errors import LianghuiError, UsageError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Knowledge graphs from Chinese government work reports: build, query, export.",
    pretty_exceptions_enable=False,
)
state = {"debug": False}

StoreOpt = Annotated[
    Optional[str],
    typer.Option("--store", "-s", help="Store: a folder (default graphs/store), memory: or sparql+http://HOST:PORT/"),
]


def err(msg: str) -> None:
    typer.echo(msg, err=True)


def handle_errors(fn):
    """Turn library errors into one stderr line and the error's exit code."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except LianghuiError as e:
            if state["debug"]:
                raise
            err(str(e))
            raise typer.Exit(e.exit_code) from None
        except KeyboardInterrupt:
            err("interrupted: nothing was published, the previous graph is intact")
            raise typer.Exit(130) from None

    return wrapper


@app.callback()
def main_options(debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False) -> None:
    state["debug"] = debug


# --------------------------------------------------------------------------- build


@app.command()
@handle_errors
def build(
    paths: Annotated[list[Path], typer.Argument(help="Report files or folders.")],
    store: StoreOpt = None,
    workers: Annotated[Optional[int], typer.Option("--workers", "-w", help="Processes (default: cores).")] = None,
    lexicon: Annotated[Optional[Path], typer.Option(help="Another lexicon.yaml.")] = None,
    no_validate: Annotated[bool, typer.Option("--no-validate", help="Skip SHACL validation.")] = False,
) -> None:
    """Build reports into the store: one named graph per report, published atomically."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .pipeline import build as run_build

    with Progress(
        TextColumn("[bold]extract"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=_stderr_console(),
        transient=True,
    ) as bar:
        task = bar.add_task("", total=None)

        def progress(path: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=Path(path).name)

        report = run_build(paths, store, workers=workers, lexicon_path=lexicon, progress=progress,
                           validate=not no_validate)
    for line in report.failed:
        err(line)
    err(report.summary())
    if report.failed:
        raise typer.Exit(1)


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


# --------------------------------------------------------------------------- extract


@app.command()
@handle_errors
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Report files or folders.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for one annotation file per report.")] = Path(
        "graphs/extract"
    ),
    fmt: Annotated[str, typer.Option("--format", "-f", help="json or yaml")] = "json",
    lexicon: Annotated[Optional[Path], typer.Option(help="Another lexicon.yaml.")] = None,
) -> None:
    """Write gold-schema annotations (../shared/gold/README.md) for each report, no store."""
    from .pipeline import extract_to_files

    if fmt not in ("json", "yaml"):
        raise UsageError(f"unknown format '{fmt}': use json or yaml")
    written, errors = extract_to_files(paths, out, fmt, lexicon)
    for e in errors:
        err(e)
    err(f"{len(written)} annotation file(s) written to {out}" + (f", {len(errors)} failed" if errors else ""))
    if errors:
        raise typer.Exit(1)


# --------------------------------------------------------------------------- evaluate


@app.command()
@handle_errors
def evaluate(
    corpus: Annotated[Path, typer.Argument(help="Folder (or file) of reports.")],
    gold: Annotated[Path, typer.Argument(help="Folder of gold YAML files (same stems).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table",
    per_report: Annotated[bool, typer.Option("--per-report", help="Also show each report's scores.")] = False,
) -> None:
    """Score extraction against gold annotations: precision, recall, F1 per type."""
    from .evaluate import evaluate_corpus, format_scores

    if fmt not in ("table", "json"):
        raise UsageError(f"unknown format '{fmt}': use table or json")
    scores = evaluate_corpus(corpus, gold)
    if fmt == "json":
        typer.echo(json.dumps(scores, ensure_ascii=False, indent=2))
    else:
        typer.echo(format_scores(scores, per_report=per_report))


# --------------------------------------------------------------------------- validate, stats


@app.command()
@handle_errors
def validate(store: StoreOpt = None) -> None:
    """Validate the store against schema/shapes.ttl (SHACL) and list the violations."""
    from .store import open_store
    from .validate import validate_quads

    st = open_store(store)
    violations = validate_quads(st.quads())
    for v in violations:
        typer.echo(str(v))
    err(f"{len(violations)} violation(s) in {len(st)} quads")
    if violations:
        raise typer.Exit(1)


@app.command()
@handle_errors
def stats(
    store: StoreOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table",
) -> None:
    """Counts in the store: reports, triples, entities by type."""
    from .pipeline import store_stats
    from .store import open_store

    s = store_stats(open_store(store))
    if fmt == "json":
        typer.echo(json.dumps(s, ensure_ascii=False, indent=2, sort_keys=True))
        return
    typer.echo(f"reports\t{s['reports']}\ntriples\t{s['triples']}\nquads\t{s['quads']}")
    for k, v in sorted(s["entities"].items()):
        typer.echo(f"{k}\t{v}")


# --------------------------------------------------------------------------- query commands
# (query list|show|run, sparql, serve)


# --------------------------------------------------------------------------- export commands


def main() -> None:
    try:
        app()
    except BrokenPipeError:
        sys.stderr.close()


if __name__ == "__main__":
    main()
