"""STAR's recruitment survey: attempts and unsuccessful attempts per RAR area and half-year.

It is an aggregated (weighted) table of employers' recruitments, so its size does not
follow ``--persons``: every scale gets the country's figures. The unsuccessful share
follows the business cycle: low in the covid spring of 2020, a labour shortage peak in
2021-22, easing after.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from jobmaal.reference import municipalities
from jobmaal.registers.synthetic import profiles
from jobmaal.registers.synthetic.calendar import Calendar, to_day

_ATTEMPTS = [("2019-01-01", 240_000), ("2019-07-01", 245_000), ("2020-01-01", 170_000), ("2020-07-01", 200_000),
             ("2021-01-01", 230_000), ("2021-07-01", 300_000), ("2022-01-01", 310_000), ("2022-07-01", 270_000),
             ("2023-01-01", 250_000), ("2024-07-01", 245_000)]
_UNSUCCESSFUL = [("2019-01-01", 0.22), ("2019-07-01", 0.22), ("2020-01-01", 0.15), ("2020-07-01", 0.17),
                 ("2021-01-01", 0.25), ("2021-07-01", 0.38), ("2022-01-01", 0.42), ("2022-07-01", 0.36),
                 ("2023-01-01", 0.30), ("2023-07-01", 0.27), ("2024-01-01", 0.24), ("2024-07-01", 0.23)]
_RAR_LOGIT = {"R01": 0.05, "R02": 0.25, "R03": 0.0, "R04": 0.2, "R05": 0.05, "R06": 0.1, "R07": -0.2, "R08": 0.15}


def half_years(cal: Calendar) -> np.ndarray:
    """1 January / 1 July of every half-year that overlaps the period, as days."""
    first = cal.first_month.year * 2 + (cal.first_month.month - 1) // 6
    last = cal.last_month.year * 2 + (cal.last_month.month - 1) // 6
    return np.array([to_day(dt.date(h // 2, 1 + 6 * (h % 2), 1)) for h in range(first, last + 1)], dtype=np.int64)


def recruitment_rows(seed: int, cal: Calendar) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(np.random.SeedSequence([seed, 7304]))
    rar_pop: dict[str, int] = {}
    for m in municipalities():
        rar_pop[m.rar_code] = rar_pop.get(m.rar_code, 0) + m.population
    codes = sorted(rar_pop)
    share = np.array([rar_pop[c] for c in codes], dtype=np.float64)
    share /= share.sum()
    halves = half_years(cal)
    national = profiles.timeline(halves, _ATTEMPTS)
    p_national = profiles.timeline(halves, _UNSUCCESSFUL)
    rar_effect = np.array([_RAR_LOGIT[c] for c in codes]) + 0.05 * rng.standard_normal(len(codes))

    rar = np.repeat(np.arange(len(codes)), len(halves))
    half = np.tile(np.arange(len(halves)), len(codes))
    attempts = np.maximum(1, np.round(national[half] * share[rar] * np.exp(0.05 * rng.standard_normal(len(rar)))))
    logit = np.log(p_national[half] / (1 - p_national[half])) + rar_effect[rar]
    unsuccessful = rng.binomial(attempts.astype(np.int64), 1 / (1 + np.exp(-logit)))
    return {"rar_code": np.array(codes)[rar], "period_start": halves[half], "attempts": attempts.astype(np.int64),
            "unsuccessful": unsuccessful.astype(np.int64)}
