"""Rule family "quantities": hours and counts are not negative, unsuccessful recruitments do not exceed attempts."""

from __future__ import annotations

from jobmaal.registers.schema import Table
from jobmaal.registers.validation.checks import Check

_HOURS = ("unsupported_wage_hours", "supported_wage_hours")
_COUNTS = ("attempts", "unsuccessful")


def quantity_checks(table: Table) -> list[Check]:
    checks = []
    for col in _HOURS:
        if col in table.column_names:
            checks.append(Check(
                f"{col}_not_negative", col, f"{col} < 0 OR NOT isfinite({col})", col,
                "timer skal være et endeligt tal >= 0 / hours must be a finite number >= 0"))
    for col in _COUNTS:
        if col in table.column_names:
            checks.append(Check(f"{col}_not_negative", col, f"{col} < 0", col,
                                "antal må ikke være negativt / a count cannot be negative"))
    if set(_COUNTS) <= set(table.column_names):
        checks.append(Check(
            "unsuccessful_exceeds_attempts", "unsuccessful", "unsuccessful > attempts",
            "unsuccessful || ' > attempts ' || attempts",
            "flere forgæves rekrutteringer end forsøg / more unsuccessful recruitments than attempts"))
    return checks
