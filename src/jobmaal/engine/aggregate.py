"""Aggregate person-level frames to every area level and breakdown cell.

Output rows of both aggregations: area_type, area_code, k, breakdown, breakdown_value,
amount (the figure: a sum of weights or a count of persons) and persons (distinct persons).
A larger area counts each person once: distinct persons are counted per area, never summed
from municipalities — except for interval frames, where each person lives in exactly one
municipality on d1, so municipality counts add up exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import ibis
import ibis.expr.types as ir

from jobmaal.reference import COUNTRY_CODE, municipalities

LEVELS: tuple[tuple[str, str | None], ...] = (
    ("municipality", "municipality_code"),
    ("region", "region_code"),
    ("rar", "rar_code"),
    ("country", None),
)


def area_map() -> ir.Table:
    ms = municipalities()
    return ibis.memtable(
        {
            "municipality_code": [m.code for m in ms],
            "region_code": [m.region_code for m in ms],
            "rar_code": [m.rar_code for m in ms],
        }
    )


@dataclass(frozen=True)
class EventFrame:
    """Person-level rows (person_key, k, municipality_code, weight, attributes…).

    ``count`` says what the figure is: the sum of ``weight`` (full-time persons) or the
    number of distinct persons.
    """

    table: ir.Table
    count: Literal["weight", "persons"]


def _union_all(parts: Sequence[ir.Table]) -> ir.Table:
    out = parts[0]
    for part in parts[1:]:
        out = out.union(part)
    return out


def aggregate_events(frame: EventFrame, breakdowns: Sequence[str]) -> ir.Table:
    """Sum or count ``frame`` per area level × (total + each breakdown attribute)."""
    t = frame.table.join(area_map(), "municipality_code")
    parts = []
    for area_type, column in LEVELS:
        area_code = t[column] if column else ibis.literal(COUNTRY_CODE)
        keyed = t.mutate(area_code=area_code)
        for breakdown in ("", *breakdowns):
            if breakdown:
                cell = keyed.filter(keyed[breakdown].notnull()).mutate(breakdown_value=keyed[breakdown].cast("string"))
            else:
                cell = keyed.mutate(breakdown_value=ibis.literal(""))
            persons = cell.person_key.nunique().cast("int64")
            amount = cell.weight.sum().cast("float64") if frame.count == "weight" else persons.cast("float64")
            agg = cell.group_by(["area_code", "k", "breakdown_value"]).aggregate(amount=amount, persons=persons)
            parts.append(
                agg.select(
                    area_type=ibis.literal(area_type),
                    area_code=agg.area_code,
                    k=agg.k,
                    breakdown=ibis.literal(breakdown),
                    breakdown_value=agg.breakdown_value,
                    amount=agg.amount,
                    persons=agg.persons,
                )
            )
    return _union_all(parts)


def aggregate_intervals(intervals: ir.Table, cells: ir.Table, k_first: int, k_last: int) -> ir.Table:
    """Count persons per month from an interval frame by a running sum of +1/−1 events.

    ``cells`` lists every (municipality_code, breakdown, breakdown_value) to report, so that
    months and cells without persons get 0, not a missing row.
    """
    keys = ["municipality_code", "breakdown", "breakdown_value"]
    starts = intervals.select(*keys, k=intervals.lo, delta=ibis.literal(1, "int64"))
    ends = intervals.filter(intervals.hi <= k_last).select(*keys, k=intervals.hi, delta=ibis.literal(-1, "int64"))
    events = starts.union(ends)
    deltas = events.group_by([*keys, "k"]).aggregate(delta=events.delta.sum())
    months = ibis.memtable({"k": list(range(k_first, k_last + 1))})
    grid = cells.cross_join(months)
    filled = grid.left_join(deltas, [*keys, "k"]).select(*keys, "k", delta=ibis.coalesce(deltas.delta, 0))
    window = ibis.window(group_by=keys, order_by="k", rows=(None, 0))
    counts = filled.mutate(persons=filled.delta.sum().over(window).cast("int64"))
    by_area = counts.join(area_map(), "municipality_code")
    parts = []
    for area_type, column in LEVELS:
        area_code = by_area[column] if column else ibis.literal(COUNTRY_CODE)
        keyed = by_area.mutate(area_code=area_code)
        agg = keyed.group_by(["area_code", "k", "breakdown", "breakdown_value"]).aggregate(
            persons=keyed.persons.sum().cast("int64")
        )
        parts.append(
            agg.select(
                area_type=ibis.literal(area_type),
                area_code=agg.area_code,
                k=agg.k,
                breakdown=agg.breakdown,
                breakdown_value=agg.breakdown_value,
                amount=agg.persons.cast("float64"),
                persons=agg.persons,
            )
        )
    return _union_all(parts)
