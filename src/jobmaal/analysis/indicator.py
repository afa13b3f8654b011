"""Everything about one indicator across all municipalities for one year, computed once.

``IndicatorYear`` holds the period × area frames (municipalities or RAR areas, the country), the cluster
series, the latest period and the expected-level fits; ``followup.py`` reads per-municipality figures
from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from jobmaal.analysis.expected import ModelFit, design_matrix, fit_expected
from jobmaal.analysis.timeseries import Wide, pooled, rolling_year, to_wide
from jobmaal.catalog.models import Indicator
from jobmaal.reference import COUNTRY_CODE


def year_end_period(year: int, periodicity: str) -> pd.Timestamp:
    month = {"month": 12, "half_year": 7, "year": 1}[periodicity]
    return pd.Timestamp(year, month, 1)


@dataclass
class IndicatorYear:
    indicator: Indicator
    year: int
    area_type: str  # "municipality" or "rar"
    wide: Wide  # the areas of area_type
    country: Wide
    clusters: Wide  # period × cluster label
    year_periods: pd.DatetimeIndex
    latest: pd.Timestamp | None
    fits: dict[pd.Timestamp, ModelFit | None] = field(default_factory=dict)
    ytd_fit: ModelFit | None = None
    ytd: pd.DataFrame | None = None  # pooled year so far per area
    ytd_last: pd.DataFrame | None = None  # the same periods last year
    rolling: pd.DataFrame | None = None

    @property
    def percent(self) -> bool:
        return self.indicator.unit == "percent"

    @property
    def higher_is_better(self) -> bool:
        return self.indicator.direction == "higher_is_better"

    @property
    def observed_periods(self) -> pd.DatetimeIndex:
        if self.latest is None:
            return self.year_periods[:0]
        return self.year_periods[self.year_periods <= self.latest]


def _cluster_series(wide: Wide, clusters: pd.Series | None, percent: bool) -> Wide:
    """Per period and cluster: the members' summed numerators and denominators and the pooled share,
    or the mean count per member."""
    index = wide.value.index
    if clusters is None or wide.value.empty:
        empty = pd.DataFrame(index=index)
        return Wide(empty, empty, empty, wide.periodicity, percent)
    members = clusters.reindex(wide.value.columns).dropna()
    value: dict[str, pd.Series] = {}
    nums: dict[str, pd.Series] = {}
    dens: dict[str, pd.Series] = {}
    for label, codes in members.groupby(members).groups.items():
        cols = list(codes)
        if percent:
            num, den = wide.numerator[cols], wide.denominator[cols]
            present = num.notna() & den.notna()
            nums[str(label)] = num.where(present).sum(axis=1, min_count=1)
            dens[str(label)] = den.where(present).sum(axis=1, min_count=1)
            value[str(label)] = 100.0 * nums[str(label)] / dens[str(label)].where(dens[str(label)] > 0)
        else:
            value[str(label)] = nums[str(label)] = wide.value[cols].mean(axis=1)
            dens[str(label)] = pd.Series(np.nan, index=index)
    return Wide(pd.DataFrame(value, index=index), pd.DataFrame(nums, index=index),
                pd.DataFrame(dens, index=index), wide.periodicity, percent)


def build_indicator_year(
    indicator: Indicator,
    values: pd.DataFrame,
    year: int,
    conditions: pd.DataFrame,
    variables: list[str],
    clusters: pd.Series | None,
    exposure: pd.Series | None,
    level: float,
) -> IndicatorYear:
    """Frames, latest period, cluster series and expected-level fits of one indicator for ``year``."""
    periodicity = indicator.period.value
    percent = indicator.unit == "percent"
    rows = values[values["indicator_id"] == indicator.id]
    end = year_end_period(year, periodicity)
    rows = rows[rows["period"] <= end]
    rar_level = getattr(indicator.measure, "area_level", None) == "rar"
    area_type = "rar" if rar_level else "municipality"
    wide = to_wide(rows[rows["area_type"] == area_type], periodicity, percent, end=end)
    country = to_wide(rows[(rows["area_type"] == "country") & (rows["area_code"] == COUNTRY_CODE)],
                      periodicity, percent, end=end)
    if not wide.value.empty and not country.value.empty:
        country = Wide(*(f.reindex(wide.value.index) for f in (country.value, country.numerator,
                                                                country.denominator)),
                       periodicity, percent)
    year_periods = pd.DatetimeIndex([p for p in wide.value.index if p.year == year], name="period")
    if wide.value.empty:
        year_periods = pd.DatetimeIndex([], name="period")
    # The latest period: the last with a country figure (the data month), else with any area figure.
    if COUNTRY_CODE in country.value and country.value[COUNTRY_CODE].notna().any():
        latest = country.value[COUNTRY_CODE].dropna().index.max()
    else:
        with_values = wide.value.dropna(how="all").index
        latest = with_values.max() if len(with_values) else None

    iy = IndicatorYear(indicator, year, area_type, wide, country,
                       _cluster_series(wide, None if rar_level else clusters, percent), year_periods, latest)
    iy.rolling = rolling_year(wide) if not wide.value.empty else None
    observed = iy.observed_periods
    if len(observed):
        iy.ytd = pooled(wide, observed)
        iy.ytd_last = pooled(wide, pd.DatetimeIndex([p - pd.DateOffset(years=1) for p in observed]))
    if not rar_level and not wide.value.empty:
        design = design_matrix(conditions, [str(c) for c in wide.value.columns], variables)
        fit_args = {"percent": percent, "higher_is_better": iy.higher_is_better, "level": level,
                    "exposure": exposure, "design": design}
        for period in observed:
            frame = pd.DataFrame({"value": wide.value.loc[period], "numerator": wide.numerator.loc[period],
                                  "denominator": wide.denominator.loc[period]})
            iy.fits[period] = fit_expected(frame, conditions, variables, **fit_args)
        if iy.ytd is not None:
            iy.ytd_fit = (iy.fits[observed[0]] if len(observed) == 1 else
                          fit_expected(iy.ytd[["value", "numerator", "denominator"]], conditions, variables,
                                       **fit_args))
    return iy


def country_at(iy: IndicatorYear, periods: pd.DatetimeIndex) -> float | None:
    if COUNTRY_CODE not in iy.country.value or not len(periods):
        return None
    frame = pooled(iy.country, periods)
    return _num(frame["value"].get(COUNTRY_CODE)) if len(frame) else None


def cluster_at(iy: IndicatorYear, label: str | None, periods: pd.DatetimeIndex) -> float | None:
    """The cluster's value pooled over ``periods`` (its members' numerators and denominators summed)."""
    if label is None or label not in iy.clusters.value or not len(periods):
        return None
    frame = pooled(iy.clusters, periods)
    return _num(frame["value"].get(label)) if len(frame) else None


def _num(x: object) -> float | None:
    try:
        f = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return f if np.isfinite(f) else None
