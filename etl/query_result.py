"""Query results: what every store's ``query`` returns, whichever engine answered."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

Term = ox.NamedNode | ox.Literal | ox.BlankNode


class Row(tuple):
    """One solution: a tuple of terms (None where unbound) that is also read by column name
    (``row["label"]``, ``row.get("year")``, ``row.asdict()``)."""

    def __new__(cls, values, columns: tuple[str, ...] = ()):
        row = super().__new__(cls, values)
        row.columns = columns
        return row

    def __getnewargs__(self):
        return (tuple(self), self.columns)

    def __getitem__(self, key):
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self.columns.index(key))
            except ValueError:
                raise KeyError(key) from None
        return tuple.__getitem__(self, key)

    def get(self, key: str, default=None):
        return self[key] if key in self.columns else default

    def asdict(self) -> dict[str, "Term | None"]:
        return dict(zip(self.columns, self))


@dataclass(frozen=True)
class QueryResult:
    """SELECT results (``columns`` + ``rows`` of terms or None) or, for ASK, ``boolean``.

    Iterating gives the rows as ``Row``s (read by index or column name), or the triples of a
    CONSTRUCT/DESCRIBE; ``len()`` counts them (an ASK result has none: read ``boolean``)."""

    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = field(default=())  # CONSTRUCT / DESCRIBE

    def __iter__(self) -> Iterator:
        if self.triples and not self.columns:
            return iter(self.triples)
        return (Row(r, self.columns) for r in self.rows)

    def __len__(self) -> int:
        return len(self.triples) if self.triples and not self.columns else len(self.rows)



def result_of(res) -> QueryResult:
    """A pyoxigraph answer (solutions, boolean or triples) as a QueryResult."""
    if isinstance(res, ox.QueryBoolean):
        return QueryResult(boolean=bool(res))
    if isinstance(res, ox.QuerySolutions):
        cols = tuple(v.value for v in res.variables)
        rows = tuple(tuple(sol[c] for c in cols) for sol in res)
        return QueryResult(columns=cols, rows=rows)
    return QueryResult(triples=tuple(res))

