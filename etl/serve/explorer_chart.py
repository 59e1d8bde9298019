"""A bar chart of a template's counts over years, as inline SVG (no script, no library).

``year_counts`` reads a result in one of two shapes: one row per year (a ``period`` or
``year`` column and a count: activity_counts, top_entities by year …) or two years side by
side (``year_a``/``year_b`` with ``*_a``/``*_b`` counts: compare_years). Series are the
``type`` (or ``label``) column, the largest few kept and the rest summed as "N more".
"""

from __future__ import annotations

import re
from html import escape

YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")
COUNT_COLUMNS = ("activities", "count", "total", "mentions", "reports")
SERIES_COLUMNS = ("type", "kind", "label")
MAX_SERIES = 6
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#9c755f")


def _year(text: str) -> str | None:
    m = YEAR.search(text or "")
    return m.group() if m else None


def _number(text: str) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def year_counts(columns: list[str], rows: list[dict[str, str]], params: dict[str, str]) -> tuple[str, dict]:
    """(what is counted, {year: {series: value}}) or ("", {}) when the result has no counts by year."""
    series_col = next((c for c in SERIES_COLUMNS if c in columns), None)
    data: dict[str, dict[str, float]] = {}

    def add(year, series, amount):
        if year and amount is not None:
            cell = data.setdefault(year, {})
            cell[series] = cell.get(series, 0) + amount

    if {"year_a", "year_b"} <= set(columns) or {"year_a", "year_b"} <= set(params):
        base = next((c for c in COUNT_COLUMNS if f"{c}_a" in columns and f"{c}_b" in columns), None)
        if base is None:
            return "", {}
        for r in rows:
            series = r.get(series_col, "") if series_col else ""
            for side in ("a", "b"):
                add(_year(r.get(f"year_{side}") or params.get(f"year_{side}", "")), series, _number(r.get(f"{base}_{side}")))
        return base, data
    year_col = next((c for c in ("period", "year", "date") if c in columns), None)
    count_col = next((c for c in COUNT_COLUMNS if c in columns), None)
    if year_col is None or count_col is None:
        return "", {}
    for r in rows:
        add(_year(r.get(year_col, "")), r.get(series_col, "") if series_col else "", _number(r.get(count_col)))
    return (count_col, data) if data else ("", {})


def _top_series(data: dict[str, dict[str, float]]) -> list[str]:
    totals: dict[str, float] = {}
    for cell in data.values():
        for s, v in cell.items():
            totals[s] = totals.get(s, 0) + v
    return sorted(totals, key=lambda s: (-totals[s], s))


def bar_chart(what: str, data: dict[str, dict[str, float]], width: int = 640, height: int = 260) -> str:
    """Stacked bars, one per year; every text escaped. '' without data."""
    if not data:
        return ""
    ranked = _top_series(data)
    kept, rest = ranked[:MAX_SERIES], ranked[MAX_SERIES:]
    series = kept + ([f"{len(rest)} more"] if rest else [])
    years = sorted(data)
    stacks = {y: [data[y].get(s, 0) for s in kept] + ([sum(data[y].get(s, 0) for s in rest)] if rest else [])
              for y in years}
    top = max(sum(v) for v in stacks.values()) or 1
    left, bottom, plot_h = 48, 28, height - 48
    slot = (width - left - 170) / len(years)
    bar = min(60.0, slot * 0.6)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
           f'role="img" aria-label="{escape(what)} by year">']
    out.append(f'<text x="4" y="14" class="axis">{escape(what)}</text>')
    for frac in (0, 0.5, 1):
        y = 20 + plot_h * (1 - frac)
        out.append(f'<line x1="{left}" x2="{width - 170}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
                   f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="axis">{top * frac:g}</text>')
    for i, year in enumerate(years):
        x = left + slot * i + (slot - bar) / 2
        base = 20 + plot_h
        for j, amount in enumerate(stacks[year]):
            h = plot_h * amount / top
            base -= h
            if h > 0:
                out.append(f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                           f'fill="{PALETTE[j % len(PALETTE)]}"><title>{escape(year)} {escape(series[j] or what)}: '
                           f'{amount:g}</title></rect>')
        out.append(f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 20}" text-anchor="middle" class="axis">'
                   f'{escape(year)}</text><text x="{x + bar / 2:.1f}" y="{base - 4:.1f}" text-anchor="middle" '
                   f'class="axis">{sum(stacks[year]):g}</text>')
    for j, name in enumerate(series):
        y = 24 + 18 * j
        out.append(f'<rect x="{width - 160}" y="{y - 10}" width="12" height="12" fill="{PALETTE[j % len(PALETTE)]}"/>'
                   f'<text x="{width - 143}" y="{y}" class="legend">{escape((name or what)[:24])}</text>')
    out.append("</svg>")
    return "".join(out)
