"""Line charts over time: one indicator for one area with its benchmarks, and several areas compared."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from jobmaal.analysis.labels import TargetKind
from jobmaal.analysis.objects import IndicatorFollowup, SeriesPoint
from jobmaal.charts.common import check_lang, finish, finish_spec, iso, named, number, unit_title, value_format

# (key on SeriesPoint, da, en, colour, dash): Okabe–Ito colours, and a dash pattern per line so
# that the lines differ in greyscale and for colour-blind readers too.
_LINES: tuple[tuple[str, str, str, str, list[int]], ...] = (
    ("value", "Kommunen", "The municipality", "#0072b2", []),
    ("seasonally_adjusted", "Sæsonkorrigeret", "Seasonally adjusted", "#56b4e9", [6, 3]),
    ("country", "Hele landet", "Whole country", "#555555", [2, 2]),
    ("cluster", "Sammenlignelige kommuner", "Comparable municipalities", "#e69f00", [8, 3, 2, 3]),
    ("expected", "Forventet niveau", "Expected level", "#009e73", [4, 4]),
    ("projected", "Fremskrivning", "Projection", "#0072b2", [1, 3]),
)
_TARGET_COLOUR = "#d55e00"


def _label(key: str, lang: str, area_name: str | None) -> str:
    for k, da, en, _, _ in _LINES:
        if k == key:
            if k == "value" and area_name:
                return area_name
            return da if lang == "da" else en
    raise KeyError(key)


SCHEMA_URL = "https://vega.github.io/schema/vega-lite/v6.4.1.json"  # Altair's (tests: the same)


def _x_period() -> dict[str, Any]:
    return {"field": "period", "type": "temporal", "title": None,
            "axis": {"format": "%b %Y", "labelAngle": 0, "tickCount": 6}}


def _tooltip(field: str, kind: str, title: str, fmt: str | None = None) -> dict[str, Any]:
    tip: dict[str, Any] = {"field": field, "type": kind, "title": title}
    if fmt is not None:
        tip["format"] = fmt
    return tip


@lru_cache(maxsize=512)
def _series_layout(unit: str, lang: str, area_name: str | None, present: tuple[str, ...], band: bool,
                   target_label: str | None, title: str, width: int | str, height: int) -> str:
    """The chart without its data, as JSON, filled with each area's data by ``series_chart``.

    Written as the plain Vega-Lite spec that Altair would build (the other charts use Altair): this one
    is in every report, and Altair's import and build (~0.5 s) were a third of a one-off report's own
    work. The tests validate it against the Vega-Lite schema and draw it."""
    domain = [_label(k, lang, area_name) for k in present]
    colours = [c for k, _, _, c, _ in _LINES if k in present]
    dashes = [d for k, _, _, _, d in _LINES if k in present]
    fmt = value_format(unit)
    month = "Måned" if lang == "da" else "Month"
    layers: list[dict[str, Any]] = []
    if band:
        interval = "Forventet interval" if lang == "da" else "Expected interval"
        layers.append({
            "data": {"name": "band"},
            "mark": {"type": "area", "opacity": 0.18, "color": "#009e73", "clip": True},
            "encoding": {
                "x": _x_period(), "y": {"field": "lower", "type": "quantitative"}, "y2": {"field": "upper"},
                "tooltip": [_tooltip("period", "temporal", month, "%B %Y"),
                            _tooltip("lower", "quantitative", f"{interval} (min)", fmt),
                            _tooltip("upper", "quantitative", f"{interval} (max)", fmt)],
            },
        })
    y_axis: dict[str, Any] = {"format": fmt}
    if unit != "percent":
        y_axis["tickMinStep"] = 1
    layers.append({
        "data": {"name": "series"},
        "mark": {"type": "line", "strokeWidth": 2, "clip": True, "invalid": "break-paths-filter-domains"},
        "encoding": {
            "x": _x_period(),
            "y": {"field": "value", "type": "quantitative", "title": unit_title(unit, lang),
                  "scale": {"zero": False}, "axis": y_axis},
            "color": {"field": "series", "type": "nominal", "title": None,
                      "scale": {"domain": domain, "range": colours}},
            "strokeDash": {"field": "series", "type": "nominal", "title": None,
                           "scale": {"domain": domain, "range": dashes}},
            "tooltip": [_tooltip("series", "nominal", ""), _tooltip("period", "temporal", month, "%B %Y"),
                        _tooltip("value", "quantitative", unit_title(unit, lang), fmt)],
        },
    })
    described = ", ".join(domain)
    if target_label is not None:
        target_y = {"field": "target", "type": "quantitative"}
        layers.append({
            "data": {"name": "target"},
            "mark": {"type": "rule", "color": _TARGET_COLOUR, "strokeWidth": 2},
            "encoding": {"y": target_y, "tooltip": [_tooltip("label", "nominal", ""),
                                                   {"field": "target", "type": "quantitative", "format": fmt}]},
        })
        layers.append({
            "data": {"name": "target"},
            "mark": {"type": "text", "align": "left", "dx": 4, "dy": -7, "color": _TARGET_COLOUR,
                     "fontWeight": "bold"},
            "encoding": {"y": target_y, "text": {"field": "label", "type": "nominal"}, "x": {"value": 0}},
        })
        described += f", {target_label}"
    spec: dict[str, Any] = {"$schema": SCHEMA_URL, "config": {"view": {"continuousWidth": 300,
                                                                      "continuousHeight": 300}},
                            "layer": layers, "width": width, "height": height}
    if title:
        spec["title"] = title
    what = "Linjediagram over tid" if lang == "da" else "Line chart over time"
    return json.dumps(finish_spec(spec, lang, f"{title}. {what}: {described}." if title else f"{what}: {described}."))


def series_chart(
    points: Sequence[SeriesPoint],
    *,
    unit: str,
    lang: str = "da",
    area_name: str | None = None,
    title: str = "",
    target: float | None = None,
    target_label: str | None = None,
    width: int | str = 600,
    height: int = 240,
) -> dict[str, Any]:
    """The series of one area (value, seasonally adjusted, country, cluster, expected level with its
    interval, projection) and an optional horizontal target line."""
    check_lang(lang)
    rows: list[dict[str, Any]] = []
    band: list[dict[str, Any]] = []
    present: list[str] = []
    for key, *_ in _LINES:
        values = [number(getattr(p, key)) for p in points]
        if all(v is None for v in values):
            continue
        present.append(key)
        # nulls stay in: the line breaks at a missing or suppressed month instead of bridging it
        rows += [{"period": iso(p.period), "series": _label(key, lang, area_name), "value": v}
                 for p, v in zip(points, values, strict=True)]
    for p in points:
        lo, hi = number(p.expected_lower), number(p.expected_upper)
        if lo is not None and hi is not None:
            band.append({"period": iso(p.period), "lower": lo, "upper": hi})
    label = None
    if target is not None:
        label = target_label or ("Mål" if lang == "da" else "Target")
    spec: dict[str, Any] = json.loads(_series_layout(unit, lang, area_name, tuple(present), bool(band), label,
                                                     title, width, height))
    spec["datasets"] = {"series": rows, "band": band}
    if label is not None:
        spec["datasets"]["target"] = [{"target": target, "label": label}]
    return spec


def _target_level(indicator: IndicatorFollowup) -> float | None:
    """The target as a level on the chart's axis: only level and average targets are levels."""
    t = indicator.target
    if t is None or t.kind not in (TargetKind.LEVEL_YEAR_END, TargetKind.AVERAGE_YEAR):
        return None
    return number(t.target)


