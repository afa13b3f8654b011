"""The front page of a year: the minister's goals, the letter, and per indicator the status of the 98."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jobmaal.analysis.labels import Status
from jobmaal.charts import STATUS_COLOURS, STATUS_ORDER, status_bar_chart
from jobmaal.plans import User
from jobmaal.web import i18n
from jobmaal.web.contexts.common import RunBanner, run_banner
from jobmaal.web.services import Services


@dataclass(frozen=True, slots=True)
class StatusCount:
    status: str  # the code (CSS class)
    label: str
    count: int
    colour: str


@dataclass(frozen=True, slots=True)
class IndicatorSummary:
    id: str
    title: str
    data_period: str  # the latest period with data for the year, e.g. "december 2021"
    counts: tuple[StatusCount, ...]
    with_target: int  # municipalities whose (visible) plan has a target for it
    chart: dict[str, Any]


@dataclass(frozen=True, slots=True)
class GoalSummary:
    number: int
    key: str
    title: str
    explanation: str
    quantifiable: bool
    no_official_indicator: str | None
    indicators: tuple[IndicatorSummary, ...]


@dataclass(frozen=True, slots=True)
class FrontPage:
    year: int
    years: tuple[int, ...]
    letter: str | None
    goals: tuple[GoalSummary, ...]
    context: tuple[IndicatorSummary, ...]
    run: RunBanner


def front_page(services: Services, viewer: User, year: int, lang: str) -> FrontPage:
    fu = services.followup_all(viewer, year)
    cat = services.catalog.year(year)
    first = fu.municipalities[0] if fu.municipalities else None

    def summary(indicator_id: str) -> IndicatorSummary:
        counts = fu.status_counts(indicator_id)
        ind = services.catalog.indicator(indicator_id)
        latest = None
        if first is not None:
            try:
                f = first.indicator(indicator_id).latest
                latest = i18n.period_label(f.period_to, f.period_to, ind.period.value, lang) if f else None
            except KeyError:
                latest = None
        rows = tuple(StatusCount(s.value, s.label.get(lang), counts.get(s, 0), STATUS_COLOURS[s])
                     for s in STATUS_ORDER)
        with_target = sum(n for s, n in counts.items() if s is not Status.NO_TARGET)
        return IndicatorSummary(
            id=indicator_id, title=ind.title.get(lang), data_period=latest or i18n.text("no_data_yet", lang),
            counts=rows, with_target=with_target,
            chart=status_bar_chart(counts, lang=lang, width=300),
        )

    goals = tuple(
        GoalSummary(number=g.number, key=g.key, title=g.title.get(lang), explanation=g.explanation.get(lang),
                    quantifiable=g.quantifiable,
                    no_official_indicator=g.no_official_indicator.get(lang) if g.no_official_indicator else None,
                    indicators=tuple(summary(i) for i in g.indicators))
        for g in cat.goals
    )
    letter = None
    if cat.letter is not None:
        letter = i18n.text("letter", lang, date=cat.letter.date.isoformat(), reference=cat.letter.reference,
                           minister=cat.letter.minister)
    return FrontPage(year=year, years=tuple(services.years()), letter=letter, goals=goals,
                     context=tuple(summary(i) for i in cat.context_indicators),
                     run=run_banner(services.run(), lang))
