"""Pieces every page context shares: a figure cell (with the disclosure marker), the run banner, the layout."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jobmaal.analysis.results import RunInfo
from jobmaal.disclosure import DisclosurePolicy, legend, marker
from jobmaal.web import i18n


@dataclass(frozen=True, slots=True)
class Cell:
    """A figure as shown: its text, a number to sort by (None sorts last), and for a figure hidden by
    disclosure control the marker and its explanation (never a 0 or a bare blank)."""

    text: str
    sort: float | None = None
    marker: str = ""
    note: str = ""

    @property
    def suppressed(self) -> bool:
        return bool(self.marker)


def figure_cell(value: float | None, unit: str, lang: str, *, suppressed: str = "", policy: DisclosurePolicy,
                responses: bool = False, sign: bool = False, change: bool = False) -> Cell:
    if value is None and suppressed:
        m = marker(suppressed, lang, policy, responses=responses)
        assert m is not None
        return Cell(text=m.symbol, sort=None, marker=m.symbol, note=m.text)
    if value is None:
        return Cell(text="–", sort=None, note=i18n.text("missing", lang))
    return Cell(text=i18n.with_unit(value, unit, lang, sign=sign, change=change), sort=float(value))


@dataclass(frozen=True, slots=True)
class RunBanner:
    """Which data the page shows: shown on every page (the synthetic-data banner, the source)."""

    run_id: str
    synthetic: bool
    source: str | None  # shown as "Kilde: …" unless the data are the registers themselves
    computed_at: str
    data_to: str  # the latest data month, e.g. "december 2021"


def run_banner(run: RunInfo, lang: str) -> RunBanner:
    source = run.source if run.source and run.source != "registers" else None
    return RunBanner(run_id=run.run_id, synthetic=run.synthetic, source=source,
                     computed_at=i18n.date(run.computed_at), data_to=i18n.month(run.period_to, lang))


@dataclass(frozen=True, slots=True)
class LegendLine:
    symbol: str
    text: str


def disclosure_legend(lang: str, policy: DisclosurePolicy) -> tuple[LegendLine, ...]:
    return tuple(LegendLine(m.symbol, m.text) for m in legend(lang, policy))


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    label: str
    selected: bool = False


def iso_month(day: dt.date | None) -> str:
    return day.isoformat()[:7] if day else ""
