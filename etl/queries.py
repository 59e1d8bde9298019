"""Running query templates: parameters bound as RDF terms, pages of rows, totals, plain SPARQL.

A template is one question about the graph::

    #+ summary: Laws a body acted on, with the action and period
    #+ params:
    #+   - name: body
    #+     type: entity          # an IRI, a label or an alias; resolved to the entity IRI
    #+     kind: body
    #+   - name: year
    #+     type: integer
    #+     required: false
    #+ returns: [body, year, law, title, action, period, evidence]
    #+ example: {body: 长春市人大常委会}
    SELECT ...

Parameters are bound as RDF terms by the store (pyoxigraph substitutions, rdflib
initBindings, a VALUES block for remote servers), never pasted into the query text. A bound
variable must be in the SELECT projection, so every parameter is one of ``returns``; an
optional parameter left out stays unbound (templates test it with ``COALESCE(test, true)``).

The templates themselves are read by ``etl.templates``; results are written by
``etl.result_format``; both are re-exported here, so ``etl.queries`` is the one query API.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from . import rdf
from .errors import InputError, LianghuiError, ParameterError, StoreError, TemplateError, UsageError
from .paging import Page, bind_inside, counting, cut, has_own_limit, paged, split_page
from .publisher import Store
from .query_result import QueryResult, Term
from .result_format import FORMATS, XSD_INTEGERS, format_result, one_line, plain, result_table  # noqa: F401
from .sparql import (  # noqa: F401  (the query API re-exports them)
    MAX_DEPTH, QUERY_FORMS, nesting_depth, query_form, sparql_words, values_block, where_start, with_values,
)
from .templates import (  # noqa: F401
    QUERIES_ENV, RESERVED_PARAMS, ParamSpec, QuerySpec, Template, get_template, load_templates, parse_template,
    queries_dir,
)


# --------------------------------------------------------------------------- binding


def bind_params(store: Store, spec: QuerySpec, params: Mapping[str, str | int] | None) -> dict[str, Term]:
    """Check ``params`` against the spec and turn them into RDF terms (entities resolved)."""
    params = dict(params or {})
    unknown = sorted(set(params) - {p.name for p in spec.params})
    if unknown:
        known = ", ".join(p.name for p in spec.params) or "none"
        raise ParameterError(f"unknown parameter {', '.join(unknown)} (parameters: {known})")
    bound: dict[str, Term] = {}
    for p in spec.params:
        value = params.get(p.name, p.default)
        if value is None or (value == "" and p.type != "string"):
            if p.required:
                raise ParameterError(f"missing required parameter '{p.name}' ({p.type}); give it as {p.name}=…")
            continue
        bound[p.name] = _term(store, p, value)
    return bound


def _term(store: Store, p: ParamSpec, value: str | int) -> Term:
    if p.type == "integer":
        if isinstance(value, bool) or not re.fullmatch(r"[+-]?\d+", str(value).strip()):
            raise ParameterError(f"parameter '{p.name}' must be an integer, not {_show(value)}")
        return ox.Literal(str(int(str(value).strip())), datatype=ox.NamedNode(rdf.XSD + "integer"))
    if p.type == "string":
        return ox.Literal(str(value))
    text = str(value).strip()
    if p.type == "iri":
        if p.scheme:
            return concept_term(p.scheme, text, param=p.name)
        iri = _as_iri(text)
        if iri is None:
            raise ParameterError(f"parameter '{p.name}' must be an IRI, not {_show(value)}")
        return iri
    return resolve_entity(store, text, p.kind, param=p.name)


@dataclass(frozen=True)
class Concept:
    """A SKOS concept of the ontology: its IRI, notation (``enacted``) and labels (制定, enacted)."""

    iri: str
    notation: str
    labels: tuple[str, ...]


@functools.cache
def concepts(scheme: str) -> tuple[Concept, ...]:
    """The concepts of one scheme (``action``, ``body``, ``activity`` …), read from the ontology."""
    from .lexicon import SCHEMA_DIR

    base = rdf.KIND + scheme + "/"
    notation, labels = {}, {}
    label_props = {rdf.SKOS + "prefLabel", rdf.SKOS + "altLabel", rdf.SKOS + "notation"}
    for t in ox.parse(path=str(SCHEMA_DIR / "ontology.ttl"), format=ox.RdfFormat.TURTLE):
        if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(base) and t.predicate.value in label_props:
            labels.setdefault(t.subject.value, []).append(t.object.value)
            if t.predicate.value == rdf.SKOS + "notation":
                notation[t.subject.value] = t.object.value
    return tuple(
        Concept(iri, notation.get(iri, iri[len(base) :]), tuple(dict.fromkeys(labels[iri])))
        for iri in sorted(labels)
    )


def concept_term(scheme: str, value: str, *, param: str) -> ox.NamedNode:
    """A concept named by its notation, its Chinese or English label, or its IRI; else the choices."""
    text = value.strip()
    iri = _as_iri(text)
    for c in concepts(scheme):
        if (iri is not None and iri.value == c.iri) or text.casefold() in {n.casefold() for n in (c.notation, *c.labels)}:
            return ox.NamedNode(c.iri)
    choices = ", ".join(f"{c.notation} ({'/'.join(x for x in c.labels if x != c.notation)})" for c in concepts(scheme))
    raise ParameterError(f"parameter '{param}': {_show(value)} is not one of: {choices}")


def _as_iri(text: str) -> ox.NamedNode | None:
    """An IRI from ``<…>``, an absolute IRI or a known prefixed name (body:3f2a…); else None."""
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    m = re.fullmatch(r"([A-Za-z][\w-]*):(\S*)", text)
    if not m:
        return None
    if m.group(1) in rdf.PREFIXES and not m.group(2).startswith("//"):
        text = rdf.PREFIXES[m.group(1)] + m.group(2)
    try:
        return ox.NamedNode(text)
    except ValueError:
        return None


_RESOLVE = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?entity ?name ?via {class} WHERE {{
  {{ ?entity rdfs:label ?name BIND("label" AS ?via) }}
  UNION
  {{ ?entity skos:altLabel ?name BIND("alias" AS ?via) }}
  {type}
}}
"""
_EXISTS = "SELECT ?entity {class} WHERE {{ ?entity ?p ?o . {type} }} LIMIT 1"


