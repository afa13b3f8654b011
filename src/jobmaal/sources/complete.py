"""Complete an official run to the shape the engine writes: every area, period and breakdown cell.

The engine writes a row for every area (country, regions, RAR areas, municipalities) and every
breakdown cell of an indicator in every period, and the disclosure gate relies on that: it refuses
results that lack an area, a cell or a linked indicator (a subset would let suppression be undone by
combining two outputs). An official table publishes what it publishes; the cells it does not (e.g.
age groups) are added here as rows with every figure missing (null), never 0 — "not published".
"""

from __future__ import annotations

from typing import Any

from jobmaal.catalog import Catalog
from jobmaal.disclosure.facts import facts_from_catalog
from jobmaal.reference import all_areas
from jobmaal.sources.extract import VALUE_KEY

_FIGURES = ("value", "numerator", "denominator", "numerator_persons", "denominator_persons")


def _area_level(catalog: Catalog, indicator_id: str) -> tuple[str, ...]:
    """The area types the engine writes for an indicator (RAR-level survey tables: RAR areas and the country)."""
    level = getattr(catalog.indicator(indicator_id).measure, "area_level", None)
    return ("country", "rar") if level == "rar" else ("country", "region", "rar", "municipality")


def complete_cells(values: list[dict[str, Any]], catalog: Catalog) -> tuple[list[dict[str, Any]], int]:
    """``values`` plus null rows for the missing cells; returns them and how many rows were added.

    Per indicator: the periods it has; per family of linked indicators (they share a denominator or a
    numerator, e.g. the two MM13 shares): the members the gate needs together, over the family's periods.
    """
    facts = facts_from_catalog(catalog)
    periods: dict[str, set[Any]] = {}
    for r in values:
        periods.setdefault(r["indicator_id"], set()).add(r["period"])
    for ind in list(periods):  # a linked indicator no table gave: all missing, over the family's periods
        for member in facts.members(facts.family(ind)):
            periods.setdefault(member, set()).update(periods[ind])
    have = {tuple(r[k] for k in VALUE_KEY) for r in values}
    areas = all_areas()
    added: list[dict[str, Any]] = []
    for ind, pers in sorted(periods.items()):
        types = _area_level(catalog, ind)
        cells = sorted(facts.cells.get(ind, frozenset({("", "")})))
        for a in areas:
            if a.area_type.value not in types:
                continue
            for period in sorted(pers):
                for breakdown, value in cells:
                    key = (ind, a.area_type.value, a.code, period, breakdown, value)
                    if key not in have:
                        added.append(dict(zip(VALUE_KEY, key, strict=True)) | dict.fromkeys(_FIGURES))
    return values + added, len(added)
