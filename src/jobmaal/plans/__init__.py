"""Municipal plans: targets, strategy texts, local indicators and versions; users, roles, API
tokens and the audit log. SQLAlchemy on SQLite (default) or PostgreSQL; see docs/plans.md."""

from jobmaal.plans.demo import DemoSeed, seed_demo
from jobmaal.plans.local_csv import LocalValueInput, parse_local_values_csv
from jobmaal.plans.models import (
    LocalIndicator,
    LocalTarget,
    LocalUnit,
    PlanContent,
    PlanState,
    Target,
    TargetKind,
)
from jobmaal.plans.policy import Action, authorize, can
from jobmaal.plans.principals import PUBLIC, SYSTEM, Role, User, cli_actor
from jobmaal.plans.records import (
    AuditEntry,
    Change,
    LocalValue,
    NewToken,
    PlanSummary,
    PlanVersion,
    SaveResult,
    TokenInfo,
    VersionInfo,
)
from jobmaal.plans.settings import StoreSettings
from jobmaal.plans.store import PlanStore
from jobmaal.plans.targets import (
    TARGET_COLUMNS,
    local_indicators_frame,
    local_values_frame,
    targets_frame,
    write_targets_csv,
)

__all__ = [
    "PUBLIC",
    "SYSTEM",
    "TARGET_COLUMNS",
    "Action",
    "AuditEntry",
    "Change",
    "DemoSeed",
    "LocalIndicator",
    "LocalTarget",
    "LocalUnit",
    "LocalValue",
    "LocalValueInput",
    "NewToken",
    "PlanContent",
    "PlanState",
    "PlanStore",
    "PlanSummary",
    "PlanVersion",
    "Role",
    "SaveResult",
    "StoreSettings",
    "Target",
    "TargetKind",
    "TokenInfo",
    "User",
    "VersionInfo",
    "authorize",
    "can",
    "cli_actor",
    "local_indicators_frame",
    "local_values_frame",
    "parse_local_values_csv",
    "seed_demo",
    "targets_frame",
    "write_targets_csv",
]
