"""Rule family "columns": every file has exactly the model's columns, with usable types."""

from __future__ import annotations

from collections.abc import Sequence

from jobmaal.registers.readers import ACCEPTED_PARQUET_TYPES, duckdb_type
from jobmaal.registers.schema import Table
from jobmaal.registers.validation.problems import RuleResult, file_problem


def check_columns(
    table: Table, file: str, found: Sequence[tuple[str, str]], *, typed: bool
) -> tuple[list[RuleResult], bool]:
    """Problems with a file's columns, and whether its rows can still be checked.

    ``found`` is (name, DuckDB type) per column; ``typed`` is False for CSV, whose
    values are typed later from the model. A file with a missing, duplicated or
    wrongly typed column cannot be read into the model, so its rows are not checked
    (the problem says so); an extra column is a problem but the rest is checked.
    """
    problems: list[RuleResult] = []
    names = [name for name, _ in found]
    usable = True
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(file_problem("duplicate_column", table.name,
                                     "kolonnen findes flere gange / column appears more than once", file, name))
        usable = False
    found_types = dict(found)
    for col in table.columns:
        if col.name not in found_types:
            problems.append(file_problem(
                "missing_column", table.name,
                "kolonnen mangler; filens rækker er ikke kontrolleret / column missing; "
                "the file's rows were not checked", file, col.name))
            usable = False
        elif typed and found_types[col.name] not in ACCEPTED_PARQUET_TYPES[duckdb_type(col.type)]:
            problems.append(file_problem(
                "wrong_type", table.name,
                f"forkert type, forventet/expected {duckdb_type(col.type)}; filens rækker er ikke kontrolleret "
                "/ the file's rows were not checked", file, col.name, found_types[col.name]))
            usable = False
    known = set(table.column_names)
    for name in names:
        if name not in known and names.count(name) == 1:
            problems.append(file_problem(
                "extra_column", table.name,
                f"kolonnen hører ikke til modellen / column is not in the model ({', '.join(table.column_names)})",
                file, name))
    return problems, usable
