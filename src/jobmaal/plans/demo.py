"""Demo users and draft plans for ``jobmaal demo`` — all marked as demo (``is_demo``, "DEMO" in names
and texts). The passwords are public (printed by the demo and written in docs/plans.md): never
seed a production database. Running it again adds only what is missing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jobmaal.errors import PlanNotFound
from jobmaal.plans.local_csv import LocalValueInput
from jobmaal.plans.models import LocalIndicator, LocalTarget, LocalUnit, PlanContent, PlanState, Target, TargetKind
from jobmaal.plans.principals import Role, User
from jobmaal.plans.store import PlanStore
from jobmaal.reference import municipality

DEMO_ACTOR = User(id=None, username="demo-seed", role=Role.ADMIN)
DEMO_YEAR = 2021


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: Role
    municipalities: tuple[str, ...]
    full_name: str


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("demo-admin", "demo-admin-password", Role.ADMIN, (), "DEMO Administrator"),
    DemoUser("demo-ministry", "demo-ministry-password", Role.MINISTRY, (), "DEMO Ministeriet / STAR"),
    DemoUser("demo-randers", "demo-randers-password", Role.EDITOR, ("730",), "DEMO Jobcenter Randers"),
    DemoUser("demo-esbjerg", "demo-esbjerg-password", Role.EDITOR, ("561", "563"),
             "DEMO Jobcenter Esbjerg (Esbjerg og Fanø)"),
    DemoUser("demo-viewer", "demo-viewer-password", Role.VIEWER, ("730",), "DEMO Beskæftigelsesudvalget Randers"),
)
DEMO_MUNICIPALITIES: tuple[str, ...] = ("101", "561", "563", "730")


@dataclass(frozen=True)
class DemoSeed:
    users: tuple[DemoUser, ...]
    plans: tuple[tuple[str, int], ...]  # (municipality code, year) of every demo plan
    created_users: int
    created_plans: int


def _genitive(name: str) -> str:
    return name + ("'" if name[-1] in "sxz" else "s")


def _strategy(goal_title: str, name: str) -> str:
    return (f"[DEMO] {_genitive(name)} indsats for målet \"{goal_title}\": eksempeltekst, der viser, hvor kommunens "
            f"strategi står.\n[DEMO] Example text showing where the municipality's strategy goes.")


def demo_content(code: str, store: PlanStore) -> PlanContent:
    """A plausible draft plan for ``code`` in 2021 (numbers vary a little between municipalities)."""
    mun = municipality(code)
    shift = (int(code) % 7) / 2  # deterministic variation, 0–3
    goals = store.catalog.year(DEMO_YEAR).goals
    strategies = {g.key: _strategy(g.title.da, mun.name) for g in goals}
    starts = max(1.0, round(mun.population / 2500))
    targets = (
        Target(indicator_id="mm17_upskilling_starts", kind=TargetKind.AVERAGE_YEAR, value=starts,
               comment="DEMO: personer pr. måned / persons per month"),
        Target(indicator_id="mm17_upskilling_share", kind=TargetKind.LEVEL_YEAR_END, value=round(2.5 + shift / 3, 1)),
        Target(indicator_id="mm13_refugees_employed_share", kind=TargetKind.LEVEL_YEAR_END, value=42.0 + shift),
        Target(indicator_id="mm13_refugees_190h_share", kind=TargetKind.CHANGE_VS_LAST_YEAR, value=2.0),
        Target(indicator_id="disability_employment_rate", kind=TargetKind.LEVEL_YEAR_END, value=55.0 + shift),
        Target(indicator_id="recruitment_unsuccessful_share", kind=TargetKind.LEVEL_YEAR_END, value=22.0 - shift),
    )
    local = (
        LocalIndicator(
            key="satisfaction", name="DEMO: Tilfredshed med jobcentrets sagsbehandling",
            description="DEMO: Andel borgere, der i kommunens brugerundersøgelse svarer 'tilfreds' eller "
                        "'meget tilfreds'. / Share of citizens satisfied in the municipality's user survey.",
            unit=LocalUnit.PERCENT, direction="higher_is_better", goal="dignified_casework",
            target=LocalTarget(kind=TargetKind.LEVEL_YEAR_END, value=80.0),
        ),
    )
    return PlanContent(state=PlanState.DRAFT, strategies=strategies, targets=targets, local_indicators=local)


def _demo_values(code: str) -> list[LocalValueInput]:
    base = 70.0 + (int(code) % 5)
    return [LocalValueInput("satisfaction", dt.date(DEMO_YEAR, m, 1), round(base + m * 0.8, 1), f"demo month {m}")
            for m in range(1, 7)]


def seed_demo(store: PlanStore) -> DemoSeed:
    """Create (or migrate) the schema, the demo users, draft 2021 plans for a few municipalities and
    some local indicator values."""
    store.upgrade()
    created_users = 0
    for demo in DEMO_USERS:
        try:
            store.user(demo.username)
        except PlanNotFound:
            store.add_user(DEMO_ACTOR, demo.username, demo.password, demo.role, demo.municipalities,
                           full_name=demo.full_name, is_demo=True)
            created_users += 1
    created_plans = 0
    for code in DEMO_MUNICIPALITIES:
        try:
            store.get_plan(DEMO_ACTOR, code, DEMO_YEAR)
        except PlanNotFound:
            store.save_plan(DEMO_ACTOR, code, DEMO_YEAR, demo_content(code, store), base_version=0,
                            note="DEMO: eksempelplan / example plan", is_demo=True)
            store.set_local_values(DEMO_ACTOR, code, _demo_values(code), source="demo")
            created_plans += 1
    return DemoSeed(users=DEMO_USERS, plans=tuple((c, DEMO_YEAR) for c in DEMO_MUNICIPALITIES),
                    created_users=created_users, created_plans=created_plans)
