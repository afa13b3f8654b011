"""Rule family "values": text that does not parse as the declared type, required values, allowed values."""

from __future__ import annotations

from jobmaal.registers.readers import sql_ident, sql_str
from jobmaal.registers.schema import Table
from jobmaal.registers.validation.checks import Check, Context, in_list
from jobmaal.registers.validation.problems import EXAMPLES_PER_RULE, RuleResult


def value_checks(table: Table) -> list[Check]:
    """A required value is present; a value with a closed list of allowed values is one of them."""
    checks = []
    for col in table.columns:
        name = sql_ident(col.name)
        if not col.nullable:
            # A value that did not parse is null here but already reported as unparseable.
            unparsed = f"list_contains([b.\"column\" FOR b IN _bad], {sql_str(col.name)})"
            checks.append(Check(
                f"{col.name}_required", col.name, f"{name} IS NULL AND (_bad IS NULL OR NOT {unparsed})",
                "NULL", "værdien mangler, men er påkrævet / required value missing"))
        if col.allowed:
            checks.append(Check(
                f"{col.name}_allowed", col.name, f"{name} NOT IN {in_list(col.allowed)}", name,
                f"ikke en tilladt værdi / not an allowed value ({', '.join(col.allowed)})"))
    return checks


def parse_results(ctx: Context, table: Table, relation: str) -> list[RuleResult]:
    """CSV values that do not parse as the model's type, one result per column."""
    types = {c.name: c.type for c in table.columns}
    rows = ctx.execute(
        f"SELECT b.\"column\", count(*), min_by({{'f': _file, 'r': _row, 'v': b.\"value\"}}, (_file, _row), "
        f"{EXAMPLES_PER_RULE}) FROM (SELECT _file, _row, unnest(_bad) AS b FROM ({relation}) WHERE _bad IS NOT NULL) "
        "GROUP BY ALL ORDER BY 1"
    )
    results = []
    for column, total, examples in rows:
        expected = _EXPECTED.get(str(types[column]), str(types[column]))
        results.append(RuleResult(
            f"{column}_parse", table.name, f"kan ikke læses som / does not parse as {expected}", int(total),
            tuple(ctx.example(item, column) for item in examples)))
    return results


_EXPECTED = {
    "date32[day]": "dato/date YYYY-MM-DD",
    "int64": "heltal/integer",
    "double": "tal med decimalpunktum / number with decimal point",
    "bool": "true/false",
}
