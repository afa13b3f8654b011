"""What the gate needs to know from the catalogue: sources, breakdown kinds, and linked indicators.

Indicators are *linked* when one publishes a figure another also publishes: a starts share's
numerator is the starts count, and shares over the same population have the same denominator.
Linked indicators form a *family* and get one suppression pattern, or a cell hidden in one could be
read off the other.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from functools import cache

from jobmaal.catalog import default_catalog
from jobmaal.catalog.loader import Catalog
from jobmaal.catalog.models import (
    ActivityStarts,
    AggregateRatio,
    FulltimeShare,
    Indicator,
    PopulationShare,
    StartsShare,
)


def _denominator_signature(ind: Indicator) -> Hashable | None:
    """Equal signatures mean equal denominators (for the same area, period and person breakdown)."""
    m = ind.measure
    if isinstance(m, FulltimeShare):
        return ("residents", m.age)
    if isinstance(m, PopulationShare):
        return ("population", m.population)
    if isinstance(m, StartsShare):
        return ("benefit_recipients", tuple(sorted(m.benefit_groups)))
    if isinstance(m, AggregateRatio):
        return ("table", m.table, m.denominator, m.area_level)
    if isinstance(m, ActivityStarts):
        return None
    return None


@dataclass(frozen=True)
class CatalogFacts:
    """Per indicator: its source and family; per breakdown: its kind; per indicator: its breakdown cells."""

    sources: Mapping[str, str]
    families: Mapping[str, str]
    breakdown_kinds: Mapping[str, str]
    cells: Mapping[str, frozenset[tuple[str, str]]]

    def source(self, indicator_id: str) -> str:
        # An indicator the catalogue does not know (e.g. a local one) is treated like register data.
        return self.sources.get(indicator_id, "register")

    def family(self, indicator_id: str) -> str:
        return self.families.get(indicator_id, indicator_id)

    def kind(self, breakdown: str) -> str:
        # An unknown breakdown is treated as a person breakdown: both numerator and denominator add up.
        return self.breakdown_kinds.get(breakdown, "person")

    def members(self, family: str) -> tuple[str, ...]:
        return tuple(sorted(i for i, f in self.families.items() if f == family))


def _families(indicators: Mapping[str, Indicator]) -> dict[str, str]:
    parent = {i: i for i in indicators}

    def root(i: str) -> str:
        while parent[i] != i:
            i = parent[i]
        return i

    def link(a: str, b: str) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    by_denominator: dict[Hashable, str] = {}
    for ind in indicators.values():
        ref = getattr(ind.measure, "numerator_indicator", None)
        if ref is not None and ref in indicators:
            link(ind.id, ref)
        sig = _denominator_signature(ind)
        if sig is not None:
            if sig in by_denominator:
                link(ind.id, by_denominator[sig])
            else:
                by_denominator[sig] = ind.id
    return {i: root(i) for i in indicators}


def facts_from_catalog(catalog: Catalog) -> CatalogFacts:
    cells: dict[str, frozenset[tuple[str, str]]] = {}
    for ind in catalog.indicators.values():
        pairs = {("", "")}
        for bd in ind.breakdowns:
            pairs |= {(bd, value) for value in catalog.breakdowns[bd].values}
        cells[ind.id] = frozenset(pairs)
    return CatalogFacts(
        sources={i: ind.source.value for i, ind in catalog.indicators.items()},
        families=_families(catalog.indicators),
        breakdown_kinds={b: bd.kind.value for b, bd in catalog.breakdowns.items()},
        cells=cells,
    )


@cache
def default_facts() -> CatalogFacts:
    return facts_from_catalog(default_catalog())
