"""CSV export of indicator values: ISO dates, totals or with breakdowns.

Two dialects: ``plain`` (comma, decimal point, UTF-8) for programs, and ``excel-da`` (semicolon,
decimal comma, UTF-8 with a byte-order mark) that Danish Excel opens correctly with a double-click.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

TOTAL_COLUMNS = ["indicator_id", "area_type", "area_code", "period", "value", "numerator", "denominator"]
BREAKDOWN_COLUMNS = ["indicator_id", "area_type", "area_code", "period", "breakdown", "breakdown_value",
                     "value", "numerator", "denominator"]
DIALECTS = ("plain", "excel-da")


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


def _localise(value: Any, dialect: str) -> str:
    cell = _cell(value)
    if dialect == "excel-da" and isinstance(value, float):
        return cell.replace(".", ",")  # the decimal comma (no thousands separator: Excel reads it as text)
    return cell


def csv_text(values: pd.DataFrame, with_breakdowns: bool, extra: Iterable[str] = (), dialect: str = "plain") -> str:
    """The CSV as text (``values`` already filtered); ``dialect`` is "plain" or "excel-da"."""
    if dialect not in DIALECTS:
        raise ValueError(f"CSV dialect {dialect!r}: use one of {list(DIALECTS)}")
    columns = export_columns(with_breakdowns, extra)
    frame = values if with_breakdowns else values[values.breakdown == ""]
    frame = frame.sort_values(["indicator_id", "area_type", "area_code", "period", "breakdown", "breakdown_value"])
    buf = io.StringIO()
    if dialect == "excel-da":
        buf.write("\ufeff")  # the byte-order mark makes Excel read UTF-8 (æ, ø, å)
        writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    else:
        writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in frame[columns].itertuples(index=False):
        writer.writerow([_localise(v, dialect) for v in row])
    return buf.getvalue()


def write_csv(values: pd.DataFrame, out: Path, with_breakdowns: bool, extra: Iterable[str] = (),
              dialect: str = "plain") -> int:
    """Write ``values`` (already filtered) as CSV; returns the number of data rows."""
    text = csv_text(values, with_breakdowns, extra, dialect)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8", newline="")
    tmp.replace(out)  # never leave a half-written export behind
    return len(values) if with_breakdowns else int((values.breakdown == "").sum())
