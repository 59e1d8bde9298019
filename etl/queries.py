"""Query templates: ``queries/*.rq`` files with a ``#+`` YAML header, bound parameters, output.

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
"""

from __future__ import annotations

import csv
import functools
import json
import os
import re
import shlex
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TextIO

import pyoxigraph as ox
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from . import rdf
from .errors import InputError, LianghuiError, ParameterError, StoreError, TemplateError, UsageError
from .paging import PAGE_PARAMS, Page, counting, cut, has_own_limit, paged, split_page
from .publisher import Store
from .query_result import QueryResult, Term
from .sparql import (  # noqa: F401  (the query API re-exports them)
    MAX_DEPTH, QUERY_FORMS, nesting_depth, query_form, sparql_words, values_block, where_start, with_values,
)
from .tables import write_table

QUERIES_ENV = "LIANGHUI_QUERIES"
RESERVED_PARAMS = {"format", *PAGE_PARAMS}  # taken by the endpoint (/templates/NAME?format=csv&limit=20)
FORMATS = ("table", "csv", "json")
XSD_INTEGERS = {
    rdf.XSD + t
    for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
              "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte", "negativeInteger",
              "nonPositiveInteger")
}


# --------------------------------------------------------------------------- the header


class _Spec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ParamSpec(_Spec):
    """One template parameter, as declared in the header."""

    name: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    type: Literal["string", "integer", "iri", "entity"] = "string"
    required: bool = True
    default: str | int | None = None
    description: str | None = None
    kind: str | None = None  # entity: only entities of this type (body, person, law …)
    scheme: str | None = None  # iri: a bare name is a concept of this scheme (body → court)

    @model_validator(mode="after")
    def _consistent(self) -> "ParamSpec":
        if self.name in RESERVED_PARAMS:
            raise ValueError(f"'{self.name}' is reserved, choose another parameter name")
        if self.kind is not None and (self.type != "entity" or self.kind not in rdf.ENTITY_TYPES):
            raise ValueError(f"kind needs type entity and one of {', '.join(rdf.ENTITY_TYPES)}")
        if self.scheme is not None and (self.type != "iri" or self.scheme not in rdf.SCHEMES):
            raise ValueError(f"scheme needs type iri and one of {', '.join(rdf.SCHEMES)}")
        if self.default is not None and self.required:
            raise ValueError("a parameter with a default is not required: add `required: false`")
        return self


class QuerySpec(_Spec):
    """The parsed ``#+`` header of a template."""

    summary: str
    description: str | None = None
    params: tuple[ParamSpec, ...] = ()
    returns: tuple[str, ...]
    example: dict[str, str | int] = Field(default_factory=dict)
    # reads every report, entity or evidence whatever the parameters: its time grows with the
    # store (bench/run.py holds it to no latency target at 10M triples)
    full_scan: bool = False

    def param(self, name: str) -> ParamSpec | None:
        return next((p for p in self.params if p.name == name), None)


@dataclass(frozen=True)
class Template:
    name: str
    path: Path
    spec: QuerySpec
    text: str  # the whole file: header lines are SPARQL comments
    header: str  # the header lines as written

    def example_command(self) -> str:
        """A ready command line that runs the template with its example."""
        args = "".join(f" -p {shlex.quote(f'{k}={v}')}" for k, v in self.spec.example.items())
        return f"lianghui query run {self.name}{args}"


def queries_dir() -> Path:
    """``$LIANGHUI_QUERIES`` or ``queries/`` at the repository root."""
    env = os.environ.get(QUERIES_ENV)
    return Path(env) if env else Path(__file__).resolve().parent.parent / "queries"


