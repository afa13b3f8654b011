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
_BLOCK = 25_000  # persons per block of (persons × months) matrices


def _benefit_shares(cal: Calendar, state: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(persons × months) share of each month's days on a benefit that stops work, and on fleksjob."""
    share = cal.week_month_share
    by_week = np.ascontiguousarray(state.T)  # weeks × persons: each week a contiguous row
    is_flex = by_week == CODE["fleksjob"]
    stops_work = (by_week > 0) & ~is_flex
    out = np.zeros((cal.n_months, state.shape[0]), dtype=np.float32)
    flex = np.zeros_like(out)
    for m in range(cal.n_months):
        for w in np.flatnonzero(share[:, m]):  # the 4-6 weeks that overlap month m
            out[m] += share[w, m] * stops_work[w]
            flex[m] += share[w, m] * is_flex[w]
    return np.minimum(out.T, 1.0), np.minimum(flex.T, 1.0)


def _resident_share(cal: Calendar, arrival: np.ndarray, leave: np.ndarray) -> np.ndarray:
    """(persons × months) share of each month's days resident in Denmark."""
    out = np.ones((len(arrival), cal.n_months), dtype=np.float32)
    part = np.flatnonzero((arrival > cal.start_day) | (leave <= cal.end_day))
    starts = cal.month_starts.astype(np.int64)
    lo = np.maximum(starts[None, :-1], arrival[part, None].astype(np.int64))
    hi = np.minimum(starts[None, 1:], leave[part, None].astype(np.int64))
    out[part] = np.clip(hi - lo, 0, None) / np.diff(starts)[None, :]
    return out


def employment_rows(
    rng: np.random.Generator, cal: Calendar, p: Persons, res: Residence, state: np.ndarray, jobs: np.ndarray,
    activities: dict[str, np.ndarray],
) -> dict[str, np.ndarray]:
    """Rows of employment_months by person, then month: person, month index, unsupported, supported hours.

    Computed for blocks of persons, so that the (persons × months) matrices stay small.
    """
    n = p.n
    part_time = rng.random(n) < np.where(p.female, 0.3, 0.12)
    usual = np.where(part_time, 70 + 70 * rng.random(n), FULL_TIME_HOURS * (1 + 0.04 * rng.standard_normal(n)))
    student, senior = 20 + 60 * rng.random(n), 40 + 80 * rng.random(n)
    flex_hours = 50 + 60 * rng.random(n)
    ws = activities["type"] == ACTIVITY_TYPES.index("wage_subsidy")
    ws_person, ws_start, ws_end = activities["person"][ws], activities["start"][ws], activities["end"][ws]

    parts: list[dict[str, np.ndarray]] = []
    for lo in range(0, n, _BLOCK):
        hi = min(n, lo + _BLOCK)
        in_block = (ws_person >= lo) & (ws_person < hi)
        rows = _block_rows(
            rng, cal, p.birth[lo:hi], p.arrival[lo:hi], res.leave[lo:hi], state[lo:hi], jobs[lo:hi],
            np.stack([usual[lo:hi], student[lo:hi], senior[lo:hi], flex_hours[lo:hi]]),
            (ws_person[in_block] - lo, ws_start[in_block], ws_end[in_block]),
        )
        rows["person"] += lo
        parts.append(rows)
    return {k: np.concatenate([part[k] for part in parts]) for k in ("person", "month", "unsupported", "supported")}


def _block_rows(
    rng: np.random.Generator, cal: Calendar, birth: np.ndarray, arrival: np.ndarray, leave: np.ndarray,
    state: np.ndarray, jobs: np.ndarray, usual_hours: np.ndarray, wage_subsidy: tuple[np.ndarray, ...],
) -> dict[str, np.ndarray]:
    n, months = len(birth), cal.n_months
    usual, student, senior, flex_hours = usual_hours.astype(np.float32)
    days = (month_mid_days(cal)[None, :] - birth[:, None].astype(np.int64)).astype(np.int32)
    hours = np.where(days < 20 * 365.25, student[:, None], np.where(days >= 67 * 365.25, senior[:, None],
                                                                      usual[:, None]))
    hours *= 1 + 0.05 * rng.standard_normal((n, months), dtype=np.float32)

    out, flex = _benefit_shares(cal, state)
    resident = _resident_share(cal, arrival, leave)
    unsupported = np.where(jobs & (days >= 15 * 365.25), hours * (1 - out) * resident, np.float32(0))
    supported = flex * flex_hours[:, None] * resident
    ws_person, ws_start, ws_end = wage_subsidy
    starts = cal.month_starts.astype(np.int64)
    for m in range(months):
        lo = np.maximum(ws_start, starts[m])
        hi = np.minimum(ws_end + 1, starts[m + 1])
        frac = np.clip(hi - lo, 0, None) / (starts[m + 1] - starts[m])
        np.add.at(supported[:, m], ws_person, _WAGE_SUBSIDY_HOURS * frac)

    unsupported = np.where(unsupported >= 1, unsupported, 0)  # below an hour: no wage that month
    supported = np.where(supported >= 1, supported, 0)
    person, month = (a.astype(np.int32) for a in np.nonzero((unsupported > 0) | (supported > 0)))
    return {"person": person, "month": month,
            "unsupported": np.round(unsupported[person, month].astype(np.float64), 2),
            "supported": np.round(supported[person, month].astype(np.float64), 2)}
