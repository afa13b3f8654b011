"""Attachment to the labour market: in which months a person holds a job when not on a benefit.

A persistent monthly latent (AR(1), so jobs last) is compared with a probability that
depends on age, education, health and the local labour market. For refugees and their
families the probability rises with the years since the first residence permit and with
the municipality's planted effort; their months without a job are the months on
integration benefit or cash benefit (see ``benefits.refugee_support``).
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtri

from jobmaal.registers.synthetic.calendar import Calendar
from jobmaal.registers.synthetic.municipalities import MunicipalityParams
from jobmaal.registers.synthetic.persons import HIGHER, OTHER_IMMIGRANT, Persons
from jobmaal.registers.synthetic.residence import Residence

_RHO = 0.97  # month-to-month persistence of the latent
# Log-odds of holding a job by completed age (16 .. 74).
_AGE_POINTS = [(16, -0.2), (18, 0.4), (20, 1.1), (25, 2.1), (30, 2.7), (54, 2.7), (57, 2.4), (60, 1.9),
               (63, 1.1), (65, 0.1), (67, -1.6), (70, -2.4), (75, -3.0)]
REFUGEE_EFFORT = 0.75  # log-odds of a refugee's job per standard deviation of planted effort


def month_mid_days(cal: Calendar) -> np.ndarray:
    return ((cal.month_starts[:-1].astype(np.int64) + cal.month_starts[1:]) // 2).astype(np.int64)


def municipality_by_month(cal: Calendar, res: Residence) -> np.ndarray:
    """(persons × months) municipality of residence in the middle of each month."""
    mid = month_mid_days(cal)
    seg = (mid[None, :] >= res.seg_from[:, 1:2]).astype(np.int8) + (mid[None, :] >= res.seg_from[:, 2:3])
    return np.take_along_axis(res.seg_mun, seg.astype(np.intp), axis=1)


def job_logodds(cal: Calendar, mp: MunicipalityParams, p: Persons, mun_month: np.ndarray) -> np.ndarray:
    """(persons × months) float32 log-odds of holding a job in a month without benefit."""
    mid = month_mid_days(cal)
    days = (mid[None, :] - p.birth[:, None].astype(np.int64)).astype(np.int32)
    # The age curve, looked up by age in 30-day steps (cheaper than interpolating every cell).
    xs, ys = zip(*_AGE_POINTS, strict=True)
    curve = np.interp(np.arange(0, 100 * 365.25 / 30) * 30 / 365.25, xs, ys).astype(np.float32)
    logit = curve[np.clip(days // 30, 0, len(curve) - 1)]
    person = (-0.5 * p.unskilled + 0.3 * (p.education == HIGHER) - 0.3 * (p.basis == OTHER_IMMIGRANT)
              - 0.15 * p.female - 0.45 * p.frail - 1.0 * (p.disability == 1)).astype(np.float32)
    logit += person[:, None]
    logit -= (0.5 * mp.unemployment).astype(np.float32)[mun_month]

    ref = np.flatnonzero(p.refugee)
    if len(ref):
        years = np.maximum((mid[None, :] - p.permit[ref, None]) / 365.25, 0)
        a = days[ref] / 365.25
        ref_logit = (-1.8 + 0.45 * np.minimum(years, 6) + 0.05 * np.clip(years - 6, 0, 10)
                     - 0.8 * p.female[ref, None] + 0.3 * (p.education[ref, None] == HIGHER)
                     - 0.2 * p.unskilled[ref, None] - 0.4 * (a < 25) - 0.5 * (a >= 55) - 1.5 * (a >= 63)
                     - 0.3 * p.frail[ref, None] - 2.0 * mp.unemployment[mun_month[ref]]
                     + REFUGEE_EFFORT * mp.effort[mun_month[ref]])
        logit[ref] = ref_logit
    return logit


def draw_jobs(rng: np.random.Generator, logit: np.ndarray) -> np.ndarray:
    """(persons × months) bool: holds a job (when not on a benefit) in the month."""
    n, months = logit.shape
    threshold = ndtri(1.0 / (1.0 + np.exp(-logit.T))).astype(np.float32)  # (months × persons)
    noise = rng.standard_normal((months, n), dtype=np.float32)
    jobs = np.empty((months, n), dtype=bool)
    z = noise[0]
    scale = np.float32(np.sqrt(1 - _RHO**2))
    for m in range(months):
        if m:
            z = np.float32(_RHO) * z + scale * noise[m]
        jobs[m] = z < threshold[m]
    return np.ascontiguousarray(jobs.T)
