"""Change over time: same period a year earlier, a rolling one-year average, a seasonally adjusted series.

Series are wide frames: one row per period (a complete, gap-free period index), one column per area.
Shares are pooled over periods (Σ numerator / Σ denominator), counts averaged. Seasonal adjustment uses
STL (Cleveland et al. 1990, statsmodels): period 12, seasonal smoother 13, robust to outliers (5 passes); the
adjusted series is the observed minus the seasonal component. It needs two full years without a gap;
shorter or half-yearly and yearly series are left unadjusted (missing).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

PERIODS_PER_YEAR = {"month": 12, "half_year": 2, "year": 1}
_FREQ = {"month": "MS", "half_year": "6MS", "year": "YS"}
STL_SEASONAL = 13
STL_MIN_YEARS = 2
STL_ROBUST_ITERATIONS = 5  # robustness passes (statsmodels' default is 15; the weights settle well before)


@dataclass(frozen=True)
class Wide:
    """Value, numerator and denominator of one indicator as period × area frames."""

    value: pd.DataFrame
    numerator: pd.DataFrame
    denominator: pd.DataFrame
    periodicity: str
    percent: bool

    @property
    def per_year(self) -> int:
        return PERIODS_PER_YEAR[self.periodicity]


def period_index(start: pd.Timestamp, end: pd.Timestamp, periodicity: str) -> pd.DatetimeIndex:
    if periodicity == "half_year":  # half-years start in January or July
        start = pd.Timestamp(start.year, 1 if start.month < 7 else 7, 1)
    elif periodicity == "year":
        start = pd.Timestamp(start.year, 1, 1)
    return pd.date_range(start, end, freq=_FREQ[periodicity])


def to_wide(rows: pd.DataFrame, periodicity: str, percent: bool,
            end: pd.Timestamp | None = None) -> Wide:
    """Pivot one indicator's rows (one area type) to period × area frames on a gap-free index."""
    if rows.empty:
        empty = pd.DataFrame(index=pd.DatetimeIndex([], name="period"))
        return Wide(empty, empty, empty, periodicity, percent)
    last = max(rows["period"].max(), end) if end is not None else rows["period"].max()
    index = period_index(rows["period"].min(), last, periodicity)
    areas = pd.Index(sorted(rows["area_code"].unique()), name="area_code")
    r = index.get_indexer(rows["period"])
    c = areas.get_indexer(rows["area_code"])
    ok = r >= 0  # periods off the calendar (e.g. a half-year dated in March) are left out
    frames = []
    for col in ("value", "numerator", "denominator"):
        arr = np.full((len(index), len(areas)), np.nan)
        arr[r[ok], c[ok]] = rows[col].to_numpy(dtype="float64")[ok]
        frames.append(pd.DataFrame(arr, index=index.rename("period"), columns=areas))
    return Wide(frames[0], frames[1], frames[2], periodicity, percent)


def last_year(wide: Wide, frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """The value of the same period a year earlier, aligned on each period."""
    return (wide.value if frame is None else frame).shift(wide.per_year)


def rolling_year(wide: Wide) -> pd.DataFrame:
    """The average over the last year's periods (all must be present); pooled for shares."""
    n = wide.per_year
    if wide.percent:
        present = (wide.denominator > 0) & wide.numerator.notna()
        num = wide.numerator.where(present, 0.0).rolling(n, min_periods=n).sum()
        den = wide.denominator.where(present, 0.0).rolling(n, min_periods=n).sum()
        complete = present.astype(float).rolling(n, min_periods=n).sum() == n
        return (100.0 * num / den.where(den > 0)).where(complete)
    return wide.value.rolling(n, min_periods=n).mean()


def seasonally_adjusted(series: pd.Series) -> pd.Series:
    """STL-adjusted monthly series over its last gap-free stretch; missing where it cannot be done."""
    out = pd.Series(np.nan, index=series.index)
    isna = series.isna().to_numpy()
    if isna.all():
        return out
    end = len(series) - int(np.argmax(~isna[::-1]))  # one past the last value
    start = end
    while start > 0 and not isna[start - 1]:
        start -= 1
    stretch = series.iloc[start:end]
    if len(stretch) < STL_MIN_YEARS * 12 or stretch.nunique() < 2:
        return out
    from statsmodels.tsa.seasonal import STL

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        fit = STL(stretch.to_numpy(dtype="float64"), period=12, seasonal=STL_SEASONAL, robust=True).fit(
            inner_iter=2, outer_iter=STL_ROBUST_ITERATIONS)
    out.iloc[start:end] = stretch.to_numpy() - fit.seasonal
    return out


def pooled(wide: Wide, periods: pd.DatetimeIndex) -> pd.DataFrame:
    """Per area over ``periods``: value (pooled share or mean count), numerator and denominator per period."""
    rows = wide.value.index.get_indexer(periods)
    rows = rows[rows >= 0]
    if not len(rows):
        return pd.DataFrame(columns=["value", "numerator", "denominator", "periods"])
    if wide.percent:
        num = wide.numerator.to_numpy()[rows]
        den = wide.denominator.to_numpy()[rows]
        present = np.isfinite(num) & (np.nan_to_num(den) > 0)  # a zero denominator: no value that period
        count = present.sum(axis=0)
        n_sum = np.where(present, num, 0.0).sum(axis=0)
        d_sum = np.where(present, den, 0.0).sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            out = pd.DataFrame({
                "value": np.where(d_sum > 0, 100.0 * n_sum / d_sum, np.nan),
                "numerator": np.where(count > 0, n_sum / count, np.nan),
                "denominator": np.where(count > 0, d_sum / count, np.nan),
                "periods": count,
            }, index=wide.value.columns)
    else:
        val = wide.value.to_numpy()[rows]
        present = np.isfinite(val)
        count = present.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(count > 0, np.where(present, val, 0.0).sum(axis=0) / count, np.nan)
        out = pd.DataFrame({"value": mean, "numerator": mean, "denominator": np.nan, "periods": count},
                           index=wide.value.columns)
    out.index.name = "area_code"
    return out
