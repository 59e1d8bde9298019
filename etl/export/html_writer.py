"""The HTML export: one self-contained file a browser opens offline.

``viewer.html`` (next to this module) holds the page: search, filters by type, relation,
report and year, a detail panel, and the core of the graph drawn first (the nodes with most
links). Drawing and layout are vis-network's, whose script ships in the ``pyvis`` package
and is inlined here: no CDN, no request; the graph is embedded as JSON in the page.
"""

from __future__ import annotations

import html
import json
from importlib import resources

import networkx as nx

from .projection import GLOSS, NODE_TYPES, TYPE_STYLE
from .selection import ExportUsageError

#: vis-network as the pyvis distribution ships it (read as a file: pyvis is not imported).
VIS_NETWORK = ("pyvis", "lib/vis-9.1.2/vis-network.min.js")
#: How many nodes the first screen shows (the rest through the slider, search and expand).
CORE_NODES = 150


def _template() -> str:
    return resources.files(__package__).joinpath("viewer.html").read_text(encoding="utf-8")


def vis_network_js() -> str:
    package, path = VIS_NETWORK
    try:
        script = resources.files(package).joinpath(path).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        raise ExportUsageError(
            f"the HTML view needs vis-network from the {package} package: pip install {package}"
        ) from None
    return script.replace("</script", "<\\/script")


def graph_data(g: nx.MultiDiGraph, title: str) -> dict:
    """The compact graph the page reads: nodes, edges by node index, the legends."""
    index = {n: i for i, n in enumerate(g.nodes)}
    nodes = []
    for n, d in g.nodes(data=True):
        node = {
            "iri": d.get("iri", n),
            "label": d.get("label", n),
            "type": d.get("type", ""),
            "type_label": d.get("type_label", d.get("type", "")),
            "color": d.get("color", "#999999"),
            "mentions": d.get("mentions", 0),
        }
        if "year" in d:
            node["year"] = d["year"]
        nodes.append(node)
    edges = [
        {
            "s": index[s],
            "t": index[t],
            "label": d.get("label", ""),
            "relation": d.get("relation", k),
            "weight": d.get("weight", 1),
        }
        for s, t, k, d in g.edges(keys=True, data=True)
    ]
    counts: dict[str, int] = {}
    for n in nodes:
        counts[n["type"]] = counts.get(n["type"], 0) + 1
    order = [t for t in NODE_TYPES if t in counts] + sorted(set(counts) - set(NODE_TYPES))
    types = [
        {
            "type": t,
            "label": TYPE_STYLE.get(t, (t, ""))[0],
            "color": TYPE_STYLE.get(t, ("", "#999999"))[1],
            "count": counts[t],
        }
        for t in order
    ]
    rel_counts: dict[str, int] = {}
    rel_label: dict[str, str] = {}
    for e in edges:
        rel_counts[e["relation"]] = rel_counts.get(e["relation"], 0) + 1
        rel_label.setdefault(e["relation"], GLOSS.get(e["relation"], e["label"]))
    relations = [
        {"relation": r, "label": f"{rel_label[r]} {r}", "count": c}
        for r, c in sorted(rel_counts.items(), key=lambda rc: (-rc[1], rc[0]))
    ]
    return {"title": title, "core": CORE_NODES, "nodes": nodes, "edges": edges, "types": types, "relations": relations}


def write_html(g: nx.MultiDiGraph, title: str = "lianghui-kg") -> dict[str, bytes]:
    data = json.dumps(graph_data(g, title), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    data = data.replace("<", "\\u003c")  # no "</script>" can end the data block early
    head, rest = _template().replace("__TITLE__", html.escape(title)).split("__VISJS__")
    middle, tail = rest.split("__DATA__")
    return {"": "".join((head, vis_network_js(), middle, data, tail)).encode("utf-8")}
