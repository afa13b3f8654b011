"""Change over time: same period last year, the rolling year, seasonal adjustment, projection."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from jobmaal.analysis.projection import project
from jobmaal.analysis.timeseries import last_year, pooled, rolling_year, seasonally_adjusted, to_wide


def _rows(values: list[float | None], dens: list[float] | None = None, code: str = "101") -> pd.DataFrame:
    periods = pd.date_range("2019-01-01", periods=len(values), freq="MS")
    dens = dens or [100.0] * len(values)
    return pd.DataFrame({
        "period": periods, "area_code": code,
        "value": [np.nan if v is None else v for v in values],
        "numerator": [np.nan if v is None else v * d / 100 for v, d in zip(values, dens, strict=True)],
        "denominator": dens,
    })


def test_change_against_the_same_month_last_year() -> None:
    wide = to_wide(_rows([float(i) for i in range(24)]), "month", True)
    ly = last_year(wide)["101"]
    assert ly.iloc[:12].isna().all()
    assert (wide.value["101"] - ly).iloc[12:].tolist() == [12.0] * 12


def test_rolling_year_pools_shares_and_needs_twelve_months() -> None:
    values = [10.0] * 11 + [40.0] + [10.0] * 12
    dens = [100.0] * 11 + [300.0] + [100.0] * 12
    roll = rolling_year(to_wide(_rows(values, dens), "month", True))["101"]
    assert roll.iloc[:11].isna().all()
    # Pooled: (11·10 + 120) / (11·100 + 300) = 230 / 1400.
    assert roll.iloc[11] == pytest.approx(100 * 230 / 1400)
    assert roll.iloc[23] == pytest.approx(10.0)


def test_rolling_year_is_missing_across_a_zero_denominator() -> None:
    rows = _rows([10.0] * 24)
    rows.loc[5, ["value", "numerator"]] = np.nan
    rows.loc[5, "denominator"] = 0.0
    roll = rolling_year(to_wide(rows, "month", True))["101"]
    assert roll.iloc[11:17].isna().all()  # every window containing June 2019
    assert roll.iloc[17] == pytest.approx(10.0)


def test_stl_removes_a_fixed_seasonal_pattern() -> None:
    months = np.arange(48)
    trend = 30 + 0.05 * months
    season = 3 * np.sin(2 * np.pi * months / 12)
    sa = seasonally_adjusted(pd.Series(trend + season, index=pd.date_range("2019-01-01", periods=48, freq="MS")))
    assert np.abs(sa.to_numpy() - trend).max() < 0.3  # the raw series swings ±3
    assert np.std(np.diff(sa.to_numpy())) < 0.1


def test_stl_needs_two_gap_free_years() -> None:
    s = pd.Series(np.sin(np.arange(30)), index=pd.date_range("2019-01-01", periods=30, freq="MS"))
    s.iloc[10] = np.nan  # the last stretch is 19 months
    assert seasonally_adjusted(s).isna().all()
    assert seasonally_adjusted(s.iloc[:0]).empty


def test_pooled_year_so_far() -> None:
    wide = to_wide(_rows([10.0, 20.0, 30.0], [100.0, 300.0, 0.0]), "month", True)
    out = pooled(wide, wide.value.index)
    assert out.loc["101", "value"] == pytest.approx(100 * (10 + 60) / 400)
    assert out.loc["101", "periods"] == 2  # the zero denominator is no period


def test_projection_keeps_the_seasonal_shape() -> None:
    seasonal = [10, 12, 14, 16, 18, 20, 18, 16, 14, 12, 10, 8]
    values = np.array(seasonal + [v + 1 for v in seasonal] + [v + 3 for v in seasonal[:6]] + [np.nan] * 6)
    proj = project(values, np.ones(36), 24, 29, 12, percent=True)
    assert proj.recent_change == pytest.approx(2.0)  # mean of the last three year-on-year changes
    assert proj.values[6:] == pytest.approx([v + 1 + 2 for v in seasonal[6:]])
    assert proj.projected == (False,) * 6 + (True,) * 6
    assert proj.level_end == pytest.approx(8 + 1 + 2)


def test_projection_interval_widens_with_the_horizon() -> None:
    rng = np.random.default_rng(3)
    base = 40 + rng.normal(0, 0.5, 48)
    early = project(np.concatenate([base[:38], [np.nan] * 10]), np.ones(48), 36, 37, 12, True)
    late = project(np.concatenate([base[:46], [np.nan] * 2]), np.ones(48), 36, 45, 12, True)
    assert early.level_end_sd is not None and late.level_end_sd is not None
    assert early.level_end_sd > late.level_end_sd > 0
    assert early.average_sd > late.average_sd > 0


def test_projection_of_a_count_is_never_negative() -> None:
    values = np.array([5.0] * 12 + [1.0] * 3 + [np.nan] * 9)
    proj = project(values, np.ones(24), 12, 14, 12, percent=False)
    assert min(v for v in proj.values if v is not None) >= 0.0
