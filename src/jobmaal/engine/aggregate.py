"""Aggregate person-level frames to every area level and breakdown cell.

Output rows of both aggregations: area_type, area_code, k, breakdown, breakdown_value,
amount (the figure: a sum of weights or a count of persons) and persons (distinct persons).
A larger area counts each person once: distinct persons are counted per area, never summed
from municipalities — except for interval frames, where each person lives in exactly one
municipality on d1, so municipality counts add up exactly.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import ibis
import ibis.expr.types as ir

from jobmaal.catalog.models import AgeRange
from jobmaal.engine.frames import PERSON_ATTRIBUTES, AgeGroup, with_person_attributes
from jobmaal.reference import COUNTRY_CODE, municipalities


@functools.cache
def area_levels() -> ir.Table:
    """Municipality → (area_type, area_code) at every level: four rows per municipality.

    One memtable, so that identical frames compile identically (the runner shares them)."""
    rows: dict[str, list[str]] = {"municipality_code": [], "area_type": [], "area_code": []}
    for m in municipalities():
        for area_type, code in (("municipality", m.code), ("region", m.region_code), ("rar", m.rar_code),
                                ("country", COUNTRY_CODE)):
            rows["municipality_code"].append(m.code)
            rows["area_type"].append(area_type)
            rows["area_code"].append(code)
    return ibis.memtable(rows)


@dataclass(frozen=True)
class EventFrame:
    """Person-level event rows (person_key, k, municipality_code, weight, event attributes…).

    Rows may repeat a person and month (e.g. one row per week part); ``count`` says what the
    figure is: the sum of ``weight`` (full-time persons) or the number of distinct persons.
    ``age`` restricts the persons by their age on d1 of k.
    """

    table: ir.Table
    count: Literal["weight", "persons"]
    age: AgeRange | None = None


def _union_all(parts: Sequence[ir.Table]) -> ir.Table:
    out = parts[0]
    for part in parts[1:]:
        out = out.union(part)
    return out


Materialise = Callable[[str, ir.Table], ir.Table]  # (stage name, expression) → table to read it from


def inline(_name: str, expr: ir.Table) -> ir.Table:
    """The ``Materialise`` of a single expression: every stage stays part of one plan."""
    return expr


def grouped_events(frame: EventFrame, event_attributes: Sequence[str]) -> ir.Table:
    """One row per person, month, municipality (and event value), weights summed.

    The one high-cardinality aggregation over the raw rows (e.g. week parts); every later step
    reads its result instead of the raw rows.
    """
    rows = frame.table
    keys = ["person_key", "k", "municipality_code", *event_attributes]
    return rows.group_by(keys).aggregate(weight=rows.weight.sum())


def mixed_person_months(grouped: ir.Table) -> ir.Table:
    """(person_key, k) of the few person-months with more than one row in ``grouped_events``."""
    per_pm = grouped.group_by(["person_key", "k"]).aggregate(n=grouped.count())
    return per_pm.filter(per_pm.n > 1).select("person_key", "k")


def staged_event_aggregation(
    frame: EventFrame, breakdowns: Sequence[str], event_attributes: Sequence[str], people: ir.Table,
    groups: Sequence[AgeGroup], materialise: Materialise = inline,
) -> ir.Table:
    """Every area level × (total + each breakdown) of an event frame, as one table of partial rows.

    Distinct persons are counted without windows: nearly every person-month has a single row
    after ``grouped_events`` (one municipality, one event value), so those *simple* rows are
    counted as rows and first summed into a small cube over (k, municipality, event values,
    person attributes); the few *mixed* person-months keep their person keys and are counted
    distinctly. The two sets hold different persons, so their counts add up.

    ``people`` is a ``person_attributes`` table with the start months of the frame's ages and age
    groups; ``materialise`` decides which intermediate results the backend stores (``inline``: none).
    """
    events = list(event_attributes)
    # Only the person attributes that are breakdowns of this frame: each one multiplies the cube's cells.
    attributes = [a for a in PERSON_ATTRIBUTES if a in breakdowns]
    # The persons' attributes (and the age rule) are joined once, to the grouped rows.
    grouped = materialise("grouped", with_person_attributes(grouped_events(frame, events), people, groups,
                                                            attributes, frame.age))
    mixed_keys = materialise("mixed_keys", mixed_person_months(grouped))
    simple = grouped.anti_join(mixed_keys, ["person_key", "k"])
    cube_keys = ["k", "municipality_code", *events, *attributes]
    cube = simple.group_by(cube_keys).aggregate(weight=simple.weight.sum(), persons=simple.count())
    cube = materialise("cube", cube)
    detail = grouped.semi_join(mixed_keys, ["person_key", "k"])
    mixed = materialise("mixed", detail)
    branches = [_branch(part, distinct, frame.count, breakdown)
                for part, distinct in ((cube, False), (mixed, True)) for breakdown in ("", *breakdowns)]
    stacked = _union_all(branches)
    summed = stacked.group_by(["area_type", "area_code", "k", "breakdown", "breakdown_value"]).aggregate(
        amount=stacked.amount.sum(), persons=stacked.persons.sum().cast("int64")
    )
    return summed


def _branch(rows: ir.Table, distinct: bool, count: Literal["weight", "persons"], breakdown: str) -> ir.Table:
    """One breakdown, at every area level, of the cube (rows counted) or the mixed rows (persons counted
    distinctly).

    Each row counts once per area level it is in: a join to the 4 × 98 municipality → area rows, per
    branch (a join shared by the branches would be materialised first, which costs more than it saves).
    """
    if breakdown:
        rows = rows.filter(rows[breakdown].notnull())
    rows = rows.join(area_levels(), "municipality_code")
    keyed = rows.mutate(breakdown_value=rows[breakdown].cast("string") if breakdown else ibis.literal(""))
    persons = keyed.person_key.nunique() if distinct else keyed.persons.sum()
    persons = persons.cast("int64")
    amount = keyed.weight.sum().cast("float64") if count == "weight" else persons.cast("float64")
    agg = keyed.group_by(["area_type", "area_code", "k", "breakdown_value"]).aggregate(amount=amount, persons=persons)
    return agg.select(
        area_type=agg.area_type,
        area_code=agg.area_code,
        k=agg.k,
        breakdown=ibis.literal(breakdown),
        breakdown_value=agg.breakdown_value,
        amount=agg.amount,
        persons=agg.persons,
    )


def aggregate_events(
    frame: EventFrame, breakdowns: Sequence[str], event_attributes: Sequence[str], people: ir.Table,
    groups: Sequence[AgeGroup],
) -> ir.Table:
    """``staged_event_aggregation`` as one expression (for backends that plan it well)."""
    return staged_event_aggregation(frame, breakdowns, event_attributes, people, groups)


@functools.cache
def _months(k_first: int, k_last: int) -> ir.Table:
    """The month indices k_first..k_last (one memtable per range, so that identical populations compile
    identically)."""
    return ibis.memtable({"k": list(range(k_first, k_last + 1))})


def aggregate_intervals(intervals: ir.Table, cells: ir.Table, k_first: int, k_last: int) -> ir.Table:
    """Count persons per month from an interval frame by a running sum of +1/−1 events.

    ``cells`` lists every (municipality_code, breakdown, breakdown_value) to report, so that
    months and cells without persons get 0, not a missing row.
    """
    keys = ["municipality_code", "breakdown", "breakdown_value"]
    # Spells counted per distinct interval first: the starts and the ends then read this small table
    # rather than the spells twice (which would store them all in between).
    pairs = intervals.group_by([*keys, "lo", "hi"]).aggregate(n=intervals.count())
    starts = pairs.select(*keys, k=pairs.lo, delta=pairs.n.cast("int64"))
    ends = pairs.filter(pairs.hi <= k_last).select(*keys, k=pairs.hi, delta=-pairs.n.cast("int64"))
    events = starts.union(ends)
    deltas = events.group_by([*keys, "k"]).aggregate(delta=events.delta.sum())
    months = _months(k_first, k_last)
    grid = cells.cross_join(months)
    filled = grid.left_join(deltas, [*keys, "k"]).select(*keys, "k", delta=ibis.coalesce(deltas.delta, 0))
    window = ibis.window(group_by=keys, order_by="k", rows=(None, 0))
    counts = filled.mutate(persons=filled.delta.sum().over(window).cast("int64"))
    by_area = counts.join(area_levels(), "municipality_code")
    agg = by_area.group_by(["area_type", "area_code", "k", "breakdown", "breakdown_value"]).aggregate(
        persons=by_area.persons.sum().cast("int64")
    )
    return agg.select("area_type", "area_code", "k", "breakdown", "breakdown_value",
                      amount=agg.persons.cast("float64"), persons=agg.persons)
