"""The ``lianghui`` command: a thin typer layer over the library.

stdout carries data, stderr progress and logs. Exit codes: 0 ok, 1 failed, 2 usage.
A LianghuiError becomes its one-line message on stderr; ``--debug`` shows the traceback. A
usage error that typer finds (a bad option value, a missing argument) is one line as well:
``error[LH700]: lianghui export: Invalid value for '--format' …``.

Long: one thin function per command, in the order of ``lianghui --help``; each holds only its
options and a call into the library, so splitting them would only scatter the help.
"""

from __future__ import annotations

import functools
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup

from .errors import LianghuiError, UsageError, one_line


class OneLineErrors(TyperGroup):
    """The command group, with typer's usage errors (usage, hint and error: three lines) as one
    line, like every other error. The help that ``no_args_is_help`` prints stays as it is."""

    def main(self, *args, standalone_mode: bool = True, **kwargs):
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            rv = super().main(*args, standalone_mode=False, **kwargs)
        except Exception as e:
            if type(e).__name__ == "Abort":
                typer.echo("aborted", err=True)
                sys.exit(1)
            if not (hasattr(e, "format_message") and hasattr(e, "exit_code")):
                raise
            if type(e).__name__ == "NoArgsIsHelpError":
                e.show()
            else:
                ctx = getattr(e, "ctx", None)
                where, hint = (f"{ctx.command_path}: ", f" (see `{ctx.command_path} --help`)") if ctx else ("", "")
                message = one_line(e.format_message()).replace("Value error, ", "")
                typer.echo(f"error[{UsageError.code}]: {where}{message}{hint}", err=True)
            sys.exit(e.exit_code)
        sys.exit(rv if isinstance(rv, int) else 0)


app = typer.Typer(
    cls=OneLineErrors,
    add_completion=False,
    no_args_is_help=True,
    help="Knowledge graphs from Chinese government work reports: build, query, export.",
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: flags as --x/--no-x, no <bool> type hints
)
state = {"debug": False}

class ResultFormat(StrEnum):
    """How query results are written: aligned text, CSV with a header row, or JSON."""

    table = "table"
    csv = "csv"
    json = "json"


class ReportFormat(StrEnum):
    """How a report (scores, counts, template list) is written."""

    table = "table"
    json = "json"


class AnnotationFormat(StrEnum):
    """How `extract` writes a report's annotation (the gold schema)."""

    json = "json"
    yaml = "yaml"


class ExportFormat(StrEnum):
    """The export formats: RDF, then the entity projection for viewers (``etl.export.FORMATS``)."""

    ttl = "ttl"
    nt = "nt"
    nq = "nq"
    trig = "trig"
    jsonld = "jsonld"
    graphml = "graphml"
    gexf = "gexf"
    cyjs = "cyjs"
    csv = "csv"
    html = "html"


