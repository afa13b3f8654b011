"""Build the employment plan ("beskæftigelsesplan") of one municipality for a year.

The minister's goals with the letter's explanation (catalogue), the municipality's strategy text and
targets per goal (plan store), the baseline figure of each target (the follow-up of the year before,
from disclosed values) and the local indicators. Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from jobmaal.analysis.labels import TargetKind
from jobmaal.analysis.objects import FollowupResult, IndicatorFollowup, MunicipalityFollowup
from jobmaal.catalog import Catalog, default_catalog
from jobmaal.disclosure import DisclosedValues
from jobmaal.plans import LocalValue, PlanState, PlanVersion, Target
from jobmaal.reference import COUNTRY_CODE
from jobmaal.reference import municipality as find_municipality
from jobmaal.reports import fmt
from jobmaal.reports.appendix import appendix
from jobmaal.reports.disclosed import Suppressions, plain, suppressions_for
from jobmaal.reports.local import local_sections
from jobmaal.reports.meta import build_meta, periods_between
from jobmaal.reports.model import PlanGoal, PlanReport, Row, Shown, Table
from jobmaal.reports.results_context import data_month
from jobmaal.reports.texts import check_lang, t


def _baseline(ind: IndicatorFollowup | None, kind: TargetKind | None, sup: Suppressions | None,
              lang: str) -> tuple[str, Shown, Shown]:
    """(period label, the municipality's figure, the country's) of the measure the target is set on."""
    if ind is None:
        return fmt.MISSING, Shown(fmt.MISSING), Shown(fmt.MISSING)
    fig = ind.latest if kind is TargetKind.LEVEL_YEAR_END else ind.year_to_date
    if fig is None:
        return fmt.MISSING, Shown(fmt.MISSING), Shown(fmt.MISSING)
    periods = periods_between(fig.period_from, fig.period_to, ind.periodicity)
    label = fmt.span(fig.period_from, fig.period_to, ind.periodicity, lang)
    if sup is None:
        return label, plain(fig.value, ind.unit, lang), plain(fig.country, ind.unit, lang)
    own = sup.figure(fig.value, ind.unit, indicator=ind.indicator_id, area=ind.area_code, periods=periods)
    country = sup.figure(fig.country, ind.unit, indicator=ind.indicator_id, area=COUNTRY_CODE, periods=periods)
    return label, own, country


def _target_cell(target: Target | None, unit: str, lang: str) -> tuple[Shown, Shown]:
    if target is None:
        return Shown(t("no_target", lang), css="text"), Shown(fmt.MISSING)
    kind = TargetKind(target.kind.value)
    value = plain(target.value, unit, lang, as_change=kind is TargetKind.CHANGE_VS_LAST_YEAR)
    return Shown(kind.label.get(lang), css="text"), value


def _targets_table(goal_number: int, indicator_ids: Sequence[str], plan: PlanVersion | None,
                   base: MunicipalityFollowup | None, sup: Suppressions | None, catalog: Catalog,
                   lang: str) -> Table | None:
    if not indicator_ids:
        return None
    rows = []
    for ind_id in indicator_ids:
        definition = catalog.indicator(ind_id)
        target = plan.content.target_for(ind_id) if plan is not None else None
        kind = TargetKind(target.kind.value) if target is not None else None
        try:
            ind = base.indicator(ind_id) if base is not None else None
        except KeyError:
            ind = None
        label, own, country = _baseline(ind, kind, sup, lang)
        kind_cell, value_cell = _target_cell(target, definition.unit.value, lang)
        comment = target.comment or "" if target else ""
        rows.append(Row(definition.title.get(lang), (kind_cell, value_cell, Shown(label, css="text"), own, country,
                                                     Shown(comment, css="text"))))
    head = (t("indicator", lang), t("target_kind", lang), t("target", lang), t("period", lang),
            t("baseline", lang), t("country", lang), t("comment", lang))
    return Table(key=f"targets:{goal_number}", caption=t("targets_caption", lang), head=head, rows=tuple(rows))


def _state_line(plan: PlanVersion | None, lang: str) -> tuple[str, str]:
    if plan is None:
        return fmt.MISSING, ""
    content = plan.content
    if content.state is PlanState.ADOPTED:
        state = t("adopted", lang, date=fmt.date(content.adopted_on, lang))
    else:
        state = t("draft", lang)
    version = t("version", lang, version=plan.version, date=fmt.date(plan.saved_at, lang), by=plan.saved_by)
    return state, version


def build_plan_report(
    municipality: str,
    year: int,
    *,
    plan: PlanVersion | None,
    baseline: FollowupResult | None = None,
    disclosed: DisclosedValues | Suppressions | None = None,
    lang: str = "da",
    local_values: Sequence[LocalValue] = (),
    source: str | None = None,
    catalog: Catalog | None = None,
    now: dt.datetime | None = None,
) -> PlanReport:
    """The plan of ``municipality`` for ``year``. ``baseline`` is the follow-up of ``year - 1`` (made from
    ``disclosed``) that gives each target's starting point."""
    check_lang(lang)
    catalog = catalog or default_catalog()
    code = find_municipality(municipality).code
    cat = catalog.year(year)
    base = baseline.municipality(code) if baseline is not None else None
    sup = suppressions_for(disclosed, [code, base.rar_code, COUNTRY_CODE], lang) if (
        disclosed is not None and base is not None) else None
    goals = tuple(
        PlanGoal(number=g.number, key=g.key, title=g.title.get(lang), explanation=g.explanation.get(lang),
                 no_official_indicator=g.no_official_indicator.get(lang) if g.no_official_indicator else "",
                 strategy=plan.content.strategies.get(g.key, "") if plan is not None else "",
                 targets=_targets_table(g.number, g.indicators, plan, base, sup, catalog, lang),
                 local=local_sections(plan, g.key, local_values, None, lang))
        for g in cat.goals
    )
    meta = build_meta(
        "plan", code, year, lang,
        data_to=data_month(base, baseline) if base is not None and baseline is not None else None,
        synthetic=baseline.synthetic if baseline is not None else False, source=source,
        run_id=baseline.run_id if baseline is not None else fmt.MISSING,
        computed_at=baseline.computed_at if baseline is not None else None, now=now)
    letter = cat.letter
    letter_line = (t("letter", lang, date=fmt.date(letter.date, lang), reference=letter.reference,
                     minister=letter.minister) if letter is not None else "")
    state, version = _state_line(plan, lang)
    indicators = [catalog.indicator(i) for i in cat.indicator_ids() if i not in cat.context_indicators]
    return PlanReport(
        meta=meta, letter_line=letter_line, state_line=state, version_line=version,
        demo=bool(plan is not None and plan.is_demo), goals=goals, baseline_note=t("baseline_note", lang),
        appendix=appendix(indicators, None, meta, sup, lang),
        plan_note="" if plan is not None else t("no_plan", lang, name=find_municipality(code).name, year=year),
    )

