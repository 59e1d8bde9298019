"""SHACL validation of built graphs against ``schema/shapes.ttl`` (pyshacl)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import SchemaError, ValidationError
from .lexicon import SCHEMA_DIR


@dataclass(frozen=True)
class Violation:
    focus: str
    label: str | None
    path: str | None
    message: str

    def __str__(self) -> str:
        who = f"{self.label} <{self.focus}>" if self.label else f"<{self.focus}>"
        return f"{who} {self.path or ''}: {self.message}".replace("  ", " ")


def _shapes(path: Path | None = None):
    import rdflib

    p = path or SCHEMA_DIR / "shapes.ttl"
    g = rdflib.Graph()
    try:
        g.parse(p, format="turtle")
    except FileNotFoundError:
        raise SchemaError("SHACL shapes file is missing; restore schema/shapes.ttl", path=p) from None
    except Exception as e:
        raise SchemaError(f"SHACL shapes do not parse: {e}", path=p) from None
    return g


def validate_quads(quads, shapes_path: Path | None = None) -> list[Violation]:
    """Violations of the shapes by the union of the given quads (empty list = valid).

    Quads in the graph ``store.VALIDATION_CONTEXT`` are context only (e.g. the types of the
    nodes the checked graphs point to): they satisfy sh:class but are not validated."""
    import rdflib
    from pyshacl import validate

    from .store import VALIDATION_CONTEXT

    quads = list(quads)
    data = rdflib.Graph()
    nt = "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads)
    data.parse(data=nt, format="nt")
    checked = [q for q in quads if getattr(q.graph_name, "value", None) != VALIDATION_CONTEXT]
    focus = None
    if len(checked) < len(quads):
        subjects = {q.subject.value for q in checked if isinstance(q.subject, ox.NamedNode)}
        focus = [rdflib.URIRef(n) for n in sorted(subjects)]
    conforms, report, _ = validate(data, shacl_graph=_shapes(shapes_path), inference="none", advanced=False,
                                   focus_nodes=focus)
    if conforms:
        return []
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    out = []
    for r in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        focus = report.value(r, sh.focusNode)
        path = report.value(r, sh.resultPath)
        msg = report.value(r, sh.resultMessage)
        label = data.value(focus, rdflib.RDFS.label)
        out.append(Violation(str(focus), str(label) if label else None, _short(path), str(msg)))
    return sorted(out, key=lambda v: (v.focus, v.path or "", v.message))


def _short(path) -> str | None:
    if path is None:
        return None
    from .rdf import PREFIXES

    s = str(path)
    for prefix, ns in sorted(PREFIXES.items(), key=lambda x: -len(x[1])):
        if s.startswith(ns):
            return f"{prefix}:{s[len(ns):]}"
    return s


def check_store(db: ox.Store) -> None:
    """Raise ValidationError (build refuses to publish) when the graph violates the shapes."""
    violations = validate_quads(db)
    if violations:
        first = "; ".join(str(v) for v in violations[:3])
        raise ValidationError(
            f"{len(violations)} SHACL violation(s), graph not published (run `lianghui validate`): {first}"
        )
