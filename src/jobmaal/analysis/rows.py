"""Flat rows of a follow-up, one per municipality and indicator: for CSV files and tables."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jobmaal.analysis.objects import FollowupResult, IndicatorFollowup, MunicipalityFollowup

ROW_COLUMNS: tuple[str, ...] = (
    "municipality_code", "municipality", "cluster", "goal", "indicator_id", "area_code", "unit",
    "latest_period", "latest_period_label", "latest_value", "latest_change",
    "year_from", "year_to", "year_value", "year_last_year", "year_change", "country", "cluster_value",
    "expected", "expected_lower", "expected_upper", "difference", "rank", "ranked",
    "target_kind", "target", "so_far", "attainment_percent", "projection", "projection_lower",
    "projection_upper", "status", "vs_last_year", "vs_expected",
)


def period_label(period: dt.date, periodicity: str) -> str:
    """``2021-03`` for a month, ``2021H2`` for a half-year, ``2021`` for a year."""
    if periodicity == "year":
        return f"{period.year}"
    if periodicity == "half_year":
        return f"{period.year}H{1 if period.month < 7 else 2}"
    return period.isoformat()[:7]


def row(m: MunicipalityFollowup, goal: int | None, ind: IndicatorFollowup) -> dict[str, Any]:
    latest, ytd, tgt = ind.latest, ind.year_to_date, ind.target
    exp = ytd.expected if ytd else None
    return {
        "municipality_code": m.code, "municipality": m.name, "cluster": m.cluster, "goal": goal,
        "indicator_id": ind.indicator_id, "area_code": ind.area_code, "unit": ind.unit,
        "latest_period": latest.period_from.isoformat() if latest else None,
        "latest_period_label": period_label(latest.period_from, ind.periodicity) if latest else None,
        "latest_value": latest.value if latest else None,
        "latest_change": latest.change if latest else None,
        "year_from": ytd.period_from.isoformat() if ytd else None,
        "year_to": ytd.period_to.isoformat() if ytd else None,
        "year_value": ytd.value if ytd else None,
        "year_last_year": ytd.last_year if ytd else None,
        "year_change": ytd.change if ytd else None,
        "country": ytd.country if ytd else None,
        "cluster_value": ytd.cluster if ytd else None,
        "expected": exp.expected if exp else None,
        "expected_lower": exp.lower if exp else None,
        "expected_upper": exp.upper if exp else None,
        "difference": exp.difference if exp else None,
        "rank": exp.rank if exp else None,
        "ranked": exp.ranked if exp else None,
        "target_kind": tgt.kind.value if tgt else None,
        "target": tgt.target if tgt else None,
        "so_far": tgt.so_far if tgt else None,
        "attainment_percent": tgt.attainment_percent if tgt else None,
        "projection": tgt.projection if tgt else None,
        "projection_lower": tgt.projection_lower if tgt else None,
        "projection_upper": tgt.projection_upper if tgt else None,
        "status": ind.status.value,
        "vs_last_year": ind.vs_last_year.value if ind.vs_last_year else None,
        "vs_expected": ind.vs_expected.value if ind.vs_expected else None,
    }


def municipality_rows(m: MunicipalityFollowup) -> list[dict[str, Any]]:
    out = [row(m, g.number, ind) for g in m.goals for ind in g.indicators]
    return out + [row(m, None, ind) for ind in m.context]


def indicator_rows(result: FollowupResult, indicator_id: str) -> list[dict[str, Any]]:
    goal_of = {ind.indicator_id: g.number for m in result.municipalities[:1] for g in m.goals
               for ind in g.indicators}
    return [row(m, goal_of.get(indicator_id), ind) for m, ind in result.indicator_rows(indicator_id)]