StoreOpt = Annotated[
    Optional[str],
    typer.Option("--store", "-s", metavar="DIR|URL", help="Store: a folder (default graphs/store), memory: or sparql+http://HOST:PORT/"),
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
        except (typer.Exit, typer.Abort, typer.TyperException):  # typer's own usage errors
            raise
        except BrokenPipeError:  # `lianghui query run … | head`: the reader left, not an error
            _silence_stdout()
            raise typer.Exit(0) from None
        except OSError as e:  # a folder that is a file, a full disk …: still one line, no traceback
            if state["debug"]:
                raise
            where = e.filename if e.filename is not None else _where(kwargs)
            err(str(LianghuiError(f"{e.strerror or e}", path=where)))
            raise typer.Exit(1) from None
        except Exception as e:  # a bug: say so on one line; --debug shows the traceback
            if state["debug"]:
                raise
            first = (str(e).strip().splitlines() or [""])[0][:300]
            err(f"error[LH999]: internal error: {type(e).__name__}: {first} (rerun with --debug for the traceback)")
            raise typer.Exit(1) from None

    return wrapper


def _where(options: dict) -> str:
    """What an OSError without a file name was about: the port served, the output, the store."""
    if options.get("port") is not None:
        return f"{options.get('host') or '127.0.0.1'}:{options['port']}"
    for name in ("output", "out"):
        if options.get(name) is not None:
            return str(options[name])
    if "store" in options:
        from .store import DEFAULT_STORE

        return str(options["store"] or DEFAULT_STORE)
    return "(no file)"


def _silence_stdout() -> None:
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


@app.callback()
def main_options(debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False) -> None:
    state["debug"] = debug


# --------------------------------------------------------------------------- build


@app.command()
@handle_errors
def build(
    paths: Annotated[list[Path], typer.Argument(help="Report files or folders.", readable=False)],
    store: StoreOpt = None,
    workers: Annotated[Optional[int], typer.Option("--workers", "-w", help="Processes (default: cores).")] = None,
    lexicon: Annotated[Optional[Path], typer.Option(help="Another lexicon.yaml.")] = None,
    no_validate: Annotated[bool, typer.Option("--no-validate", help="Skip SHACL validation.")] = False,
    executor: Annotated[
        str, typer.Option("--executor", help="local (a process pool) or dask (dask.distributed).")
    ] = "local",
    scheduler: Annotated[
        Optional[str], typer.Option("--scheduler", help="Dask scheduler address (default: a local cluster).")
    ] = None,
    follow_links: Annotated[
        bool, typer.Option("--follow-links", help="Read links in a folder that point outside it (skipped by default).")
    ] = False,
    profile: Annotated[bool, typer.Option("--profile", help="Print the seconds of each build step to stderr.")] = False,
) -> None:
    """Build reports into the store: one named graph per report, published atomically."""
    from .ingest import links_followed
    from .pipeline import build as run_build

    with ProgressBar() as progress, links_followed(follow_links):
        report = run_build(paths, store, workers=workers, lexicon_path=lexicon, progress=progress,
                           validate=not no_validate, executor=executor, scheduler=scheduler)
    for line in [*report.notes, *report.failed]:
        err(line)
    err(report.summary())
    if profile:
        err(report.profile_table())
    if report.failed:  # the other reports were published; exit 1 says some were left out
        raise typer.Exit(1)


class ProgressBar:
    """The extract bar on stderr, shown from the first report extracted on: a build with nothing
    to extract never imports rich (a tenth of a second of its start-up)."""

    def __init__(self) -> None:
        self.bar = self.task = None

    def __call__(self, path: str, done: int, total: int) -> None:
        if self.bar is None:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(TextColumn("[bold]extract"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                TextColumn("{task.description}"), console=_stderr_console(), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("", total=total)
        self.bar.update(self.task, completed=done, total=total, description=Path(path).name)

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


# --------------------------------------------------------------------------- extract


@app.command()
@handle_errors
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Report files or folders.", readable=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for one annotation file per report.")] = Path(
        "graphs/extract"
    ),
    fmt: Annotated[AnnotationFormat, typer.Option("--format", "-f")] = AnnotationFormat.json,
    lexicon: Annotated[Optional[Path], typer.Option(help="Another lexicon.yaml.")] = None,
) -> None:
    """Write gold-schema annotations (../shared/gold/README.md) for each report, no store."""
    from .pipeline import extract_to_files

    written, errors = extract_to_files(paths, out, fmt.value, lexicon)
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
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f")] = ReportFormat.table,
    per_report: Annotated[bool, typer.Option("--per-report", help="Also show each report's scores.")] = False,
) -> None:
    """Score extraction against gold annotations: precision, recall, F1 per type."""
    from .evaluate import evaluate_corpus, format_scores

    scores = evaluate_corpus(corpus, gold)
    if fmt == "json":
        typer.echo(json.dumps(scores, ensure_ascii=False, indent=2))
    else:
        typer.echo(format_scores(scores, per_report=per_report))


