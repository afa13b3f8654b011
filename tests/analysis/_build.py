"""Small constructed indicator values whose right answers are known (no register data needed)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import expit

from jobmaal.analysis.conditions import VARIABLE_KEYS
from jobmaal.reference import municipalities, rar_areas

CODES = [m.code for m in municipalities()]


def conditions(seed: int = 7, year: int = 2021) -> pd.DataFrame:
    """Plausible framework conditions for the 98 municipalities (percent), one year."""
    rng = np.random.default_rng(seed)
    base = {"unskilled_share": (25, 5), "refugee_share": (3, 1.5), "other_nonnative_share": (8, 3),
            "age_16_29_share": (28, 4), "age_50_66_share": (33, 4), "rar_rest_public_support": (17, 2)}
    frame = pd.DataFrame({k: np.clip(rng.normal(*base[k], len(CODES)), 0.5, 99) for k in VARIABLE_KEYS})
    frame.insert(0, "year", year)
    frame.insert(0, "municipality_code", CODES)
    frame["population_16_66"] = rng.integers(2_000, 60_000, len(CODES)).astype(float)
    return frame


def share_values(
    cond: pd.DataFrame,
    *,
    indicator: str = "mm13_refugees_employed_share",
    years: tuple[int, ...] = (2019, 2020, 2021),
    intercept: float = -0.5,
    slopes: dict[str, float] | None = None,
    effort: dict[str, float] | None = None,
    season: float = 0.15,
    denominators: tuple[int, int] = (300, 3000),
    seed: int = 1,
    noise: bool = True,
) -> pd.DataFrame:
    """Monthly share values: logit p = intercept + Σ slope·z(variable) + effort + season(month)."""
    rng = np.random.default_rng(seed)
    slopes = slopes or {"unskilled_share": -0.4, "refugee_share": 0.25}
    c = cond.set_index("municipality_code").loc[CODES]
    eta = np.full(len(CODES), intercept)
    for key, b in slopes.items():
        col = c[key].to_numpy()
        eta = eta + b * (col - col.mean()) / col.std()
    if effort:
        eta = eta + np.array([effort.get(code, 0.0) for code in CODES])
    den = rng.integers(*denominators, len(CODES)).astype(float)
    rows = []
    for y in years:
        for month in range(1, 13):
            p = expit(eta + season * np.sin(2 * np.pi * month / 12))
            num = rng.binomial(den.astype(int), p).astype(float) if noise else den * p
            for code, n, d in zip(CODES, num, den, strict=True):
                rows.append((indicator, "municipality", code, pd.Timestamp(y, month, 1), n, d))
    frame = pd.DataFrame(rows, columns=["indicator_id", "area_type", "area_code", "period", "numerator",
                                        "denominator"])
    return with_country(frame)


def with_country(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the country rows (sums of the municipalities) and the value and run columns."""
    country = (frame[frame["area_type"] == "municipality"]
               .groupby(["indicator_id", "period"], as_index=False)[["numerator", "denominator"]].sum())
    country["area_type"], country["area_code"] = "country", "000"
    out = pd.concat([frame, country], ignore_index=True)
    out["value"] = 100.0 * out["numerator"] / out["denominator"].where(out["denominator"] > 0)
    out["breakdown"], out["breakdown_value"], out["run_id"] = "", "", "test-run"
    return out


def series_values(values: list[float], *, indicator: str = "mm13_refugees_employed_share",
                  start: tuple[int, int] = (2019, 1), code: str = "101", denominator: float = 1000.0
                  ) -> pd.DataFrame:
    """One municipality's monthly series (shares in percent), plus a flat rest of the country."""
    periods = pd.date_range(pd.Timestamp(*start, 1), periods=len(values), freq="MS")
    rows = []
    for p, v in zip(periods, values, strict=True):
        for c in CODES:
            val = v if c == code else 40.0
            rows.append((indicator, "municipality", c, p, None if np.isnan(val) else val * denominator / 100,
                         denominator))
    frame = pd.DataFrame(rows, columns=["indicator_id", "area_type", "area_code", "period", "numerator",
                                        "denominator"])
    return with_country(frame)


def recruitment_values(years: tuple[int, ...] = (2020, 2021)) -> pd.DataFrame:
    rows = []
    for y in years:
        for month in (1, 7):
            for i, rar in enumerate(sorted(rar_areas())):
                rows.append(("recruitment_unsuccessful_share", "rar", rar, pd.Timestamp(y, month, 1),
                             10.0 + i + (y - 2020), 100.0))
    frame = pd.DataFrame(rows, columns=["indicator_id", "area_type", "area_code", "period", "numerator",
                                        "denominator"])
    country = frame.groupby(["indicator_id", "period"], as_index=False)[["numerator", "denominator"]].sum()
    country["area_type"], country["area_code"] = "country", "000"
    out = pd.concat([frame, country], ignore_index=True)
    out["value"] = 100.0 * out["numerator"] / out["denominator"]
    out["breakdown"], out["breakdown_value"], out["run_id"] = "", "", "test-run"
    return out
