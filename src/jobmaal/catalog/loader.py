"""Load and validate the catalogue: read YAML into dicts, then validate once with pydantic.

Errors name the file, the field path and the problem.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from jobmaal.catalog.models import Breakdown, Indicator, YearCatalog
from jobmaal.errors import CatalogError

M = TypeVar("M", bound=BaseModel)

_PACKAGE_DIR = files("jobmaal.catalog")


# libyaml's loader where PyYAML has it (the same documents, 5× faster: the catalogue is read by every command).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path | Any) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise CatalogError(f"{path}: file not found") from exc
    try:
        return yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        raise CatalogError(f"{path}: not valid YAML: {exc}") from exc


def _validate(model: type[M], data: Any, where: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"field '{'.'.join(str(p) for p in err['loc']) or '(top)'}': {err['msg']}" for err in exc.errors()
        )
        raise CatalogError(f"{where}: {problems}") from exc


def _validate_list(model: type[M], data: Any, key: str, where: str) -> list[M]:
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise CatalogError(f"{where}: expected a top-level '{key}:' list")
    return [_validate(model, item, f"{where}: {key}[{i}]") for i, item in enumerate(data[key])]


@dataclass(frozen=True)
class Catalog:
    """Every year's goals, the indicator library and the breakdown library, cross-checked."""

    years: dict[int, YearCatalog]
    indicators: dict[str, Indicator]
    breakdowns: dict[str, Breakdown]

    def year(self, year: int) -> YearCatalog:
        if year not in self.years:
            raise CatalogError(f"no goals for year {year}; the catalogue has {sorted(self.years)}")
        return self.years[year]

    def indicator(self, indicator_id: str) -> Indicator:
        if indicator_id not in self.indicators:
            raise CatalogError(f"unknown indicator {indicator_id!r}; known: {sorted(self.indicators)}")
        return self.indicators[indicator_id]

    def indicators_of(self, year: int) -> list[Indicator]:
        return [self.indicators[i] for i in self.year(year).indicator_ids()]


def _unique(items: Iterable[Any], where: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items:
        if item.id in out:
            raise CatalogError(f"{where}: id {item.id!r} is defined twice")
        out[item.id] = item
    return out


def load_year(path: Path) -> YearCatalog:
    """One year file, validated on its own (references are checked by ``load_catalog``)."""
    return _validate(YearCatalog, _read_yaml(path), str(path))


def load_catalog(directory: Path | None = None) -> Catalog:
    """Load a catalogue directory: ``indicators.yaml``, ``breakdowns.yaml`` and ``goals/<year>.yaml``."""
    root: Any = Path(directory) if directory is not None else _PACKAGE_DIR
    ind_path, bd_path = root / "indicators.yaml", root / "breakdowns.yaml"
    indicators = _unique(_validate_list(Indicator, _read_yaml(ind_path), "indicators", str(ind_path)), str(ind_path))
    breakdowns = _unique(_validate_list(Breakdown, _read_yaml(bd_path), "breakdowns", str(bd_path)), str(bd_path))

    years: dict[int, YearCatalog] = {}
    goal_files = sorted((p for p in (root / "goals").iterdir() if p.name.endswith(".yaml")), key=lambda p: p.name)
    for path in goal_files:
        cat = load_year(path)
        if path.name != f"{cat.year}.yaml":
            raise CatalogError(f"{path}: field 'year' is {cat.year} but the file is named {path.name}")
        years[cat.year] = cat

    _cross_check(years, indicators, breakdowns, root)
    return Catalog(years=years, indicators=indicators, breakdowns=breakdowns)


def _cross_check(
    years: dict[int, YearCatalog], indicators: dict[str, Indicator], breakdowns: dict[str, Breakdown], root: Any
) -> None:
    for ind in indicators.values():
        for bd in ind.breakdowns:
            if bd not in breakdowns:
                raise CatalogError(f"{root / 'indicators.yaml'}: indicator {ind.id!r} field 'breakdowns': "
                                   f"unknown breakdown {bd!r}")
        ref = getattr(ind.measure, "numerator_indicator", None)
        if ref is not None and ref not in indicators:
            raise CatalogError(f"{root / 'indicators.yaml'}: indicator {ind.id!r} field "
                               f"'measure.numerator_indicator': unknown indicator {ref!r}")
    for year, cat in years.items():
        for goal in cat.goals:
            for ind_id in goal.indicators:
                if ind_id not in indicators:
                    raise CatalogError(f"{root / 'goals' / f'{year}.yaml'}: goal {goal.number} field 'indicators': "
                                       f"unknown indicator {ind_id!r}")
                if indicators[ind_id].goal != goal.key:
                    raise CatalogError(f"{root / 'goals' / f'{year}.yaml'}: goal {goal.number} ({goal.key}) lists "
                                       f"{ind_id!r}, whose field 'goal' is {indicators[ind_id].goal!r}")
        for ind_id in cat.context_indicators:
            if ind_id not in indicators:
                raise CatalogError(f"{root / 'goals' / f'{year}.yaml'}: field 'context_indicators': "
                                   f"unknown indicator {ind_id!r}")


@cache
def default_catalog() -> Catalog:
    """The catalogue shipped with jobmaal (cached: it is immutable)."""
    return load_catalog()
