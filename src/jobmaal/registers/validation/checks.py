"""Running row checks in SQL: many rules over one relation in a single scan.

Each check is a SQL condition that is true for an offending row. All checks of a
relation are counted in one aggregate query, which also keeps the first
``EXAMPLES_PER_RULE`` offending rows per check (ordered by file and row), so the cost is
one scan however many rules there are, and memory does not grow with the number of problems.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import duckdb

from jobmaal.registers.readers import sql_str
from jobmaal.registers.validation.problems import EXAMPLES_PER_RULE, Example, RuleResult, render_value


@dataclass(frozen=True)
class Check:
    rule: str  # stable id
    column: str  # the column named in the problem
    condition: str  # SQL, true for an offending row
    value: str  # SQL giving the value shown (cast to VARCHAR)
    message: str  # Danish / English
    explain: Callable[[str | None], str | None] | None = None  # adds a reason to a shown value


@dataclass(frozen=True)
class Context:
    """What every check query needs: the connection, query parameters, and display names of files."""

    con: duckdb.DuckDBPyConnection
    params: Mapping[str, object]
    file_names: Mapping[str, str]  # path as read -> path relative to the source

    def execute(self, sql: str) -> list[tuple]:
        used = {k: v for k, v in self.params.items() if f"${k}" in sql}
        return self.con.execute(sql, used).fetchall() if used else self.con.execute(sql).fetchall()

    def example(self, item: Mapping[str, object], column: str, explain: Callable | None = None) -> Example:
        raw = item["v"]
        shown = render_value(raw)
        if explain is not None and (note := explain(None if raw is None else str(raw))):
            shown = f"{shown} ({note})"
        file = str(item["f"])
        return Example(self.file_names.get(file, file), int(str(item["r"])), column, shown)


def run_checks(ctx: Context, table: str, relation: str, checks: Sequence[Check]) -> list[RuleResult]:
    """Run ``checks`` over ``relation`` (SQL with columns ``_file``, ``_row`` and those the checks use)."""
    if not checks:
        return []
    aggregates = []
    for c in checks:
        aggregates.append(f"count(*) FILTER (WHERE {c.condition})")
        aggregates.append(
            f"min_by({{'f': _file, 'r': _row, 'v': ({c.value})::VARCHAR}}, (_file, _row), {EXAMPLES_PER_RULE}) "
            f"FILTER (WHERE {c.condition})"
        )
    row = ctx.execute(f"SELECT {', '.join(aggregates)} FROM ({relation}) AS checked")[0]
    results = []
    for i, c in enumerate(checks):
        total, examples = int(row[2 * i]), row[2 * i + 1] or []
        if total:
            shown = tuple(ctx.example(item, c.column, c.explain) for item in examples)
            results.append(RuleResult(c.rule, table, c.message, total, shown))
    return results


def in_list(values: Sequence[str]) -> str:
    return "(" + ", ".join(sql_str(v) for v in values) + ")"
