"""Viewer writers: the entity projection (a networkx MultiDiGraph) as GraphML, GEXF,
Cytoscape.js JSON and CSV. Each takes the graph and returns ``{file part: bytes}``
("" for the one file; "nodes"/"edges" for CSV). Nodes and edges keep the graph's
insertion order, which ``projection.to_graph`` sorts.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re

import networkx as nx
from lxml import etree

from .projection import hex_rgb

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
YFILES_NS = "http://www.yworks.com/xml/graphml"
GEXF_NS = "http://www.gexf.net/1.2draft"
GEXF_VIZ_NS = "http://www.gexf.net/1.2draft/viz"

#: Scalar attribute → (GraphML attr.type, GEXF type).
_TYPES = {str: ("string", "string"), int: ("int", "integer"), float: ("double", "double"), bool: ("boolean", "boolean")}


def edge_id(source: str, target: str, key: str) -> str:
    """A stable edge id from its ends and key (not from its position in the file)."""
    return "e" + hashlib.sha256(f"{source}\x1f{target}\x1f{key}".encode()).hexdigest()[:16]


def _scopes(g: nx.MultiDiGraph):
    """("node", attribute dicts of the nodes), then ("edge", those of the edges)."""
    yield "node", (d for _, d in g.nodes(data=True))
    yield "edge", (d for *_, d in g.edges(data=True))


def _attr_types(items) -> dict[str, type]:
    """Attribute name → Python type over all nodes or edges, in first-seen order."""
    found: dict[str, type] = {}
    for data in items:
        for k, v in data.items():
            found.setdefault(k, type(v))
    return found


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value) -> str:
    """A value as XML text (control characters XML cannot hold are dropped)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _XML_INVALID.sub("", str(value))


def display_size(mentions: int) -> float:
    """Node size on screen from the number of mentions: grows with the square root."""
    return round(10 + 6 * math.sqrt(mentions), 2)


