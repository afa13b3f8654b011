"""A fetched Jobindsats table + its mapping file → indicator-value rows and official-expected rows.

Which variable is what: the area is the variable named ``area`` (label "Område"/"Area"), the period
the one named ``period`` (label "Periode…"); the measures are found by their labels in the mapping;
a dimension is a variable whose name starts with "_" (as the API names them) or whose values are all
text. A dimension the mapping does not turn into a breakdown must be at its total ("… i alt"), unless
it has a single value.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from jobmaal.catalog import Catalog
from jobmaal.catalog.models import Indicator, Unit
from jobmaal.errors import MappingError, SourceError
from jobmaal.sources.areas import AreaRef, AreaResolver
from jobmaal.sources.jobindsats import JobindsatsTable, Variable
from jobmaal.sources.mapping import BreakdownDimension, IndicatorMap, Measure, TableMapping
from jobmaal.sources.numbers import NotANumber, number
from jobmaal.sources.periods import PeriodSpan, parse_period

VALUE_KEY = ("indicator_id", "area_type", "area_code", "period", "breakdown", "breakdown_value")
_PERIOD_KIND = {"month": "month", "half_year": "half_year", "year": "year"}


@dataclass
class Extracted:
    values: list[dict[str, Any]] = field(default_factory=list)
    expected: list[dict[str, Any]] = field(default_factory=list)
    skipped_areas: set[str] = field(default_factory=set)
    cross_rows: int = 0  # rows split by two breakdown dimensions at once (left out)
    unmapped: set[str] = field(default_factory=set)  # dimension values with no jobmaal breakdown value
    absent: list[str] = field(default_factory=list)  # mapped indicators whose measures the table lacks


@lru_cache(maxsize=8192)  # the same few labels and values recur on every row
def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip(".").casefold()


def norm(text: object) -> str:
    return _norm(str(text))


def _is_total(value: object, totals: Sequence[str]) -> bool:
    v = norm(value)
    return v.endswith(" i alt") or v in {norm(t) for t in totals}


def find_variable(variables: Sequence[Variable], labels: Sequence[str], names: Sequence[str] = ()) -> int | None:
    """The index of the variable with one of ``labels`` (or ``names``); exact before "…: label"."""
    want = [norm(x) for x in labels]
    by_name = [i for i, v in enumerate(variables) if v.name.casefold() in {n.casefold() for n in names}]
    if by_name:
        return by_name[0]
    for w in want:  # the mapping's order is its preference
        exact = [i for i, v in enumerate(variables) if norm(v.label) == w]
        if exact:
            return exact[0]
    suffix = [i for i, v in enumerate(variables) if any(norm(v.label).endswith(": " + w) for w in want)]
    return suffix[0] if suffix else None


@dataclass(frozen=True)
class _Layout:
    area: int
    period: int
    # (column, dimension, its total values normalised, value → jobmaal breakdown value normalised)
    breakdowns: tuple[tuple[int, BreakdownDimension, frozenset[str], dict[str, str]], ...]
    others: tuple[tuple[int, Variable, frozenset[str] | None], ...]  # None = single-valued, keep all


def _layout(table: JobindsatsTable, mapping: TableMapping, used: set[int], where: str) -> _Layout:
    vs = table.variables
    area = find_variable(vs, ["Område", "Area", "Omraade", "Geografi"], names=["area"])
    period = find_variable(vs, ["Periode", "Period", "Tid"], names=["period"])
    if period is None:
        period = next((i for i, v in enumerate(vs) if norm(v.label).startswith("periode")), None)
    if area is None or period is None:
        raise MappingError(f"{where}: no {'area' if area is None else 'period'} variable; the table's "
                           f"variables: {[v.label for v in vs]}")
    taken = {area, period, *used}
    bds: list[tuple[int, BreakdownDimension, frozenset[str], dict[str, str]]] = []
    for bd in mapping.breakdown_dimensions:
        i = find_variable(vs, bd.labels)
        if i is not None and i not in taken:
            bds.append((i, bd, frozenset(norm(t) for t in bd.total), {norm(k): v for k, v in bd.values.items()}))
            taken.add(i)
    others: list[tuple[int, Variable, frozenset[str] | None]] = []
    for i, v in enumerate(vs):
        if i in taken:
            continue
        column = [r[i] for r in table.rows]
        textual = bool(column) and all(isinstance(x, str) and _not_number(x) for x in column)
        if not (v.name.startswith("_") or textual):
            continue  # a measure the mapping does not use
        distinct = {str(x) for x in column}
        if len(distinct) <= 1:
            others.append((i, v, None))
            continue
        totals = frozenset(x for x in distinct if _is_total(x, mapping.totals))
        if not totals:
            shown = sorted(distinct)[:8]
            raise MappingError(f"{where}: dimension {v.label!r} ({v.name}) splits the rows "
                               f"by {shown} and none is a total; add its total to 'totals' in the mapping, or "
                               "fetch with a filter on it")
        others.append((i, v, totals))
    return _Layout(area, period, tuple(bds), tuple(others))


def _not_number(text: str) -> bool:
    try:
        return number(text) is None and text.strip() not in ("", "..", "-")
    except NotANumber:
        return True


class _Measures:
    """Measure look-up by label, once per table; a missing label names what the table has."""

    def __init__(self, table: JobindsatsTable, where: str) -> None:
        self.table = table
        self.where = where
        self.index: dict[tuple[str, ...], int] = {}

    def present(self, measure: Measure) -> bool:
        return find_variable(self.table.variables, measure.labels) is not None

    def column(self, measure: Measure) -> int:
        if measure.labels not in self.index:
            i = find_variable(self.table.variables, measure.labels)
            if i is None:
                raise MappingError(f"{self.where}: no measure labelled {list(measure.labels)}; the table's "
                                   f"variables: {[v.label for v in self.table.variables]}")
            self.index[measure.labels] = i
        return self.index[measure.labels]

    def read(self, measure: Measure | None, row: tuple[Any, ...], row_no: int) -> float | None:
        if measure is None:
            return None
        i = self.column(measure)
        try:
            x = number(row[i])
        except NotANumber:
            label = self.table.variables[i].label
            raise MappingError(f"{self.where}: Data[{row_no}] {label!r}: {row[i]!r} is not a number") from None
        return None if x is None else x * measure.scale


def _persons(spec: Measure | str | None, same: float | None, m: _Measures, row: tuple[Any, ...],
             row_no: int) -> int | None:
    x = same if isinstance(spec, str) else m.read(spec, row, row_no)
    return None if x is None else round(x)


def _indicator_row(im: IndicatorMap, ind: Indicator, m: _Measures, row: tuple[Any, ...], row_no: int
                   ) -> dict[str, Any]:
    val = m.read(im.value, row, row_no)
    num = m.read(im.numerator, row, row_no)
    den = m.read(im.denominator, row, row_no) if isinstance(im.denominator, Measure) else None
    if ind.unit == Unit.PERCENT:
        if im.denominator == "derived":
            den = num * 100.0 / val if num is not None and val else None
        elif val is None and num is not None and den:
            val = 100.0 * num / den
        if den == 0:
            val = None  # no value without persons behind it
    else:
        val = num if val is None else val
        num = val if num is None else num
    return {"value": val, "numerator": num, "denominator": den,
            "numerator_persons": _persons(im.numerator_persons, num, m, row, row_no),
            "denominator_persons": _persons(im.denominator_persons, den, m, row, row_no)}


def extract(table: JobindsatsTable, mapping: TableMapping, catalog: Catalog, resolver: AreaResolver, *,
            skip_unknown_areas: bool = False, where: str = "") -> Extracted:
    where = where or f"table {table.table_id}"
    m = _Measures(table, where)
    out = Extracted()
    # An indicator whose own measures (value, numerator) the table lacks is another table's: reported, not
    # an error (a denominator may be shared). One with its own measures but not the others is a mapping
    # that no longer fits the table: an error naming the missing label.
    mapped: list[IndicatorMap] = []
    for im in mapping.indicators:
        own = [x for x in (im.value, im.numerator) if x is not None]
        if any(m.present(x) for x in own):
            mapped.append(im)
        else:
            out.absent.append(f"{im.indicator_id} ({table.table_id}: no {own[0].labels[0]!r})")
    measures = [x for im in mapped for x in (im.value, im.numerator, im.denominator, im.numerator_persons,
                                              im.denominator_persons) if isinstance(x, Measure)]
    oe = mapping.official_expected
    if oe is not None:
        measures += [x for x in (oe.expected, oe.actual, oe.difference, oe.rank, oe.expected_count,
                                 oe.actual_count) if x is not None]
    used = {m.column(x) for x in measures}
    if not mapped and oe is None:
        raise MappingError(f"{where}: none of the mapped measures is in the table; the table's variables: "
                           f"{[v.label for v in table.variables]}")
    lay = _layout(table, mapping, used, where)
    seen: set[tuple[Any, ...]] = set()
    areas: dict[str, AreaRef | None] = {}
    indicators = [(im, catalog.indicator(im.indicator_id)) for im in mapped]
    for row_no, row in enumerate(table.rows):
        if any(totals is not None and str(row[i]) not in totals for i, _, totals in lay.others):
            continue
        breakdown = _breakdown(row, lay, mapping, out, where)
        if breakdown is None:
            continue
        name = str(row[lay.area])
        try:
            ref = areas[name] if name in areas else areas.setdefault(name, resolver.resolve(name))
        except MappingError:
            if not skip_unknown_areas:
                raise MappingError(f"{where}: Data[{row_no}]: unknown area name {name!r}: add the spelling to "
                                   "jobmaal/sources/data/areas.yaml (or use --skip-unknown-areas)") from None
            out.skipped_areas.add(name)
            continue
        if ref is None:
            continue
        try:
            span = parse_period(str(row[lay.period]))
        except SourceError as exc:
            raise MappingError(f"{where}: Data[{row_no}]: {exc}") from None
        base = {"area_type": ref.area_type, "area_code": ref.code, "breakdown": breakdown[0],
                "breakdown_value": breakdown[1]}
        for im, ind in indicators:
            _check_period(span, ind, where)
            rec = {"indicator_id": ind.id, **base, "period": span.start}
            key = tuple(rec[k] for k in VALUE_KEY)
            if key in seen:
                raise MappingError(f"{where}: two rows give {ind.id} for {name} {span.label} "
                                   f"{breakdown[0] or 'total'}{'=' + breakdown[1] if breakdown[1] else ''}; "
                                   "a dimension is not at its total")
            seen.add(key)
            out.values.append({**rec, **_indicator_row(im, ind, m, row, row_no)})
        if oe is not None:
            out.expected.append(_expected_row(oe, table.table_id, base, span, m, row, row_no))
    return out


def _breakdown(row: tuple[Any, ...], lay: _Layout, mapping: TableMapping, out: Extracted, where: str
               ) -> tuple[str, str] | None:
    if mapping.fixed_breakdown is not None:
        return mapping.fixed_breakdown.breakdown, mapping.fixed_breakdown.value
    found: list[tuple[str, str]] = []
    for i, bd, totals, values in lay.breakdowns:
        value = row[i]
        key = norm(value)
        if key in totals or key.endswith(" i alt"):
            continue
        mapped = values.get(key)
        if mapped is None:
            if bd.unmapped == "error":
                raise MappingError(f"{where}: {bd.labels[0]} value {value!r} has no jobmaal {bd.breakdown} value; "
                                   "add it to 'values' in the mapping")
            out.unmapped.add(f"{bd.labels[0]}={value}")
            return None
        found.append((bd.breakdown, mapped))
    if len(found) > 1:
        out.cross_rows += 1
        return None
    return found[0] if found else ("", "")


def _check_period(span: PeriodSpan, ind: Indicator, where: str) -> None:
    want = _PERIOD_KIND[ind.period.value]
    if span.kind != want:
        raise MappingError(f"{where}: period {span.label} is a {span.kind.replace('_', '-')} but {ind.id} is "
                           f"followed by {want.replace('_', '-')}; fetch {want} periods "
                           f"(e.g. --periods 'l(M:24)' for months)")


def _expected_row(oe: Any, table_id: str, base: dict[str, Any], span: PeriodSpan, m: _Measures,
                  row: tuple[Any, ...], row_no: int) -> dict[str, Any]:
    expected = m.read(oe.expected, row, row_no)
    actual = m.read(oe.actual, row, row_no)
    rank = m.read(oe.rank, row, row_no)
    return {"source_table": table_id, "indicator_id": oe.indicator_id, **base,
            "period_label": span.label, "period_start": span.start, "period_end": span.end,
            "expected": expected, "actual": actual, "difference": m.read(oe.difference, row, row_no),
            "actual_minus_expected": None if expected is None or actual is None else actual - expected,
            "rank": None if rank is None else round(rank),
            "expected_count": m.read(oe.expected_count, row, row_no),
            "actual_count": m.read(oe.actual_count, row, row_no)}
