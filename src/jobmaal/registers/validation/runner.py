"""Runs every rule family over the tables of one import and gathers what they find."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from jobmaal.registers.schema import TABLES
from jobmaal.registers.validation.calendar import calendar_checks
from jobmaal.registers.validation.checks import Context, run_checks
from jobmaal.registers.validation.codes import code_checks, prepare
from jobmaal.registers.validation.keys import duplicate_results
from jobmaal.registers.validation.problems import RuleResult, file_problem
from jobmaal.registers.validation.quantities import quantity_checks
from jobmaal.registers.validation.relations import PERSON_TABLES, overlap_results, relation_results
from jobmaal.registers.validation.values import parse_results, value_checks

Step = Callable[[str], None]


def validate(ctx: Context, views: Mapping[str, str], incomplete: set[str],
             step: Step | None = None) -> list[RuleResult]:
    """Every problem in the rows of the tables behind ``views`` (table name -> view name).

    ``incomplete`` names tables with files that could not be read; checks against persons
    are skipped when persons is incomplete, since every key of a missing file would look
    like an orphan.
    """
    results: list[RuleResult] = []
    prepare(ctx.con)
    for name, table in TABLES.items():
        view = views[name]
        relation = f"SELECT * FROM {view}"
        if step:
            step(f"kontrollerer / checking {name}")
        results += parse_results(ctx, table, relation)
        checks = value_checks(table) + code_checks(table) + calendar_checks(table) + quantity_checks(table)
        results += run_checks(ctx, name, relation, checks)
        results += duplicate_results(ctx, table, view)
        if name == "residence":
            results += overlap_results(ctx, views)
        if name in PERSON_TABLES and "persons" not in incomplete:
            results += relation_results(ctx, name, dict(views))
    if "persons" in incomplete:
        results.append(file_problem(
            "relations_skipped", "persons", "de andre tabellers personnøgler er ikke kontrolleret mod persons, da "
            "persons ikke kunne læses helt / the other tables' person keys were not checked against persons, "
            "since persons could not be read fully", "persons"))
    return results


def steps() -> int:
    """The number of ``step`` calls ``validate`` makes, for a progress bar."""
    return len(TABLES)
