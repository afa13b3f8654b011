"""Rule family "relations": person keys exist in persons, no benefit before birth, no overlapping residence."""

from __future__ import annotations

from jobmaal.registers.validation.checks import Check, Context, run_checks
from jobmaal.registers.validation.keys import shown_key
from jobmaal.registers.validation.problems import RuleResult

PERSON_TABLES = ("residence", "benefit_weeks", "activities", "employment_months")


def _orphan_check() -> Check:
    return Check("orphan_person_key", "person_key", "person_key IS NOT NULL AND _known IS NULL",
                 shown_key("person_key"),
                 "personnøglen findes ikke i persons / person_key is not in persons")


def relation_results(ctx: Context, table: str, views: dict[str, str]) -> list[RuleResult]:
    """The checks of ``table`` against persons (``views`` maps table name to view name)."""
    if table not in PERSON_TABLES:
        return []
    extra = ", t.week_start" if table == "benefit_weeks" else ""
    # One birth date per key even if persons has duplicate keys (reported on their own).
    relation = (
        f"SELECT t._file, t._row, t.person_key{extra}, p.person_key AS _known, p.birth_date "
        f"FROM {views[table]} t LEFT JOIN (SELECT person_key, min(birth_date) AS birth_date FROM "
        f"{views['persons']} GROUP BY person_key) p ON t.person_key = p.person_key"
    )
    checks = [_orphan_check()]
    if table == "benefit_weeks":
        checks.append(Check(
            "benefit_before_birth", "week_start", "week_start + 6 < birth_date",
            "strftime(week_start, '%Y-%m-%d') || ' < birth_date ' || strftime(birth_date, '%Y-%m-%d')",
            "ydelsesugen ligger før personens fødsel / the benefit week is before the person's birth"))
    return run_checks(ctx, table, relation, checks)


def overlap_results(ctx: Context, views: dict[str, str]) -> list[RuleResult]:
    """Residence periods of one person that overlap an earlier one (same start = duplicate key instead)."""
    relation = (
        "SELECT _file, _row, person_key, valid_from, "
        "max(coalesce(valid_to, DATE '9999-12-31')) OVER w AS _earlier_to, max(valid_from) OVER w AS _earlier_from "
        f"FROM {views['residence']} WHERE person_key IS NOT NULL AND valid_from IS NOT NULL "
        "WINDOW w AS (PARTITION BY person_key ORDER BY valid_from, _file, _row "
        "ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)"
    )
    check = Check(
        "residence_overlap", "valid_from", "_earlier_to > valid_from AND _earlier_from < valid_from",
        f"strftime(valid_from, '%Y-%m-%d') || ', ' || {shown_key('person_key')}",
        "perioden overlapper en tidligere periode for samme person / the period overlaps an earlier period "
        "of the same person")
    return run_checks(ctx, "residence", relation, [check])
