"""What the follow-up reads from the plans: targets, local indicators and their values, as tables.

The targets file (``jobmaal targets export``) is CSV with exactly the header
``indicator_id,municipality_code,year,kind,value``: one row per target of an official indicator.
A ``change_vs_last_year`` value is in the indicator's unit (percentage points for percent
indicators, persons for counts).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from jobmaal.plans.principals import SYSTEM, User

if TYPE_CHECKING:
    from jobmaal.plans.store import PlanStore

TARGET_COLUMNS: tuple[str, ...] = ("indicator_id", "municipality_code", "year", "kind", "value")
TARGET_DETAIL_COLUMNS: tuple[str, ...] = ("comment", "state", "plan_version", "is_demo")
LOCAL_INDICATOR_COLUMNS: tuple[str, ...] = (
    "municipality_code", "year", "key", "name", "description", "unit", "direction", "goal",
    "target_kind", "target_value",
)
LOCAL_VALUE_COLUMNS: tuple[str, ...] = ("municipality_code", "indicator_key", "period", "value")


def _frame(rows: list[dict[str, object]], columns: tuple[str, ...], dtypes: dict[str, str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(columns))
    return frame.astype({c: d for c, d in dtypes.items() if c in frame.columns})


def targets_frame(store: PlanStore, year: int, viewer: User = SYSTEM, *, adopted_only: bool = False,
                  details: bool = False) -> pd.DataFrame:
    """One row per target in the plans of ``year`` that ``viewer`` may see (the current version for
    those who may read drafts, else the newest adopted one; ``adopted_only`` for adopted plans only).

    Columns: ``TARGET_COLUMNS`` (and with ``details`` also comment, state, plan_version, is_demo)."""
    rows: list[dict[str, object]] = []
    for plan in store.visible_plans(viewer, year, adopted_only=adopted_only):
        for target in plan.content.targets:
            rows.append({"indicator_id": target.indicator_id, "municipality_code": plan.municipality_code,
                         "year": plan.year, "kind": target.kind.value, "value": target.value,
                         "comment": target.comment, "state": plan.state.value, "plan_version": plan.version,
                         "is_demo": plan.is_demo})
    columns = TARGET_COLUMNS + (TARGET_DETAIL_COLUMNS if details else ())
    frame = _frame(rows, columns, {"year": "int64", "value": "float64", "plan_version": "int64", "is_demo": "bool"})
    return frame.sort_values(["municipality_code", "indicator_id"], ignore_index=True)


def write_targets_csv(frame: pd.DataFrame, path: Path) -> int:
    """Write the targets file (exact header, comma, decimal point, UTF-8); returns the number of rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.loc[:, list(TARGET_COLUMNS)].to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return len(frame)


def local_indicators_frame(store: PlanStore, year: int, viewer: User = SYSTEM, *,
                           adopted_only: bool = False) -> pd.DataFrame:
    """The local indicators defined in the visible plans of ``year`` (shown as local in the follow-up)."""
    rows: list[dict[str, object]] = []
    for plan in store.visible_plans(viewer, year, adopted_only=adopted_only):
        for local in plan.content.local_indicators:
            rows.append({"municipality_code": plan.municipality_code, "year": plan.year, "key": local.key,
                         "name": local.name, "description": local.description, "unit": local.unit.value,
                         "direction": local.direction.value, "goal": local.goal,
                         "target_kind": local.target.kind.value if local.target else None,
                         "target_value": local.target.value if local.target else None})
    frame = _frame(rows, LOCAL_INDICATOR_COLUMNS, {"year": "int64", "target_value": "float64"})
    return frame.sort_values(["municipality_code", "key"], ignore_index=True)


def local_values_frame(store: PlanStore, year: int, viewer: User = SYSTEM, *,
                       adopted_only: bool = False) -> pd.DataFrame:
    """The values of those local indicators in ``year`` (periods are first days of months)."""
    rows: list[dict[str, object]] = []
    for plan in store.visible_plans(viewer, year, adopted_only=adopted_only):
        keys = {li.key for li in plan.content.local_indicators}
        for value in store.local_values(viewer, plan.municipality_code, year):
            if value.indicator_key in keys:
                rows.append({"municipality_code": value.municipality_code, "indicator_key": value.indicator_key,
                             "period": value.period, "value": value.value})
    frame = _frame(rows, LOCAL_VALUE_COLUMNS, {"value": "float64"})
    return frame.sort_values(["municipality_code", "indicator_key", "period"], ignore_index=True)
