"""Rule family "calendar": weeks start on Mondays, months and half-years on their first day,
periods end after they start."""

from __future__ import annotations

from jobmaal.registers.schema import Table
from jobmaal.registers.validation.checks import Check


def _checks() -> dict[str, list[Check]]:
    return {
        "benefit_weeks": [Check(
            "week_start_monday", "week_start", "isodow(week_start) <> 1",
            "strftime(week_start, '%Y-%m-%d') || ' ' || dayname(week_start)",
            "ugens start er ikke en mandag / week_start is not a Monday")],
        "employment_months": [Check(
            "month_first_day", "month", "day(month) <> 1", "month",
            "ikke den første dag i måneden / not the first day of a month")],
        "recruitment": [Check(
            "period_start_half_year", "period_start", "NOT (day(period_start) = 1 AND month(period_start) IN (1, 7))",
            "period_start",
            "halvåret skal starte 1. januar eller 1. juli / a half-year starts on 1 January or 1 July")],
        "activities": [Check(
            "end_before_start", "end_date", "end_date < start_date",
            "strftime(end_date, '%Y-%m-%d') || ' < start_date ' || strftime(start_date, '%Y-%m-%d')",
            "slutdatoen ligger før startdatoen / end_date is before start_date")],
        "residence": [Check(
            "valid_to_not_after_from", "valid_to", "valid_to <= valid_from",
            "strftime(valid_to, '%Y-%m-%d') || ' <= valid_from ' || strftime(valid_from, '%Y-%m-%d')",
            "perioden slutter før eller når den starter (valid_to er eksklusiv) / the period ends before or when "
            "it starts (valid_to is exclusive)")],
        "persons": [Check(
            "permit_before_birth", "first_residence_permit_date", "first_residence_permit_date < birth_date",
            "strftime(first_residence_permit_date, '%Y-%m-%d') || ' < birth_date ' || strftime(birth_date, '%Y-%m-%d')",
            "opholdstilladelse før fødslen / residence permit before birth")],
    }


def calendar_checks(table: Table) -> list[Check]:
    return _checks().get(table.name, [])
