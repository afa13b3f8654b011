"""The JSON API's response and request models (they make the OpenAPI document)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from jobmaal.analysis.objects import MunicipalityFollowup
from jobmaal.plans import PlanContent


class TextOut(BaseModel):
    da: str
    en: str


class RunOut(BaseModel):
    run_id: str
    computed_at: dt.datetime | None
    synthetic: bool = Field(description="true when the figures come from the synthetic generator")
    source: str | None = Field(description='"registers" or e.g. "Jobindsats.dk"')
    period_from: dt.date | None
    period_to: dt.date | None


class GoalOut(BaseModel):
    number: int
    key: str
    title: TextOut
    explanation: TextOut
    quantifiable: bool
    indicators: list[str]
    no_official_indicator: TextOut | None


class LetterOut(BaseModel):
    date: dt.date
    reference: str
    minister: str


class GoalsOut(BaseModel):
    year: int
    letter: LetterOut | None
    goals: list[GoalOut]
    context_indicators: list[str]


class IndicatorOut(BaseModel):
    id: str
    title: TextOut
    description: TextOut
    goal: str
    unit: str
    direction: str
    source: str
    period: str
    breakdowns: list[str]
    context: bool


class AreaOut(BaseModel):
    area_type: str
    code: str
    name: str
    region_code: str | None
    rar_code: str | None


class ValueOut(BaseModel):
    indicator_id: str
    area_type: str
    area_code: str
    period: dt.date
    breakdown: str
    breakdown_value: str
    value: float | None = Field(description="null when suppressed (see marker) or missing")
    numerator: float | None
    denominator: float | None
    suppressed: str | None = Field(description='"primary" or "secondary" when hidden by disclosure control')
    marker: str | None = Field(description='"[d]" when suppressed')
    explanation: TextOut | None = Field(description="why the figure is hidden, in Danish and English")


class ValuesPage(BaseModel):
    run: RunOut
    total: int = Field(description="rows matching the filters")
    limit: int
    offset: int
    next: str | None = Field(description="the URL of the next page, or null")
    items: list[ValueOut]


class SuppressedFigure(BaseModel):
    indicator_id: str = Field(description="the indicator, or the framework condition's key")
    figure: str = Field(description='"latest", "year_to_date" or "condition" (a framework condition)')
    marker: str
    explanation: TextOut


class FollowupOut(BaseModel):
    year: int
    run: RunOut
    municipality: MunicipalityFollowup
    suppressed: list[SuppressedFigure] = Field(description="figures of the follow-up that disclosure control hid")


class PlanSummaryOut(BaseModel):
    municipality_code: str
    year: int
    version: int
    current_version: int
    state: str
    adopted_on: dt.date | None
    saved_at: dt.datetime
    is_demo: bool


class PlanOut(BaseModel):
    municipality_code: str
    year: int
    version: int
    current_version: int
    saved_at: dt.datetime
    saved_by: str
    note: str
    is_demo: bool
    content: PlanContent


class PlanSaveIn(BaseModel):
    base_version: int = Field(ge=0, le=2_000_000_000, description="the version the change builds on (0: new plan)")
    content: PlanContent
    note: str = Field("", max_length=500)


class SaveOut(BaseModel):
    version: int
    warnings: list[str]


class VersionOut(BaseModel):
    version: int
    state: str
    adopted_on: dt.date | None
    saved_at: dt.datetime
    saved_by: str
    note: str


class MeOut(BaseModel):
    username: str
    role: str
    municipalities: list[str]
