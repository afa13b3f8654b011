"""Person-level building blocks shared by the measure kinds.

Two shapes of intermediate result leave this module:

* an *event frame*: one row per person, month index ``k``, municipality and (where the
  indicator has one) event attribute, with a ``weight`` and the person's attributes at k
  (``sex``, ``age_group``, ``education``). It is aggregated by summing weights or counting
  distinct persons.
* an *interval frame*: one row per person, municipality and breakdown cell with a range
  ``[lo, hi)`` of month indices in which the person belongs to a population (resident on d1,
  of the right age, …). Counts per month come from interval arithmetic, so the population
  never has to be expanded to persons × months.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir

from jobmaal.catalog.models import AgeRange, Population
from jobmaal.engine.months import K_INFINITY, age_start_k, k_of, month_end, month_index, month_start


@dataclass(frozen=True)
class RegisterTables:
    """The canonical register tables as Ibis tables (bound to a backend, or unbound in tests)."""

    persons: ir.Table
    residence: ir.Table
    benefit_weeks: ir.Table
    activities: ir.Table
    employment_months: ir.Table
    recruitment: ir.Table


@dataclass(frozen=True)
class AgeGroup:
    label: str
    min: int
    max: int


def parse_age_groups(labels: Sequence[str]) -> tuple[AgeGroup, ...]:
    """Age-group breakdown values are written "min-max" in the catalogue."""
    groups = []
    for label in labels:
        low, high = label.split("-")
        groups.append(AgeGroup(label, int(low), int(high)))
    return tuple(groups)


def education_group(education: ir.StringValue) -> ir.StringValue:
    """unskilled → "unskilled", vocational/higher → "skilled", unknown → "unknown"."""
    return ibis.cases(
        (education == "unskilled", "unskilled"),
        (education.isin(["vocational", "higher"]), "skilled"),
        else_="unknown",
    )


PERSON_ATTRIBUTES = ("sex", "education", "age_group")


def age_bounds(groups: Sequence[AgeGroup], *ages: AgeRange | None) -> frozenset[int]:
    """The ages whose first month (``age_start_k``) decides the age groups and age ranges given."""
    bounds = {a for g in groups for a in (g.min, g.max + 1)}
    bounds |= {a for r in ages if r is not None for a in (r.min, r.max + 1)}
    return frozenset(bounds)


def _age_start_column(age: int) -> str:
    return f"age_start_{age}"


def person_attributes(persons: ir.Table, bounds: frozenset[int]) -> ir.Table:
    """One row per person: person_key, sex, the attributes populations filter on, education group and,
    per age in ``bounds``, the first month index k at whose last day the person is that age (``age_start_k``).

    Worked out once per person, so that the frames' rows compare month indices instead of doing
    date arithmetic: age on d1 of k is at least a exactly when k >= age_start_k(a).
    """
    return persons.select(
        "person_key",
        "sex",
        "residence_basis",
        "disability",
        "first_residence_permit_date",
        education=education_group(persons.education),
        **{_age_start_column(a): age_start_k(persons.birth_date, a) for a in sorted(bounds)},
    )


def _check_ages(people: ir.Table, ages: Iterable[int]) -> None:
    missing = [a for a in sorted(ages) if _age_start_column(a) not in people.columns]
    if missing:
        raise ValueError(f"person attributes lack the start months of ages {missing}")


def with_person_attributes(frame: ir.Table, people: ir.Table, groups: Sequence[AgeGroup],
                           attributes: Sequence[str] = PERSON_ATTRIBUTES, age: AgeRange | None = None) -> ir.Table:
    """Add the person ``attributes`` (sex, education group, age group at the frame's k) from ``people``
    (a ``person_attributes`` table); with ``age``, keep the rows of persons of that age on d1 of k."""
    needed = age_bounds(groups if "age_group" in attributes else (), age)
    _check_ages(people, needed)
    plain = [a for a in attributes if a in ("sex", "education")]
    joined = frame.join(people.select("person_key", *plain, *(_age_start_column(a) for a in sorted(needed))),
                        "person_key")

    def start(a: int) -> ir.IntegerValue:
        return joined[_age_start_column(a)]

    if age is not None:
        joined = joined.filter((joined.k >= start(age.min)) & (joined.k < start(age.max + 1)))
    extra: dict[str, ir.Value] = {}
    if "age_group" in attributes:
        branches = [((joined.k >= start(g.min)) & (joined.k < start(g.max + 1)), g.label) for g in groups]
        extra["age_group"] = ibis.cases(*branches, else_=ibis.null("string")) if branches else ibis.null("string")
    return joined.select(*frame.columns, *plain, **extra)


@functools.cache
def week_calendar(k_first: int, k_last: int) -> ir.Table:
    """Every date that can start a week touching months k_first..k_last, split into its month parts.

    One row per (week_start, k) with ``weight`` = days of the 7-day week in month k / days in month k.
    A few thousand rows worked out in Python: joining them to the benefit weeks replaces per-row
    date arithmetic and a second scan for the second month part. Cached, so that identical frames
    compile to identical SQL (the runner shares them).
    """
    first, last = month_start(k_first) - dt.timedelta(days=6), month_end(k_last)
    rows: dict[str, list] = {"week_start": [], "k": [], "weight": []}
    day = first
    while day <= last:
        days_per_month: dict[int, int] = {}
        for offset in range(7):
            k = month_index(day + dt.timedelta(days=offset))
            days_per_month[k] = days_per_month.get(k, 0) + 1
        for k, days in days_per_month.items():
            if k_first <= k <= k_last:
                rows["week_start"].append(day)
                rows["k"].append(k)
                rows["weight"].append(days / month_end(k).day)
        day += dt.timedelta(days=1)
    return ibis.memtable(rows, schema={"week_start": "date", "k": "int64", "weight": "float64"})


def week_parts(weeks: ir.Table, k_first: int, k_last: int) -> ir.Table:
    """Split each benefit week into the (at most two) months it falls in, within k_first..k_last.

    Returns one row per week part: person_key, municipality_code, benefit_group, k and
    ``weight`` = days of the week in month k / days in month k (full-time persons).
    """
    cal = week_calendar(k_first, k_last)
    parts = weeks.join(cal, "week_start")
    return parts.select("person_key", "municipality_code", "benefit_group", "k", "weight")


def _interval_bounds(
    residence: ir.Table, people: ir.Table, population: Population, groups: Sequence[AgeGroup], k_first: int,
    k_last: int,
) -> ir.Table:
    """Per residence spell: [lo, hi) of month indices in which the person is in ``population``, with the
    start months of the age groups' bounds (``age_start_<age>``) for cutting it further.

    Resident on d1 means valid_from <= d1 < valid_to: d1 of month(valid_from) is on or after
    valid_from, and d1 < valid_to exactly for months before month(valid_to).
    """
    p = people
    if population.residence_basis is not None:
        p = p.filter(p.residence_basis.isin(list(population.residence_basis)))
    if population.disability is not None:
        p = p.filter(p.disability == population.disability)
    if population.permit_from is not None:
        permit = p.first_residence_permit_date
        p = p.filter(permit.notnull() & (permit >= population.permit_from))
    ages = sorted(age_bounds(groups, population.age))
    _check_ages(p, ages)
    starts = [_age_start_column(a) for a in ages]
    p = p.select("person_key", "sex", "education", "first_residence_permit_date", *starts)
    r = residence.join(p, "person_key")
    hi_residence = r.valid_to.isnull().ifelse(ibis.literal(K_INFINITY, "int64"), k_of(r.valid_to))
    lo_parts = [k_of(r.valid_from), r[_age_start_column(population.age.min)], ibis.literal(k_first, "int64")]
    if population.permit_from is not None:
        lo_parts.append(k_of(r.first_residence_permit_date))
    hi_parts = [hi_residence, r[_age_start_column(population.age.max + 1)], ibis.literal(k_last + 1, "int64")]
    return r.select(
        "person_key",
        "municipality_code",
        "sex",
        "education",
        *starts,
        lo=ibis.greatest(*lo_parts),
        hi=ibis.least(*hi_parts),
    )


def population_intervals(
    tables: RegisterTables,
    people: ir.Table,
    population: Population,
    k_first: int,
    k_last: int,
    person_breakdowns: Sequence[str],
    groups: Sequence[AgeGroup],
) -> ir.Table:
    """Interval frame in long form: a row per spell and breakdown cell, with ``[lo, hi)``.

    Columns: person_key, municipality_code, breakdown, breakdown_value, lo, hi. The total has
    breakdown = breakdown_value = "". Age groups cut the spell's interval further. ``people`` is a
    ``person_attributes`` table with the start months of the population's and the groups' ages.
    """
    b = _interval_bounds(tables.residence, people, population, groups if "age_group" in person_breakdowns else (),
                         k_first, k_last)
    cols = ["person_key", "municipality_code"]
    parts = [b.select(*cols, breakdown=ibis.literal(""), breakdown_value=ibis.literal(""), lo=b.lo, hi=b.hi)]
    for name in person_breakdowns:
        if name == "age_group":
            for g in groups:
                parts.append(
                    b.select(
                        *cols,
                        breakdown=ibis.literal("age_group"),
                        breakdown_value=ibis.literal(g.label),
                        lo=ibis.greatest(b.lo, b[_age_start_column(g.min)]),
                        hi=ibis.least(b.hi, b[_age_start_column(g.max + 1)]),
                    )
                )
        else:
            parts.append(
                b.select(*cols, breakdown=ibis.literal(name), breakdown_value=b[name].cast("string"), lo=b.lo, hi=b.hi)
            )
    out = parts[0]
    for part in parts[1:]:
        out = out.union(part)
    return out.filter(out.lo < out.hi)


def wage_hour_windows(employment: ir.Table, columns: Sequence[str], months: int) -> ir.Table:
    """Hours summed over the ``months`` months ending at k, per person and k (sparse: k with hours only)."""
    hours = employment[columns[0]]
    for col in columns[1:]:
        hours = hours + employment[col]
    base = employment.select("person_key", k=k_of(employment.month), hours=hours.cast("float64"))
    shifted = base
    for lag in range(1, months):
        shifted = shifted.union(base.mutate(k=base.k + lag))
    return shifted.group_by(["person_key", "k"]).aggregate(hours=shifted.hours.sum())
