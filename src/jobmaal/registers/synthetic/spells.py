"""Spells on a benefit: sampled as (person, first week, weeks) and painted into a weekly state matrix.

Spell starts follow a time-varying intensity (season, trend, covid) per group. They are
sampled per residence period ("unit"), so each municipality's conditions and effort act
on the persons living there at the time. Spells may start up to ``BURN_IN`` weeks before
the period, so that the first week already has the spells that were running then.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from jobmaal.registers.synthetic.calendar import NEVER, Calendar, add_months
from jobmaal.registers.synthetic.persons import Persons
from jobmaal.registers.synthetic.residence import MAX_SEGMENTS, Residence

BURN_IN = 260  # weeks


@dataclass
class Units:
    """Residence periods in weeks, cut to the ages at which a benefit group can start."""

    person: np.ndarray
    mun: np.ndarray
    lo: np.ndarray  # first week a spell may start (>= -BURN_IN)
    hi: np.ndarray  # week after the last (exclusive)

    def subset(self, keep: np.ndarray) -> Units:
        return Units(self.person[keep], self.mun[keep], self.lo[keep], self.hi[keep])


def end_week(cal: Calendar, p: Persons, res: Residence) -> np.ndarray:
    """First week a person can no longer have a benefit: state pension age or leaving Denmark."""
    return cal.first_week_from(np.minimum(p.pension, res.leave)).clip(-BURN_IN, cal.n_weeks)


def units(cal: Calendar, p: Persons, res: Residence, min_age: int, max_age: float | None = None) -> Units:
    """The residence periods of every person, from age ``min_age`` (and before ``max_age``)."""
    n = p.n
    start_age = add_months(p.birth, min_age * 12)
    lo_day = np.maximum(p.arrival, start_age)
    hi_day = np.minimum(p.pension, res.leave).astype(np.int64)
    if max_age is not None:
        hi_day = np.minimum(hi_day, add_months(p.birth, int(max_age * 12)))
    nxt = np.concatenate([res.seg_from[:, 1:], np.full((n, 1), NEVER, dtype=np.int32)], axis=1)
    seg_lo = np.maximum(res.seg_from, lo_day[:, None])
    seg_hi = np.minimum(nxt, hi_day[:, None])
    lo = cal.first_week_from(seg_lo).clip(-BURN_IN, cal.n_weeks)
    hi = cal.first_week_from(seg_hi).clip(-BURN_IN, cal.n_weeks)
    keep = (res.seg_from != NEVER) & (hi > lo)
    person = np.broadcast_to(np.arange(n)[:, None], (n, MAX_SEGMENTS))[keep]
    return Units(person=person, mun=res.seg_mun[keep].astype(np.int64), lo=lo[keep], hi=hi[keep])


def intensity(cal: Calendar, profile: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """Cumulative intensity over weeks -BURN_IN .. n_weeks (length BURN_IN + n_weeks + 1), in years."""
    weeks = np.arange(-BURN_IN, cal.n_weeks)
    values = profile(cal.monday_of(weeks)) / 52.0
    return np.concatenate([[0.0], np.cumsum(values)])


def sample_starts(
    rng: np.random.Generator, u: Units, rate: np.ndarray, cum: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Spell starts: Poisson counts per unit (``rate`` spells a year at intensity 1), weeks by intensity.

    Returns (unit index, start week) per spell.
    """
    a, b = cum[u.lo + BURN_IN], cum[u.hi + BURN_IN]
    counts = rng.poisson(rate * (b - a))
    unit = np.repeat(np.arange(len(counts)), counts)
    x = a[unit] + rng.random(len(unit)) * (b - a)[unit]
    week = np.searchsorted(cum, x, side="right") - 1 - BURN_IN
    week = np.clip(week, u.lo[unit], u.hi[unit] - 1)
    return unit, week


def lognormal_weeks(
    rng: np.random.Generator, median: np.ndarray | float, sigma: float, size: int
) -> np.ndarray:
    """Durations in whole weeks (at least 1)."""
    return np.maximum(1, np.ceil(median * np.exp(sigma * rng.standard_normal(size)))).astype(np.int64)


def paint(
    state: np.ndarray, person: np.ndarray, start: np.ndarray, stop: np.ndarray, code: int | np.ndarray,
    limit: np.ndarray,
) -> None:
    """Set ``state[person, start:stop] = code`` (row-major flat writes), cut to [0, limit[person])."""
    n_weeks = state.shape[1]
    lo = np.maximum(start, 0)
    hi = np.minimum(np.minimum(stop, n_weeks), limit[person])
    ok = hi > lo
    person, lo, hi = person[ok], lo[ok], hi[ok]
    codes = np.broadcast_to(np.asarray(code, dtype=np.int8), ok.shape)[ok]
    length = hi - lo
    total = int(length.sum())
    if total == 0:
        return
    first = np.repeat(person.astype(np.int64) * n_weeks + lo - np.cumsum(length) + length, length)
    flat = first + np.arange(total)
    state.reshape(-1)[flat] = np.repeat(codes, length)
