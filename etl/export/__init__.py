"""Exports: the store (or a selection) as RDF files or as graphs for viewers.

A registry of small writers keyed by format name (``FORMATS``):

* RDF — ``ttl``, ``nt`` (all graphs merged), ``nq``, ``trig``, ``jsonld`` (one graph per
  report; compacted against an ``@context``): serialise quads, every prefix of
  ``etl.rdf.PREFIXES`` declared.
* viewers — ``graphml`` (yEd markup; Gephi, igraph), ``gexf`` (networkx's writer; Gephi),
  ``cyjs`` (``networkx.cytoscape_data``; Cytoscape), ``csv`` (two files for Gephi's
  spreadsheet import: ``X.nodes.csv``, ``X.edges.csv``; a BOM for Excel on request), ``html``
  (one offline page drawn by vis-network): serialise the entity projection, ``to_networkx``,
  or a template's rows as weighted pairs (``query_edges``).

Files are written to a temporary name and moved into place, so a failed export never
leaves half a file. The same graph always gives byte-identical files.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from ..files import write_atomically
from .graph import to_graph
from .graph_writers import write_csv, write_cyjs, write_gexf, write_graphml
from .html_writer import write_html
from .projection import ENTITY_KINDS, NODE_TYPES
from .query_edges import query_graph
from .rdf_writers import RDF_WRITERS, selected_quads, write_everything
from .selection import ExportUsageError, Selection, parse_types, select


@dataclass(frozen=True)
class Writer:
    name: str
    kind: str  # "rdf": quads → (bytes, count); "graph": networkx graph → {file part: bytes}
    write: Callable
    description: str


FORMATS: dict[str, Writer] = {
    **{name: Writer(name, "rdf", fn, desc) for name, (fn, desc) in RDF_WRITERS.items()},
    "graphml": Writer("graphml", "graph", write_graphml, "GraphML for yEd, Gephi, igraph, networkx"),
    "gexf": Writer("gexf", "graph", write_gexf, "GEXF 1.2 with colours and sizes for Gephi"),
    "cyjs": Writer("cyjs", "graph", write_cyjs, "Cytoscape.js JSON (Cytoscape desktop: .cyjs)"),
    "csv": Writer("csv", "graph", write_csv, "nodes and edges tables for Gephi's spreadsheet import"),
    "html": Writer("html", "graph", write_html, "one self-contained page with a force layout"),
}


@dataclass(frozen=True)
class ExportStats:
    format: str
    files: tuple[str, ...]
    nodes: int = 0
    edges: int = 0
    triples: int = 0  # triples (ttl, nt) or quads (nq, trig, jsonld)

    def summary(self) -> str:
        if FORMATS[self.format].kind == "rdf":
            what = f"{self.triples} {'quads' if self.format in ('nq', 'trig', 'jsonld') else 'triples'}"
        else:
            what = f"{self.nodes} nodes, {self.edges} edges"
        return f"exported {what} as {self.format} to {', '.join(self.files)}"


def to_networkx(
    store,
    selection: Selection | None = None,
    *,
    activities: bool = False,
    reports: bool = True,
    isolated: bool = False,
) -> nx.MultiDiGraph:
    """The entity projection of ``selection`` (DESIGN.md §5) as a networkx MultiDiGraph.

    Nodes are entity IRIs (bodies, people, laws, projects, places, meetings, and the reports
    naming them; activities with the flag; or ``selection.types``) with scalar attributes
    ``label``, ``type``, ``type_label``, ``color`` (hex) and ``r``/``g``/``b``, ``mentions``
    (evidence sentences), ``size`` (a drawing size, 10–60 on a log scale of mentions),
    ``reports``, ``iri`` (reports: ``year``). Edges are keyed ``"relation:label"``, one per
    relation between two nodes, with ``relation``, ``interaction`` (= relation), ``label``
    (e.g. the post title) and ``weight`` (supporting evidence or reports). Every entity is
    linked to the report naming it (``mentioned_in``; ``named_by`` its issuing body when
    reports are not nodes); nodes left without an edge are dropped unless ``isolated``.
    """
    result = None
    if selection is not None and selection.query:
        from .. import queries

        result = queries.run_template(store, selection.query, selection.params)
        pairs = query_graph(store, selection, result)
        if pairs is not None:
            return pairs
    proj = select(store, selection, activities=activities, reports=reports, query_result=result)
    return to_graph(proj, isolated=isolated, keep=proj.seeds)


def writer(fmt: str) -> Writer:
    try:
        return FORMATS[fmt]
    except KeyError:
        raise ExportUsageError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}") from None


def output_paths(fmt: str, out: Path, parts: Iterable[str]) -> dict[str, Path]:
    """Where each part goes: ``out`` itself, or ``stem.nodes.csv`` / ``stem.edges.csv``."""
    stem = out.name[: -len(".csv")] if fmt == "csv" and out.name.endswith(".csv") else out.name
    return {part: out if not part else out.with_name(f"{stem}.{part}.{fmt}") for part in parts}


def title_of(selection: Selection | None) -> str:
    sel = selection or Selection()
    parts = [f"{k}={v}" for k, v in (("report", sel.report), ("entity", sel.entity), ("query", sel.query)) if v]
    if sel.entity:
        parts.append(f"hops={sel.hops}")
    if sel.types:
        parts.append("types: " + ", ".join(t for t in NODE_TYPES if t in sel.types))
    return "lianghui-kg" + (" — " + " ".join(parts) if parts else "")


def export(
    store,
    fmt: str,
    out_path: str | Path,
    selection: Selection | None = None,
    *,
    isolated: bool = False,
    excel: bool = False,
) -> ExportStats:
    """Write ``selection`` of ``store`` (default: everything) to ``out_path`` as ``fmt``.

    Viewer formats leave out nodes without an edge unless ``isolated``; ``excel`` starts the
    CSV files with a UTF-8 byte order mark, so Excel reads the Chinese right."""
    w = writer(fmt)
    out = Path(out_path)
    if w.kind == "rdf":
        whole = (selection is None or selection.is_everything) and hasattr(store, "dump")
        data, n = (whole and write_everything(store, fmt)) or w.write(selected_quads(store, selection))
        write_atomically({out: data})
        return ExportStats(fmt, (str(out),), triples=n)
    g = to_networkx(store, selection, isolated=isolated)
    if fmt == "html":
        parts = w.write(g, title_of(selection))
    elif fmt == "csv":
        parts = w.write(g, bom=excel)
    else:
        parts = w.write(g)
    paths = output_paths(fmt, out, parts)
    write_atomically({paths[p]: data for p, data in parts.items()})
    return ExportStats(fmt, tuple(str(paths[p]) for p in parts), nodes=g.number_of_nodes(), edges=g.number_of_edges())


def export_command(
    fmt: str,
    out: str | Path,
    store: str | None = None,
    report: str | None = None,
    entity: str | None = None,
    hops: int = 1,
    query: str | None = None,
    params: Mapping[str, str] | None = None,
    types: str | None = None,
    isolated: bool = False,
    excel: bool = False,
) -> ExportStats:
    """What ``lianghui export`` does: open the store, export, one summary line on stderr."""
    from ..store import open_store

    writer(fmt)  # an unknown format fails before the store is opened
    if hops < 0:
        raise ExportUsageError(f"--hops {hops}: use 0 or more")
    selection = Selection(
        report=report, entity=entity, hops=hops, query=query, params=dict(params or {}), types=parse_types(types)
    )
    if excel and fmt != "csv":
        raise ExportUsageError(f"--excel is for --format csv, not {fmt}")
    stats = export(open_store(store), fmt, out, selection, isolated=isolated, excel=excel)
    print(stats.summary(), file=sys.stderr)
    return stats


__all__ = [
    "ENTITY_KINDS",
    "FORMATS",
    "NODE_TYPES",
    "ExportStats",
    "ExportUsageError",
    "Selection",
    "Writer",
    "export",
    "export_command",
    "to_networkx",
]