def parse_template(path: str | Path, text: str | None = None) -> Template:
    """Parse one ``.rq`` file; a bad header raises TemplateError naming the file and line."""
    path = Path(path)
    text = path.read_text(encoding="utf-8") if text is None else text
    lines = text.splitlines()
    header: list[tuple[int, str]] = []  # (line number, content after "#+")
    body_starts = None
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("#+"):
            if body_starts is not None:
                raise _error(path, number, "header line after the query started: move it to the top")
            header.append((number, stripped[2:]))
        elif stripped and not stripped.startswith("#") and body_starts is None:
            body_starts = number
    if not header:
        raise _error(path, 1, "no `#+` header: start the file with `#+ summary: …`")
    if body_starts is None:
        raise _error(path, header[-1][0], "the template has a header but no query")
    try:
        data = yaml.safe_load(textwrap.dedent("\n".join(content for _, content in header)))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        number = header[min(mark.line, len(header) - 1)][0] if mark else header[0][0]
        raise _error(path, number, f"header is not valid YAML ({getattr(e, 'problem', e)})") from None
    if not isinstance(data, dict):
        raise _error(path, header[0][0], "the header must be a mapping (summary:, params:, returns:, example:)")
    try:
        spec = QuerySpec.model_validate(data)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        number = _locate(header, first["loc"])
        raise _error(path, number, f"{where}: {first['msg']}") from None
    _check(path, header, spec, "\n".join(lines[body_starts - 1 :]))
    return Template(path.stem, path, spec, text, "\n".join(lines[n - 1] for n, _ in header))


def _check(path: Path, header, spec: QuerySpec, body: str) -> None:
    """What the types cannot say: parameters are used and returned, the example runs."""
    names = [p.name for p in spec.params]
    for i, p in enumerate(spec.params):
        line = _locate(header, ("params", i, "name"))
        if names.count(p.name) > 1:
            raise _error(path, line, f"parameter '{p.name}' is declared twice")
        if not re.search(rf"[?$]{p.name}\b", body):
            raise _error(path, line, f"parameter '{p.name}' is not used as ?{p.name} in the query")
        if p.name not in spec.returns:
            raise _error(path, line, f"parameter '{p.name}' must be in returns (a bound variable is projected)")
    if len(set(spec.returns)) != len(spec.returns):
        raise _error(path, _locate(header, ("returns",)), "returns lists a column twice")
    line = _locate(header, ("example",))
    for key in spec.example:
        if key not in names:
            raise _error(path, line, f"example sets '{key}', which is not a parameter")
    for p in spec.params:
        if p.required and p.name not in spec.example:
            raise _error(path, line, f"example must set the required parameter '{p.name}'")


def _locate(header: list[tuple[int, str]], loc) -> int:
    """Best header line for a pydantic error location like ('params', 1, 'type')."""
    lines = [(n, c) for n, c in header if c.strip()]
    indent = min(len(c) - len(c.lstrip()) for _, c in lines)
    best, i = lines[0][0], 0
    key = str(loc[0]) if loc else ""
    for i, (n, c) in enumerate(lines):
        if len(c) - len(c.lstrip()) == indent and c.strip().startswith(f"{key}:"):
            best = n
            break
    else:
        return best
    rest = lines[i + 1 :]
    ends = [j for j, (_, c) in enumerate(rest) if len(c) - len(c.lstrip()) <= indent and c.lstrip()[:2] != "- "]
    rest = rest[: ends[0]] if ends else rest  # this key's lines only
    if len(loc) > 1 and isinstance(loc[1], int):
        items = [j for j, (_, c) in enumerate(rest) if c.lstrip().startswith("- ")]
        if loc[1] >= len(items):
            return best
        start = items[loc[1]]
        end = items[loc[1] + 1] if loc[1] + 1 < len(items) else len(rest)
        best = rest[start][0]
        if len(loc) > 2:
            field = str(loc[2])
            for n, c in rest[start:end]:
                if re.match(rf"\s*(- )?{re.escape(field)}\s*:", c):
                    return n
    return best


def _error(path: Path, line: int, message: str) -> TemplateError:
    return TemplateError(message, path=f"{path}:{line}")


_cache: dict[Path, tuple[tuple, dict[str, Template]]] = {}


def load_templates(dir: str | Path | None = None) -> dict[str, Template]:
    """All templates in ``dir`` (default ``queries_dir()``) by name, re-read when files change."""
    folder = Path(dir) if dir is not None else queries_dir()
    if not folder.is_dir():
        raise TemplateError("no query templates here: set LIANGHUI_QUERIES to the queries/ folder", path=folder)
    files = sorted(folder.glob("*.rq"))
    stamp = tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    cached = _cache.get(folder.resolve())
    if cached and cached[0] == stamp:
        return cached[1]
    templates = {f.stem: parse_template(f) for f in files}
    _cache[folder.resolve()] = (stamp, templates)
    return templates


