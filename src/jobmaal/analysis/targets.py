"""Targets: a municipality's local target per indicator and year, from a file or the plan store.

A targets file is CSV or YAML with the fields ``indicator_id, municipality_code, year, kind, value``
(and an optional ``comment``). ``kind`` is one of

- ``level_year_end``: the indicator's value in the year's last period (December);
- ``average_year``: the average over the year's periods (pooled for shares);
- ``change_vs_last_year``: the change of the year's average against last year's average, in percentage
  points for shares and in percent for counts.

Every problem in a file is reported at once, naming the row (CSV line or YAML entry) and the field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from jobmaal.analysis.labels import TargetKind
from jobmaal.catalog import Catalog, default_catalog
from jobmaal.errors import AnalysisInputError
from jobmaal.reference import municipalities

TARGET_COLUMNS = ("indicator_id", "municipality_code", "year", "kind", "value")
_OPTIONAL = ("comment",)


def empty_targets() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="float64" if c == "value" else "object") for c in TARGET_COLUMNS})


def _records_from_yaml(path: Path) -> tuple[list[dict[str, Any]], str]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise AnalysisInputError([f"{path}: not valid YAML: {exc}"], header=f"{path}: targets refused") from exc
    if isinstance(data, dict) and "targets" in data:
        data = data["targets"]
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        raise AnalysisInputError([f"{path}: expected a list of targets (or a 'targets:' list of mappings)"],
                                 header=f"{path}: targets refused")
    return data, "entry"


def read_targets(path: Path | str, catalog: Catalog | None = None) -> pd.DataFrame:
    """A validated targets frame from a CSV or YAML file."""
    path = Path(path)
    if not path.exists():
        raise AnalysisInputError([f"{path}: file not found"], header="targets refused")
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        records, unit = _records_from_yaml(path)
        first = 1
    elif suffix in (".csv", ".txt"):
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
        records, unit, first = raw.to_dict("records"), "row", 2  # line 1 is the header
    else:
        raise AnalysisInputError([f"{path}: unsupported file type {suffix!r}; use .csv or .yaml"],
                                 header="targets refused")
    return validate_targets(records, str(path), catalog, unit=unit, first=first)


def validate_targets(records: list[dict[str, Any]], where: str = "targets", catalog: Catalog | None = None,
                     *, unit: str = "row", first: int = 1) -> pd.DataFrame:
    """Check every record; return a clean frame or raise ``AnalysisInputError`` listing every problem."""
    catalog = catalog or default_catalog()
    known_munis = {m.code for m in municipalities()}
    kinds = {k.value for k in TargetKind}
    problems: list[str] = []
    rows: list[dict[str, Any]] = []
    seen: dict[tuple[str, str, int], int] = {}
    for i, rec in enumerate(records):
        at = f"{where}: {unit} {i + first}"
        for key in rec:
            if key not in TARGET_COLUMNS and key not in _OPTIONAL:
                problems.append(f"{at}: unknown field {key!r}; allowed: {[*TARGET_COLUMNS, *_OPTIONAL]}")
        missing = [c for c in TARGET_COLUMNS if c not in rec or str(rec[c]).strip() in ("", "None")]
        for c in missing:
            problems.append(f"{at} field {c!r}: missing")
        if missing:
            continue
        ind_id = str(rec["indicator_id"]).strip()
        indicator = catalog.indicators.get(ind_id)
        if indicator is None:
            problems.append(f"{at} field 'indicator_id': unknown indicator {ind_id!r}")
        code = str(rec["municipality_code"]).strip()
        code = code.zfill(3) if code.isdigit() and len(code) < 3 else code
        if code not in known_munis:
            problems.append(f"{at} field 'municipality_code': unknown municipality {code!r}")
        year = _as_int(rec["year"])
        if year is None or not 1990 <= year <= 2100:
            problems.append(f"{at} field 'year': {rec['year']!r} is not a year")
        kind = str(rec["kind"]).strip()
        if kind not in kinds:
            problems.append(f"{at} field 'kind': {kind!r} is not one of {sorted(kinds)}")
        value = _as_float(rec["value"])
        if value is None:
            problems.append(f"{at} field 'value': {rec['value']!r} is not a number")
        elif indicator is not None and kind in kinds:
            problem = _range_problem(value, kind, indicator.unit == "percent")
            if problem:
                problems.append(f"{at} field 'value': {problem}")
        if year is not None:
            key = (ind_id, code, year)
            if key in seen:
                problems.append(f"{at}: a target for {ind_id}, municipality {code}, {year} is already on "
                                f"{unit} {seen[key]}")
            seen.setdefault(key, i + first)
        comment = rec.get("comment")
        rows.append({"indicator_id": ind_id, "municipality_code": code, "year": year, "kind": kind,
                     "value": value, "comment": None if comment in (None, "") else str(comment)})
    if problems:
        raise AnalysisInputError(problems, header=f"{where}: targets refused")
    if not rows:
        return empty_targets()
    frame = pd.DataFrame(rows)
    frame["year"] = frame["year"].astype("int64")
    return frame


def _range_problem(value: float, kind: str, percent: bool) -> str | None:
    if kind == TargetKind.CHANGE_VS_LAST_YEAR:
        if percent and not -100 <= value <= 100:
            return f"{value} percentage points is outside -100 to 100"
        if not percent and value < -100:
            return f"{value} percent would be below zero"
        return None
    if percent and not 0 <= value <= 100:
        return f"{value} is outside 0–100 (the indicator is a share in percent)"
    if value < 0:
        return f"{value} is negative"
    return None


def coerce_targets(targets: pd.DataFrame | Path | str | None, catalog: Catalog | None = None) -> pd.DataFrame:
    """Targets from a frame (e.g. ``jobmaal.plans.targets_frame``), a file, or none."""
    if targets is None:
        return empty_targets()
    if isinstance(targets, (str, Path)):
        return read_targets(targets, catalog)
    missing = [c for c in TARGET_COLUMNS if c not in targets.columns]
    if missing:
        raise AnalysisInputError([f"targets frame lacks the column(s) {missing}"], header="targets refused")
    keep = [*TARGET_COLUMNS, *(c for c in _OPTIONAL if c in targets.columns)]
    records = [{k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()}
               for r in targets.loc[:, keep].to_dict("records")]
    return validate_targets(records, "targets from the plan store", catalog)


def _as_int(value: Any) -> int | None:
    f = _as_float(value)
    return int(f) if f is not None and f.is_integer() else None


def _as_float(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        f = float(str(value).strip().replace(",", ".")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        return None
    return f if f == f else None  # NaN is no number
