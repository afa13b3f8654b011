"""Active measures and upskilling: started, mostly, in a week the person is on a benefit.

Each benefit week can start at most one activity. The chance depends on the activity
type, the benefit group, the calendar (education starts in August/September and
January; nothing from mid-March to late May 2020), the person, and the responsible
municipality's planted effort; the activity then takes that week's municipality. A few
activities start outside any benefit week (e.g. employed persons on a course).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from jobmaal.catalog.models import ACTIVITY_TYPES, BENEFIT_GROUPS
from jobmaal.registers.synthetic import profiles
from jobmaal.registers.synthetic.calendar import Calendar
from jobmaal.registers.synthetic.municipalities import MunicipalityParams
from jobmaal.registers.synthetic.persons import Persons
from jobmaal.registers.synthetic.residence import Residence

EFFORT_UPSKILLING, EFFORT_OTHER = 0.6, 0.2
UPSKILLING = ("ordinary_education", "job_oriented_education", "adult_apprenticeship")
OUTSIDE_BENEFIT_SHARE = 0.04


@dataclass(frozen=True)
class ActivitySpec:
    weekly: float  # chance a week on a benefit starts one, at multiplier 1
    groups: dict[str, float]  # benefit group → multiplier (absent = never)
    median_weeks: float
    sigma: float
    max_weeks: int


_UNEMPLOYED = {"a_dagpenge": 1.0, "kontanthjaelp": 1.0, "uddannelseshjaelp": 1.0, "ledighedsydelse": 0.7,
               "selvforsoergelsesydelse": 0.5}
SPECS: dict[str, ActivitySpec] = {
    "ordinary_education": ActivitySpec(0.0036, {**_UNEMPLOYED, "uddannelseshjaelp": 3.0}, 20, 0.6, 104),
    "job_oriented_education": ActivitySpec(0.0050, {**_UNEMPLOYED, "a_dagpenge": 1.5}, 2, 0.6, 6),
    "adult_apprenticeship": ActivitySpec(0.0008, _UNEMPLOYED, 100, 0.3, 208),
    "guidance_upskilling": ActivitySpec(0.005, {**_UNEMPLOYED, "sygedagpenge": 0.3, "jobafklaring": 1.0,
                                               "ressourceforloeb": 1.2, "selvforsoergelsesydelse": 1.5}, 6, 0.6, 26),
    "company_internship": ActivitySpec(0.005, {"a_dagpenge": 0.4, "kontanthjaelp": 1.2, "uddannelseshjaelp": 1.2,
                                              "selvforsoergelsesydelse": 1.8, "ledighedsydelse": 1.0,
                                              "sygedagpenge": 0.3, "jobafklaring": 1.0, "ressourceforloeb": 1.2},
                                       6, 0.5, 13),
    "wage_subsidy": ActivitySpec(0.0018, {"a_dagpenge": 1.0, "kontanthjaelp": 0.8, "selvforsoergelsesydelse": 1.0,
                                          "ledighedsydelse": 1.5}, 16, 0.3, 26),
}
TYPE_CODE = {t: i for i, t in enumerate(ACTIVITY_TYPES)}


def _group_table(spec: ActivitySpec) -> np.ndarray:
    table = np.zeros(len(BENEFIT_GROUPS) + 1)
    for group, mult in spec.groups.items():
        table[BENEFIT_GROUPS.index(group) + 1] = mult
    return table


def _duration_days(rng: np.random.Generator, types: np.ndarray) -> np.ndarray:
    days = np.empty(len(types), dtype=np.int64)
    for name, spec in SPECS.items():
        idx = np.flatnonzero(types == TYPE_CODE[name])
        weeks = np.minimum(spec.median_weeks * np.exp(spec.sigma * rng.standard_normal(len(idx))), spec.max_weeks)
        days[idx] = np.maximum(1, np.round(weeks * 7)).astype(np.int64)
    return days


def draw_activities(
    rng: np.random.Generator, cal: Calendar, mp: MunicipalityParams, p: Persons, res: Residence,
    state: np.ndarray, rows: dict[str, np.ndarray],
) -> dict[str, np.ndarray]:
    """Activities by person, then start: person, type (index of ACTIVITY_TYPES), start, end (inclusive),
    municipality."""
    tables = {name: _group_table(spec) for name, spec in SPECS.items()}
    eligible = np.flatnonzero(np.add.reduce(list(tables.values()))[rows["code"]] > 0)
    person, week, code, mun = (rows[k][eligible] for k in ("person", "week", "code", "municipality"))
    mondays = cal.mondays.astype(np.int64)
    monday = mondays[week]
    # Per-week calendar factors, looked up by week (cheaper than per row).
    up_week, other_week = profiles.upskilling_start(mondays)[week], profiles.activity_start(mondays)[week]
    young, old = monday - p.birth[person] < 30 * 365.25, monday - p.birth[person] >= 55 * 365.25
    # Weaker local labour markets start fewer of their unemployed on education (a framework condition).
    up_person = (np.exp(0.5 * p.unskilled_on(person, monday) + 0.4 * young - 0.7 * old - 2.0 * mp.unemployment[mun]
                        + EFFORT_UPSKILLING * mp.effort[mun]) * up_week).astype(np.float32)
    other_person = (np.exp(EFFORT_OTHER * mp.effort[mun]) * other_week).astype(np.float32)

    u = rng.random(len(person), dtype=np.float32)
    chosen = np.full(len(person), -1, dtype=np.int8)
    acc = np.zeros(len(person), dtype=np.float32)
    for name, spec in SPECS.items():
        person_factor = up_person if name in UPSKILLING else other_person
        prob = (spec.weekly * tables[name].astype(np.float32))[code] * person_factor
        chosen[(u >= acc) & (u < acc + prob)] = TYPE_CODE[name]
        acc += prob
    hit = np.flatnonzero(chosen >= 0)
    a_person, a_type, a_mun = person[hit], chosen[hit], mun[hit]
    a_start = monday[hit] + rng.integers(0, 5, len(hit))  # a weekday of the benefit week

    # Outside any benefit week: adults in work or education taking a course.
    extra = round(OUTSIDE_BENEFIT_SHARE * len(hit))
    if extra and p.n:
        xp = rng.integers(0, p.n, extra)
        xw = rng.integers(0, cal.n_weeks, extra)
        xday = cal.mondays[xw].astype(np.int64)
        xage = (xday - p.birth[xp]) / 365.25
        ok = ((state[xp, xw] == 0) & (xage >= 18) & (xage < 66) & (xday >= p.arrival[xp]) & (xday < res.leave[xp])
              & (profiles.upskilling_start(xday) > 0.2))
        xp, xday = xp[ok], xday[ok]
        xtype = np.where(rng.random(len(xp)) < 0.6, TYPE_CODE["job_oriented_education"],
                         TYPE_CODE["guidance_upskilling"]).astype(np.int8)
        a_person = np.concatenate([a_person, xp])
        a_type = np.concatenate([a_type, xtype])
        a_mun = np.concatenate([a_mun, res.municipality_on(xp, xday)])
        a_start = np.concatenate([a_start, xday + rng.integers(0, 5, len(xp))])

    a_end = a_start + _duration_days(rng, a_type) - 1
    order = np.lexsort((a_type, a_start, a_person))
    return {"person": a_person[order], "type": a_type[order], "start": a_start[order], "end": a_end[order],
            "municipality": a_mun[order]}
