"""Checks of a plan against the goal catalogue and the possible value ranges.

Every problem names its field path (``targets[1].value``); all problems are reported at once.
"""

from __future__ import annotations

import datetime as dt
import math

from pydantic import ValidationError

from jobmaal.catalog import Catalog
from jobmaal.errors import CatalogError, PlanValidationError, UnknownAreaError
from jobmaal.plans.models import MAX_STRATEGY_CHARS, LocalUnit, PlanContent, PlanState, TargetKind
from jobmaal.reference import municipality


def value_range(unit: str, kind: TargetKind | None) -> tuple[float, float]:
    """The possible values of a target (or, with kind None, of a measured value) in a unit."""
    change = kind is TargetKind.CHANGE_VS_LAST_YEAR
    if unit == LocalUnit.PERCENT:
        return (-100.0, 100.0) if change else (0.0, 100.0)
    if unit in (LocalUnit.PERSONS, LocalUnit.FULL_TIME_PERSONS):
        # a change of a count is in percent (docs/analysis.md): it cannot fall by more than 100 %
        return (-100.0, math.inf) if change else (0.0, math.inf)
    return (-math.inf, math.inf)  # a free number


def range_problem(value: float, unit: str, kind: TargetKind | None) -> str | None:
    """None when ``value`` is possible, else the reason (without the field name)."""
    lo, hi = value_range(unit, kind)
    if lo <= value <= hi:
        return None
    what = f"{unit}, {kind.value}" if kind is not None else unit
    if math.isinf(hi):
        return f"{value:g} is below {lo:g}, impossible for {what}"
    return f"{value:g} is outside {lo:g}–{hi:g} ({what})"


def normalise_municipality(code: str) -> str:
    """The official three-digit code, or ``UnknownAreaError`` naming the code."""
    return municipality(code).code


def pydantic_problems(exc: ValidationError, prefix: str = "") -> list[str]:
    """One line per pydantic error with a field path like ``targets[0].value``."""
    out = []
    for err in exc.errors():
        path = prefix
        for part in err["loc"]:
            path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
        out.append(f"{path or '(top)'}: {err['msg']}")
    return out


def check_plan(content: PlanContent, municipality_code: str, year: int, catalog: Catalog) -> list[str]:
    """Raise ``PlanValidationError`` with every problem; return warnings (e.g. late adoption)."""
    problems: list[str] = []
    where = f"plan {municipality_code}/{year}"
    try:
        municipality(municipality_code)
    except UnknownAreaError as exc:
        problems.append(f"municipality: {exc}")
    try:
        year_cat = catalog.year(year)
    except CatalogError as exc:
        raise PlanValidationError([f"year: {exc}"], header=f"{where} refused") from exc
    goal_keys = [g.key for g in year_cat.goals]
    indicator_ids = [i for g in year_cat.goals for i in g.indicators]

    problems += _check_state(content, year)
    for key, text in content.strategies.items():
        if key not in goal_keys:
            problems.append(f"strategies.{key}: unknown goal {key!r} for {year}; goals: {goal_keys}")
        if len(text) > MAX_STRATEGY_CHARS:
            problems.append(f"strategies.{key}: {len(text)} characters, at most {MAX_STRATEGY_CHARS}")
    if len(content.assessment) > MAX_STRATEGY_CHARS:
        problems.append(f"assessment: {len(content.assessment)} characters, at most {MAX_STRATEGY_CHARS}")
    problems += _check_targets(content, year, indicator_ids, catalog)
    problems += _check_local_indicators(content, year, goal_keys)
    if problems:
        raise PlanValidationError(problems, header=f"{where} refused")
    return _warnings(content, year)


def _check_state(content: PlanContent, year: int) -> list[str]:
    if content.state is PlanState.ADOPTED and content.adopted_on is None:
        return ["adopted_on: required when state is adopted"]
    if content.state is PlanState.DRAFT and content.adopted_on is not None:
        return ["adopted_on: must be empty while state is draft"]
    return []


def _check_targets(content: PlanContent, year: int, indicator_ids: list[str], catalog: Catalog) -> list[str]:
    problems: list[str] = []
    seen: dict[str, int] = {}
    for i, target in enumerate(content.targets):
        field = f"targets[{i}]"
        ind_id = target.indicator_id
        if ind_id not in catalog.indicators:
            problems.append(f"{field}.indicator_id: unknown indicator {ind_id!r}")
            continue
        if ind_id not in indicator_ids:
            problems.append(f"{field}.indicator_id: indicator {ind_id!r} is not an indicator of the {year} "
                            f"goals; those are {indicator_ids}")
            continue
        if ind_id in seen:
            problems.append(f"{field}.indicator_id: a second target for {ind_id!r} "
                            f"(first in targets[{seen[ind_id]}]); one target per indicator")
        seen.setdefault(ind_id, i)
        reason = range_problem(target.value, catalog.indicator(ind_id).unit.value, target.kind)
        if reason:
            problems.append(f"{field}.value: {reason} for indicator {ind_id!r}")
    return problems


def _check_local_indicators(content: PlanContent, year: int, goal_keys: list[str]) -> list[str]:
    problems: list[str] = []
    seen: dict[str, int] = {}
    for i, local in enumerate(content.local_indicators):
        field = f"local_indicators[{i}]"
        if local.key in seen:
            problems.append(f"{field}.key: {local.key!r} is already used by local_indicators[{seen[local.key]}]")
        seen.setdefault(local.key, i)
        if local.goal not in goal_keys:
            problems.append(f"{field}.goal: unknown goal {local.goal!r} for {year}; goals: {goal_keys}")
        if local.target is not None:
            reason = range_problem(local.target.value, local.unit.value, local.target.kind)
            if reason:
                problems.append(f"{field}.target.value: {reason}")
    return problems


def adoption_deadline(year: int) -> dt.date:
    """A plan for ``year`` is to be adopted by 31 December of the year before."""
    return dt.date(year - 1, 12, 31)


def _warnings(content: PlanContent, year: int) -> list[str]:
    out: list[str] = []
    if content.adopted_on is not None and content.adopted_on > adoption_deadline(year):
        out.append(f"adopted_on: vedtaget {content.adopted_on.isoformat()}, efter fristen "
                   f"{adoption_deadline(year).isoformat()} / adopted after the deadline "
                   f"{adoption_deadline(year).isoformat()}")
    return out

