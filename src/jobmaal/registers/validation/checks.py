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
    """Run ``checks`` over ``relation`` (SQL with columns ``_file``, ``_row`` and those the checks use).

    First one scan counts every check's offending rows; only if some check has any does a
    second scan collect the examples of those checks (the good case pays for one cheap scan).
    """
    if not checks:
        return []
    counts = ", ".join(f"count(*) FILTER (WHERE {c.condition})" for c in checks)
    totals = [int(n) for n in ctx.execute(f"SELECT {counts} FROM ({relation}) AS checked")[0]]
    failed = [(c, n) for c, n in zip(checks, totals, strict=True) if n]
    if not failed:
        return []
    # CASE: the shown value (formatting, pseudonym) is computed for offending rows only.
    examples = ", ".join(
        f"min_by({{'f': _file, 'r': _row, 'v': CASE WHEN {c.condition} THEN ({c.value})::VARCHAR END}}, "
        f"(_file, _row), {EXAMPLES_PER_RULE}) FILTER (WHERE {c.condition})" for c, _ in failed)
    found = ctx.execute(f"SELECT {examples} FROM ({relation}) AS checked")[0]
    return [RuleResult(c.rule, table, c.message, n, tuple(ctx.example(item, c.column, c.explain) for item in items))
            for (c, n), items in zip(failed, found, strict=True)]


def in_list(values: Sequence[str]) -> str:
    return "(" + ", ".join(sql_str(v) for v in values) + ")"
