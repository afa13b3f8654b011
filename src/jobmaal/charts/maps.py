"""Maps of the 98 municipalities coloured by status or value: a tile grid (built in) or real boundaries.

The tile grid gives every municipality the same square, placed near its real position
(``tiles.csv``: made once by assigning each municipality's centroid to the nearest free cell
of a 16 × 15 grid with an optimal assignment; Bornholm moved west as on printed maps). Small
municipalities stay visible and readable, which a boundary map of Denmark does not manage for
the Copenhagen area. Boundaries come from a GeoJSON file the installation points jobmaal to.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import altair as alt

from jobmaal.charts.common import ChartError, check_lang, finish, named, number, unit_title, value_format
from jobmaal.charts.status import status_scale


@dataclass(frozen=True, slots=True)
class MapRow:
    """One municipality on a map: its figure (None when missing or suppressed) and status."""

    code: str
    name: str
    value: float | None
    shown: str  # the figure as the page shows it: "12,3", or the marker "[d]" with no figure
    status_label: str  # the status text in the chart's language


@cache
def tile_positions() -> dict[str, tuple[int, int]]:
    """Municipality code → (column, row) of its tile."""
    text = files("jobmaal.charts").joinpath("tiles.csv").read_text(encoding="utf-8")
    return {r["municipality_code"]: (int(r["col"]), int(r["row"])) for r in csv.DictReader(text.splitlines())}


def _rows(rows: Sequence[MapRow]) -> list[dict[str, Any]]:
    return [{"code": r.code, "name": r.name, "value": number(r.value), "shown": r.shown, "status": r.status_label}
            for r in rows]


def _colour(color_by: str, unit: str, lang: str) -> alt.Color:
    if color_by == "status":
        return alt.Color("status:N", scale=status_scale(lang), title="Status",
                         legend=alt.Legend(orient="bottom", columns=2))
    if color_by == "value":
        return alt.Color("value:Q", scale=alt.Scale(scheme="viridis"), title=unit_title(unit, lang),
                         legend=alt.Legend(orient="bottom", format=value_format(unit)))
    raise ChartError(f"map: unknown colouring {color_by!r}; use 'status' or 'value'")


def _tooltip(unit: str, lang: str) -> list[alt.Tooltip]:
    return [alt.Tooltip("name:N", title="Kommune" if lang == "da" else "Municipality"),
            alt.Tooltip("shown:N", title=unit_title(unit, lang)), alt.Tooltip("status:N", title="Status")]


def _described(rows: Sequence[MapRow], color_by: str, lang: str) -> str:
    what = ("Kort over kommunerne farvet efter " + ("status" if color_by == "status" else "værdi")
            if lang == "da" else "Map of the municipalities coloured by " + color_by)
    return f"{what} ({len(rows)})."


def tile_map_chart(rows: Sequence[MapRow], *, color_by: str = "status", unit: str = "percent", lang: str = "da",
                   title: str = "", cell: int = 30) -> dict[str, Any]:
    """A tile-grid map: one square per municipality, labelled with its code."""
    check_lang(lang)
    pos = tile_positions()
    data = []
    for r in _rows(rows):
        if r["code"] in pos:
            col, row = pos[r["code"]]
            data.append({**r, "col": col, "row": row})
    cols = max(c for c, _ in pos.values()) + 1
    nrows = max(r for _, r in pos.values()) + 1
    base = alt.Chart(named("tiles"), width=cols * cell, height=nrows * cell, title=title or alt.Undefined)
    x = alt.X("col:O", axis=None, scale=alt.Scale(domain=list(range(cols)), paddingInner=0.08))
    y = alt.Y("row:O", axis=None, scale=alt.Scale(domain=list(range(nrows)), paddingInner=0.08))
    # every municipality gets a tile: a missing or suppressed figure is a light grey tile, never left out
    empty = base.mark_rect(stroke="#333", strokeWidth=0.6, color="#eeeeee").encode(
        x=x, y=y, tooltip=_tooltip(unit, lang))
    tiles = base.mark_rect(stroke="#333", strokeWidth=0.6).encode(
        x=x, y=y, color=_colour(color_by, unit, lang), tooltip=_tooltip(unit, lang),
    )
    # the code in black on a white halo: readable on the darkest and the lightest colour
    halo = base.mark_text(fontSize=8, stroke="white", strokeWidth=2.5, strokeOpacity=0.9).encode(
        x=x, y=y, text="code:N")
    labels = base.mark_text(fontSize=8, color="#111").encode(x=x, y=y, text="code:N", tooltip=_tooltip(unit, lang))
    return finish(alt.layer(empty, tiles, halo, labels), lang, _described(rows, color_by, lang), {"tiles": data})


def boundary_map_chart(rows: Sequence[MapRow], boundaries: str | dict[str, Any], *, color_by: str = "status",
                       unit: str = "percent", lang: str = "da", title: str = "", code_property: str = "lau_1",
                       width: int = 460, height: int = 400) -> dict[str, Any]:
    """A map with real boundaries: ``boundaries`` is a GeoJSON FeatureCollection (a dict) or its URL;
    ``code_property`` names the feature property holding the three-digit municipality code."""
    check_lang(lang)
    if not code_property.isidentifier():
        raise ChartError(f"map: code property {code_property!r} must be a plain property name")
    if isinstance(boundaries, dict):
        source = alt.Data(values=boundaries, format=alt.DataFormat(property="features", type="json"))
    else:
        source = alt.Data(url=boundaries, format=alt.DataFormat(property="features", type="json"))
    lookup = alt.LookupData(named("figures"), key="code", fields=["name", "value", "shown", "status"])
    base = alt.Chart(source).transform_calculate(
        code=f"datum.properties['{code_property}']",
    ).transform_lookup(
        lookup="code", from_=lookup,
    ).transform_filter(
        "isValid(datum.name)",  # features that are not one of the rows (e.g. 411 Christiansø)
    )
    # every municipality is drawn (light grey without a figure), so the projection always fits the country
    empty = base.mark_geoshape(stroke="#333", strokeWidth=0.4, fill="#eeeeee").encode(tooltip=_tooltip(unit, lang))
    coloured = base.mark_geoshape(stroke="#333", strokeWidth=0.4).encode(
        color=_colour(color_by, unit, lang), tooltip=_tooltip(unit, lang))
    chart = alt.layer(empty, coloured, width=width, height=height, title=title or alt.Undefined).project(
        type="mercator")
    return finish(chart, lang, _described(rows, color_by, lang), {"figures": _rows(rows)})
