"""Build the results report ("resultatrevision") of one municipality from its follow-up.

Pure: takes the ``FollowupResult`` (made from disclosed values), the ``DisclosedValues`` it was made from
(to tell suppressed figures from missing ones), and optionally the plan and its local values; returns a
``ResultsReport``. No file, database or network I/O here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from jobmaal.analysis.objects import FollowupResult, IndicatorFollowup, MunicipalityFollowup
from jobmaal.catalog import Catalog, default_catalog
from jobmaal.disclosure import DisclosedValues
from jobmaal.plans import LocalValue, PlanVersion
from jobmaal.reference import COUNTRY_CODE
from jobmaal.reference import municipality as find_municipality
from jobmaal.reports import fmt, wording
from jobmaal.reports.appendix import appendix
from jobmaal.reports.benefits import INDICATOR as BENEFITS_INDICATOR
from jobmaal.reports.benefits import benefits_table
from jobmaal.reports.disclosed import Suppressions, suppressions_for
from jobmaal.reports.indicator_section import ChartMaker, indicator_section
from jobmaal.reports.local import local_sections
from jobmaal.reports.meta import build_meta
from jobmaal.reports.model import (
    AssessmentGroup,
    GoalSection,
    IndicatorSection,
    ResultsReport,
    Row,
    Shown,
    Table,
)
from jobmaal.reports.texts import check_lang, t


def data_month(m: MunicipalityFollowup, fr: FollowupResult) -> dt.date | None:
    """The latest month with figures in the report's year (the follow-up's data month)."""
    months = [i.latest.period_to for i in m.indicators() if i.latest is not None and i.periodicity == "month"]
    if months:
        return max(months)
    if fr.data_to is None:
        return None
    return min(fr.data_to, dt.date(fr.year, 12, 1))


def own_assessment(plan: PlanVersion | None) -> str:
    """The job centre's own assessment text, when the plan store holds one."""
    if plan is None:
        return ""
    return plan.content.assessment


def _summary(goals: Sequence[GoalSection], context: Sequence[IndicatorSection], lang: str) -> Table:
    rows: list[Row] = []
    blank = Shown("")
    for g in goals:
        rows.append(Row(f"{g.number}. {g.title}", (blank,) * 5, "goal"))
        if not g.indicators:
            rows.append(Row(t("no_official_indicator", lang), (blank,) * 5, "note"))
        rows += [_summary_row(s, lang) for s in g.indicators]
    if context:
        rows.append(Row(t("context", lang), (blank,) * 5, "goal"))
        rows += [_summary_row(s, lang) for s in context]
    head = (t("indicator", lang), t("year_to_date", lang), t("change", lang), t("vs_expected", lang),
            t("target", lang), t("status", lang))
    return Table(key="summary", caption=t("summary", lang), head=head, rows=tuple(rows))


def _summary_row(s: IndicatorSection, lang: str) -> Row:
    change = s.comparison.rows[0].cells[2]
    target = s.target.target if s.target else Shown(fmt.MISSING)
    return Row(s.title, (s.headline, change, Shown(s.vs_expected_label or fmt.MISSING, css="text"), target,
                         Shown(s.status_label, css=f"text status status-{s.status}")), "indicator")


def build_results_report(
    fr: FollowupResult,
    municipality: str,
    disclosed: DisclosedValues | Suppressions,
    *,
    lang: str = "da",
    plan: PlanVersion | None = None,
    local_values: Sequence[LocalValue] = (),
    own_text: str | None = None,
    source: str | None = None,
    catalog: Catalog | None = None,
    chart: ChartMaker | None = None,
    now: dt.datetime | None = None,
) -> ResultsReport:
    """The results report of ``municipality`` (a code or name in ``fr``) in ``lang``.

    ``disclosed``: the values ``fr`` was made from, or their ``Suppressions`` for this municipality.
    """
    check_lang(lang)
    catalog = catalog or default_catalog()
    code = find_municipality(municipality).code
    m = fr.municipality(code)
    sup = suppressions_for(disclosed, [code, m.rar_code, COUNTRY_CODE], lang)
    cat_year = catalog.years.get(fr.year)
    explanations = {g.key: g.explanation.get(lang) for g in cat_year.goals} if cat_year else {}

    def section(ind: IndicatorFollowup) -> IndicatorSection:
        return indicator_section(ind, m, fr.year, sup, lang, chart)

    goals = tuple(
        GoalSection(number=g.number, key=g.key, title=g.title.get(lang), explanation=explanations.get(g.key, ""),
                    no_official_indicator=g.no_official_indicator.get(lang) if g.no_official_indicator else "",
                    indicators=tuple(section(i) for i in g.indicators),
                    local=local_sections(plan, g.key, local_values, fr.year, lang))
        for g in m.goals
    )
    context = tuple(section(i) for i in m.context)
    benefits_ind = next((i for i in m.context if i.indicator_id == BENEFITS_INDICATOR), None)
    benefits, benefits_intro = benefits_table(benefits_ind, code, sup, catalog, lang)
    followups = [i for g in m.goals for i in g.indicators] + list(m.context)
    assessment = tuple(
        AssessmentGroup(f"{g.number}. {g.title}", tuple(s for sec in g.indicators for s in sec.sentences))
        for g in goals if g.indicators
    ) + ((AssessmentGroup(t("context", lang), tuple(s for sec in context for s in sec.sentences)),)
         if context else ())
    meta = build_meta("results", code, fr.year, lang, data_to=data_month(m, fr), synthetic=fr.synthetic,
                      source=source, run_id=fr.run_id, computed_at=fr.computed_at, now=now)
    plan_note = "" if plan is not None else t("no_plan", lang, name=m.name, year=fr.year)
    report = ResultsReport(
        meta=meta, summary_sentences=tuple(wording.summary_sentences(followups, lang)),
        summary=_summary(goals, context, lang), goals=goals, context=context, benefits=benefits,
        benefits_intro=benefits_intro, assessment=assessment,
        own_assessment=own_text if own_text is not None else own_assessment(plan),
        appendix=appendix([catalog.indicator(i.indicator_id) for i in followups], m, meta, sup, lang),
        plan_note=plan_note,
    )
    return report

