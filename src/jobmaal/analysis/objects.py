"""The typed results of the follow-up: what every page, API response and report renders as is.

Plain frozen dataclasses; ``to_jsonable`` turns any of them into JSON-ready dicts (ISO dates).
Numbers are in the indicator's unit (percent or persons); ``None`` is a missing figure (e.g. a zero
denominator), never zero.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from dataclasses import dataclass
from enum import Enum
from typing import Any

from jobmaal.analysis.labels import EXPECTED_LABELS, LAST_YEAR_LABELS, Comparison, Status, TargetKind
from jobmaal.catalog import Text


@dataclass(frozen=True, slots=True)
class ExpectedLevel:
    """The model's prediction for the municipality, and where its actual value stands against it."""

    expected: float | None
    lower: float | None
    upper: float | None
    difference: float | None  # actual − expected, in the indicator's unit
    rank: int | None  # 1 = best relative to expected, respecting the direction
    ranked: int  # how many municipalities were ranked
    comparison: Comparison | None  # outside the interval: better or worse; inside: same

    @property
    def comparison_label(self) -> Text | None:
        return EXPECTED_LABELS[self.comparison] if self.comparison else None


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure for a period (the latest) or a span (the year so far), with its comparisons."""

    period_from: dt.date
    period_to: dt.date
    periods: int  # periods behind the figure
    value: float | None
    numerator: float | None  # per period
    denominator: float | None  # per period
    last_year: float | None  # the same period(s) a year earlier
    change: float | None  # value − last_year (percentage points for shares)
    change_percent: float | None  # the change in percent of last_year
    country: float | None
    country_change: float | None
    cluster: float | None  # the pooled value of the municipality's cluster (itself included)
    cluster_change: float | None
    expected: ExpectedLevel | None


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    """One period of the chart series."""

    period: dt.date
    value: float | None
    rolling_year: float | None  # the average over the last year's periods
    seasonally_adjusted: float | None
    last_year: float | None
    country: float | None
    cluster: float | None
    expected: float | None  # only for the periods of the follow-up year
    expected_lower: float | None
    expected_upper: float | None
    projected: float | None  # the projection, for the periods of the year not yet observed


@dataclass(frozen=True, slots=True)
class TargetAssessment:
    """A local target, how far the year has come, where it is heading, and the status."""

    kind: TargetKind
    target: float  # as set: a level, an average, or a change (pp for shares, % for counts)
    comment: str | None
    baseline: float | None  # the same measure last year (0 for a change target)
    so_far: float | None  # the measure on the data so far, in the target's terms
    progress_so_far: float | None  # like-for-like change so far against last year
    attainment_percent: float | None  # progress so far in percent of the progress required
    projection: float | None  # the measure projected to the year's end, in the target's terms
    projection_lower: float | None
    projection_upper: float | None
    ratio: float | None  # projected progress / required progress (Open SDG's R)
    periods_observed: int
    periods_in_year: int
    status: Status

    @property
    def status_label(self) -> Text:
        return self.status.label


@dataclass(frozen=True, slots=True)
class IndicatorFollowup:
    """One indicator for one municipality (or its RAR area, for RAR-level indicators)."""

    indicator_id: str
    title: Text
    unit: str
    direction: str
    periodicity: str
    context: bool
    area_type: str
    area_code: str
    latest: Figure | None
    year_to_date: Figure | None
    series: tuple[SeriesPoint, ...]
    target: TargetAssessment | None
    status: Status
    vs_last_year: Comparison | None
    vs_expected: Comparison | None

    @property
    def status_label(self) -> Text:
        return self.status.label

    @property
    def vs_last_year_label(self) -> Text | None:
        return LAST_YEAR_LABELS[self.vs_last_year] if self.vs_last_year else None

    @property
    def vs_expected_label(self) -> Text | None:
        return EXPECTED_LABELS[self.vs_expected] if self.vs_expected else None


@dataclass(frozen=True, slots=True)
class GoalFollowup:
    number: int
    key: str
    title: Text
    quantifiable: bool
    indicators: tuple[IndicatorFollowup, ...]
    no_official_indicator: Text | None


@dataclass(frozen=True, slots=True)
class ConditionValue:
    key: str
    label: Text
    value: float | None  # None when missing or hidden by disclosure control
    country_average: float | None  # unweighted mean of the municipalities' published values
    suppressed: str = ""  # "primary" or "secondary" when disclosure control hid the value
    explanation: Text | None = None  # why it is hidden (the marker's text), in Danish and English


@dataclass(frozen=True, slots=True)
class MunicipalityFollowup:
    code: str
    name: str
    region_code: str
    rar_code: str
    cluster: str | None
    cluster_members: tuple[str, ...]  # municipality codes, itself included
    conditions: tuple[ConditionValue, ...]
    goals: tuple[GoalFollowup, ...]
    context: tuple[IndicatorFollowup, ...]

    def indicators(self) -> tuple[IndicatorFollowup, ...]:
        return tuple(i for g in self.goals for i in g.indicators) + self.context

    def indicator(self, indicator_id: str) -> IndicatorFollowup:
        for ind in self.indicators():
            if ind.indicator_id == indicator_id:
                return ind
        raise KeyError(indicator_id)


@dataclass(frozen=True, slots=True)
class ModelSummary:
    """The expected-level model of an indicator over the year so far (for the method page)."""

    indicator_id: str
    kind: str
    variables: tuple[str, ...]
    coefficients: tuple[tuple[str, float], ...]
    municipalities: int
    dispersion: float
    between_variance: float


@dataclass(frozen=True, slots=True)
class FollowupResult:
    year: int
    run_id: str
    computed_at: dt.datetime | None
    synthetic: bool
    data_to: dt.date | None  # the latest period in the results
    conditions_source: str  # "registers", "file", "results" or "given"
    clusters_source: str  # "computed" or "file"
    level: float  # the coverage of the intervals, e.g. 0.9
    municipalities: tuple[MunicipalityFollowup, ...]
    models: tuple[ModelSummary, ...]

    def municipality(self, code: str) -> MunicipalityFollowup:
        for m in self.municipalities:
            if m.code == code:
                return m
        raise KeyError(code)

    def indicator_rows(self, indicator_id: str) -> tuple[tuple[MunicipalityFollowup, IndicatorFollowup], ...]:
        """Every municipality's follow-up of one indicator (the indicator page's table)."""
        out = []
        for m in self.municipalities:
            for ind in m.indicators():
                if ind.indicator_id == indicator_id:
                    out.append((m, ind))
        return tuple(out)


    def status_counts(self, indicator_id: str) -> dict[Status, int]:
        """How many municipalities have each status (every status, zeros included; the front page)."""
        counts = dict.fromkeys(Status, 0)
        for _, ind in self.indicator_rows(indicator_id):
            counts[ind.status] += 1
        return counts


def to_jsonable(obj: Any) -> Any:
    """Dataclasses, enums, dates and texts as plain JSON values (NaN becomes null)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Text):
        return {"da": obj.da, "en": obj.en}
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    if isinstance(obj, float):
        return None if math.isnan(obj) or math.isinf(obj) else obj
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    return obj
