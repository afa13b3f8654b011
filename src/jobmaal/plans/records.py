"""Plain, typed objects the store returns to the CLI, the web and the follow-up."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from jobmaal.plans.models import PlanContent, PlanState


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """One saved version of a plan, without its content."""

    version: int
    state: PlanState
    adopted_on: dt.date | None
    saved_at: dt.datetime
    saved_by: str
    note: str


@dataclass(frozen=True, slots=True)
class PlanVersion:
    """One version of a plan with its content; ``current_version`` is the plan's newest version."""

    municipality_code: str
    year: int
    version: int
    current_version: int
    content: PlanContent
    saved_at: dt.datetime
    saved_by: str
    note: str
    is_demo: bool

    @property
    def is_current(self) -> bool:
        return self.version == self.current_version

    @property
    def state(self) -> PlanState:
        return self.content.state


@dataclass(frozen=True, slots=True)
class PlanSummary:
    """A plan as listed: the version the listing user may see."""

    municipality_code: str
    year: int
    version: int
    current_version: int
    state: PlanState
    adopted_on: dt.date | None
    saved_at: dt.datetime
    is_demo: bool


@dataclass(frozen=True, slots=True)
class SaveResult:
    version: int
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between two versions: a field path and its two values (None: absent)."""

    field: str
    before: Any
    after: Any


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """An API token as listed: never the secret, only its first characters."""

    id: int
    username: str
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True, slots=True)
class NewToken:
    """A token just created: ``secret`` is shown this once and is not stored anywhere."""

    info: TokenInfo
    secret: str


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: dt.datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    municipality_code: str | None
    before: Any
    after: Any


@dataclass(frozen=True, slots=True)
class LocalValue:
    municipality_code: str
    indicator_key: str
    period: dt.date
    value: float
    updated_at: dt.datetime
    updated_by: str
