"""The HTML export: one self-contained file a browser opens offline.

``viewer.html`` (next to this module) holds the page: plain JavaScript with its own force
layout on a canvas, a search box, a type filter that is also the legend, and a detail panel.
No CDN, no third-party script: the graph is embedded as JSON in the page.
"""

from __future__ import annotations

import html
import json
from importlib import resources

import networkx as nx

from .projection import NODE_TYPES, TYPE_STYLE


def _template() -> str:
    return resources.files(__package__).joinpath("viewer.html").read_text(encoding="utf-8")


def graph_data(g: nx.MultiDiGraph, title: str) -> dict:
    """The compact graph the page reads: nodes, edges by node index, and the legend."""
    index = {n: i for i, n in enumerate(g.nodes)}
    nodes = [
        {
            "id": n,
            "label": d.get("label", n),
            "type": d.get("type", ""),
            "color": d.get("color", "#999999"),
            "size": d.get("size", 1),
            "reports": d.get("reports", 0),
        }
        for n, d in g.nodes(data=True)
    ]
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
    return {"title": title, "nodes": nodes, "edges": edges, "types": types}


def write_html(g: nx.MultiDiGraph, title: str = "lianghui-kg") -> dict[str, bytes]:
    data = json.dumps(graph_data(g, title), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    data = data.replace("<", "\\u003c")  # no "</script>" can end the data block early
    page = _template().replace("__TITLE__", html.escape(title)).replace("__DATA__", data)
    return {"": page.encode("utf-8")}