def resolve_entity(store: Store, value: str, kind: str | None = None, *, param: str = "entity") -> ox.NamedNode:
    """The entity an IRI, label (rdfs:label) or alias (skos:altLabel) names; ParameterError if none."""
    bindings: dict[str, Term] = {}
    projection = typing = ""
    if kind:
        bindings["class"] = ox.NamedNode(rdf.ENTITY_TYPES[kind][1])
        projection, typing = "?class", "?entity a ?class"
    what = f"{kind} " if kind else ""
    iri = _as_iri(value)
    if iri is not None:
        rows = _select(store, _EXISTS.format(**{"class": projection, "type": typing}), {**bindings, "entity": iri})
        if not rows:
            raise ParameterError(f"parameter '{param}': no {what}entity {iri} in the store")
        return iri
    query = _RESOLVE.format(**{"class": projection, "type": typing})
    for name in dict.fromkeys((value, rdf.norm_key(value))):
        # labels are tagged @zh; a store built before the tag has plain strings
        rows = [r for lit in (ox.Literal(name, language="zh"), ox.Literal(name))
                for r in _select(store, query, {**bindings, "name": lit})]
        for via in ("label", "alias"):
            found = sorted({r[0].value for r in rows if r[2].value == via})
            if len(found) == 1:
                return ox.NamedNode(found[0])
            if found:
                listed = ", ".join(found[:5])
                raise ParameterError(
                    f"parameter '{param}': {_show(value)} names {len(found)} {what}entities ({listed}); pass an IRI"
                )
    raise ParameterError(
        f"parameter '{param}': no {what}entity is labelled {_show(value)}; "
        "`lianghui query run label_search -p text=…` finds names"
    )


