"""The typed content of a report: what the HTML templates and the XLSX writer render, and tests check.

Every figure is a ``Shown``: its text as printed (number, disclosure marker or dash), its value for the
XLSX (None when suppressed or missing) and, when suppressed, the marker's explanation. A ``Table`` is
the one shape both the HTML and the XLSX render.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import Future
from dataclasses import dataclass, field


class PendingSvg:
    """A chart image still being drawn (by a chart helper process); ``svg()`` waits for it.

    Lets a report be put together, and its PDF laid out, while its charts are drawn on another core
    (``reports/charts.py``, ``reports/pdf.py``)."""

    __slots__ = ("_future",)

    def __init__(self, future: Future[str]) -> None:
        self._future = future

    def svg(self, timeout: float | None = None) -> str:
        return self._future.result(timeout)

    def done(self) -> bool:
        return self._future.done()


def svg_text(chart: str | PendingSvg | None) -> str | None:
    """The SVG text of a chart, waiting for it if it is still being drawn."""
    return chart.svg() if isinstance(chart, PendingSvg) else chart


@dataclass(frozen=True, slots=True)
class Shown:
    """One printed figure."""

    text: str
    value: float | None = None
    suppressed: str = ""  # "primary", "secondary" or "" (shown or missing)
    note: str = ""  # the explanation of a suppressed figure
    unit: str = ""  # "percent", "persons", … ("" for text); the XLSX number format follows it
    css: str = ""  # extra CSS class (e.g. "projected")

    @property
    def is_suppressed(self) -> bool:
        return bool(self.suppressed)


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    cells: tuple[Shown, ...]
    kind: str = ""  # CSS class of the row: "own", "cluster", "country", "expected", "total"


@dataclass(frozen=True, slots=True)
class Table:
    key: str  # stable name (XLSX sheet blocks, tests)
    caption: str
    head: tuple[str, ...]  # the first is the row-label column
    rows: tuple[Row, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Meta:
    """Cover, running header and footer: who, which year, which data."""

    kind: str  # "results" or "plan"
    lang: str
    title: str
    subtitle: str
    year: int
    municipality_code: str
    municipality: str
    job_centre: str
    region: str
    rar_area: str
    data_month: dt.date | None
    data_month_label: str
    synthetic: bool
    source_line: str
    run_id: str
    computed_at: str
    generated_on: str
    generated_at: dt.datetime


@dataclass(frozen=True, slots=True)
class TargetView:
    kind_label: str
    target: Shown
    comment: str
    baseline: Shown
    so_far: Shown
    projection: Shown
    projection_interval: str
    status: str
    status_label: str


@dataclass(frozen=True, slots=True)
class IndicatorSection:
    indicator_id: str
    title: str
    unit: str
    unit_label: str
    direction_label: str
    area_note: str  # e.g. the RAR-area note ("" when the municipality's own figure)
    status: str  # the status code (CSS class)
    status_label: str
    vs_expected_label: str
    vs_last_year_label: str
    headline: Shown  # the year to date
    span_label: str
    comparison: Table
    development: Table
    expected_line: str
    target: TargetView | None
    notes: tuple[str, ...]
    sentences: tuple[str, ...]
    chart_svg: str | PendingSvg | None = None  # svg_text() gives the text


@dataclass(frozen=True, slots=True)
class LocalSection:
    key: str
    name: str
    description: str
    unit_label: str
    direction_label: str
    target_line: str
    values: Table | None


@dataclass(frozen=True, slots=True)
class GoalSection:
    number: int
    key: str
    title: str
    explanation: str
    no_official_indicator: str
    indicators: tuple[IndicatorSection, ...]
    local: tuple[LocalSection, ...]


@dataclass(frozen=True, slots=True)
class Definition:
    indicator_id: str
    title: str
    description: str
    unit: str
    direction: str
    periodicity: str
    source: str
    official_measure: str


@dataclass(frozen=True, slots=True)
class Appendix:
    definitions: tuple[Definition, ...]
    sources: tuple[str, ...]
    methods: tuple[str, ...]
    cluster_line: str
    legend: tuple[str, ...]
    conditions: Table | None = None


@dataclass(frozen=True, slots=True)
class AssessmentGroup:
    heading: str
    sentences: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ResultsReport:
    meta: Meta
    summary_sentences: tuple[str, ...]
    summary: Table
    goals: tuple[GoalSection, ...]
    context: tuple[IndicatorSection, ...]
    benefits: Table | None
    benefits_intro: str
    assessment: tuple[AssessmentGroup, ...]
    own_assessment: str
    appendix: Appendix
    plan_note: str = ""  # e.g. "there is no plan …"
    kind: str = field(default="results", init=False)

    def tables(self) -> list[Table]:
        """Every table of the report, in reading order (the XLSX's content)."""
        out = [self.summary]
        for g in self.goals:
            for s in g.indicators:
                out += [s.comparison, s.development]
            out += [lc.values for lc in g.local if lc.values is not None]
        for s in self.context:
            out += [s.comparison, s.development]
        if self.benefits is not None:
            out.append(self.benefits)
        if self.appendix.conditions is not None:
            out.append(self.appendix.conditions)
        return out

    def sections(self) -> list[IndicatorSection]:
        return [s for g in self.goals for s in g.indicators] + list(self.context)


@dataclass(frozen=True, slots=True)
class PlanGoal:
    number: int
    key: str
    title: str
    explanation: str
    no_official_indicator: str
    strategy: str
    targets: Table | None
    local: tuple[LocalSection, ...]


@dataclass(frozen=True, slots=True)
class PlanReport:
    meta: Meta
    letter_line: str
    state_line: str
    version_line: str
    demo: bool
    goals: tuple[PlanGoal, ...]
    baseline_note: str
    appendix: Appendix
    plan_note: str = ""
    kind: str = field(default="plan", init=False)

    def tables(self) -> list[Table]:
        out: list[Table] = []
        for g in self.goals:
            if g.targets is not None:
                out.append(g.targets)
            out += [lc.values for lc in g.local if lc.values is not None]
        return out


Report = ResultsReport | PlanReport
