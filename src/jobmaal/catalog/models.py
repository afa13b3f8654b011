"""Immutable, strict models of goals, indicators and their measures.

Indicators are data: the engine dispatches on ``measure.kind`` (a pydantic
discriminated union), so a new indicator of an existing kind is a YAML entry.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

BENEFIT_GROUPS: tuple[str, ...] = (
    "a_dagpenge",
    "kontanthjaelp",
    "uddannelseshjaelp",
    "selvforsoergelsesydelse",
    "sygedagpenge",
    "jobafklaring",
    "ressourceforloeb",
    "ledighedsydelse",
    "fleksjob",
    "revalidering",
    "foertidspension",
    "efterloen",
)
ACTIVITY_TYPES: tuple[str, ...] = (
    "ordinary_education",
    "job_oriented_education",
    "adult_apprenticeship",
    "guidance_upskilling",
    "company_internship",
    "wage_subsidy",
)
RESIDENCE_BASES: tuple[str, ...] = ("refugee", "family_reunified_refugee", "other_immigrant", "native")


class Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(Strict):
    """A text in Danish with its English translation."""

    da: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.da


class Unit(StrEnum):
    PERSONS = "persons"
    FULL_TIME_PERSONS = "full_time_persons"
    PERCENT = "percent"


class Direction(StrEnum):
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


class Source(StrEnum):
    REGISTER = "register"
    SURVEY = "survey"
    AGGREGATED_TABLE = "aggregated_table"


class Period(StrEnum):
    MONTH = "month"
    HALF_YEAR = "half_year"
    YEAR = "year"


class AgeRange(Strict):
    """Completed years on the period's last day, both ends inclusive."""

    min: int = Field(ge=0, le=120)
    max: int = Field(ge=0, le=120)

    @model_validator(mode="after")
    def _ordered(self) -> AgeRange:
        if self.min > self.max:
            raise ValueError(f"age min {self.min} is above max {self.max}")
        return self


def _check_members(values: tuple[str, ...], allowed: tuple[str, ...], what: str) -> None:
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise ValueError(f"unknown {what} {unknown}; allowed: {list(allowed)}")


class FulltimeShare(Strict):
    """Full-time persons on benefits in percent of the resident population of an age."""

    kind: Literal["fulltime_share"]
    benefit_groups: tuple[str, ...]
    age: AgeRange

    @model_validator(mode="after")
    def _known(self) -> FulltimeShare:
        _check_members(self.benefit_groups, BENEFIT_GROUPS, "benefit group")
        return self


class ActivityStarts(Strict):
    """Distinct persons starting an activity while on a benefit in the week of the start."""

    kind: Literal["activity_starts"]
    activity_types: tuple[str, ...]
    benefit_groups: tuple[str, ...]

    @model_validator(mode="after")
    def _known(self) -> ActivityStarts:
        _check_members(self.activity_types, ACTIVITY_TYPES, "activity type")
        _check_members(self.benefit_groups, BENEFIT_GROUPS, "benefit group")
        return self


class StartsShare(Strict):
    """An activity-starts indicator in percent of the distinct benefit recipients of the month."""

    kind: Literal["starts_share"]
    numerator_indicator: str
    benefit_groups: tuple[str, ...]

    @model_validator(mode="after")
    def _known(self) -> StartsShare:
        _check_members(self.benefit_groups, BENEFIT_GROUPS, "benefit group")
        return self


class WageHoursCondition(Strict):
    """Wage hours summed over the period's last ``months`` months (window), compared to a threshold."""

    columns: tuple[Literal["unsupported_wage_hours", "supported_wage_hours"], ...]
    months: int = Field(ge=1, le=12)
    min_hours: float = Field(ge=0)
    strict: bool = Field(description="True: hours > min_hours; False: hours >= min_hours")
    window_end: Literal["period_end", "november"] = "period_end"


class Population(Strict):
    """Persons resident on the period's last day, filtered on person attributes."""

    age: AgeRange
    residence_basis: tuple[str, ...] | None = None
    permit_from: dt.date | None = Field(
        default=None, description="first_residence_permit_date from this date up to the period's last day"
    )
    disability: bool | None = None

    @model_validator(mode="after")
    def _known(self) -> Population:
        if self.residence_basis is not None:
            _check_members(self.residence_basis, RESIDENCE_BASES, "residence basis")
        return self


class PopulationShare(Strict):
    """Share of a resident population meeting a wage-hours condition."""

    kind: Literal["population_share"]
    population: Population
    condition: WageHoursCondition


class AggregateRatio(Strict):
    """100 × sum(numerator) / sum(denominator) of an aggregated table, by its own area level."""

    kind: Literal["aggregate_ratio"]
    table: Literal["recruitment"]
    numerator: str
    denominator: str
    area_level: Literal["rar"]


Measure = Annotated[
    FulltimeShare | ActivityStarts | StartsShare | PopulationShare | AggregateRatio,
    Field(discriminator="kind"),
]


class BreakdownKind(StrEnum):
    PERSON = "person"  # restricts numerator and denominator alike
    EVENT = "event"  # restricts the numerator only: values add up to the total


class Breakdown(Strict):
    """A way to split an indicator; declared once, referenced by id from indicators."""

    id: str
    title: Text
    kind: BreakdownKind
    attribute: Literal["sex", "age_group", "education", "benefit_group"]
    # value → label; for age_group the values are "min-max" ranges
    values: dict[str, Text]


class Indicator(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: Text
    description: Text
    goal: str = Field(description="stable key of the goal it follows, e.g. refugees_self_supporting")
    unit: Unit
    direction: Direction
    source: Source
    period: Period
    breakdowns: tuple[str, ...] = ()
    official_measure: str | None = None
    context: bool = Field(default=False, description="a context indicator, not a goal measure")
    measure: Measure


class Goal(Strict):
    number: int = Field(ge=1)
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: Text
    explanation: Text
    quantifiable: bool
    indicators: tuple[str, ...] = ()
    no_official_indicator: Text | None = Field(
        default=None, description="why there is no official indicator, and what municipalities do instead"
    )

    @model_validator(mode="after")
    def _indicator_or_reason(self) -> Goal:
        if not self.indicators and self.no_official_indicator is None:
            raise ValueError(f"goal {self.number} has no indicators and no 'no_official_indicator' note")
        return self


class Letter(Strict):
    date: dt.date
    reference: str
    minister: str


class YearCatalog(Strict):
    year: int = Field(ge=2000, le=2100)
    version: int = Field(ge=1, description="bumped whenever the file changes")
    letter: Letter | None = None
    goals: tuple[Goal, ...]
    context_indicators: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _numbers(self) -> YearCatalog:
        numbers = [g.number for g in self.goals]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"goals must be numbered 1..{len(numbers)} in order, got {numbers}")
        return self

    def indicator_ids(self) -> tuple[str, ...]:
        ids: list[str] = []
        for goal in self.goals:
            ids += [i for i in goal.indicators if i not in ids]
        return tuple(ids) + tuple(i for i in self.context_indicators if i not in ids)
