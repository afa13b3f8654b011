"""The indicator page: definition, the 98 municipalities in a sortable, filterable table, a map, a comparison."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from jobmaal.analysis.labels import Status
from jobmaal.analysis.objects import IndicatorFollowup, MunicipalityFollowup
from jobmaal.catalog.models import Indicator, Source
from jobmaal.charts import MapRow, boundary_map_chart, comparison_chart, tile_map_chart
from jobmaal.plans import User
from jobmaal.reference import COUNTRY_CODE, municipalities, rar_areas, regions
from jobmaal.web import i18n
from jobmaal.web.contexts.common import (
    Cell,
    LegendLine,
    Option,
    RunBanner,
    disclosure_legend,
    figure_cell,
    run_banner,
)
from jobmaal.web.services import Services
from jobmaal.web.values import ValueQuery

SORT_KEYS = ("name", "latest", "value", "change", "cluster_value", "expected", "difference", "rank", "status")
DEFAULT_COMPARE = ("101", "751", "461", "851")  # the four largest municipalities
MAX_COMPARE = 8


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    code: str
    name: str
    region: str
    rar: str
    cluster: str
    latest: Cell
    value: Cell  # the year so far
    change: Cell
    cluster_value: Cell
    expected: Cell
    difference: Cell
    rank: Cell
    target: str
    status: str
    status_label: str


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    sort_url: str
    aria_sort: str  # "ascending" / "descending" / "none"


@dataclass(frozen=True, slots=True)
class ComparisonRow:
    period: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True, slots=True)
class IndicatorPage:
    year: int
    id: str
    title: str
    description: str
    goal: str
    unit: str
    direction: str
    source: str
    periodicity: str
    latest_period: str
    ytd_period: str
    columns: tuple[Column, ...]
    rows: tuple[IndicatorRow, ...]
    regions: tuple[Option, ...]
    rars: tuple[Option, ...]
    clusters: tuple[Option, ...]
    map_kind: str  # "tiles" or "boundaries"
    map_colour: str  # "status" or "value"
    map_chart: dict[str, Any]
    compare_options: tuple[Option, ...]
    compare_names: tuple[str, ...]
    comparison_chart: dict[str, Any]
    comparison_rows: tuple[ComparisonRow, ...]
    legend: tuple[LegendLine, ...]
    run: RunBanner


@dataclass(frozen=True)
class IndicatorQuery:
    region: str = ""
    rar: str = ""
    cluster: str = ""
    sort: str = "name"
    order: str = "asc"
    colour: str = ""
    compare: tuple[str, ...] = ()


def _target_text(ind: IndicatorFollowup, lang: str) -> str:
    t = ind.target
    if t is None:
        return ""
    change = t.kind.value == "change_vs_last_year"
    return f"{t.kind.label.get(lang)}: {i18n.with_unit(t.target, ind.unit, lang, sign=change, change=change)}"


def _row(services: Services, m: MunicipalityFollowup, ind: IndicatorFollowup, definition: Indicator, lang: str
         ) -> IndicatorRow:
    index = services.values()
    policy = services.settings.policy
    responses = definition.source is Source.SURVEY
    latest, ytd = ind.latest, ind.year_to_date
    unit = ind.unit

    def cell(v: float | None, hidden: str = "", **kw: Any) -> Cell:
        return figure_cell(v, unit, lang, suppressed=hidden, policy=policy, responses=responses, **kw)

    latest_hidden = index.suppressed(ind.indicator_id, ind.area_code, latest.period_to) if latest else ""
    ytd_hidden = (index.suppressed_in(ind.indicator_id, ind.area_code, ytd.period_from, ytd.period_to)
                  if ytd and ytd.value is None else "")
    exp = ytd.expected if ytd else None
    rank = Cell(text=f"{exp.rank}/{exp.ranked}", sort=float(exp.rank)) if exp and exp.rank else Cell(text="–")
    return IndicatorRow(
        code=m.code, name=m.name, region=m.region_code, rar=m.rar_code, cluster=m.cluster or "",
        latest=cell(latest.value if latest else None, latest_hidden),
        value=cell(ytd.value if ytd else None, ytd_hidden),
        change=cell(ytd.change if ytd else None, sign=True, change=True),
        cluster_value=cell(ytd.cluster if ytd else None),
        expected=cell(exp.expected if exp else None),
        difference=cell(exp.difference if exp else None, sign=True, change=True),
        rank=rank, target=_target_text(ind, lang), status=ind.status.value,
        status_label=ind.status.label.get(lang),
    )


def _sorted(rows: list[IndicatorRow], key: str, order: str) -> list[IndicatorRow]:
    status_rank = {s.value: i for i, s in enumerate(Status)}

    def value(r: IndicatorRow) -> Any:
        if key == "name":
            return i18n.danish_sort_key(r.name)
        if key == "status":
            return status_rank.get(r.status, 99)
        return getattr(r, key).sort

    present = [r for r in rows if value(r) is not None]
    missing = [r for r in rows if value(r) is None]
    present.sort(key=value, reverse=order == "desc")
    return present + missing  # missing and suppressed figures last, whatever the order


def _comparison(services: Services, definition: Indicator, area_type: str, chosen: Sequence[str], lang: str
                ) -> tuple[dict[str, Any], tuple[ComparisonRow, ...], tuple[str, ...]]:
    ref = {m.code: m for m in municipalities()}
    if area_type == "rar":
        names = dict(rar_areas())
        areas = list(dict.fromkeys(ref[c].rar_code for c in chosen))
    else:
        names = {c: ref[c].name for c in chosen}
        areas = list(chosen)
    names[COUNTRY_CODE] = i18n.text("country", lang)
    areas = [COUNTRY_CODE, *areas]
    frame = services.values().query(ValueQuery(indicators=(definition.id,), areas=tuple(areas)))
    frame = frame.assign(period=frame["period"].dt.date)
    series: dict[str, list[tuple[dt.date, float | None]]] = {}
    by_area = {a: g.sort_values("period") for a, g in frame.groupby("area_code")}
    for a in areas:
        g = by_area.get(a)
        if g is not None:
            series[names.get(a, a)] = [(p, None if pd.isna(v) else float(v)) for p, v in zip(g["period"], g["value"],
                                                                                             strict=True)]
    periods = sorted(frame["period"].unique())
    lookup = {(r.area_code, r.period): r for r in frame.itertuples(index=False)}
    rows = []
    for p in periods:
        cells = []
        for a in areas:
            r = lookup.get((a, p))
            v = None if r is None or pd.isna(r.value) else float(r.value)
            cells.append(figure_cell(v, definition.unit.value, lang, suppressed=r.suppressed if r is not None else "",
                                     policy=services.settings.policy,
                                     responses=definition.source is Source.SURVEY))
        rows.append(ComparisonRow(i18n.period_label(p, p, definition.period.value, lang), tuple(cells)))
    chart = comparison_chart(series, unit=definition.unit.value, lang=lang, title=definition.title.get(lang),
                             width="container")
    return chart, tuple(rows), tuple(names.get(a, a) for a in areas)


def indicator_page(services: Services, viewer: User, year: int, indicator_id: str, q: IndicatorQuery, lang: str,
                   base_url: str) -> IndicatorPage:
    definition = services.catalog.indicator(indicator_id)  # CatalogError (404) for an unknown id
    fu = services.followup_all(viewer, year)
    pairs = fu.indicator_rows(indicator_id)
    all_rows = [_row(services, m, ind, definition, lang) for m, ind in pairs]
    rows = [r for r in all_rows if (not q.region or r.region == q.region) and (not q.rar or r.rar == q.rar)
            and (not q.cluster or r.cluster == q.cluster)]
    sort = q.sort if q.sort in SORT_KEYS else "name"
    order = "desc" if q.order == "desc" else "asc"
    rows = _sorted(rows, sort, order)
    labels = {"name": i18n.text("municipality", lang), "latest": i18n.text("latest", lang),
              "value": i18n.text("year_to_date", lang), "change": i18n.text("change", lang),
              "cluster_value": i18n.text("cluster_value", lang), "expected": i18n.text("expected", lang),
              "difference": i18n.text("difference", lang), "rank": i18n.text("rank", lang),
              "status": i18n.text("status", lang)}
    keep = {"region": q.region, "rar": q.rar, "cluster": q.cluster, "colour": q.colour}
    columns = []
    for key in SORT_KEYS:
        next_order = "desc" if key == sort and order == "asc" else "asc"
        params = "&".join(f"{k}={v}" for k, v in {**keep, "sort": key, "order": next_order}.items() if v)
        aria = ("ascending" if order == "asc" else "descending") if key == sort else "none"
        columns.append(Column(key, labels[key], f"{base_url}?{params}#tabel", aria))

    first_ind = pairs[0][1] if pairs else None
    latest = first_ind.latest if first_ind else None
    ytd = first_ind.year_to_date if first_ind else None
    periodicity = definition.period.value
    region_names = regions()
    rar_names = rar_areas()
    clusters = sorted({r.cluster for r in all_rows if r.cluster}, key=lambda c: (len(c), c))

    with_targets = any(r.status != Status.NO_TARGET.value for r in all_rows)
    colour = q.colour if q.colour in ("status", "value") else ("status" if with_targets else "value")
    map_rows = [MapRow(r.code, r.name, r.value.sort, r.value.text, r.status_label) for r in all_rows]
    boundaries = services.settings.boundaries
    if boundaries is not None:
        map_chart = boundary_map_chart(map_rows, "/geo/boundaries.json", color_by=colour, unit=definition.unit.value,
                                       lang=lang, code_property=services.settings.boundary_code_property)
    else:
        map_chart = tile_map_chart(map_rows, color_by=colour, unit=definition.unit.value, lang=lang)

    chosen = [c for c in q.compare if c in {m.code for m in municipalities()}][:MAX_COMPARE] or list(DEFAULT_COMPARE)
    area_type = first_ind.area_type if first_ind else "municipality"
    chart, comparison_rows, names = _comparison(services, definition, area_type, chosen, lang)
    goal_title = next((g.title.get(lang) for g in services.catalog.year(year).goals if g.key == definition.goal),
                      definition.goal) if year in services.catalog.years else definition.goal
    return IndicatorPage(
        year=year, id=indicator_id, title=definition.title.get(lang), description=definition.description.get(lang),
        goal=goal_title, unit=i18n.text(definition.unit.value, lang),
        direction=i18n.text(definition.direction.value, lang),
        source=i18n.text(definition.source.value, lang), periodicity=i18n.text(periodicity, lang)
        if periodicity != "year" else i18n.text("year", lang),
        latest_period=i18n.period_label(latest.period_to, latest.period_to, periodicity, lang) if latest else "–",
        ytd_period=i18n.period_label(ytd.period_from, ytd.period_to, periodicity, lang) if ytd else "–",
        columns=tuple(columns), rows=tuple(rows),
        regions=tuple(Option(c, n, c == q.region) for c, n in region_names.items()),
        rars=tuple(Option(c, n, c == q.rar) for c, n in rar_names.items()),
        clusters=tuple(Option(c, c, c == q.cluster) for c in clusters),
        map_kind="boundaries" if boundaries is not None else "tiles", map_colour=colour, map_chart=map_chart,
        compare_options=tuple(Option(m.code, m.name, m.code in chosen) for m in municipalities()),
        compare_names=names, comparison_chart=chart, comparison_rows=comparison_rows,
        legend=disclosure_legend(lang, services.settings.policy), run=run_banner(services.run(), lang),
    )

