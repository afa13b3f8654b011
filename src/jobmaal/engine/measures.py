"""One compile function per measure kind: definition → numerator and denominator frames.

Dispatch is a table keyed by the pydantic ``kind`` discriminator; a new indicator of an
existing kind is catalogue data only. Compilation needs no connection: it builds Ibis
expressions over ``RegisterTables``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import ibis
import ibis.expr.types as ir

from jobmaal.catalog.models import (
    ActivityStarts,
    AgeRange,
    FulltimeShare,
    Indicator,
    Population,
    PopulationShare,
    StartsShare,
)
from jobmaal.engine.aggregate import EventFrame
from jobmaal.engine.backend import DateWindow
from jobmaal.engine.frames import (
    AgeGroup,
    RegisterTables,
    population_intervals,
    wage_hour_windows,
    week_parts,
)
from jobmaal.engine.months import k_of, month_end, month_start


@dataclass(frozen=True)
class CompileContext:
    tables: RegisterTables
    people: ir.Table  # frames.person_attributes of tables.persons, with every age the indicator compares
    k_first: int
    k_last: int
    age_groups: tuple[AgeGroup, ...]
    person_breakdowns: tuple[str, ...]  # of the indicator being compiled
    indicators: dict[str, Indicator]


@dataclass(frozen=True)
class ReadWindows:
    """What a computation reads of each person-level table: a date window, or None for all its rows."""

    months: int  # calendar months the widest window spans
    tables: dict[str, DateWindow | None]


@dataclass(frozen=True)
class MeasurePlan:
    """What an indicator counts. ``denominator`` is an EventFrame, an interval table or None."""

    numerator: EventFrame
    denominator: EventFrame | ir.Table | None
    percent: bool
    yearly: bool = False  # one period per year, evaluated at December (d1 = 31 December)


def _in_range(t: ir.Table, ctx: CompileContext) -> ir.Table:
    return t.filter((t.k >= ctx.k_first) & (t.k <= ctx.k_last))


def _dates_between(date: ir.DateValue, first: dt.date, last: dt.date) -> ir.BooleanValue:
    """A plain date filter early in the plan, so that recomputing one month reads only its rows."""
    return (date >= first) & (date <= last)


def _first_week_start(k_first: int) -> dt.date:
    """The earliest week that can touch month k_first (or hold a start in it) begins 6 days before it."""
    return month_start(k_first) - dt.timedelta(days=6)


def _weeks_touching_range(weeks: ir.Table, ctx: CompileContext) -> ir.Table:
    return weeks.filter(_dates_between(weeks.week_start, _first_week_start(ctx.k_first), month_end(ctx.k_last)))


def _fulltime_share(m: FulltimeShare, ctx: CompileContext) -> MeasurePlan:
    weeks = _weeks_touching_range(ctx.tables.benefit_weeks, ctx)
    weeks = weeks.filter(weeks.benefit_group.isin(list(m.benefit_groups)))
    parts = week_parts(weeks, ctx.k_first, ctx.k_last)
    population = _population(m.age, ctx)
    return MeasurePlan(EventFrame(parts, "weight", age=m.age), population, percent=True)


def _population(age: AgeRange, ctx: CompileContext) -> ir.Table:
    return population_intervals(
        ctx.tables, ctx.people, Population(age=age), ctx.k_first, ctx.k_last, ctx.person_breakdowns, ctx.age_groups
    )


def _starts_frame(m: ActivityStarts, ctx: CompileContext) -> ir.Table:
    acts = ctx.tables.activities
    acts = acts.filter(acts.activity_type.isin(list(m.activity_types))
                       & _dates_between(acts.start_date, month_start(ctx.k_first), month_end(ctx.k_last)))
    monday = acts.start_date - acts.start_date.day_of_week.index().cast("int32").as_interval("D")
    acts = acts.select("person_key", k=k_of(acts.start_date), monday=monday)
    weeks = _weeks_touching_range(ctx.tables.benefit_weeks, ctx)
    weeks = weeks.filter(weeks.benefit_group.isin(list(m.benefit_groups))).select(
        "person_key", "week_start", "municipality_code", "benefit_group"
    )
    matched = acts.join(weeks, [acts.person_key == weeks.person_key, acts.monday == weeks.week_start])
    frame = matched.select(
        person_key=acts.person_key,
        k=acts.k,
        municipality_code=weeks.municipality_code,
        benefit_group=weeks.benefit_group,
    ).distinct()
    return _in_range(frame, ctx).mutate(weight=ibis.literal(1.0))


def _activity_starts(m: ActivityStarts, ctx: CompileContext) -> MeasurePlan:
    return MeasurePlan(EventFrame(_starts_frame(m, ctx), "persons"), None, percent=False)


def _starts_share(m: StartsShare, ctx: CompileContext) -> MeasurePlan:
    starts_def = ctx.indicators[m.numerator_indicator].measure
    if not isinstance(starts_def, ActivityStarts):
        raise TypeError(f"{m.numerator_indicator} is not an activity_starts indicator")
    weeks = ctx.tables.benefit_weeks
    weeks = weeks.filter(weeks.benefit_group.isin(list(m.benefit_groups))
                         & _dates_between(weeks.week_start, month_start(ctx.k_first), month_end(ctx.k_last)))
    recipients = weeks.select("person_key", "municipality_code", k=k_of(weeks.week_start),
                              weight=ibis.literal(1.0))
    recipients = _in_range(recipients, ctx)
    return MeasurePlan(
        EventFrame(_starts_frame(starts_def, ctx), "persons"), EventFrame(recipients, "persons"), percent=True
    )


def _employment_lookback(m: PopulationShare) -> int:
    """Months before the first period whose wage hours the condition sums (a yearly one ends in November)."""
    return m.condition.months - 1 + (1 if m.condition.window_end == "november" else 0)


def _population_share(m: PopulationShare, ctx: CompileContext) -> MeasurePlan:
    yearly = m.condition.window_end == "november"
    intervals = population_intervals(
        ctx.tables, ctx.people, m.population, ctx.k_first, ctx.k_last, ctx.person_breakdowns, ctx.age_groups
    )
    # Only the population's wage hours matter: a semi-join keeps the windows small (refugees, survey persons).
    employment = ctx.tables.employment_months
    lookback = _employment_lookback(m)
    employment = employment.filter(
        _dates_between(employment.month, month_start(ctx.k_first - lookback), month_start(ctx.k_last))
    )
    members = intervals.filter(intervals.breakdown == "").select("person_key").distinct()
    employment = employment.semi_join(members, "person_key")
    windows = wage_hour_windows(employment, m.condition.columns, m.condition.months)
    if yearly:  # November's hours count for the year evaluated at December
        windows = windows.mutate(k=windows.k + 1)
    meets = windows.hours > m.condition.min_hours if m.condition.strict else windows.hours >= m.condition.min_hours
    windows = windows.filter(meets)
    totals = intervals.filter(intervals.breakdown == "")
    joined = windows.join(
        totals,
        [windows.person_key == totals.person_key, windows.k >= totals.lo, windows.k < totals.hi],
    )
    frame = joined.select(
        person_key=windows.person_key, k=windows.k, municipality_code=totals.municipality_code
    ).mutate(weight=ibis.literal(1.0))
    frame = _in_range(frame, ctx)
    return MeasurePlan(EventFrame(frame, "persons"), intervals, percent=True, yearly=yearly)


def read_windows(indicators: Sequence[Indicator], k_first: int, k_last: int) -> ReadWindows | None:
    """The dates of the dated register tables that computing months k_first..k_last reads.

    The same bounds as the compile functions' own date filters (one place: the helpers above), so
    a runner may copy just these rows into memory once instead of scanning the files per frame.
    None when an indicator's kind is not known here: then nothing may be narrowed.
    """
    lookback = 0
    for ind in indicators:
        m = ind.measure
        if isinstance(m, PopulationShare):
            lookback = max(lookback, _employment_lookback(m))
        elif not isinstance(m, FulltimeShare | ActivityStarts | StartsShare):
            return None
    return ReadWindows(
        months=k_last - k_first + 1 + lookback,
        tables={
            "benefit_weeks": DateWindow("week_start", _first_week_start(k_first), month_end(k_last)),
            "employment_months": DateWindow("month", month_start(k_first - lookback), month_start(k_last)),
            # populations are residents on d1 of the months computed (frames.population_intervals)
            "residence": DateWindow("valid_from", month_start(k_first), month_end(k_last), end_column="valid_to"),
        },
    )


_COMPILERS: dict[str, Callable[[Any, CompileContext], MeasurePlan]] = {
    "fulltime_share": _fulltime_share,
    "activity_starts": _activity_starts,
    "starts_share": _starts_share,
    "population_share": _population_share,
}


def person_measure_kinds() -> Sequence[str]:
    return tuple(_COMPILERS)


def compile_measure(indicator: Indicator, ctx: CompileContext) -> MeasurePlan:
    """The numerator and denominator frames of a register-based indicator."""
    try:
        compiler = _COMPILERS[indicator.measure.kind]
    except KeyError as exc:
        raise ValueError(f"indicator {indicator.id}: no person-level compiler for {indicator.measure.kind}") from exc
    return compiler(indicator.measure, ctx)