# --------------------------------------------------------------------------- validate, stats


@app.command()
@handle_errors
def validate(store: StoreOpt = None) -> None:
    """Validate the store against schema/shapes.ttl (SHACL) and list the violations: each graph
    alone with the types of the nodes it points to, as `lianghui build` does."""
    from .store import open_store
    from .validate import store_graphs, validate_graphs

    st = open_store(store)
    db, graphs = store_graphs(st)
    found = validate_graphs(db, graphs)
    for graph, violations in found.items():
        for v in violations:
            typer.echo(f"<{graph}>\t{v}")
    n = sum(map(len, found.values()))
    err(f"{n} violation(s); {len(found)} of {len(graphs)} graph(s) invalid; {len(st)} quads")
    if found:
        raise typer.Exit(1)


@app.command()
@handle_errors
def stats(
    store: StoreOpt = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f")] = ReportFormat.table,
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
# (query list|show|run, sparql, serve) — thin wrappers over etl.queries and etl.serve

query_app = typer.Typer(no_args_is_help=True, help="Query templates (queries/*.rq): list, show, run.")
app.add_typer(query_app, name="query")
FormatOpt = Annotated[ResultFormat, typer.Option("--format", "-f")]


def _params(pairs: list[str] | None) -> dict[str, str]:
    out = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"parameter '{pair}' is not KEY=VALUE: write -p body=长春市人大常委会")
        out[key.strip()] = value
    return out


@query_app.command("list")
@handle_errors
def query_list(fmt: Annotated[ReportFormat, typer.Option("--format", "-f")] = ReportFormat.table) -> None:
    """The templates with their summaries."""
    from .queries import load_templates

    templates = load_templates()
    if fmt == "json":
        specs = [{"name": n, **t.spec.model_dump(exclude_none=True)} for n, t in sorted(templates.items())]
        typer.echo(json.dumps(specs, ensure_ascii=False, indent=2))
        return
    width = max(map(len, templates), default=0)
    for name, t in sorted(templates.items()):
        typer.echo(f"{name.ljust(width)}  {t.spec.summary}")


@query_app.command("show")
@handle_errors
def query_show(name: Annotated[str, typer.Argument(help="Template name (see `query list`).")]) -> None:
    """A template: its header (parameters, columns), its SPARQL and a ready example command."""
    from .queries import get_template

    t = get_template(name)
    typer.echo(f"# {t.path}\n{t.text.rstrip()}\n\nexample:\n  {t.example_command()}")


@query_app.command("run")
@handle_errors
def query_run(
    name: Annotated[str, typer.Argument(help="Template name (see `query list`).")],
    param: Annotated[Optional[list[str]], typer.Option("--param", "-p", metavar="KEY=VALUE", help="A parameter, repeatable.")] = None,
    fmt: FormatOpt = ResultFormat.table,
    store: StoreOpt = None,
    limit: Annotated[Optional[int], typer.Option("--limit", min=0, help="Rows at most (a page, in the template's order).")] = None,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Rows skipped before the page.")] = 0,
    count: Annotated[bool, typer.Option("--count", help="Print only how many rows there are in all.")] = False,
) -> None:
    """Run a template with parameters bound as RDF terms."""
    from .queries import count_template, format_result, get_template, run_template
    from .store import open_store

    given = _params(param)
    if count:
        typer.echo(count_template(open_store(store), name, given))
        return
    unset = [p.name for p in get_template(name).spec.params if not p.required and p.name not in given]
    result = run_template(open_store(store), name, given, limit=limit, offset=offset)
    format_result(result, fmt, sys.stdout, hide=unset)