def _select(store: Store, query: str, bindings: Mapping[str, Term]):
    return _query(store, query, bindings).rows


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…'"


# --------------------------------------------------------------------------- running


def run_template(
    store: Store,
    name: str,
    params: Mapping[str, str | int] | None = None,
    *,
    templates: Mapping[str, Template] | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> QueryResult:
    """Run template ``name`` with ``params`` (name → value) bound as RDF terms; ``limit`` rows
    from ``offset`` in the template's order (also as the reserved params ``limit``/``offset``;
    ``count=true`` gives one row, ``total``: see ``count_template``)."""
    template = get_template(name, templates)
    page, params = split_page(params)
    page = Page(limit if limit is not None else page.limit, offset or page.offset, page.count)
    bindings = bind_params(store, template.spec, params)
    if page.count:
        return QueryResult(columns=("total",), rows=((_integer(_total(store, template, bindings)),),))
    sparql = bind_inside(template.text, bindings)
    text = paged(sparql, page, bindings)
    if text is None:  # a top-N of its own: cut the page from it
        return cut(_query(store, sparql, bindings, template.path), page)
    return _query(store, text, bindings, template.path)


def count_template(store: Store, name: str, params: Mapping[str, str | int] | None = None, *,
                   templates: Mapping[str, Template] | None = None) -> int:
    """How many rows template ``name`` gives with ``params`` (every page together)."""
    template = get_template(name, templates)
    _, params = split_page(params)
    return _total(store, template, bind_params(store, template.spec, params))


def _total(store: Store, template: Template, bindings: Mapping[str, Term]) -> int:
    sparql = bind_inside(template.text, bindings)
    if query_form(sparql) != "SELECT" or has_own_limit(sparql):
        return len(_query(store, sparql, bindings, template.path).rows or ())
    inner = with_values(sparql, bindings) if bindings else sparql  # bound inside the sub-SELECT too
    result = _query(store, counting(inner, bindings), bindings, template.path)
    at = result.columns.index("total")
    return int(result.rows[0][at].value) if result.rows and result.rows[0][at] is not None else 0


def _integer(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=ox.NamedNode(rdf.XSD + "integer"))


QUERY_SUFFIXES = (".rq", ".sparql")


def read_query(text_or_path: str | Path) -> str:
    """The query text: a Path is read; a str is read only when it names an existing regular
    ``.rq``/``.sparql`` file, otherwise it is the query itself (never probed as a path)."""
    if isinstance(text_or_path, Path):
        if not text_or_path.is_file():
            raise InputError("no such query file", path=text_or_path)
        return text_or_path.read_text(encoding="utf-8")
    text = text_or_path
    if text.endswith(QUERY_SUFFIXES) and len(text) < 1024 and "\n" not in text and os.path.isfile(text):
        return Path(text).read_text(encoding="utf-8")
    return text


def run_sparql(store: Store, text_or_path: str | Path) -> QueryResult:
    """Run a SPARQL query given as text or as a ``.rq``/``.sparql`` file (see ``read_query``)."""
    text = read_query(text_or_path)
    if nesting_depth(text) > MAX_DEPTH:
        raise UsageError(f"the query nests brackets deeper than {MAX_DEPTH} levels")
    return _query(store, text, {})


def _query(store: Store, text: str, bindings: Mapping[str, Term], template: Path | None = None) -> QueryResult:
    try:
        return store.query(text, bindings or None)
    except LianghuiError:
        raise
    except Exception as e:  # engines raise their own parse/evaluation errors
        message = " ".join(str(e).split())[:300]
        if template is not None:
            raise TemplateError(f"the query failed: {message}", path=template) from None
        raise StoreError(f"the query failed: {message}") from None
