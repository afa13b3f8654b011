"""Rule family "keys": the columns that identify a row (schema.py ``key``) are unique.

Person keys are shown as the first digits of their pseudonym, never as the raw key,
since the raw key may be a CPR number and problem listings end up in logs.
"""

from __future__ import annotations

from jobmaal.registers.pseudonym import sql_hmac
from jobmaal.registers.readers import sql_ident
from jobmaal.registers.schema import Table
from jobmaal.registers.validation.checks import Context
from jobmaal.registers.validation.problems import EXAMPLES_PER_RULE, RuleResult


def shown_key(column: str) -> str:
    """SQL showing a key column in a problem: person keys as their pseudonym's first 12 hex digits."""
    if column == "person_key":
        return f"'pseudonym ' || left({sql_hmac(column)}, 12)"
    return f"CAST({sql_ident(column)} AS VARCHAR)"


def duplicate_results(ctx: Context, table: Table, view: str) -> list[RuleResult]:
    """Every row whose key occurs more than once (all occurrences, so each can be found)."""
    if not table.key:
        return []
    key = ", ".join(sql_ident(c) for c in table.key)
    not_null = " AND ".join(f"{sql_ident(c)} IS NOT NULL" for c in table.key)
    on = " AND ".join(f"t.{sql_ident(c)} = d.{sql_ident(c)}" for c in table.key)
    value = " || ', ' || ".join(shown_key(c) for c in table.key)
    (total, examples), = ctx.execute(
        f"WITH d AS (SELECT {key} FROM {view} WHERE {not_null} GROUP BY ALL HAVING count(*) > 1) "
        f"SELECT count(*), min_by({{'f': _file, 'r': _row, 'v': {value}}}, (_file, _row), {EXAMPLES_PER_RULE}) "
        f"FROM {view} t SEMI JOIN d ON {on}"
    )
    if not total:
        return []
    columns = ", ".join(table.key)
    return [RuleResult(
        "duplicate_key", table.name,
        f"samme nøgle ({columns}) forekommer flere gange / the same key ({columns}) occurs more than once",
        int(total), tuple(ctx.example(item, columns) for item in examples))]
