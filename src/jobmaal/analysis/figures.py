"""Figures and series for each area of one indicator: the latest period and the year so far.

Computed for all areas at once (pooled frames turned into dicts), then read per municipality.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from jobmaal.analysis.expected import ModelFit
from jobmaal.analysis.indicator import IndicatorYear
from jobmaal.analysis.labels import Comparison
from jobmaal.analysis.objects import ExpectedLevel, Figure, SeriesPoint
from jobmaal.analysis.projection import Projection
from jobmaal.analysis.timeseries import pooled, seasonally_adjusted
from jobmaal.reference import COUNTRY_CODE


def _f(x: Any) -> float | None:
    if x is None:
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if np.isfinite(v) else None


def _records(frame: pd.DataFrame | None) -> dict[str, dict[str, Any]]:
    return {} if frame is None or frame.empty else frame.to_dict("index")


def _change(value: float | None, last: float | None) -> tuple[float | None, float | None]:
    if value is None or last is None:
        return None, None
    return value - last, (100.0 * (value - last) / last if last != 0 else None)


@dataclass(frozen=True)
class Span:
    """Pooled figures of every area over some periods, with last year's and the benchmarks."""

    periods: pd.DatetimeIndex
    areas: dict[str, dict[str, Any]]
    last: dict[str, dict[str, Any]]
    country: float | None
    country_last: float | None
    clusters: dict[str, dict[str, Any]]
    clusters_last: dict[str, dict[str, Any]]
    fit: dict[str, dict[str, Any]]
    ranked: int


def span(iy: IndicatorYear, periods: pd.DatetimeIndex, fit: ModelFit | None) -> Span:
    before = pd.DatetimeIndex([p - pd.DateOffset(years=1) for p in periods])
    country = _records(pooled(iy.country, periods)).get(COUNTRY_CODE, {})
    country_last = _records(pooled(iy.country, before)).get(COUNTRY_CODE, {})
    table = fit.table if fit is not None else None
    return Span(
        periods=periods,
        areas=_records(pooled(iy.wide, periods)),
        last=_records(pooled(iy.wide, before)),
        country=_f(country.get("value")),
        country_last=_f(country_last.get("value")),
        clusters=_records(pooled(iy.clusters, periods)) if not iy.clusters.value.empty else {},
        clusters_last=_records(pooled(iy.clusters, before)) if not iy.clusters.value.empty else {},
        fit=_records(table),
        ranked=int(table["rank"].notna().sum()) if table is not None else 0,
    )


def figure(sp: Span, area: str, cluster: str | None) -> Figure:
    row = sp.areas.get(area, {})
    value = _f(row.get("value"))
    last = _f(sp.last.get(area, {}).get("value"))
    change, change_pct = _change(value, last)
    cl = _f(sp.clusters.get(cluster, {}).get("value")) if cluster else None
    cl_last = _f(sp.clusters_last.get(cluster, {}).get("value")) if cluster else None
    expected = None
    if sp.fit:
        e = sp.fit.get(area, {})
        rank = _f(e.get("rank"))
        comp = e.get("comparison")
        expected = ExpectedLevel(
            expected=_f(e.get("expected")), lower=_f(e.get("lower")), upper=_f(e.get("upper")),
            difference=_f(e.get("difference")), rank=int(rank) if rank is not None else None,
            ranked=sp.ranked, comparison=Comparison(comp) if isinstance(comp, str) else None,
        )
    return Figure(
        period_from=sp.periods[0].date(), period_to=sp.periods[-1].date(), periods=int(row.get("periods") or 0),
        value=value, numerator=_f(row.get("numerator")), denominator=_f(row.get("denominator")),
        last_year=last, change=change, change_percent=change_pct,
        country=sp.country, country_change=_change(sp.country, sp.country_last)[0],
        cluster=cl, cluster_change=_change(cl, cl_last)[0], expected=expected,
    )


def series(iy: IndicatorYear, area: str, cluster: str | None, proj: Projection | None) -> tuple[SeriesPoint, ...]:
    """The chart series of one area: all periods up to the year's end."""
    wide = iy.wide
    if area not in wide.value:
        return ()
    values = wide.value[area]
    upto = values[values.index <= iy.latest] if iy.latest is not None else values.iloc[:0]
    sa = (seasonally_adjusted(upto) if iy.indicator.period.value == "month"
          else pd.Series(np.nan, index=upto.index)).reindex(values.index)
    last = values.shift(wide.per_year)
    rolling = iy.rolling[area] if iy.rolling is not None else pd.Series(np.nan, index=values.index)
    country = (iy.country.value[COUNTRY_CODE] if COUNTRY_CODE in iy.country.value
               else pd.Series(np.nan, index=values.index))
    cl = (iy.clusters.value[cluster] if cluster and cluster in iy.clusters.value
          else pd.Series(np.nan, index=values.index))
    projected = {}
    if proj is not None:
        for p, v, is_proj in zip(iy.year_periods, proj.values, proj.projected, strict=False):
            if is_proj:
                projected[p] = v
    points = []
    for p, v, r, s, ly, c, k in zip(values.index, values.to_numpy(), rolling.to_numpy(), sa.to_numpy(),
                                     last.to_numpy(), country.to_numpy(), cl.to_numpy(), strict=True):
        fit = iy.fits.get(p)
        e = fit.table.loc[area] if fit is not None and area in fit.table.index else None
        points.append(SeriesPoint(
            period=_date(p), value=_f(v), rolling_year=_f(r), seasonally_adjusted=_f(s), last_year=_f(ly),
            country=_f(c), cluster=_f(k),
            expected=_f(e["expected"]) if e is not None else None,
            expected_lower=_f(e["lower"]) if e is not None else None,
            expected_upper=_f(e["upper"]) if e is not None else None,
            projected=_f(projected.get(p)),
        ))
    return tuple(points)


def _date(p: pd.Timestamp) -> dt.date:
    return dt.date(p.year, p.month, p.day)