def get_template(name: str, templates: Mapping[str, Template] | None = None) -> Template:
    templates = load_templates() if templates is None else templates
    if name not in templates:
        raise UsageError(f"no template named '{name}': `lianghui query list` shows them")
    return templates[name]


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
    text = paged(template.text, page)
    if text is None:  # a top-N of its own: cut the page from it
        return cut(_query(store, template.text, bindings, template.path), page)
    return _query(store, text, bindings, template.path)


def count_template(store: Store, name: str, params: Mapping[str, str | int] | None = None, *,
                   templates: Mapping[str, Template] | None = None) -> int:
    """How many rows template ``name`` gives with ``params`` (every page together)."""
    template = get_template(name, templates)
    _, params = split_page(params)
    return _total(store, template, bind_params(store, template.spec, params))


def _total(store: Store, template: Template, bindings: Mapping[str, Term]) -> int:
    if query_form(template.text) != "SELECT" or has_own_limit(template.text):
        return len(_query(store, template.text, bindings, template.path).rows or ())
    inner = with_values(template.text, bindings) if bindings else template.text  # bound inside the sub-SELECT too
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


# --------------------------------------------------------------------------- output


def plain(term: Term | None) -> str | int | None:
    """A term as a plain value: IRIs and literals as strings, integers as int."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal) and term.datatype.value in XSD_INTEGERS:
        try:
            return int(term.value)
        except ValueError:
            return term.value
    return term.value


def result_table(result: QueryResult) -> tuple[tuple[str, ...], list[tuple]]:
    """Columns and rows of plain values, for SELECT, ASK (one ``boolean`` cell) and CONSTRUCT."""
    if result.boolean is not None:
        return ("boolean",), [("true" if result.boolean else "false",)]
    if result.triples and not result.columns:
        return ("subject", "predicate", "object"), [
            (plain(t.subject), plain(t.predicate), plain(t.object)) for t in result.triples
        ]
    return result.columns, [tuple(plain(v) for v in row) for row in result.rows]


def format_result(result: QueryResult, fmt: str, out: TextIO, *, hide: Iterable[str] = ()) -> None:
    """Write ``result`` as ``table`` (aligned text), ``csv`` (header row first) or ``json``.

    ``hide`` names columns a table leaves out when they are empty in every row (a template's
    optional parameters left unset); csv and json keep every declared column."""
    columns, rows = result_table(result)
    if fmt == "table":
        empty = {c for i, c in enumerate(columns) if c in set(hide) and all(r[i] is None for r in rows)}
        keep = [i for i, c in enumerate(columns) if c not in empty]
        columns, rows = tuple(columns[i] for i in keep), [tuple(r[i] for i in keep) for r in rows]
    if fmt == "csv":
        w = csv.writer(out)
        w.writerow(columns)
        w.writerows(["" if v is None else v for v in row] for row in rows)
    elif fmt == "json":
        json.dump([dict(zip(columns, row)) for row in rows], out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "table":
        _write_table(columns, [[_short(v) for v in row] for row in rows], out)
    else:
        raise UsageError(f"unknown format '{fmt}': use {', '.join(FORMATS)}")


def _short(value) -> str:
    """Compact IRIs (body:3f2a…) for people reading a table."""
    if value is None:
        return ""
    text = str(value)
    if isinstance(value, str) and text.startswith("http"):
        for prefix, ns in sorted(rdf.PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if text.startswith(ns) and "/" not in text[len(ns) :] and "#" not in text[len(ns) :]:
                return f"{prefix}:{text[len(ns):]}"
    return text


_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_WRAP = re.compile(rf"(?<=[{_CJK}])[ \t]*\r?\n\s*(?=[{_CJK}])")


def one_line(text: str) -> str:
    """A cell on one line: a line break between Chinese characters (a hard wrap inside a word in
    the source) goes away; other runs of white space become one space."""
    return " ".join(_WRAP.sub("", text).split())


def _write_table(columns, rows, out: TextIO) -> None:
    write_table(columns, [[one_line(v) for v in row] for row in rows], out)
