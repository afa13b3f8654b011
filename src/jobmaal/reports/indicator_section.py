"""One indicator of the results report: the comparison table, the development table, target and sentences."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from jobmaal.analysis.labels import TargetKind
from jobmaal.analysis.objects import Figure, IndicatorFollowup, MunicipalityFollowup, SeriesPoint
from jobmaal.reference import COUNTRY_CODE, rar_areas
from jobmaal.reports import fmt, wording
from jobmaal.reports.disclosed import Suppressions, plain
from jobmaal.reports.meta import periods_between, year_before
from jobmaal.reports.model import IndicatorSection, PendingSvg, Row, Shown, Table, TargetView
from jobmaal.reports.texts import t

ChartMaker = Callable[[IndicatorFollowup, MunicipalityFollowup, str], "str | PendingSvg | None"]


def area_name(ind: IndicatorFollowup, m: MunicipalityFollowup) -> str:
    if ind.area_type == "rar":
        return rar_areas().get(ind.area_code, ind.area_code)
    return m.name


def _span_periods(fig: Figure, periodicity: str) -> list[dt.date]:
    return periods_between(fig.period_from, fig.period_to, periodicity)


def comparison_table(ind: IndicatorFollowup, m: MunicipalityFollowup, sup: Suppressions, lang: str) -> Table:
    unit, per, lat, ytd = ind.unit, ind.periodicity, ind.latest, ind.year_to_date
    area = ind.area_code
    latest_label = fmt.period(lat.period_from, per, lang) if lat else fmt.MISSING
    ytd_periods = _span_periods(ytd, per) if ytd else []
    last_periods = [year_before(p) for p in ytd_periods]
    ytd_label = fmt.span(ytd.period_from, ytd.period_to, per, lang) if ytd else fmt.MISSING
    last_label = (fmt.span(year_before(ytd.period_from), year_before(ytd.period_to), per, lang) if ytd
                  else fmt.MISSING)
    head = ("", f"{t('latest', lang)}: {latest_label}", f"{t('year_to_date', lang)}: {ytd_label}",
            t("change_from", lang, span=last_label))
    ind_id = ind.indicator_id

    def own(fig: Figure | None, periods: list[dt.date]) -> Shown:
        return sup.figure(fig.value if fig else None, unit, indicator=ind_id, area=area, periods=periods)

    def own_change() -> Shown:
        if ytd is not None and ytd.change is not None:
            return plain(ytd.change, unit, lang, as_change=True)
        return sup.figure(None, unit, indicator=ind_id, area=area, periods=ytd_periods + last_periods)

    rows = [Row(area_name(ind, m), (own(lat, [lat.period_from] if lat else []), own(ytd, ytd_periods),
                                    own_change()), "own")]
    if ind.area_type == "municipality":
        rows.append(Row(t("cluster", lang, label=m.cluster or fmt.MISSING),
                        (plain(lat.cluster if lat else None, unit, lang), plain(ytd.cluster if ytd else None, unit,
                                                                                 lang),
                         plain(ytd.cluster_change if ytd else None, unit, lang, as_change=True)), "cluster"))
    rows.append(Row(t("country", lang),
                    (sup.figure(lat.country if lat else None, unit, indicator=ind_id, area=COUNTRY_CODE,
                                periods=[lat.period_from] if lat else []),
                     sup.figure(ytd.country if ytd else None, unit, indicator=ind_id, area=COUNTRY_CODE,
                                periods=ytd_periods),
                     plain(ytd.country_change if ytd else None, unit, lang, as_change=True)), "country"))
    if (lat and lat.expected) or (ytd and ytd.expected):
        rows.append(Row(t("expected_interval", lang),
                        (_expected_cell(lat, unit, lang), _expected_cell(ytd, unit, lang), Shown("")), "expected"))
    return Table(key=f"comparison:{ind_id}", caption=f"{ind.title.get(lang)} – {t('comparison', lang).lower()}",
                 head=head, rows=tuple(rows))


def _expected_cell(fig: Figure | None, unit: str, lang: str) -> Shown:
    exp = fig.expected if fig else None
    if exp is None or exp.expected is None:
        return Shown(fmt.MISSING, unit=unit)
    text = fmt.figure(exp.expected, unit, lang)
    if exp.lower is not None and exp.upper is not None:
        text += f" ({fmt.figure(exp.lower, unit, lang)}{fmt.DASH}{fmt.figure(exp.upper, unit, lang)})"
    return Shown(text, exp.expected, unit=unit)


def _points(ind: IndicatorFollowup, year: int) -> list[SeriesPoint]:
    if ind.periodicity == "month":
        return [p for p in ind.series if p.period.year == year]
    return [p for p in ind.series if year - 2 <= p.period.year <= year]


def development_table(ind: IndicatorFollowup, m: MunicipalityFollowup, year: int, sup: Suppressions,
                      lang: str) -> Table:
    unit, per, area, ind_id = ind.unit, ind.periodicity, ind.area_code, ind.indicator_id
    points = _points(ind, year)
    latest = ind.latest.period_to if ind.latest else None
    if per == "month":
        head = (str(year), *(fmt.short_month(p.period, lang) for p in points))
    else:
        head = ("", *(fmt.period(p.period, per, lang) for p in points))

    def own(p: SeriesPoint, value: float | None, period: dt.date) -> Shown:
        if value is None and latest is not None and period > latest:
            return Shown("", unit=unit)  # not yet published
        return sup.figure(value, unit, indicator=ind_id, area=area, periods=[period])

    rows = [Row(area_name(ind, m), tuple(own(p, p.value, p.period) for p in points), "own"),
            Row(t("same_month_last_year" if per == "month" else "same_period_last_year", lang),
                tuple(own(p, p.last_year, year_before(p.period)) for p in points), "last-year")]
    if ind.area_type == "municipality":
        rows.append(Row(t("cluster", lang, label=m.cluster or fmt.MISSING),
                        tuple(plain(p.cluster, unit, lang) for p in points), "cluster"))
    rows.append(Row(t("country", lang), tuple(
        Shown("", unit=unit) if p.country is None and latest is not None and p.period > latest
        else sup.figure(p.country, unit, indicator=ind_id, area=COUNTRY_CODE, periods=[p.period])
        for p in points), "country"))
    # The expected level and the projection per month are in the chart; the comparison table and the
    # target box give their figures for the year.
    return Table(key=f"development:{ind_id}", caption=f"{ind.title.get(lang)} – {t('development', lang).lower()}",
                 head=head, rows=tuple(rows))


def target_view(ind: IndicatorFollowup, lang: str) -> TargetView | None:
    ta = ind.target
    if ta is None:
        return None
    unit = ind.unit
    as_change = ta.kind is TargetKind.CHANGE_VS_LAST_YEAR

    def val(x: float | None) -> Shown:
        return plain(x, unit, lang, as_change=as_change)

    interval = ""  # a complete year has no uncertainty left to show
    if (ta.projection_lower is not None and ta.projection_upper is not None
            and ta.periods_observed < ta.periods_in_year):
        interval = f"{val(ta.projection_lower).text}{fmt.DASH}{val(ta.projection_upper).text}"
    comment = ta.comment if isinstance(ta.comment, str) else ""  # a missing comment can arrive as NaN
    return TargetView(kind_label=ta.kind.label.get(lang), target=val(ta.target), comment=comment,
                      baseline=val(ta.baseline), so_far=val(ta.so_far), projection=val(ta.projection),
                      projection_interval=interval, status=ta.status.value, status_label=ta.status.label.get(lang))


def _expected_line(ind: IndicatorFollowup, lang: str) -> str:
    ytd = ind.year_to_date
    exp = ytd.expected if ytd else None
    if exp is None or exp.difference is None:
        return ""
    parts = [f"{t('difference', lang)}: {fmt.change(exp.difference, ind.unit, lang)}"]
    if exp.rank is not None:
        parts.append(f"{t('rank', lang)}: {t('rank_of', lang, rank=exp.rank, ranked=exp.ranked)}")
    if exp.comparison_label is not None:
        parts.append(exp.comparison_label.get(lang))
    return " · ".join(parts)


def sentences(ind: IndicatorFollowup, m: MunicipalityFollowup, lang: str, headline: Shown) -> tuple[str, ...]:
    ytd = ind.year_to_date
    if ytd is None or ytd.value is None:
        first = (wording.suppressed_sentence(ind, area_name(ind, m), lang) if headline.is_suppressed
                 else wording.missing_sentence(ind, lang))
        return tuple(s for s in (first, wording.target_sentence(ind, lang)) if s)
    per = ind.periodicity
    out = []
    if ytd.last_year is not None and ytd.change is not None:
        out.append(wording.change_sentence(
            ind, ytd, lang, fmt.span(ytd.period_from, ytd.period_to, per, lang),
            fmt.span(year_before(ytd.period_from), year_before(ytd.period_to), per, lang),
            cluster_alone=m.cluster_members == (m.code,)))
    out += [wording.expected_sentence(ind, ytd, lang), wording.target_sentence(ind, lang)]
    return tuple(s for s in out if s)


def indicator_section(ind: IndicatorFollowup, m: MunicipalityFollowup, year: int, sup: Suppressions, lang: str,
                      chart: ChartMaker | None = None) -> IndicatorSection:
    unit = ind.unit
    ytd = ind.year_to_date
    comparison = comparison_table(ind, m, sup, lang)
    headline = comparison.rows[0].cells[1]
    notes = []
    if ind.area_type == "rar":
        notes.append(t("rar_note", lang, name=area_name(ind, m)))
    if ytd is not None and ytd.value is not None:
        expected_periods = len(periods_between(ytd.period_from, ytd.period_to, ind.periodicity))
        if ytd.periods < expected_periods:
            notes.append(t("periods_note", lang, n=ytd.periods, m=expected_periods))
    return IndicatorSection(
        indicator_id=ind.indicator_id, title=ind.title.get(lang), unit=unit, unit_label=t(unit, lang),
        direction_label=t(ind.direction, lang), area_note=notes[0] if ind.area_type == "rar" else "",
        status=ind.status.value, status_label=ind.status_label.get(lang),
        vs_expected_label=ind.vs_expected_label.get(lang) if ind.vs_expected_label else "",
        vs_last_year_label=ind.vs_last_year_label.get(lang) if ind.vs_last_year_label else "",
        headline=headline,
        span_label=fmt.span(ytd.period_from, ytd.period_to, ind.periodicity, lang) if ytd else fmt.MISSING,
        comparison=comparison, development=development_table(ind, m, year, sup, lang),
        expected_line=_expected_line(ind, lang), target=target_view(ind, lang), notes=tuple(notes),
        sentences=sentences(ind, m, lang, headline),
        chart_svg=chart(ind, m, lang) if chart is not None else None,
    )
