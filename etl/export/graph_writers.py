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

from .graph import hex_rgb

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
YFILES_NS = "http://www.yworks.com/xml/graphml"

#: Scalar attribute → GraphML attr.type.
_TYPES = {str: "string", int: "int", float: "double", bool: "boolean"}


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
                attrib={"for": scope, "attr.name": name, "attr.type": _TYPES[py]},
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


# --------------------------------------------------------------------------- GEXF, Cytoscape.js


def write_gexf(g: nx.MultiDiGraph) -> dict[str, bytes]:
    """GEXF 1.2 by networkx's writer, with viz colours and sizes (what Gephi draws)."""
    h = nx.MultiDiGraph(name=g.graph.get("name", "G"))
    for node, data in g.nodes(data=True):
        r, gr, b = hex_rgb(data.get("color", "#cccccc"))
        h.add_node(node, **data, viz={"color": {"r": r, "g": gr, "b": b, "a": 1.0}, "size": data.get("size", 10.0)})
    for source, target, key, data in g.edges(keys=True, data=True):
        h.add_edge(source, target, key=key, id=edge_id(source, target, key), **data)
    writer = nx.readwrite.gexf.GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.xml.find("meta").attrib.pop("lastmodifieddate", None)  # same graph, same bytes, any day
    writer.add_graph(h)
    buf = io.BytesIO()
    writer.write(buf)
    return {"": buf.getvalue()}


def write_cyjs(g: nx.MultiDiGraph) -> dict[str, bytes]:
    """Cytoscape.js JSON by ``networkx.cytoscape_data`` (so ``networkx.cytoscape_graph`` reads
    it back): ``data.value`` the node, ``name`` its label, ``interaction`` the relation;
    stable edge ids; Cytoscape desktop imports it as .cyjs."""
    h = nx.MultiDiGraph(g)
    for s, t, k, d in h.edges(keys=True, data=True):
        d["id"] = edge_id(s, t, k)
        d["name"] = f"{g.nodes[s].get('label', s)} ({d.get('relation', k)}) {g.nodes[t].get('label', t)}"
    doc = nx.cytoscape_data(h, name="label", ident="iri")
    # networkx gives the graph's data as [key, value] pairs; Cytoscape wants an object (and
    # cytoscape_graph reads either)
    doc["data"] = dict(doc["data"])
    doc.update(format_version="1.0", generated_by="lianghui-kg", target_cytoscapejs_version="~3.0")
    return {"": (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")}


def _csv(header: list[str], rows) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def write_csv(g: nx.MultiDiGraph, bom: bool = False) -> dict[str, bytes]:
    """Two tables in Gephi's spreadsheet import columns: nodes (Id, Label, …) and edges;
    ``bom`` starts each with a UTF-8 byte order mark, which Excel needs to read UTF-8."""
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
    mark = b"\xef\xbb\xbf" if bom else b""
    return {"nodes": mark + nodes, "edges": mark + edges}
