"""CSV export of indicator values: ISO dates, dot decimal separator, totals or with breakdowns."""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

TOTAL_COLUMNS = ["indicator_id", "area_type", "area_code", "period", "value", "numerator", "denominator"]
BREAKDOWN_COLUMNS = ["indicator_id", "area_type", "area_code", "period", "breakdown", "breakdown_value",
                     "value", "numerator", "denominator"]


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value)) if abs(value) < 1e15 else repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)


def export_columns(with_breakdowns: bool, extra: Iterable[str] = ()) -> list[str]:
    return [*(BREAKDOWN_COLUMNS if with_breakdowns else TOTAL_COLUMNS), *extra]


def write_csv(values: pd.DataFrame, out: Path, with_breakdowns: bool, extra: Iterable[str] = ()) -> int:
    """Write ``values`` (already filtered) as CSV; returns the number of data rows."""
    columns = export_columns(with_breakdowns, extra)
    frame = values if with_breakdowns else values[values.breakdown == ""]
    frame = frame.sort_values(["indicator_id", "area_type", "area_code", "period", "breakdown", "breakdown_value"])
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(columns)
        for row in frame[columns].itertuples(index=False):
            writer.writerow([_cell(v) for v in row])
    tmp.replace(out)  # never leave a half-written export behind
    return len(frame)