def _xml(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --------------------------------------------------------------------------- GraphML


def write_graphml(g: nx.MultiDiGraph) -> dict[str, bytes]:
    """GraphML with typed keys, plus yFiles shapes so yEd shows labels and colours."""
    root = etree.Element(f"{{{GRAPHML_NS}}}graphml", nsmap={None: GRAPHML_NS, "y": YFILES_NS})
    keys = {}
    for scope, items in _scopes(g):
        for name, py in _attr_types(items).items():
            kid = f"{scope[0]}_{name}"
            keys[scope, name] = kid
            etree.SubElement(
                root,
                f"{{{GRAPHML_NS}}}key",
                id=kid,
                attrib={"for": scope, "attr.name": name, "attr.type": _TYPES[py][0]},
            )
    etree.SubElement(root, f"{{{GRAPHML_NS}}}key", id="n_yfiles", attrib={"for": "node", "yfiles.type": "nodegraphics"})
    etree.SubElement(root, f"{{{GRAPHML_NS}}}key", id="e_yfiles", attrib={"for": "edge", "yfiles.type": "edgegraphics"})
    graph = etree.SubElement(root, f"{{{GRAPHML_NS}}}graph", id=g.graph.get("name", "G"), edgedefault="directed")
    columns = max(1, int(math.sqrt(g.number_of_nodes())))
    for i, (node, data) in enumerate(g.nodes(data=True)):
        el = etree.SubElement(graph, f"{{{GRAPHML_NS}}}node", id=node)
        for name, value in data.items():
            etree.SubElement(el, f"{{{GRAPHML_NS}}}data", key=keys["node", name]).text = _text(value)
        _yfiles_node(el, data, x=(i % columns) * 160, y=(i // columns) * 60)
    for source, target, key, data in g.edges(keys=True, data=True):
        el = etree.SubElement(
            graph, f"{{{GRAPHML_NS}}}edge", id=edge_id(source, target, key), source=source, target=target
        )
        for name, value in data.items():
            etree.SubElement(el, f"{{{GRAPHML_NS}}}data", key=keys["edge", name]).text = _text(value)
        shape = etree.SubElement(
            etree.SubElement(el, f"{{{GRAPHML_NS}}}data", key="e_yfiles"), f"{{{YFILES_NS}}}PolyLineEdge"
        )
        etree.SubElement(shape, f"{{{YFILES_NS}}}Arrows", source="none", target="standard")
        etree.SubElement(shape, f"{{{YFILES_NS}}}EdgeLabel").text = _text(data.get("label", ""))
    return {"": _xml(root)}


def _yfiles_node(el, data: dict, x: int, y: int) -> None:
    """yEd's own node graphics: a coloured box with the label, on a grid until laid out."""
    label = _text(data.get("label", ""))
    shape = etree.SubElement(etree.SubElement(el, f"{{{GRAPHML_NS}}}data", key="n_yfiles"), f"{{{YFILES_NS}}}ShapeNode")
    width = 20 + 14 * len(label)
    etree.SubElement(shape, f"{{{YFILES_NS}}}Geometry", x=str(x), y=str(y), width=str(width), height="30")
    etree.SubElement(shape, f"{{{YFILES_NS}}}Fill", color=str(data.get("color", "#cccccc")), transparent="false")
    etree.SubElement(shape, f"{{{YFILES_NS}}}NodeLabel").text = label
    etree.SubElement(shape, f"{{{YFILES_NS}}}Shape", type="roundrectangle")


# --------------------------------------------------------------------------- GEXF


def write_gexf(g: nx.MultiDiGraph) -> dict[str, bytes]:
    """GEXF 1.2 with declared attributes and viz colours and sizes (what Gephi draws)."""
    root = etree.Element(f"{{{GEXF_NS}}}gexf", nsmap={None: GEXF_NS, "viz": GEXF_VIZ_NS}, version="1.2")
    graph = etree.SubElement(root, f"{{{GEXF_NS}}}graph", mode="static", defaultedgetype="directed")
    skip = {"node": {"label"}, "edge": {"label", "weight"}}  # written as XML attributes
    declared = {}
    for scope, items in _scopes(g):
        attrs = etree.SubElement(graph, f"{{{GEXF_NS}}}attributes", attrib={"class": scope, "mode": "static"})
        types = {k: py for k, py in _attr_types(items).items() if k not in skip[scope]}
        declared[scope] = list(types)
        for name, py in types.items():
            etree.SubElement(attrs, f"{{{GEXF_NS}}}attribute", id=name, title=name, type=_TYPES[py][1])
    nodes = etree.SubElement(graph, f"{{{GEXF_NS}}}nodes")
    for node, data in g.nodes(data=True):
        el = etree.SubElement(nodes, f"{{{GEXF_NS}}}node", id=node, label=_text(data.get("label", node)))
        _attvalues(el, data, declared["node"])
        r, gr, b = hex_rgb(data.get("color", "#cccccc"))
        etree.SubElement(el, f"{{{GEXF_VIZ_NS}}}color", r=str(r), g=str(gr), b=str(b), a="1.0")
        etree.SubElement(el, f"{{{GEXF_VIZ_NS}}}size", value=str(display_size(int(data.get("size", 1)))))
    edges = etree.SubElement(graph, f"{{{GEXF_NS}}}edges")
    for source, target, key, data in g.edges(keys=True, data=True):
        el = etree.SubElement(
            edges,
            f"{{{GEXF_NS}}}edge",
            id=edge_id(source, target, key),
            source=source,
            target=target,
            label=_text(data.get("label", "")),
            weight=str(float(data.get("weight", 1))),
        )
        _attvalues(el, data, declared["edge"])
    return {"": _xml(root)}


def _attvalues(el, data: dict, names: list[str]) -> None:
    values = etree.SubElement(el, f"{{{GEXF_NS}}}attvalues")
    for name in names:
        if name in data:
            etree.SubElement(values, f"{{{GEXF_NS}}}attvalue", attrib={"for": name, "value": _text(data[name])})


# --------------------------------------------------------------------------- Cytoscape.js, CSV


def write_cyjs(g: nx.MultiDiGraph) -> dict[str, bytes]:
    """Cytoscape.js elements JSON (Cytoscape desktop imports it as .cyjs): name, interaction."""
    nodes = [{"data": {"id": n, "name": d.get("label", n), **d}} for n, d in g.nodes(data=True)]
    edges = []
    for s, t, k, d in g.edges(keys=True, data=True):
        name = f"{g.nodes[s].get('label', s)} ({d.get('relation', k)}) {g.nodes[t].get('label', t)}"
        edges.append({"data": {"id": edge_id(s, t, k), "source": s, "target": t, "name": name, **d}})
    doc = {
        "format_version": "1.0",
        "generated_by": "lianghui-kg",
        "target_cytoscapejs_version": "~3.0",
        "data": {"name": g.graph.get("name", "G")},
        "elements": {"nodes": nodes, "edges": edges},
    }
    return {"": (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")}


def _csv(header: list[str], rows) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def write_csv(g: nx.MultiDiGraph) -> dict[str, bytes]:
    """Two tables in Gephi's spreadsheet import columns: nodes (Id, Label, …) and edges."""
    extra = [k for k in _attr_types(d for _, d in g.nodes(data=True)) if k != "label"]
    nodes = _csv(
        ["Id", "Label", *extra], ([n, d.get("label", n), *(d.get(k, "") for k in extra)] for n, d in g.nodes(data=True))
    )
    edges = _csv(
        ["Source", "Target", "Type", "Id", "Label", "relation", "Weight"],
        (
            [s, t, "Directed", edge_id(s, t, k), d.get("label", ""), d.get("relation", k), d.get("weight", 1)]
            for s, t, k, d in g.edges(keys=True, data=True)
        ),
    )
    return {"nodes": nodes, "edges": edges}
