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


def _flag_name(column: str | None, event: str | None) -> str:
    return f"first_{column or 'country'}" + (f"_{event}" if event else "")


def flagged_frame(frame: ir.Table, event_attributes: Sequence[str]) -> ir.Table:
    """The frame with area codes and, per level, a 0/1 flag marking one row per distinct person.

    ``first_<level>`` is 1 on exactly one row of each (person, k, area) and
    ``first_<level>_<event>`` on one row of each (person, k, area, event value); person
    attributes are constant per (person, k), so person breakdowns reuse the total's flag.
    Counting persons then is a plain sum. Almost every person has one row per month, so the
    window functions run only on the few (person, k) with several rows.
    """
    t = frame.join(area_map(), "municipality_code")
    order = [c for c in t.columns if c not in ("weight",)]
    # Rows per (person, k) by a grouped count joined back: far cheaper than a window over every row.
    rows = t.group_by(["person_key", "k"]).aggregate(jm_rows=t.count())
    t = t.join(rows, ["person_key", "k"])
    flags_single: dict[str, ir.Value] = {}
    flags_multi: dict[str, ir.Value] = {}
    for _, column in LEVELS:
        area_cols = [column] if column else []
        for event in (None, *event_attributes):
            name = _flag_name(column, event)
            keys = ["person_key", "k", *area_cols, *([event] if event else [])]
            first = ibis.row_number().over(group_by=keys, order_by=order) == 0
            flags_single[name] = ibis.literal(1, "int64")
            flags_multi[name] = first.ifelse(1, 0).cast("int64")
    single = t.filter(t.jm_rows == 1).mutate(**flags_single).drop("jm_rows")
    multi = t.filter(t.jm_rows > 1).mutate(**flags_multi).drop("jm_rows")
    return single.union(multi)


def event_branches(
    frame: ir.Table, count: Literal["weight", "persons"], breakdowns: Sequence[str], event_attributes: Sequence[str]
) -> list[ir.Table]:
    """One aggregation per area level × (total + each breakdown) over a ``flagged_frame``.

    Each branch is a low-cardinality sum (areas × months × cell values), cheap and small.
    """
    branches = []
    for area_type, column in LEVELS:
        for breakdown in ("", *breakdowns):
            event = breakdown if breakdown in event_attributes else None
            if breakdown:
                cell = frame.filter(frame[breakdown].notnull())
                value = cell[breakdown].cast("string")
            else:
                cell, value = frame, ibis.literal("")
            flag = cell[_flag_name(column, event)]
            area_code = cell[column] if column else ibis.literal(COUNTRY_CODE)
            keyed = cell.select("k", "weight", area_code=area_code, breakdown_value=value, flag=flag)
            persons = keyed.flag.sum().cast("int64")
            amount = keyed.weight.sum().cast("float64") if count == "weight" else persons.cast("float64")
            agg = keyed.group_by(["area_code", "k", "breakdown_value"]).aggregate(amount=amount, persons=persons)
            branches.append(
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
    return branches


def aggregate_events(frame: EventFrame, breakdowns: Sequence[str], event_attributes: Sequence[str]) -> ir.Table:
    """All branches of ``event_branches`` as one expression (for backends that plan it well)."""
    flagged = flagged_frame(frame.table, event_attributes)
    return _union_all(event_branches(flagged, frame.count, breakdowns, event_attributes))


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
