"""Mapping files: how an official table becomes jobmaal indicator values (data, not code).

One YAML file per table (``sources/mappings/jobindsats/*.yaml``; ``--mappings DIR`` reads your own).
Measures are found by their published label (``Variables[].Label``); a label may also match the part
after the last ": " of a longer published label ("Forventet og faktisk andel …: Forventet andel (pct.)").
The fields are documented in docs/sources.md and checked against the catalogue when loaded.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from jobmaal.catalog import Catalog, default_catalog
from jobmaal.catalog.models import Unit
from jobmaal.errors import MappingError

DEFAULT_TOTALS = ("i alt", "alle", "total", "hele landet")


class Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Measure(Strict):
    """A published measure, by label; ``scale`` multiplies it (e.g. 100 for a share given as 0–1)."""

    labels: tuple[str, ...] = Field(min_length=1)
    scale: float = 1.0

    @model_validator(mode="before")
    @classmethod
    def _short_forms(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"labels": [data]}
        if isinstance(data, list):
            return {"labels": data}
        return data


class IndicatorMap(Strict):
    indicator_id: str
    value: Measure | None = None
    numerator: Measure | None = None
    # "derived": numerator × 100 / value, for tables that publish the share but not the population
    denominator: Measure | Literal["derived"] | None = None
    numerator_persons: Measure | Literal["numerator"] | None = None
    denominator_persons: Measure | Literal["denominator"] | None = None


class BreakdownDimension(Strict):
    """A published dimension that becomes a jobmaal breakdown (its total row becomes the total).

    A row whose value is in ``total`` is the total; one in ``values`` becomes that breakdown value; others
    are left out (``unmapped: ignore``) or refused (``error``). Rows that split by two such dimensions at
    once are cross-tabulations, which jobmaal has no place for: they are left out.
    """

    labels: tuple[str, ...] = Field(min_length=1)
    breakdown: str
    total: tuple[str, ...] = Field(min_length=1)
    values: dict[str, str]
    unmapped: Literal["ignore", "error"] = "ignore"


class FixedBreakdown(Strict):
    """Every row of the table is one breakdown value (e.g. Y01A02 is a-dagpenge only)."""

    breakdown: str
    value: str


class OfficialExpectedMap(Strict):
    """A benchmark table: the official expected level beside jobmaal's own (table ``official_expected``)."""

    indicator_id: str
    expected: Measure
    actual: Measure
    difference: Measure | None = None
    rank: Measure | None = None
    expected_count: Measure | None = None
    actual_count: Measure | None = None


class TableMapping(Strict):
    table: str = Field(pattern=r"^[A-Za-z0-9_]+$")
    title: str
    precedence: int = Field(default=100, description="lower wins when two tables give the same value")
    # what `jobmaal fetch jobindsats` asks for when --periods is not given
    default_periods: tuple[str, ...] = ("l(M:24)",)
    totals: tuple[str, ...] = DEFAULT_TOTALS
    breakdown_dimensions: tuple[BreakdownDimension, ...] = ()
    fixed_breakdown: FixedBreakdown | None = None
    indicators: tuple[IndicatorMap, ...] = ()
    official_expected: OfficialExpectedMap | None = None

    @model_validator(mode="after")
    def _something(self) -> TableMapping:
        if not self.indicators and self.official_expected is None:
            raise ValueError("a mapping needs 'indicators' or 'official_expected'")
        if self.breakdown_dimensions and self.fixed_breakdown is not None:
            raise ValueError("use either 'breakdown_dimensions' or 'fixed_breakdown', not both")
        return self


def _check(mapping: TableMapping, catalog: Catalog, where: str) -> list[str]:
    problems: list[str] = []
    breakdowns = []
    for i, bd in enumerate(mapping.breakdown_dimensions):
        breakdowns.append((f"breakdown_dimensions[{i}]", bd.breakdown, tuple(bd.values.values())))
    if mapping.fixed_breakdown is not None:
        fb = mapping.fixed_breakdown
        breakdowns.append(("fixed_breakdown", fb.breakdown, (fb.value,)))
    ids = [m.indicator_id for m in mapping.indicators]
    if mapping.official_expected is not None:
        ids.append(mapping.official_expected.indicator_id)
    for field, bd_id, values in breakdowns:
        known = catalog.breakdowns.get(bd_id)
        if known is None:
            problems.append(f"{where}: field '{field}.breakdown': unknown breakdown {bd_id!r}; "
                            f"known: {sorted(catalog.breakdowns)}")
            continue
        for v in values:
            if v not in known.values:
                problems.append(f"{where}: field '{field}': {v!r} is not a value of breakdown {bd_id!r}; "
                                f"known: {sorted(known.values)}")
        for ind_id in ids:
            ind = catalog.indicators.get(ind_id)
            if ind is not None and bd_id not in ind.breakdowns:
                problems.append(f"{where}: indicator {ind_id!r} has no breakdown {bd_id!r} in the catalogue")
    for i, m in enumerate(mapping.indicators):
        ind = catalog.indicators.get(m.indicator_id)
        at = f"{where}: field 'indicators[{i}]'"
        if ind is None:
            problems.append(f"{at}: unknown indicator {m.indicator_id!r}; known: {sorted(catalog.indicators)}")
            continue
        if ind.unit == Unit.PERCENT:
            if m.value is None and not (m.numerator is not None and isinstance(m.denominator, Measure)):
                problems.append(f"{at}: a share needs 'value', or 'numerator' and 'denominator'")
            if m.denominator == "derived" and (m.value is None or m.numerator is None):
                problems.append(f"{at}: 'denominator: derived' needs both 'value' and 'numerator'")
        else:
            if m.value is None and m.numerator is None:
                problems.append(f"{at}: a count needs 'value' or 'numerator'")
            if m.denominator is not None:
                problems.append(f"{at}: {m.indicator_id!r} is a count and has no denominator")
    if mapping.official_expected is not None and mapping.official_expected.indicator_id not in catalog.indicators:
        problems.append(f"{where}: field 'official_expected.indicator_id': unknown indicator "
                        f"{mapping.official_expected.indicator_id!r}")
    return problems


def _read(path: Any, where: str) -> TableMapping:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise MappingError(f"{where}: not valid YAML: {exc}") from exc
    try:
        return TableMapping.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"field '{'.'.join(str(p) for p in err['loc']) or '(top)'}': {err['msg']}"
                             for err in exc.errors())
        raise MappingError(f"{where}: {problems}") from exc


def load_mappings(directory: Path | str | None = None, catalog: Catalog | None = None,
                  source: str = "jobindsats") -> dict[str, TableMapping]:
    """Every mapping file of ``source`` (the shipped ones unless ``directory``), by upper-case table id."""
    catalog = catalog or default_catalog()
    if directory is None:
        folder: Any = files("jobmaal.sources").joinpath("mappings", source)
    else:
        folder = Path(directory)
        if not folder.is_dir():
            raise MappingError(f"{folder}: mapping folder not found")
    out: dict[str, TableMapping] = {}
    problems: list[str] = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if not path.name.endswith((".yaml", ".yml")):
            continue
        where = str(path) if directory is not None else f"jobmaal/sources/mappings/{source}/{path.name}"
        mapping = _read(path, where)
        key = mapping.table.upper()
        if key in out:
            problems.append(f"{where}: a second mapping for table {key}")
        problems += _check(mapping, catalog, where)
        out[key] = mapping
    if problems:
        raise MappingError("mapping files refused:\n" + "\n".join(f"  - {p}" for p in problems))
    if not out:
        raise MappingError(f"{folder}: no mapping files (*.yaml)")
    return out
