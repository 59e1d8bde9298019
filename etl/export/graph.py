"""The projection as a networkx ``MultiDiGraph``: every attribute a scalar (GraphML and GEXF
hold neither lists nor None), nodes and edges in sorted order, a drawing size per node."""

from __future__ import annotations

import math
from collections.abc import Iterable

import networkx as nx

from .projection import TYPE_STYLE, Projection, _type_rank

#: Drawing size of a node (GraphML/GEXF ``size``, viz:size): log of its mentions, in this range.
SIZE_RANGE = (10.0, 60.0)


def hex_rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def drawing_size(mentions: int, most: int) -> float:
    """A node's drawn size: log of its mentions scaled into SIZE_RANGE (the most-mentioned
    node gets the top), so one hub does not dwarf the rest and every node stays visible."""
    low, high = SIZE_RANGE
    if most <= 0:
        return low
    return round(low + (high - low) * math.log1p(max(0, mentions)) / math.log1p(most), 2)


def to_graph(proj: Projection, isolated: bool = True, keep: Iterable[str] = ()) -> nx.MultiDiGraph:
    """A MultiDiGraph with scalar attributes only, nodes and edges inserted in sorted order;
    without ``isolated``, nodes with no edge are left out (but those in ``keep``)."""
    linked = {n for e in proj.edges.values() for n in (e.source, e.target)} | set(keep)
    nodes = [n for n in proj.nodes.values() if isolated or n.iri in linked]
    most = max((n.mentions for n in nodes), default=0)
    g = nx.MultiDiGraph(name="lianghui")
    for n in sorted(nodes, key=lambda n: (_type_rank(n.type), n.label, n.iri)):
        type_label, color = TYPE_STYLE.get(n.type, (n.type, "#333333"))
        r, gr, b = hex_rgb(color)
        extra = {} if n.year is None else {"year": n.year}
        g.add_node(
            n.iri,
            label=n.label,
            type=n.type,
            type_label=type_label,
            color=color,
            r=r,
            g=gr,
            b=b,
            mentions=n.mentions,
            size=drawing_size(n.mentions, most),
            reports=n.reports,
            iri=n.iri,
            **extra,
        )
    for (s, t, key), e in sorted(proj.edges.items()):
        g.add_edge(s, t, key=key, relation=e.relation, interaction=e.relation, label=e.label, weight=e.weight)
    return g
