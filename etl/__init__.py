"""lianghui-kg: knowledge graphs from Chinese government work reports.

The Python API behind the ``lianghui`` command::

    import etl
    report = etl.build(["examples/reports"], store="graphs/store")
    rows = etl.run_template(etl.open_store("graphs/store"), "bodies_by_kind")
    ds = etl.to_rdflib(etl.open_store("graphs/store"))
"""

from __future__ import annotations

__version__ = "0.1.0"

_API = {
    "build": ("pipeline", "build"),
    "extract_report": ("pipeline", "extract_report"),
    "open_store": ("store", "open_store"),
    "run_template": ("queries", "run_template"),
    "run_sparql": ("queries", "run_sparql"),
    "to_networkx": ("export", "to_networkx"),
    "export": ("export", "export"),
    "load_lexicon": ("lexicon", "load_lexicon"),
}


def __getattr__(name: str):
    if name == "to_rdflib":
        return to_rdflib
    if name in _API:
        import importlib

        module, attr = _API[name]
        return getattr(importlib.import_module(f".{module}", __name__), attr)
    raise AttributeError(name)


def to_rdflib(store):
    """The store's content as an rdflib Dataset (one graph per report)."""
    import rdflib

    ds = rdflib.Dataset()
    data = "".join(f"{q} .\n" for q in store.quads())
    ds.parse(data=data, format="nquads")
    return ds
