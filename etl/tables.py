"""Aligned text tables for people reading a terminal: query results, scores, template lists.

One writer, drawn by rich: columns as wide as their widest cell in display cells (a Chinese
character takes two), a rule under the header, nothing cut or wrapped (a long cell makes a
wide table; csv and json are the formats for programs). No colour, so the output is the same
in a pipe and in a terminal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table


def write_table(columns: Sequence[str], rows: Iterable[Sequence[str]], out: TextIO, *,
                right: Iterable[str] = ()) -> None:
    """Write ``rows`` under ``columns``; the columns named in ``right`` (numbers) align right."""
    rows = [[str(c) for c in row] for row in rows]
    right = set(right)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, highlight=False, padding=(0, 1))
    for name in columns:
        table.add_column(name, justify="right" if name in right else "left", no_wrap=True)
    for row in rows:
        table.add_row(*row)
    widths = [max([cell_len(c)] + [cell_len(r[i]) for r in rows]) for i, c in enumerate(columns)]
    console = Console(file=out, width=sum(widths) + 3 * len(widths) + 2, color_system=None, highlight=False,
                      emoji=False, markup=False, force_terminal=False, soft_wrap=False)
    with console.capture() as captured:
        console.print(table)
    out.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))
