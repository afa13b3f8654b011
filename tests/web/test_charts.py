"""The chart specs: valid Vega-Lite, the right layers and texts, the same spec for page and report image."""

from __future__ import annotations

import datetime as dt
import json

import altair.vegalite.v6.schema as vl
import pytest
import vl_convert
from altair.utils.schemapi import validate_jsonschema

from jobmaal.analysis.labels import Status, TargetKind
from jobmaal.analysis.objects import IndicatorFollowup, SeriesPoint, TargetAssessment
from jobmaal.catalog import Text
from jobmaal.charts import (
    STATUS_COLOURS,
    MapRow,
    boundary_map_chart,
    comparison_chart,
    indicator_series_chart,
    status_bar_chart,
    tile_map_chart,
    tile_positions,
)
from jobmaal.charts.common import ChartError
from jobmaal.reference import municipalities
from tests.web.conftest import BOUNDARIES


def _valid(spec: dict) -> None:
    validate_jsonschema(spec, vl.load_schema())


def _points() -> tuple[SeriesPoint, ...]:
    out = []
    for i in range(24):
        day = dt.date(2020 + i // 12, i % 12 + 1, 1)
        this_year = day.year == 2021
        out.append(SeriesPoint(period=day, value=None if i == 5 else 40 + i / 2, rolling_year=None,
                               seasonally_adjusted=41 + i / 2, last_year=None, country=45.0, cluster=43.0,
                               expected=44.0 if this_year else None, expected_lower=42.0 if this_year else None,
                               expected_upper=46.0 if this_year else None, projected=None))
    return tuple(out)


def _indicator(target: TargetAssessment | None) -> IndicatorFollowup:
    return IndicatorFollowup(
        indicator_id="mm13_refugees_employed_share", title=Text(da="Flygtninge i job", en="Refugees in jobs"),
        unit="percent", direction="higher_is_better", periodicity="month", context=False, area_type="municipality",
        area_code="730", latest=None, year_to_date=None, series=_points(), target=target,
        status=Status.ON_TRACK if target else Status.NO_TARGET, vs_last_year=None, vs_expected=None)


def _target(kind: TargetKind) -> TargetAssessment:
    return TargetAssessment(kind=kind, target=47.5, comment=None, baseline=42.0, so_far=None, progress_so_far=None,
                            attainment_percent=None, projection=None, projection_lower=None, projection_upper=None,
                            ratio=None, periods_observed=12, periods_in_year=12, status=Status.ON_TRACK)


def test_series_chart_has_every_line_the_target_and_a_gap_for_the_missing_month() -> None:
    spec = indicator_series_chart(_indicator(_target(TargetKind.LEVEL_YEAR_END)), lang="da", area_name="Randers")
    _valid(spec)
    lines = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line")
    rows = spec["datasets"][lines["data"]["name"]]
    series = {row["series"] for row in rows}
    assert series == {"Randers", "Sæsonkorrigeret", "Hele landet", "Sammenlignelige kommuner", "Forventet niveau"}
    june = [r for r in rows if r["series"] == "Randers" and r["period"] == "2020-06-01"]
    assert june == [{"period": "2020-06-01", "series": "Randers", "value": None}]  # a gap, never a 0
    assert lines["mark"]["invalid"] == "break-paths-filter-domains"
    rules = [layer for layer in spec["layer"] if layer["mark"]["type"] == "rule"]
    assert rules and spec["datasets"][rules[0]["data"]["name"]][0]["target"] == 47.5
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert "Flygtninge i job" in spec["description"]


def test_a_change_target_draws_no_level_line_and_english_texts() -> None:
    spec = indicator_series_chart(_indicator(_target(TargetKind.CHANGE_VS_LAST_YEAR)), lang="en")
    _valid(spec)
    assert not [layer for layer in spec["layer"] if layer["mark"]["type"] == "rule"]
    lines = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line")
    assert "Whole country" in {r["series"] for r in spec["datasets"][lines["data"]["name"]]}
    assert spec["config"]["locale"]["number"]["decimal"] == "."


def test_comparison_status_and_tile_map_specs_are_valid_and_render_without_a_browser() -> None:
    days = [dt.date(2021, m, 1) for m in range(1, 4)]
    cmp = comparison_chart({"Hele landet": list(zip(days, [1.0, 2.0, 3.0], strict=True)),
                            "Randers": list(zip(days, [1.5, None, 2.5], strict=True))}, unit="percent", lang="da")
    bar = status_bar_chart({Status.ON_TRACK: 3, Status.NO_TARGET: 95}, lang="da")
    rows = [MapRow(m.code, m.name, float(i), f"{i},0", "Intet mål") for i, m in enumerate(municipalities())]
    tiles = tile_map_chart(rows, color_by="value", unit="percent", lang="da")
    for spec in (cmp, bar, tiles):
        _valid(spec)
        svg = vl_convert.vegalite_to_svg(spec)  # the reports' path: the same spec as a static image
        assert svg.startswith("<svg")
    assert "På rette spor: 3" in bar["description"] and "Intet mål: 95" in bar["description"]
    assert ">København<" not in svg  # tiles are labelled by code; names are in the tooltip and the table
    assert ">101<" in vl_convert.vegalite_to_svg(tiles)


def test_tile_grid_has_every_municipality_once() -> None:
    pos = tile_positions()
    assert set(pos) == {m.code for m in municipalities()}
    assert len(set(pos.values())) == 98


def test_status_colours_are_distinct_and_unknown_arguments_are_refused() -> None:
    assert len(set(STATUS_COLOURS.values())) == len(STATUS_COLOURS)
    with pytest.raises(ChartError, match="language"):
        status_bar_chart({}, lang="de")
    with pytest.raises(ChartError, match="colouring"):
        tile_map_chart([], color_by="size")


def test_boundary_map_from_a_geojson_file() -> None:
    if not BOUNDARIES.is_file():
        pytest.skip(f"no boundary file at {BOUNDARIES} (the shared data folder is not beside the repository)")
    geo = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    rows = [MapRow(m.code, m.name, float(i), f"{i},0", "Intet mål") for i, m in enumerate(municipalities())]
    codes = [f["properties"]["lau_1"] for f in geo["features"]]
    assert set(codes) >= {m.code for m in municipalities()}  # every municipality has a shape to colour
    _valid(boundary_map_chart(rows, "/geo/boundaries.json", color_by="value", lang="da"))  # as the page uses it
    few = dict(geo, features=[f for f in geo["features"] if f["properties"]["lau_1"] in ("101", "147", "411")])
    spec = boundary_map_chart(rows, few, color_by="status", lang="da")
    _valid(spec)
    svg = vl_convert.vegalite_to_svg(spec)
    assert svg.count("<path") >= 2 and "Christiansø" not in svg  # 411 is no municipality: left out
