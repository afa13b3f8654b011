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

from jobmaal.catalog.models import AgeRange
from jobmaal.engine.frames import AgeGroup, with_person_attributes
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


def _flag_name(column: str | None, event: str | None) -> str:
    return f"first_{column or 'country'}" + (f"_{event}" if event else "")


def _flag_names(event_attributes: Sequence[str]) -> list[tuple[str, list[str]]]:
    """Each flag and the columns (besides person and k) whose distinct values it marks once."""
    out = []
    for _, column in LEVELS:
        for event in (None, *event_attributes):
            out.append((_flag_name(column, event), [*([column] if column else []), *([event] if event else [])]))
    return out


def flagged_frame(
    frame: EventFrame, event_attributes: Sequence[str], persons: ir.Table, groups: Sequence[AgeGroup]
) -> ir.Table:
    """One row per person, month, municipality (and event value), with flags for counting persons.

    ``first_<level>`` is 1 on exactly one row of each (person, k, area) and
    ``first_<level>_<event>`` on one row of each (person, k, area, event value); person attributes
    are constant per (person, k), so person breakdowns reuse the total's flag and counting persons
    is a plain sum. The rows are first grouped by (person, k) alone: nearly every person-month has a
    single municipality and event value, and gets all flags = 1 without further work; only the few
    mixed person-months are regrouped in detail and flagged by window functions.
    """
    rows = frame.table
    events = list(event_attributes)
    per_pm = {"weight": rows.weight.sum(), "m_lo": rows.municipality_code.min(),
              "m_hi": rows.municipality_code.max()}
    for e in events:
        per_pm[f"{e}_lo"], per_pm[f"{e}_hi"] = rows[e].min(), rows[e].max()
    pm = rows.group_by(["person_key", "k"]).aggregate(**per_pm)
    simple_cond = pm.m_lo == pm.m_hi
    for e in events:
        simple_cond &= pm[f"{e}_lo"] == pm[f"{e}_hi"]
    flags = _flag_names(events)
    simple = pm.filter(simple_cond).select(
        "person_key", "k", "weight", municipality_code=pm.m_lo, **{e: pm[f"{e}_lo"] for e in events},
        **{name: ibis.literal(1, "int64") for name, _ in flags},
    )
    mixed_keys = pm.filter(~simple_cond).select("person_key", "k")
    detail = rows.semi_join(mixed_keys, ["person_key", "k"])
    detail = detail.group_by(["person_key", "k", "municipality_code", *events]).aggregate(weight=detail.weight.sum())
    detail = detail.join(area_map(), "municipality_code")
    order = ["municipality_code", *events]
    mixed = detail.select(
        "person_key", "k", "weight", "municipality_code", *events,
        **{name: (ibis.row_number().over(group_by=["person_key", "k", *cols], order_by=order) == 0)
           .ifelse(1, 0).cast("int64") for name, cols in flags},
    )
    both = simple.union(mixed).join(area_map(), "municipality_code")
    attributed = with_person_attributes(both, persons, groups)
    if frame.age is not None:
        attributed = attributed.filter((attributed.age >= frame.age.min) & (attributed.age <= frame.age.max))
    # Person keys have done their work (the flags); the branches need none, so leave them out.
    return attributed.drop("age", "person_key")


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


def aggregate_events(
    frame: EventFrame, breakdowns: Sequence[str], event_attributes: Sequence[str], persons: ir.Table,
    groups: Sequence[AgeGroup],
) -> ir.Table:
    """All branches of ``event_branches`` as one expression (for backends that plan it well)."""
    flagged = flagged_frame(frame, event_attributes, persons, groups)
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
