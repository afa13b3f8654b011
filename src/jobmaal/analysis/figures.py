"""Figures and series for each area of one indicator: the latest period and the year so far.

Computed for all areas at once (pooled frames turned into dicts), then read per municipality.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
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


def _floats(arr: np.ndarray) -> list[float | None]:
    return [None if v != v else float(v) for v in arr.tolist()]  # NaN → None


@dataclass
class SeriesCache:
    """Per-indicator lists shared by every area's series (built once, read 98 times)."""

    position: dict[str, int]
    dates: list[dt.date]
    values: np.ndarray  # period × area
    rolling: np.ndarray
    country: list[float | None]
    clusters: dict[str, list[float | None]]
    expected: dict[int, tuple[list[float | None], list[float | None], list[float | None]]]  # by period row
    # The seasonally adjusted series up to the latest period, by area column: made on first use (STL is
    # the costliest part of a series), or for every area at once by ``adjust_all`` (a cache on disk).
    adjusted: dict[int, list[float | None]] = field(default_factory=dict)


def series_cache(iy: IndicatorYear) -> SeriesCache:
    wide = iy.wide
    n = len(wide.value.index)
    country = (_floats(iy.country.value[COUNTRY_CODE].to_numpy()) if COUNTRY_CODE in iy.country.value
               else [None] * n)
    clusters = {str(c): _floats(iy.clusters.value[c].to_numpy()) for c in iy.clusters.value.columns}
    row_of = {p: i for i, p in enumerate(wide.value.index)}
    expected = {}
    for p, fit in iy.fits.items():
        if fit is not None:
            t = fit.table
            expected[row_of[p]] = (_floats(t["expected"].to_numpy()), _floats(t["lower"].to_numpy()),
                                   _floats(t["upper"].to_numpy()))
    rolling = iy.rolling.to_numpy() if iy.rolling is not None else np.full(wide.value.shape, np.nan)
    dates = [_date(p) for p in wide.value.index]
    return SeriesCache({str(c): i for i, c in enumerate(wide.value.columns)}, dates, wide.value.to_numpy(),
                       rolling, country, clusters, expected)


def _adjusted_until(iy: IndicatorYear) -> int:
    """How many periods a monthly indicator's series is seasonally adjusted for (up to the latest); else 0."""
    if iy.indicator.period.value != "month" or iy.latest is None:
        return 0
    return int(np.searchsorted(iy.wide.value.index.to_numpy(), np.datetime64(iy.latest), side="right"))


def _adjusted(iy: IndicatorYear, cache: SeriesCache, j: int, upto: int) -> list[float | None]:
    got = cache.adjusted.get(j)
    if got is None:  # two threads may both compute it: the same list either way
        index = iy.wide.value.index
        got = _floats(seasonally_adjusted(pd.Series(cache.values[:upto, j], index=index[:upto])).to_numpy())
        cache.adjusted[j] = got
    return got


def adjust_all(iy: IndicatorYear, cache: SeriesCache) -> None:
    """Seasonally adjust every area's series now (before the cache is stored for other processes)."""
    upto = _adjusted_until(iy)
    if upto:
        for j in cache.position.values():
            _adjusted(iy, cache, j, upto)


def series(iy: IndicatorYear, cache: SeriesCache, area: str, cluster: str | None,
           proj: Projection | None) -> tuple[SeriesPoint, ...]:
    """The chart series of one area: all periods up to the year's end."""
    j = cache.position.get(area)
    if j is None:
        return ()
    index = iy.wide.value.index
    n = len(index)
    val = _floats(cache.values[:, j])
    sa: list[float | None] = [None] * n
    upto = _adjusted_until(iy)
    if upto:
        sa[:upto] = _adjusted(iy, cache, j, upto)
    per = iy.wide.per_year
    last = [None] * per + val[: max(n - per, 0)]
    rolling = _floats(cache.rolling[:, j])
    cl = cache.clusters.get(cluster, [None] * n) if cluster else [None] * n
    none3 = (None, None, None)
    expected = {i: (e[0][j], e[1][j], e[2][j]) for i, e in cache.expected.items()}
    projected: dict[int, float | None] = {}
    if proj is not None and len(iy.year_periods):
        start = index.get_loc(iy.year_periods[0])
        for k, (v, is_proj) in enumerate(zip(proj.values, proj.projected, strict=False)):
            if is_proj:
                projected[start + k] = v
    return tuple(
        SeriesPoint(period=cache.dates[i], value=val[i], rolling_year=rolling[i], seasonally_adjusted=sa[i],
                    last_year=last[i], country=cache.country[i], cluster=cl[i],
                    expected=expected.get(i, none3)[0], expected_lower=expected.get(i, none3)[1],
                    expected_upper=expected.get(i, none3)[2], projected=projected.get(i))
        for i in range(n)
    )


def _date(p: pd.Timestamp) -> dt.date:
    return dt.date(p.year, p.month, p.day)
