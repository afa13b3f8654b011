"""The municipality page: every goal and indicator of the year, with chart, status, plan and downloads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from jobmaal.analysis.labels import TargetKind
from jobmaal.analysis.objects import IndicatorFollowup, MunicipalityFollowup
from jobmaal.catalog.models import Source
from jobmaal.charts import indicator_series_chart
from jobmaal.plans import Action, LocalIndicator, PlanVersion, User
from jobmaal.reference import COUNTRY_CODE, municipality, rar_areas, regions
from jobmaal.web import i18n
from jobmaal.web.contexts.common import (
    Cell,
    LegendLine,
    RunBanner,
    disclosure_legend,
    figure_cell,
    run_banner,
)
from jobmaal.web.services import Services

DOWNLOAD_FORMATS = ("csv", "csv-da", "xlsx", "jsonstat")


@dataclass(frozen=True, slots=True)
class SeriesRow:
    period: str
    value: Cell
    seasonally_adjusted: Cell
    country: Cell
    cluster: Cell
    expected: Cell
    projected: Cell


@dataclass(frozen=True, slots=True)
class IndicatorBlock:
    id: str
    title: str
    unit: str
    local_area: str  # "" or the RAR area's name when the figure is the RAR area's
    latest_period: str
    latest: Cell
    ytd_period: str
    ytd: Cell
    change: Cell
    country: Cell
    cluster: Cell
    expected: Cell
    expected_interval: str
    difference: Cell
    rank: str
    target: str
    target_comment: str
    attainment: str
    projection: str
    status: str
    status_label: str
    vs_last_year: str
    vs_expected: str
    chart: dict[str, Any]
    series: tuple[SeriesRow, ...]


@dataclass(frozen=True, slots=True)
class LocalBlock:
    key: str
    name: str
    description: str
    unit: str
    direction: str
    target: str
    values: tuple[tuple[str, str], ...]  # (month, value)


@dataclass(frozen=True, slots=True)
class GoalBlock:
    number: int
    key: str
    title: str
    explanation: str
    no_official_indicator: str | None
    strategy: str | None
    indicators: tuple[IndicatorBlock, ...]
    local_indicators: tuple[LocalBlock, ...]


@dataclass(frozen=True, slots=True)
class Download:
    label: str
    url: str
    format: str


@dataclass(frozen=True, slots=True)
class MunicipalityPage:
    year: int
    years: tuple[int, ...]
    code: str
    name: str
    region: str
    rar: str
    cluster: str
    cluster_members: tuple[str, ...]
    plan_state: str  # "" when there is no plan the viewer may see
    can_edit: bool
    goals: tuple[GoalBlock, ...]
    context: tuple[IndicatorBlock, ...]
    downloads: tuple[Download, ...]
    legend: tuple[LegendLine, ...]
    run: RunBanner


def _block(services: Services, m: MunicipalityFollowup, ind: IndicatorFollowup, lang: str) -> IndicatorBlock:
    index = services.values()
    definition = services.catalog.indicator(ind.indicator_id)
    responses = definition.source is Source.SURVEY
    policy = services.settings.policy
    unit = ind.unit
    periodicity = ind.periodicity

    def cell(v: float | None, hidden: str = "", **kw: Any) -> Cell:
        return figure_cell(v, unit, lang, suppressed=hidden, policy=policy, responses=responses, **kw)

    latest, ytd = ind.latest, ind.year_to_date
    exp = ytd.expected if ytd else None
    t = ind.target
    target = attainment = projection = comment = ""
    if t is not None:
        change = t.kind.value == "change_vs_last_year"
        target = f"{t.kind.label.get(lang)}: {i18n.with_unit(t.target, unit, lang, sign=change, change=change)}"
        comment = t.comment or ""
        if t.attainment_percent is not None:
            attainment = f"{i18n.number(t.attainment_percent, lang, 0)} %"
        if t.projection is not None:
            projection = i18n.with_unit(t.projection, unit, lang, sign=change, change=change)
            if t.projection_lower is not None and t.projection_upper is not None:
                projection += " (" + i18n.text(
                    "interval", lang, lower=i18n.with_unit(t.projection_lower, unit, lang, sign=change, change=change),
                    upper=i18n.with_unit(t.projection_upper, unit, lang, sign=change, change=change)) + ")"
    interval = ""
    if exp and exp.lower is not None and exp.upper is not None:
        interval = i18n.text("interval", lang, lower=i18n.with_unit(exp.lower, unit, lang),
                             upper=i18n.with_unit(exp.upper, unit, lang))
    series = tuple(
        SeriesRow(
            period=i18n.period_label(p.period, p.period, periodicity, lang),
            value=cell(p.value, index.suppressed(ind.indicator_id, ind.area_code, p.period)),
            seasonally_adjusted=cell(p.seasonally_adjusted), country=cell(p.country), cluster=cell(p.cluster),
            expected=cell(p.expected), projected=cell(p.projected),
        )
        for p in ind.series
    )
    area_name = m.name
    local_area = ""
    if ind.area_type == "rar":
        area_name = local_area = rar_areas().get(ind.area_code, ind.area_code)
    return IndicatorBlock(
        id=ind.indicator_id, title=ind.title.get(lang), unit=unit, local_area=local_area,
        latest_period=i18n.period_label(latest.period_to, latest.period_to, periodicity, lang) if latest else "–",
        latest=cell(latest.value if latest else None,
                    index.suppressed(ind.indicator_id, ind.area_code, latest.period_to) if latest else ""),
        ytd_period=i18n.period_label(ytd.period_from, ytd.period_to, periodicity, lang) if ytd else "–",
        ytd=cell(ytd.value if ytd else None,
                 index.suppressed_in(ind.indicator_id, ind.area_code, ytd.period_from, ytd.period_to)
                 if ytd and ytd.value is None else ""),
        change=cell(ytd.change if ytd else None, sign=True, change=True),
        country=cell(ytd.country if ytd else None), cluster=cell(ytd.cluster if ytd else None),
        expected=cell(exp.expected if exp else None), expected_interval=interval,
        difference=cell(exp.difference if exp else None, sign=True, change=True),
        rank=f"{exp.rank} {i18n.text('of', lang)} {exp.ranked}" if exp and exp.rank else "–",
        target=target, target_comment=comment, attainment=attainment, projection=projection,
        status=ind.status.value, status_label=ind.status.label.get(lang),
        vs_last_year=ind.vs_last_year_label.get(lang) if ind.vs_last_year_label else "",
        vs_expected=ind.vs_expected_label.get(lang) if ind.vs_expected_label else "",
        chart=indicator_series_chart(ind, lang=lang, area_name=area_name, width="container"),
        series=series,
    )


def _local(local: LocalIndicator, values: dict[str, list[tuple[str, float]]], lang: str) -> LocalBlock:
    unit = local.unit.value
    target = ""
    if local.target is not None:
        change = local.target.kind.value == "change_vs_last_year"
        kind = TargetKind(local.target.kind.value).label.get(lang)
        shown = i18n.with_unit(local.target.value, unit, lang, sign=change, change=change)
        target = f"{kind}: {shown}"
    return LocalBlock(
        key=local.key, name=local.name, description=local.description, unit=i18n.text(unit, lang),
        direction=i18n.text(local.direction.value, lang), target=target,
        values=tuple((label, i18n.with_unit(v, unit, lang)) for label, v in values.get(local.key, [])),
    )


def downloads(code: str, year: int, indicator_ids: list[str], lang: str) -> tuple[Download, ...]:
    """The figures in every export format, and the results report and the plan (``jobmaal.reports``)."""
    labels = {"csv": "csv", "csv-da": "csv_da", "xlsx": "xlsx", "jsonstat": "jsonstat"}
    out = [Download(i18n.text("results_report", lang), f"/report/{code}/{year}?kind=results&format=pdf",
                    "report-pdf"),
           Download(i18n.text("plan_report", lang), f"/report/{code}/{year}?kind=plan&format=pdf", "plan-pdf")]
    for fmt in DOWNLOAD_FORMATS:
        query = urlencode([("format", fmt), ("area", code), ("area", COUNTRY_CODE),
                           ("period_from", f"{year - 1}-01-01"), ("period_to", f"{year}-12-31"), ("lang", lang)]
                          + [("indicator", i) for i in indicator_ids])
        out.append(Download(i18n.text(labels[fmt], lang), f"/download/values?{query}", fmt))
    return tuple(out)


def municipality_page(services: Services, viewer: User, code: str, year: int, lang: str) -> MunicipalityPage:
    ref = municipality(code)  # UnknownAreaError (404)
    fu = services.followup_one(viewer, ref.code, year)
    m = fu.municipality(ref.code)
    plan: PlanVersion | None = services.visible_plan(viewer, ref.code, year)
    local_values: dict[str, list[tuple[str, float]]] = {}
    if plan is not None and plan.content.local_indicators:
        for v in services.store.local_values(viewer, ref.code, year):
            local_values.setdefault(v.indicator_key, []).append((i18n.month(v.period, lang), v.value))
    goals = []
    cat = services.catalog.year(year)
    blocks = {g.key: g for g in m.goals}
    for goal in cat.goals:
        fg = blocks.get(goal.key)
        locals_ = [li for li in (plan.content.local_indicators if plan else ()) if li.goal == goal.key]
        goals.append(GoalBlock(
            number=goal.number, key=goal.key, title=goal.title.get(lang), explanation=goal.explanation.get(lang),
            no_official_indicator=goal.no_official_indicator.get(lang) if goal.no_official_indicator else None,
            strategy=(plan.content.strategies.get(goal.key) if plan else None),
            indicators=tuple(_block(services, m, i, lang) for i in (fg.indicators if fg else ())),
            local_indicators=tuple(_local(li, local_values, lang) for li in locals_),
        ))
    state = ""
    if plan is not None:
        state = (i18n.text("plan_adopted", lang, date=i18n.date(plan.content.adopted_on), version=plan.version)
                 if plan.state.value == "adopted" else i18n.text("plan_draft", lang, version=plan.version))
    indicator_ids = [i.indicator_id for i in m.indicators()]
    return MunicipalityPage(
        year=year, years=tuple(services.years()), code=ref.code, name=ref.name,
        region=regions().get(ref.region_code, ref.region_code), rar=rar_areas().get(ref.rar_code, ref.rar_code),
        cluster=m.cluster or "–",
        cluster_members=tuple(municipality(c).name for c in m.cluster_members if c != ref.code),
        plan_state=state, can_edit=services.can(viewer, Action.PLAN_EDIT, ref.code), goals=tuple(goals),
        context=tuple(_block(services, m, i, lang) for i in m.context),
        downloads=downloads(ref.code, year, indicator_ids, lang),
        legend=disclosure_legend(lang, services.settings.policy), run=run_banner(services.run(), lang),
    )
