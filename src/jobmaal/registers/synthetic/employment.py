"""Wage hours per person and month, from jobs, benefit weeks and wage-subsidy activities.

Unsupported hours: a person with a job works their usual hours (full time ≈ 160 a month,
part time, or a student job) in the part of the month that is not on a benefit other
than fleksjob and while resident. Supported hours: fleksjob weeks (reduced hours) and
wage subsidy (løntilskud) activities.
"""

from __future__ import annotations

import numpy as np

from jobmaal.catalog.models import ACTIVITY_TYPES
from jobmaal.registers.synthetic.benefits import CODE
from jobmaal.registers.synthetic.calendar import Calendar
from jobmaal.registers.synthetic.labour import month_mid_days
from jobmaal.registers.synthetic.persons import Persons
from jobmaal.registers.synthetic.residence import Residence

FULL_TIME_HOURS = 160.33  # 37 hours a week
_WAGE_SUBSIDY_HOURS = 130.0
_BLOCK = 25_000  # persons per matrix product, to bound memory


def _benefit_shares(cal: Calendar, state: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(persons × months) share of each month's days on a benefit that stops work, and on fleksjob."""
    share = cal.week_month_share
    out = np.empty((state.shape[0], cal.n_months), dtype=np.float32)
    flex = np.empty_like(out)
    for lo in range(0, state.shape[0], _BLOCK):
        block = state[lo:lo + _BLOCK]
        is_flex = block == CODE["fleksjob"]
        out[lo:lo + _BLOCK] = ((block > 0) & ~is_flex).astype(np.float32) @ share
        flex[lo:lo + _BLOCK] = is_flex.astype(np.float32) @ share
    return np.minimum(out, 1.0), np.minimum(flex, 1.0)


def _resident_share(cal: Calendar, p: Persons, res: Residence) -> np.ndarray:
    starts = cal.month_starts.astype(np.int64)
    lo = np.maximum(starts[None, :-1], p.arrival[:, None].astype(np.int64))
    hi = np.minimum(starts[None, 1:], res.leave[:, None].astype(np.int64))
    return (np.clip(hi - lo, 0, None) / np.diff(starts)[None, :]).astype(np.float32)


def employment_rows(
    rng: np.random.Generator, cal: Calendar, p: Persons, res: Residence, state: np.ndarray, jobs: np.ndarray,
    activities: dict[str, np.ndarray],
) -> dict[str, np.ndarray]:
    """Rows of employment_months by person, then month: person, month index, unsupported, supported hours."""
    n, months = p.n, cal.n_months
    age = (month_mid_days(cal)[None, :] - p.birth[:, None]) / 365.25
    part_time = rng.random(n) < np.where(p.female, 0.3, 0.12)
    usual = np.where(part_time, 70 + 70 * rng.random(n), FULL_TIME_HOURS * (1 + 0.04 * rng.standard_normal(n)))
    hours = np.broadcast_to(usual[:, None], (n, months)).astype(np.float32)
    hours = np.where(age < 20, 20 + 60 * rng.random((n, 1)), hours)  # student jobs
    hours = np.where(age >= 67, 40 + 80 * rng.random((n, 1)), hours)
    hours *= 1 + 0.05 * rng.standard_normal((n, months)).astype(np.float32)

    out, flex = _benefit_shares(cal, state)
    resident = _resident_share(cal, p, res)
    unsupported = np.where(jobs & (age >= 15), hours * (1 - out) * resident, 0)

    flex_hours = 50 + 60 * rng.random(n).astype(np.float32)
    supported = flex * flex_hours[:, None] * resident
    ws = np.flatnonzero(activities["type"] == ACTIVITY_TYPES.index("wage_subsidy"))
    starts = cal.month_starts.astype(np.int64)
    for m in range(months):
        lo = np.maximum(activities["start"][ws], starts[m])
        hi = np.minimum(activities["end"][ws] + 1, starts[m + 1])
        frac = np.clip(hi - lo, 0, None) / (starts[m + 1] - starts[m])
        np.add.at(supported[:, m], activities["person"][ws], _WAGE_SUBSIDY_HOURS * frac)

    unsupported = np.where(unsupported >= 1, unsupported, 0)  # below an hour: no wage that month
    supported = np.where(supported >= 1, supported, 0)
    person, month = np.nonzero((unsupported > 0) | (supported > 0))
    return {"person": person, "month": month,
            "unsupported": np.round(unsupported[person, month].astype(np.float64), 2),
            "supported": np.round(supported[person, month].astype(np.float64), 2)}