@app.command()
@handle_errors
def sparql(
    query: Annotated[str, typer.Argument(help="A SPARQL query, or an existing .rq/.sparql file.")],
    fmt: FormatOpt = ResultFormat.table,
    store: StoreOpt = None,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds before the query is stopped.")] = 300.0,
    max_rows: Annotated[int, typer.Option("--max-rows", min=1, help="Rows (or triples) shown at most.")] = 100_000,
) -> None:
    """Run a SPARQL query (the default graph is the union of the report graphs), in a worker
    process with a time, row and memory limit."""
    from .queries import format_result, read_query
    from .serve.guard import check_shape
    from .serve.results import read_rows, read_triples
    from .serve.worker import Limits, run_query

    limits = Limits(timeout=timeout, max_rows=max_rows, memory_mb=4096)
    body, kind, cut = run_query(store, check_shape(read_query(query)), limits)
    format_result(read_rows(body) if kind == "json" else read_triples(body), fmt, sys.stdout)
    if cut:
        err(f"note: only the first {max_rows} rows are shown; --max-rows shows more")


@app.command()
@handle_errors
def serve(
    host: Annotated[str, typer.Option(help="Address to bind (keep 127.0.0.1 unless behind a proxy).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port (0: any free port).")] = 7879,
    store: StoreOpt = None,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds per query.")] = 30.0,
    max_rows: Annotated[int, typer.Option("--max-rows", min=1, help="Rows (or triples) per result.")] = 10_000,
    memory_mb: Annotated[int, typer.Option("--memory-mb", min=256, help="Memory of each query worker.")] = 2048,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help="Queries run at once.")] = 2,
    quiet: Annotated[bool, typer.Option("--quiet", help="No access log.")] = False,
) -> None:
    """Serve a read-only SPARQL 1.1 endpoint (/sparql), the templates (/templates) and an explorer (/explore)."""
    from .serve import Limits
    from .serve import serve as run_server
    from .store import open_store

    limits = Limits(timeout=timeout, max_rows=max_rows, memory_mb=memory_mb, workers=workers)
    run_server(open_store(store), host, port, quiet=quiet, limits=limits)



# --------------------------------------------------------------------------- export commands
# (export) — a thin wrapper over etl.export.export_command


@app.command("export")
@handle_errors
def export_cli(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="RDF: ttl, nt, nq, trig, jsonld; viewers: graphml, gexf, cyjs, csv, html")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output file (csv: OUT.nodes.csv and OUT.edges.csv).")],
    report: Annotated[
        Optional[str], typer.Option("--report", help="Only this report: IRI, file stem, sha256 or title.")
    ] = None,
    entity: Annotated[
        Optional[str], typer.Option("--entity", "-e", help="Only this entity's neighbourhood: IRI, name or alias.")
    ] = None,
    hops: Annotated[int, typer.Option("--hops", min=0, max=10, help="Neighbourhood radius in edges, 0–10 (with --entity).")] = 1,
    query: Annotated[
        Optional[str],
        typer.Option("--query", "-q", help="This template's result: its pairs as weighted edges (co_mentions, "
                     "compare_*), else the entities it names."),
    ] = None,
    param: Annotated[Optional[list[str]], typer.Option("--param", "-p", help="Template KEY=VALUE, repeatable.")] = None,
    types: Annotated[
        Optional[str],
        typer.Option("--types", help="Node types, e.g. body,person (also law, project, place, meeting, activity, report)"),
    ] = None,
    isolated: Annotated[bool, typer.Option("--isolated", help="Keep nodes without any edge (viewer formats).")] = False,
    excel: Annotated[bool, typer.Option("--excel", help="csv: start with a UTF-8 BOM, so Excel reads Chinese.")] = False,
    store: StoreOpt = None,
) -> None:
    """Export the store, or a selection of it, as RDF or as a graph for viewers (yEd, Gephi, Cytoscape, a browser)."""
    from .export import export_command

    export_command(
        fmt.value, out, store=store, report=report, entity=entity, hops=hops, query=query, params=_params(param), types=types,
        isolated=isolated, excel=excel,
    )



def main() -> None:
    try:
        app()
    except BrokenPipeError:
        sys.stderr.close()


if __name__ == "__main__":
    main()
