"""Indicator definition → one Ibis expression yielding its final rows (every area, period, cell).

Every area and period gets a row, also where nobody qualifies: counts are then 0 and a share
with a zero denominator is null. Person breakdowns take their own denominator cell; event
breakdowns (benefit group) divide by the total's denominator, so that they add up to it.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir
from pydantic import BaseModel

from jobmaal.catalog.models import AgeRange, AggregateRatio, Breakdown, BreakdownKind, Indicator
from jobmaal.engine.aggregate import EventFrame, aggregate_events, aggregate_intervals
from jobmaal.engine.frames import AgeGroup, RegisterTables, age_bounds, parse_age_groups, person_attributes
from jobmaal.engine.measures import CompileContext, compile_measure
from jobmaal.engine.months import k_of
from jobmaal.reference import COUNTRY_CODE, all_areas, municipalities, rar_areas

KEYS = ["area_type", "area_code", "k", "breakdown", "breakdown_value"]


@dataclass(frozen=True)
class Cell:
    breakdown: str
    value: str
    kind: BreakdownKind | None  # None for the total


def cells_of(indicator: Indicator, breakdowns: dict[str, Breakdown]) -> list[Cell]:
    cells = [Cell("", "", None)]
    for name in indicator.breakdowns:
        bd = breakdowns[name]
        cells += [Cell(name, value, bd.kind) for value in bd.values]
    return cells


def _grid(cells: Sequence[Cell], ks: Sequence[int], areas: Sequence[tuple[str, str]]) -> ir.Table:
    rows: dict[str, list] = {c: [] for c in [*KEYS, "den_breakdown", "den_value"]}
    for area_type, area_code in areas:
        for k in ks:
            for c in cells:
                event = c.kind is BreakdownKind.EVENT
                rows["area_type"].append(area_type)
                rows["area_code"].append(area_code)
                rows["k"].append(k)
                rows["breakdown"].append(c.breakdown)
                rows["breakdown_value"].append(c.value)
                rows["den_breakdown"].append("" if event else c.breakdown)
                rows["den_value"].append("" if event else c.value)
    return ibis.memtable(rows, schema={"k": "int64"} | {c: "string" for c in rows if c != "k"})


def _period(k: ir.IntegerValue, yearly: bool) -> ir.DateValue:
    month = ibis.literal(1, "int64") if yearly else k % 12 + 1
    return ibis.date(k // 12, month, 1)


def _finish(
    grid: ir.Table, num: ir.Table, den: ir.Table | None, indicator: Indicator, percent: bool, yearly: bool
) -> ir.Table:
    g = grid.left_join(num, KEYS)
    g = g.select(
        *KEYS, "den_breakdown", "den_value",
        numerator=ibis.coalesce(num.amount, 0.0),
        numerator_persons=ibis.coalesce(num.persons, 0).cast("int64"),
    )
    if den is not None:
        d = den.select(
            d_area_type="area_type", d_area_code="area_code", d_k="k",
            d_breakdown="breakdown", d_value="breakdown_value", d_amount="amount", d_persons="persons",
        )
        g = g.left_join(
            d,
            [g.area_type == d.d_area_type, g.area_code == d.d_area_code, g.k == d.d_k,
             g.den_breakdown == d.d_breakdown, g.den_value == d.d_value],
        )
        denominator = ibis.coalesce(g.d_amount, 0.0)
        denominator_persons = ibis.coalesce(g.d_persons, 0).cast("int64")
    else:
        denominator = ibis.null("float64")
        denominator_persons = ibis.null("int64")
    g = g.mutate(denominator=denominator, denominator_persons=denominator_persons)
    if percent:
        value = (g.denominator > 0).ifelse(100.0 * g.numerator / g.denominator, ibis.null("float64"))
    else:
        value = g.numerator.cast("float64")
    return g.select(
        indicator_id=ibis.literal(indicator.id),
        area_type=g.area_type,
        area_code=g.area_code,
        period=_period(g.k, yearly),
        breakdown=g.breakdown,
        breakdown_value=g.breakdown_value,
        value=value.cast("float64"),
        numerator=g.numerator.cast("float64"),
        denominator=g.denominator.cast("float64"),
        numerator_persons=g.numerator_persons,
        denominator_persons=g.denominator_persons,
    )


@functools.cache
def _interval_cells(cells: tuple[Cell, ...]) -> ir.Table:
    """The population's cells per municipality (one memtable per set of cells, so that identical
    populations compile identically and the runner counts them once)."""
    person_cells = [c for c in cells if c.kind is not BreakdownKind.EVENT]
    codes = [m.code for m in municipalities()]
    return ibis.memtable(
        {
            "municipality_code": [code for code in codes for _ in person_cells],
            "breakdown": [c.breakdown for _ in codes for c in person_cells],
            "breakdown_value": [c.value for _ in codes for c in person_cells],
        }
    )


@dataclass(frozen=True)
class Partials:
    """What to compute per range of persons for one indicator; the results add up over ranges.

    The numerator (and an event-frame denominator) is a person-level frame that the runner
    materialises once per range and then aggregates branch by branch (``event_branches``); an
    interval denominator is one aggregate expression. Every branch yields rows (area_type,
    area_code, k, breakdown, breakdown_value, amount, persons). Each person is in exactly one
    range, so distinct persons add up across ranges.
    """

    indicator: Indicator
    numerator: EventFrame
    numerator_breakdowns: tuple[str, ...]
    event_breakdowns: tuple[str, ...]  # the numerator's breakdowns by an attribute of the counted event
    age_groups: tuple[AgeGroup, ...]
    denominator: EventFrame | ir.Table | None
    denominator_breakdowns: tuple[str, ...]
    percent: bool
    yearly: bool
    cells: tuple[Cell, ...]

    people: ir.Table  # the person_attributes table the frames join


def age_groups_of(breakdowns: dict[str, Breakdown]) -> tuple[AgeGroup, ...]:
    return parse_age_groups(list(breakdowns["age_group"].values)) if "age_group" in breakdowns else ()


def _age_ranges(value: object) -> list[AgeRange]:
    """Every AgeRange in a measure definition (whatever its kind nests it in)."""
    if isinstance(value, AgeRange):
        return [value]
    if isinstance(value, BaseModel):
        return [r for name in type(value).model_fields for r in _age_ranges(getattr(value, name))]
    if isinstance(value, tuple | list):
        return [r for item in value for r in _age_ranges(item)]
    return []


def indicator_age_bounds(indicator: Indicator, breakdowns: dict[str, Breakdown]) -> frozenset[int]:
    """The ages whose start months an indicator compares with (its age ranges and the age groups): the
    ``person_attributes`` it needs."""
    return age_bounds(age_groups_of(breakdowns), *_age_ranges(indicator.measure))


def compile_partials(
    indicator: Indicator,
    tables: RegisterTables,
    k_first: int,
    k_last: int,
    breakdowns: dict[str, Breakdown],
    indicators: dict[str, Indicator],
    people: ir.Table | None = None,
) -> Partials:
    """The per-range computations of one register-based (person-level) indicator.

    ``people`` is the ``person_attributes`` table to read (with at least ``indicator_age_bounds``); by
    default it is made from ``tables.persons`` within the expressions."""
    age_groups = age_groups_of(breakdowns)
    if people is None:
        people = person_attributes(tables.persons, indicator_age_bounds(indicator, breakdowns))
    cells = cells_of(indicator, breakdowns)
    person_bds = tuple(n for n in indicator.breakdowns if breakdowns[n].kind is BreakdownKind.PERSON)
    event_bds = tuple(n for n in indicator.breakdowns if breakdowns[n].kind is BreakdownKind.EVENT)
    ctx = CompileContext(tables, people, k_first, k_last, age_groups, person_bds, indicators)
    plan = compile_measure(indicator, ctx)
    den: EventFrame | ir.Table | None
    if plan.denominator is None or isinstance(plan.denominator, EventFrame):
        den = plan.denominator
    else:
        den = aggregate_intervals(plan.denominator, _interval_cells(tuple(cells)), k_first, k_last)
    return Partials(indicator, plan.numerator, (*person_bds, *event_bds), event_bds, age_groups, den, person_bds,
                    plan.percent, plan.yearly, tuple(cells), people)


def partial_expressions(partials: Partials) -> tuple[ir.Table, ir.Table | None]:
    """Numerator and denominator partials as single expressions (no materialisation)."""
    num = aggregate_events(partials.numerator, partials.numerator_breakdowns, partials.event_breakdowns,
                           partials.people, partials.age_groups)
    den = partials.denominator
    if isinstance(den, EventFrame):
        den = aggregate_events(den, partials.denominator_breakdowns, (), partials.people, partials.age_groups)
    return num, den


def _summed(partials: ir.Table) -> ir.Table:
    return partials.group_by(KEYS).aggregate(
        amount=partials.amount.sum(), persons=partials.persons.sum().cast("int64")
    )


def finish_indicator(
    partials: Partials, numerator: ir.Table, denominator: ir.Table | None, k_first: int, k_last: int
) -> ir.Table:
    """Final rows from the partial aggregates of every person range (stacked), over the full grid."""
    ks = [k for k in range(k_first, k_last + 1) if not partials.yearly or k % 12 == 11]
    areas = [(a.area_type.value, a.code) for a in all_areas()]
    den = _summed(denominator) if denominator is not None else None
    return _finish(_grid(partials.cells, ks, areas), _summed(numerator), den, partials.indicator,
                   partials.percent, partials.yearly)


def is_person_level(indicator: Indicator) -> bool:
    return not isinstance(indicator.measure, AggregateRatio)


def compile_table_indicator(indicator: Indicator, tables: RegisterTables, k_first: int, k_last: int) -> ir.Table:
    """The final rows of an indicator computed from an aggregated table (no persons involved)."""
    if not isinstance(indicator.measure, AggregateRatio):
        raise TypeError(f"{indicator.id} is person-level")
    return _compile_aggregate_ratio(indicator, indicator.measure, tables, k_first, k_last)


def _compile_aggregate_ratio(
    indicator: Indicator, m: AggregateRatio, tables: RegisterTables, k_first: int, k_last: int
) -> ir.Table:
    """Per RAR area and half-year from the table itself; the country is the sum over RAR areas."""
    t = getattr(tables, m.table)
    rows = t.select(
        area_code=t.rar_code,
        k=k_of(t.period_start),
        num=t[m.numerator].cast("float64"),
        den=t[m.denominator].cast("float64"),
    )
    by_rar = rows.group_by(["area_code", "k"]).aggregate(num=rows.num.sum(), den=rows.den.sum())
    by_rar = by_rar.mutate(area_type=ibis.literal("rar"))
    country = by_rar.group_by("k").aggregate(num=by_rar.num.sum(), den=by_rar.den.sum())
    country = country.mutate(area_type=ibis.literal("country"), area_code=ibis.literal(COUNTRY_CODE))
    cols = ["area_type", "area_code", "k", "num", "den"]
    values = by_rar.select(*cols).union(country.select(*cols))
    # Half-years overlapping the months computed: those starting within five months before k_first.
    first_half = k_first - (k_first % 12) % 6
    ks = list(range(first_half, k_last + 1, 6))
    areas = [("rar", code) for code in rar_areas()] + [("country", COUNTRY_CODE)]
    grid = ibis.memtable(
        {"area_type": [a for a, _ in areas for _ in ks], "area_code": [c for _, c in areas for _ in ks],
         "k": [k for _ in areas for k in ks]},
        schema={"area_type": "string", "area_code": "string", "k": "int64"},
    )
    g = grid.left_join(values, ["area_type", "area_code", "k"])
    numerator = ibis.coalesce(g.num, 0.0)
    denominator = ibis.coalesce(g.den, 0.0)
    return g.select(
        indicator_id=ibis.literal(indicator.id),
        area_type=g.area_type,
        area_code=g.area_code,
        period=_period(g.k, yearly=False),
        breakdown=ibis.literal(""),
        breakdown_value=ibis.literal(""),
        value=(denominator > 0).ifelse(100.0 * numerator / denominator, ibis.null("float64")),
        numerator=numerator,
        denominator=denominator,
        numerator_persons=ibis.null("int64"),
        denominator_persons=ibis.null("int64"),
    )
