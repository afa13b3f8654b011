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
    """Every row whose key occurs more than once (all occurrences, so each can be found).

    Grouping hundreds of millions of string keys does not fit a small memory limit, so the
    rows are grouped by a 64-bit hash of the key first; only rows whose hash repeats (real
    duplicates and the rare collision) are then grouped by the key itself.
    """
    if not table.key:
        return []
    key = ", ".join(sql_ident(c) for c in table.key)
    not_null = " AND ".join(f"{sql_ident(c)} IS NOT NULL" for c in table.key)
    ctx.execute(f"CREATE OR REPLACE TEMP TABLE _repeated AS SELECT hash({key}) AS h FROM {view} "
                f"WHERE {not_null} GROUP BY 1 HAVING count(*) > 1")
    if not ctx.execute("SELECT count(*) FROM _repeated")[0][0]:
        return []
    on = " AND ".join(f"c.{sql_ident(c)} = d.{sql_ident(c)}" for c in table.key)
    value = " || ', ' || ".join(shown_key(c) for c in table.key)
    (total, examples), = ctx.execute(
        f"WITH c AS (SELECT * FROM {view} WHERE {not_null} AND hash({key}) IN (SELECT h FROM _repeated)), "
        f"d AS (SELECT {key} FROM c GROUP BY ALL HAVING count(*) > 1) "
        f"SELECT count(*), min_by({{'f': _file, 'r': _row, 'v': {value}}}, (_file, _row), {EXAMPLES_PER_RULE}) "
        f"FROM c SEMI JOIN d ON {on}"
    )
    if not total:
        return []
    columns = ", ".join(table.key)
    return [RuleResult(
        "duplicate_key", table.name,
        f"samme nøgle ({columns}) forekommer flere gange / the same key ({columns}) occurs more than once",
        int(total), tuple(ctx.example(item, columns) for item in examples))]
