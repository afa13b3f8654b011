"""Projection of the year so far to the year's end, with an interval, keeping the seasonal pattern.

Each period still to come is projected as the same period last year plus the recent year-on-year
change ``d`` (the mean of the latest three year-on-year changes). Comparing like with like (the same
months) removes the seasonal pattern without a model, and the projection inherits last year's seasonal
shape. The year-on-year change is treated as a random walk: ``s`` is the standard deviation of its
period-to-period moves (the latest 24), and a period ``h`` steps ahead has variance ``s² (h + 1)``
(the ``+ 1`` for the estimate of ``d``). Averages over the year add up the covariances of the projected
periods. See docs/analysis.md for a worked example.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

RECENT_CHANGES = 3  # year-on-year changes averaged into d
VOLATILITY_WINDOW = 24  # year-on-year changes used for s
MIN_MOVES = 3  # fewer moves than this: no interval


@dataclass(frozen=True)
class Projection:
    """The year of one area and indicator: observed, projected, and the two year measures."""

    observed: int  # periods of the year with a value up to the latest period
    per_year: int
    complete: bool  # every period of the year is observed
    recent_change: float | None  # d
    values: tuple[float | None, ...]  # per period of the year: observed, else projected
    projected: tuple[bool, ...]
    level_end: float | None
    level_end_sd: float | None
    average: float | None
    average_sd: float | None
    baseline_level: float | None  # last year's last period
    baseline_average: float | None  # last year's average
    latest: float | None  # the latest observed value of the year
    latest_change: float | None  # its change against the same period last year
    year_to_date: float | None  # average of the observed periods of the year
    last_year_to_date: float | None  # the same periods last year

    def interval(self, sd: float | None, centre: float | None, level: float) -> tuple[float | None, float | None]:
        if sd is None or centre is None:
            return None, None
        half = NormalDist().inv_cdf(0.5 + level / 2) * sd  # not SciPy's: its import is 0.4 s of a report
        return centre - half, centre + half


def _wavg(x: np.ndarray, w: np.ndarray) -> float | None:
    ok = np.isfinite(x) & np.isfinite(w) & (w > 0)
    if not ok.any():
        return None
    return float(np.sum(x[ok] * w[ok]) / np.sum(w[ok]))


def project(values: np.ndarray, weights: np.ndarray, year_start: int, latest: int, per_year: int,
            percent: bool) -> Projection:
    """Project one area's series.

    ``values``/``weights`` run over a gap-free period index that ends with the year's last period;
    ``year_start`` is the position of the year's first period and ``latest`` that of the latest period
    with data (may lie before the year). ``weights`` are the denominators for shares (ones for counts).
    """
    values = np.asarray(values, dtype="float64")
    weights = np.asarray(weights, dtype="float64") if percent else np.ones_like(values)
    year = np.arange(year_start, year_start + per_year)
    lag = year - per_year
    lagged = np.where(lag >= 0, values[np.clip(lag, 0, None)], np.nan)

    # Year-on-year changes up to the latest period, and their moves.
    upto = min(latest, len(values) - 1)
    pos = np.arange(per_year, upto + 1)
    gaps = values[pos] - values[pos - per_year] if len(pos) else np.array([])
    gap_pos = pos[np.isfinite(gaps)] if len(pos) else pos
    gaps = gaps[np.isfinite(gaps)] if len(pos) else gaps
    d = float(np.mean(gaps[-RECENT_CHANGES:])) if len(gaps) else None
    recent_gaps, recent_pos = gaps[-(VOLATILITY_WINDOW + 1):], gap_pos[-(VOLATILITY_WINDOW + 1):]
    consecutive = np.diff(recent_pos) == 1
    moves = np.diff(recent_gaps)[consecutive]
    s = float(np.std(moves, ddof=1)) if len(moves) >= MIN_MOVES else None

    observed_mask = (year <= latest) & np.isfinite(values[year])
    out = values[year].copy()
    projected = ~observed_mask
    last_obs = values[year][observed_mask][-1] if observed_mask.any() else None
    fallback = last_obs if last_obs is not None else _last_finite(values[: upto + 1])
    horizon = np.where(projected, np.maximum(year - latest, 1), 0)
    for i in np.flatnonzero(projected):
        if d is not None and np.isfinite(lagged[i]):
            out[i] = lagged[i] + d
        else:
            out[i] = fallback if fallback is not None else np.nan
    out = np.clip(out, 0.0, 100.0) if percent else np.maximum(out, 0.0)
    can_var = s is not None and d is not None and bool(np.all(np.isfinite(lagged[projected])))

    lag_w = np.where(lag >= 0, weights[np.clip(lag, 0, None)], np.nan)
    w = np.where(observed_mask, weights[year], lag_w)
    if not np.all(np.isfinite(w[projected])):  # no weight from last year: the mean of the known weights
        known = w[np.isfinite(w)]
        w = np.where(np.isfinite(w), w, known.mean() if len(known) else 1.0)
    average = _wavg(out, w) if np.all(np.isfinite(out)) else None
    level_end = float(out[-1]) if np.isfinite(out[-1]) else None

    level_sd: float | None = None
    average_sd: float | None = None
    if not projected.any():  # the year is complete: nothing uncertain
        level_sd = average_sd = 0.0
    elif can_var and s is not None:
        level_sd = s * float(np.sqrt(horizon[-1] + 1)) if projected[-1] else 0.0
        hp = horizon[projected].astype(float)
        wp = w[projected]
        cov = (np.minimum.outer(hp, hp) + 1.0) * s**2
        average_sd = float(np.sqrt(wp @ cov @ wp)) / float(np.sum(w)) if len(hp) else 0.0

    prev = np.arange(year_start - per_year, year_start)
    prev_ok = prev >= 0
    prev_vals = np.where(prev_ok, values[np.clip(prev, 0, None)], np.nan)
    prev_w = np.where(prev_ok, weights[np.clip(prev, 0, None)], np.nan)
    baseline_level = float(prev_vals[-1]) if np.isfinite(prev_vals[-1]) else None
    baseline_average = _wavg(prev_vals, prev_w) if np.isfinite(prev_vals).sum() == per_year else None

    obs_idx = np.flatnonzero(observed_mask)
    ytd = _wavg(values[year][obs_idx], weights[year][obs_idx]) if len(obs_idx) else None
    both = obs_idx[np.isfinite(lagged[obs_idx])]
    last_ytd = _wavg(lagged[both], lag_w[both]) if len(both) else None
    ytd_same = _wavg(values[year][both], weights[year][both]) if len(both) else None
    latest_val = float(values[year][obs_idx[-1]]) if len(obs_idx) else None
    latest_change = (latest_val - float(lagged[obs_idx[-1]])
                     if latest_val is not None and np.isfinite(lagged[obs_idx[-1]]) else None)
    return Projection(
        observed=int(observed_mask.sum()),
        per_year=per_year,
        complete=bool(observed_mask.all()),
        recent_change=d,
        values=tuple(float(v) if np.isfinite(v) else None for v in out),
        projected=tuple(bool(p) for p in projected),
        level_end=level_end,
        level_end_sd=level_sd,
        average=average,
        average_sd=average_sd,
        baseline_level=baseline_level,
        baseline_average=baseline_average,
        latest=latest_val,
        latest_change=latest_change,
        # Like-for-like: the year so far and the same periods last year, over the periods both have.
        year_to_date=ytd_same if ytd_same is not None else ytd,
        last_year_to_date=last_ytd,
    )


def _last_finite(x: np.ndarray) -> float | None:
    ok = np.flatnonzero(np.isfinite(x))
    return float(x[ok[-1]]) if len(ok) else None
