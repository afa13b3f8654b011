"""Parse an uploaded CSV of local indicator values: ``indicator_key,period,value``.

Both the plain form (comma, decimal point) and Danish Excel's (semicolon, decimal comma) are
read; the delimiter is taken from the header line. Every problem names the line and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass

from jobmaal.errors import PlanValidationError

COLUMNS = ("indicator_key", "period", "value")
_MONTH = re.compile(r"^\d{4}-\d{2}$")


@dataclass(frozen=True, slots=True)
class LocalValueInput:
    """One value to store; ``where`` says where it came from, for error messages."""

    indicator_key: str
    period: dt.date
    value: float
    where: str = "value"


def parse_period(text: str) -> dt.date:
    """An ISO month ``2021-03`` or the first day of a month ``2021-03-01``; ``ValueError`` otherwise."""
    cell = text.strip()
    day = dt.date.fromisoformat(cell + "-01" if _MONTH.match(cell) else cell)
    if day.day != 1:
        raise ValueError(f"{cell} is not the first day of a month (periods are months: YYYY-MM-01)")
    return day


def parse_value(text: str, decimal_comma: bool) -> float:
    cell = text.strip()
    if decimal_comma:
        cell = cell.replace(".", "").replace(",", ".") if "," in cell else cell
    value = float(cell)
    if not math.isfinite(value):
        raise ValueError(f"{text.strip()!r} is not a finite number")
    return value


def parse_local_values_csv(text: str, source: str) -> list[LocalValueInput]:
    """All rows, or ``PlanValidationError`` listing every problem (nothing is stored then)."""
    header_text = f"{source} refused"
    body = text.lstrip("\ufeff")
    first_line = body.split("\n", 1)[0]
    if not first_line.strip():
        raise PlanValidationError([f"{source}: the file is empty; expected the header {','.join(COLUMNS)}"],
                                  header=header_text)
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=True)
    problems: list[str] = []
    rows: list[LocalValueInput] = []
    try:
        header = [h.strip() for h in next(reader)]
        missing = [c for c in COLUMNS if c not in header]
        unknown = [c for c in header if c not in COLUMNS]
        if missing or unknown:
            raise PlanValidationError(
                [f"{source}: line 1 (header): missing column(s) {missing}, unknown column(s) {unknown}; "
                 f"expected {','.join(COLUMNS)}"], header=header_text)
        index = {c: header.index(c) for c in COLUMNS}
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            where = f"{source}: line {line}"
            if len(cells) != len(header):
                problems.append(f"{where}: {len(cells)} fields, the header has {len(header)}")
                continue
            row = _parse_row(cells, index, where, delimiter == ";", problems)
            if row is not None:
                rows.append(row)
    except csv.Error as exc:
        problems.append(f"{source}: line {reader.line_num}: malformed CSV: {exc}")
    if not rows and not problems:
        problems.append(f"{source}: no values after the header")
    if problems:
        raise PlanValidationError(problems, header=header_text)
    return rows


def _parse_row(cells: list[str], index: dict[str, int], where: str, decimal_comma: bool,
               problems: list[str]) -> LocalValueInput | None:
    before = len(problems)
    key = cells[index["indicator_key"]].strip()
    if not key:
        problems.append(f"{where}, column 'indicator_key': empty")
    period: dt.date | None = None
    try:
        period = parse_period(cells[index["period"]])
    except ValueError as exc:
        problems.append(f"{where}, column 'period': {cells[index['period']].strip()!r} is not a month "
                        f"(YYYY-MM or YYYY-MM-01): {exc}")
    value: float | None = None
    try:
        value = parse_value(cells[index["value"]], decimal_comma)
    except ValueError:
        problems.append(f"{where}, column 'value': {cells[index['value']].strip()!r} is not a number")
    if len(problems) > before or period is None or value is None:
        return None
    return LocalValueInput(indicator_key=key, period=period, value=value, where=where)
