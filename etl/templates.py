"""Query templates: ``queries/*.rq`` files whose ``#+`` YAML header declares the API.

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
    #+ full_scan: true          # optional: it reads the whole store whatever the parameters
    SELECT ...

``parse_template`` reads one file into a typed ``QuerySpec`` (a bad header is a TemplateError
naming the file and line); ``load_templates`` reads a folder, again when its files change.
"""

from __future__ import annotations

import os
import re
import shlex
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from . import rdf
from .errors import TemplateError, UsageError
from .paging import PAGE_PARAMS

QUERIES_ENV = "LIANGHUI_QUERIES"
RESERVED_PARAMS = {"format", *PAGE_PARAMS}  # taken by the endpoint (/templates/NAME?format=csv&limit=20)


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