def indicator_series_chart(
    indicator: IndicatorFollowup,
    *,
    lang: str = "da",
    area_name: str | None = None,
    width: int | str = 600,
    height: int = 240,
    title: str | None = None,
) -> dict[str, Any]:
    """The chart of one indicator of a municipality's follow-up: the series, the seasonally adjusted
    line, the country and the cluster, the expected level (with its interval), the projection and
    the target line (for level and average targets; a change target has no level to draw)."""
    check_lang(lang)
    points = indicator.series
    if indicator.unit != "percent":
        # a count for the whole country dwarfs the municipality's on one axis (the tables still show it)
        points = tuple(dataclasses.replace(p, country=None) for p in points)
    target = _target_level(indicator)
    label = None
    if target is not None and indicator.target is not None:
        kind = indicator.target.kind.label.get(lang)
        label = f"{'Mål' if lang == 'da' else 'Target'} ({kind.lower()})"
    return series_chart(points, unit=indicator.unit, lang=lang, area_name=area_name,
                        title=indicator.title.get(lang) if title is None else title,
                        target=target, target_label=label, width=width, height=height)


def comparison_chart(
    series: Mapping[str, Sequence[tuple[Any, float | None]]],
    *,
    unit: str,
    lang: str = "da",
    title: str = "",
    width: int | str = 600,
    height: int = 260,
) -> dict[str, Any]:
    """Several areas over time: ``series`` maps an area's name to its (period, value) pairs.

    A missing or suppressed value is a gap in the line (never drawn as 0)."""
    import altair as alt

    check_lang(lang)
    rows = [{"period": iso(p), "area": name, "value": number(v)}
            for name, points in series.items() for p, v in points]
    fmt = value_format(unit)
    month = "Måned" if lang == "da" else "Month"
    area = "Område" if lang == "da" else "Area"
    chart = alt.Chart(named("areas"), width=width, height=height,
                      title=title or alt.Undefined).mark_line(
        strokeWidth=2, point=alt.OverlayMarkDef(size=18), invalid="break-paths-filter-domains").encode(
        x=alt.X("period:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=6)),
        y=alt.Y("value:Q", title=unit_title(unit, lang), scale=alt.Scale(zero=False),
                axis=alt.Axis(format=fmt, tickMinStep=1 if unit != "percent" else alt.Undefined)),
        # one legend: both channels share the field, the title and the domain
        color=alt.Color("area:N", title=None, scale=alt.Scale(domain=list(series), scheme="tableau10")),
        strokeDash=alt.StrokeDash("area:N", title=None, scale=alt.Scale(domain=list(series))),
        tooltip=[alt.Tooltip("area:N", title=area), alt.Tooltip("period:T", title=month, format="%B %Y"),
                 alt.Tooltip("value:Q", title=unit_title(unit, lang), format=fmt)],
    )
    what = "Sammenligning over tid" if lang == "da" else "Comparison over time"
    text = f"{what}: {', '.join(series)}."
    return finish(chart, lang, f"{title}. {text}" if title else text, {"areas": rows})
