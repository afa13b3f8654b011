"""The weekly benefit state of every person: which of the twelve benefit groups, if any.

Each group has its own mechanism (spells with a seasonal intensity, long stable spells
from an onset age, transitions such as sygedagpenge → jobafklaring). Groups are painted
into a (persons × weeks) int8 matrix in priority order, so that a higher group wins a
week two mechanisms both claim (førtidspension over everything, ledighedsydelse over
fleksjob, …). Code 0 is "no benefit"; code k is ``BENEFIT_GROUPS[k - 1]``.
"""

from __future__ import annotations

import numpy as np

from jobmaal.catalog.models import BENEFIT_GROUPS
from jobmaal.registers.synthetic import profiles
from jobmaal.registers.synthetic.calendar import NEVER, Calendar, add_months, year_start, years_of
from jobmaal.registers.synthetic.municipalities import MunicipalityParams
from jobmaal.registers.synthetic.persons import OTHER_IMMIGRANT, Persons
from jobmaal.registers.synthetic.residence import Residence
from jobmaal.registers.synthetic.spells import (
    BURN_IN,
    end_week,
    intensity,
    lognormal_weeks,
    paint,
    sample_starts,
    units,
)

CODE = {g: i + 1 for i, g in enumerate(BENEFIT_GROUPS)}
# Planted effort (per standard deviation): fewer starts, shorter spells, fewer pensions.
EFFORT_ENTRY, EFFORT_DURATION, EFFORT_PENSION = 0.12, 0.12, 0.12
# Log-odds of an a-dagpenge spell start by education (index: unknown, unskilled, vocational, higher).
_ADP_EDUCATION = np.log(np.array([1.6, 1.6, 1.2, 0.85]))
_DAGPENGE_MAX_WEEKS = 104
_SICK_MAX_WEEKS = 22
_INTEGRATION_YEARS = 9  # selvforsørgelsesydelse for immigrants resident less than this


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def cash_code(p: Persons, person: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Which cash benefit applies: integration benefit for recent immigrants, education benefit under 30
    without education, kontanthjælp otherwise."""
    age = (day - p.birth[person]) / 365.25
    recent = (p.permit[person] != NEVER) & (day - p.permit[person] < _INTEGRATION_YEARS * 365.25)
    young = (age < 30) & p.unskilled_on(person, day)
    return np.where(recent, CODE["selvforsoergelsesydelse"],
                    np.where(young, CODE["uddannelseshjaelp"], CODE["kontanthjaelp"])).astype(np.int8)


def _thin(rng: np.random.Generator, keep: np.ndarray) -> np.ndarray:
    return rng.random(len(keep)) < keep


def _onset(rng: np.random.Generator, p: Persons, mult: np.ndarray, cap: float, centre: float, scale: float,
           min_age: float) -> np.ndarray:
    """Day a lasting condition starts (NEVER if not before 66): P(started by age a) = mult · cap · logistic."""
    x = rng.random(p.n) / mult
    ok = x < cap * _logistic((66 - centre) / scale)
    ratio = np.clip(x / cap, 1e-9, 1 - 1e-9)
    age = np.maximum(centre + scale * np.log(ratio / (1 - ratio)), min_age)
    day = add_months(p.birth, np.floor(np.minimum(age, 70) * 12).astype(np.int64)) + rng.integers(0, 28, p.n)
    day = np.where(p.permit != NEVER, np.maximum(day, p.arrival + 730), day)  # not in the first two years
    return np.where(ok, day, NEVER)


def draw_benefits(
    rng: np.random.Generator, cal: Calendar, mp: MunicipalityParams, p: Persons, res: Residence,
    jobs: np.ndarray,
) -> np.ndarray:
    """(persons × weeks) int8 benefit codes."""
    n, n_weeks = p.n, cal.n_weeks
    state = np.zeros((n, n_weeks), dtype=np.int8)
    limit = np.clip(end_week(cal, p, res), 0, n_weeks)
    e, unemp = mp.effort, mp.unemployment

    # a-dagpenge: insured persons, recurring spells for some (seasonal work), the covid shock.
    u = units(cal, p, res, 18)
    u = u.subset(p.insured[u.person])
    het = rng.lognormal(-0.32, 0.8, n)
    rate = (0.13 * het[u.person] * np.exp(_ADP_EDUCATION[p.education[u.person] + 1] + 0.35 * p.immigrant[u.person]
                                          + unemp[u.mun] - EFFORT_ENTRY * e[u.mun]))
    unit, w0 = sample_starts(rng, u, rate * 1.4, intensity(cal, profiles.adp_entry))
    person, mun = u.person[unit], u.mun[unit]
    age = (cal.monday_of(w0) - p.birth[person]) / 365.25
    keep = _thin(rng, np.select([age < 25, age < 55], [1.4, 1.0], 0.8) / 1.4)
    person, mun, w0, age = person[keep], mun[keep], w0[keep], age[keep]
    median = (9.0 * np.exp(0.4 * unemp[mun] - EFFORT_DURATION * e[mun]) * profiles.adp_duration(cal.monday_of(w0))
              * np.where(age >= 55, 1.5, 1.0))
    dur = lognormal_weeks(rng, median, 0.9, len(w0))
    exhausted = (dur > _DAGPENGE_MAX_WEEKS) & (rng.random(len(dur)) < 0.3)
    dur = np.minimum(dur, _DAGPENGE_MAX_WEEKS)
    paint(state, person, w0, w0 + dur, CODE["a_dagpenge"], limit)

    # Cash benefits (kontanthjælp, uddannelseshjælp, selvforsørgelsesydelse) for everyone but refugees,
    # whose support follows their jobs below; also after exhausted dagpenge.
    u = units(cal, p, res, 18)
    u = u.subset(~p.refugee[u.person])
    het = rng.lognormal(-0.5, 1.0, n)
    pu = u.person
    rate = 0.04 * het[pu] * np.exp(0.5 * p.frail[pu] + 0.6 * (p.basis[pu] == OTHER_IMMIGRANT)
                                   - 0.8 * p.insured[pu] + 0.8 * unemp[u.mun] - EFFORT_ENTRY * e[u.mun])
    top = 1.6 * np.e  # largest age and education factor, for thinning
    unit, c0 = sample_starts(rng, u, rate * top, intensity(cal, profiles.cash_entry))
    cperson, cmun = u.person[unit], u.mun[unit]
    cday = cal.monday_of(c0)
    age = (cday - p.birth[cperson]) / 365.25
    factor = np.select([age < 30, age < 50], [1.6, 1.0], 0.6) * np.exp(1.0 * p.unskilled_on(cperson, cday))
    keep = _thin(rng, factor / top)
    cperson = np.concatenate([cperson[keep], person[exhausted]])
    cmun = np.concatenate([cmun[keep], mun[exhausted]])
    c0 = np.concatenate([c0[keep], (w0 + _DAGPENGE_MAX_WEEKS)[exhausted]])
    code = cash_code(p, cperson, cal.monday_of(c0))
    median = (26.0 * np.exp(0.4 * p.frail[cperson] + 0.3 * unemp[cmun] - EFFORT_DURATION * e[cmun])
              * np.where(code == CODE["uddannelseshjaelp"], 0.7, 1.0))
    dur = np.minimum(lognormal_weeks(rng, median, 1.1, len(c0)), 260)
    paint(state, cperson, c0, c0 + dur, code, limit)

    _paint_refugee_support(rng, cal, p, res, jobs, state, limit)

    # Sygedagpenge, and jobafklaring for some of those whose sickness outlasts the 22 weeks.
    u = units(cal, p, res, 16)
    pu = u.person
    rate = 0.085 * np.exp(0.45 * p.frail[pu] + 0.2 * p.female[pu] - 0.5 * EFFORT_ENTRY * e[u.mun])
    unit, s0 = sample_starts(rng, u, rate * 1.6, intensity(cal, profiles.sick_entry))
    sperson, smun = u.person[unit], u.mun[unit]
    age = (cal.monday_of(s0) - p.birth[sperson]) / 365.25
    keep = _thin(rng, np.clip(1 + 0.015 * (age - 40), 0.5, 1.6) / 1.6)
    sperson, smun, s0 = sperson[keep], smun[keep], s0[keep]
    median = 6.0 * np.exp(0.3 * p.frail[sperson] - EFFORT_DURATION * e[smun])
    dur = lognormal_weeks(rng, median, 1.0, len(s0))
    to_clarify = (dur > _SICK_MAX_WEEKS) & (rng.random(len(dur)) < 0.45)
    dur = np.minimum(dur, _SICK_MAX_WEEKS)
    paint(state, sperson, s0, s0 + dur, CODE["sygedagpenge"], limit)

    # Revalidering: rare, about a year.
    u = units(cal, p, res, 18)
    rate = 0.0008 * np.exp(0.5 * p.frail[u.person])
    unit, r0 = sample_starts(rng, u, rate, intensity(cal, profiles.rehab_entry))
    paint(state, u.person[unit], r0, r0 + lognormal_weeks(rng, 60.0, 0.5, len(r0)), CODE["revalidering"], limit)

    j0 = (s0 + _SICK_MAX_WEEKS)[to_clarify]
    jmun = smun[to_clarify]
    jdur = lognormal_weeks(rng, 35.0 * np.exp(-EFFORT_DURATION * e[jmun]), 0.7, len(j0))
    paint(state, sperson[to_clarify], j0, j0 + jdur, CODE["jobafklaring"], limit)

    # Ressourceforløb: one to five years for persons far from the labour market.
    u = units(cal, p, res, 25)
    pu = u.person
    rate = 0.003 * np.exp(1.0 * p.frail[pu] + 0.7 * p.unskilled[pu] + 0.5 * unemp[u.mun] - EFFORT_ENTRY * e[u.mun])
    unit, f0 = sample_starts(rng, u, rate, intensity(cal, profiles.resource_entry))
    fmun = u.mun[unit]
    fdur = lognormal_weeks(rng, 70.0 * np.exp(-EFFORT_DURATION * e[fmun]), 0.5, len(f0))
    paint(state, u.person[unit], f0, f0 + fdur, CODE["ressourceforloeb"], limit)

    _paint_lasting(rng, cal, mp, p, state, limit)
    return state


def _paint_refugee_support(
    rng: np.random.Generator, cal: Calendar, p: Persons, res: Residence, jobs: np.ndarray, state: np.ndarray,
    limit: np.ndarray,
) -> None:
    """Refugees without a job in a month are on integration or cash benefit that month (most of them)."""
    ref = np.flatnonzero(p.refugee & (rng.random(p.n) < 0.7))
    if len(ref) == 0:
        return
    week_month = np.clip(cal.month_of(cal.mondays.astype(np.int64) + 3), 0, cal.n_months - 1)
    mondays = cal.mondays.astype(np.int64)
    adult = add_months(p.birth[ref], 18 * 12)
    first = np.maximum(p.arrival[ref], adult)
    on = ~jobs[ref][:, week_month] & (mondays[None, :] >= first[:, None])
    on &= np.arange(cal.n_weeks)[None, :] < limit[ref, None]
    rows, weeks = np.nonzero(on)
    person = ref[rows]
    code = cash_code(p, person, mondays[weeks])
    state.reshape(-1)[person.astype(np.int64) * cal.n_weeks + weeks] = code


def _paint_lasting(
    rng: np.random.Generator, cal: Calendar, mp: MunicipalityParams, p: Persons, state: np.ndarray,
    limit: np.ndarray,
) -> None:
    """Fleksjob (with ledighedsydelse between jobs), efterløn and førtidspension: lasting until pension age."""
    e0, unemp0 = mp.effort[p.mun0], mp.unemployment[p.mun0]
    disabled = p.disability == 1
    all_persons = np.arange(p.n)

    flex_mult = np.exp(0.6 * p.frail + 0.6 * disabled + 0.2 * p.unskilled) / 1.35
    flex_day = _onset(rng, p, flex_mult, 0.07, 45, 8, 20)
    flex_week = cal.first_week_from(flex_day).clip(-BURN_IN, cal.n_weeks)
    has_flex = flex_day != NEVER
    paint(state, all_persons[has_flex], flex_week[has_flex], limit[has_flex], CODE["fleksjob"], limit)

    # Ledighedsydelse: the weeks between two flexjobs.
    fp = all_persons[has_flex]
    lo = np.maximum(flex_week[has_flex], -BURN_IN)
    years = np.maximum(limit[has_flex] - lo, 0) / 52.0
    count = rng.poisson(0.55 * years)
    lp = np.repeat(fp, count)
    start = np.repeat(lo, count) + np.floor(rng.random(len(lp)) * np.repeat(limit[has_flex] - lo, count))
    start = start.astype(np.int64)
    ldur = lognormal_weeks(rng, 14.0 * np.exp(-EFFORT_DURATION * e0[lp]), 0.8, len(lp))
    paint(state, lp, start, start + ldur, CODE["ledighedsydelse"], limit)

    # Efterløn: insured persons of the cohorts that still have it, from their efterløn age to pension.
    b = p.birth.astype(np.int64)
    d54, d55, d56, d57, d59 = (int(x) for x in year_start(np.array([1954, 1955, 1956, 1957, 1959])))
    months = np.select([b < d54, b < d54 + 181, b < d55, b < d55 + 181, b < d56, b < d57, b < d59],
                       [720, 726, 732, 738, 744, 750, 756], default=768)
    take_up = np.interp(years_of(p.birth), [1950, 1955, 1960, 1963], [0.6, 0.5, 0.35, 0.2])
    retire = add_months(b, months)
    delay = np.where(rng.random(p.n) < 0.55, 0, np.floor(rng.random(p.n) * 3 * 365.25)).astype(np.int64)
    retire_day = retire + delay
    takes = p.insured & (rng.random(p.n) < take_up) & (retire_day < p.pension) & (p.permit == NEVER)
    ew = cal.first_week_from(retire_day).clip(-BURN_IN, cal.n_weeks)
    paint(state, all_persons[takes], ew[takes], limit[takes], CODE["efterloen"], limit)

    fp_mult = np.exp(0.9 * p.frail + 0.4 * p.unskilled + 0.7 * disabled + 0.4 * unemp0 - EFFORT_PENSION * e0) / 2.6
    fp_day = _onset(rng, p, fp_mult, 0.28, 52, 7, 18)
    fp_week = cal.first_week_from(fp_day).clip(-BURN_IN, cal.n_weeks)
    has_fp = fp_day != NEVER
    paint(state, all_persons[has_fp], fp_week[has_fp], limit[has_fp], CODE["foertidspension"], limit)


def benefit_rows(cal: Calendar, res: Residence, state: np.ndarray) -> dict[str, np.ndarray]:
    """The benefit_weeks rows, by person then week; the municipality is the one responsible that week."""
    person, week = (a.astype(np.int32) for a in np.nonzero(state))
    return {
        "person": person,
        "week": week,
        "code": state[person, week],
        "municipality": res.municipality_on(person, cal.mondays[week], responsible=True),
    }
