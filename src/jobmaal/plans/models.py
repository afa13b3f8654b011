"""The content of one plan version: state, strategy texts, targets and local indicators.

Immutable, strict pydantic models (a typo in a YAML key is an error). These check the shape
only; checks against the goal catalogue and the value ranges live in ``validation``.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from jobmaal.catalog.models import Direction


class Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TargetKind(StrEnum):
    LEVEL_YEAR_END = "level_year_end"  # the value of the last period of the year
    AVERAGE_YEAR = "average_year"  # the average over the year's periods
    CHANGE_VS_LAST_YEAR = "change_vs_last_year"  # in the indicator's unit (percentage points, persons)


class PlanState(StrEnum):
    DRAFT = "draft"
    ADOPTED = "adopted"


class LocalUnit(StrEnum):
    """Units of a local indicator: the official units plus a free number (e.g. a survey score)."""

    PERSONS = "persons"
    FULL_TIME_PERSONS = "full_time_persons"
    PERCENT = "percent"
    NUMBER = "number"


class Target(Strict):
    """A municipality's target for one official indicator."""

    indicator_id: str = Field(min_length=1, max_length=100)
    kind: TargetKind
    value: float = Field(allow_inf_nan=False)
    comment: str | None = Field(default=None, max_length=2000)


class LocalTarget(Strict):
    """An optional target for a local indicator (same kinds as official targets)."""

    kind: TargetKind
    value: float = Field(allow_inf_nan=False)
    comment: str | None = Field(default=None, max_length=2000)


class LocalIndicator(Strict):
    """An indicator the municipality defines itself, e.g. for a goal without an official indicator."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]{0,62}$")
    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=5000)
    unit: LocalUnit
    direction: Direction
    goal: str = Field(min_length=1, max_length=100, description="key of the goal it follows")
    target: LocalTarget | None = None


class PlanContent(Strict):
    """Everything a save stores: one version of a municipality's plan for a year."""

    state: PlanState = PlanState.DRAFT
    adopted_on: dt.date | None = None
    strategies: dict[str, str] = Field(default_factory=dict, description="goal key → strategy text")
    targets: tuple[Target, ...] = ()
    local_indicators: tuple[LocalIndicator, ...] = ()
    assessment: str = Field(default="", description="the job centre's own assessment of the year's results "
                                                    "(printed in the results report)")

    def target_for(self, indicator_id: str) -> Target | None:
        return next((t for t in self.targets if t.indicator_id == indicator_id), None)

    def local_indicator(self, key: str) -> LocalIndicator | None:
        return next((li for li in self.local_indicators if li.key == key), None)

    def to_json(self) -> dict[str, object]:
        """The JSON stored in the database and in the audit log.

        ``assessment`` (added after the first stores were made) is left out while empty, so plans without
        one are stored, exported and audited exactly as before; versions stored before it existed read
        as an empty assessment."""
        data = self.model_dump(mode="json")
        if not data.get("assessment"):
            data.pop("assessment", None)
        return data


# Strategy texts longer than this are refused (about 30 pages of text).
MAX_STRATEGY_CHARS = 100_000
