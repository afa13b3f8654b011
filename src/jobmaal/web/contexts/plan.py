"""The plan editing page: targets, strategy texts, local indicators and state of one plan version."""

from __future__ import annotations

from dataclasses import dataclass

from jobmaal.analysis.labels import TargetKind as KindLabel
from jobmaal.catalog.models import Direction
from jobmaal.plans import Action, LocalUnit, PlanVersion, TargetKind, User
from jobmaal.reference import municipality
from jobmaal.web import i18n
from jobmaal.web.contexts.common import Option
from jobmaal.web.services import Services


@dataclass(frozen=True, slots=True)
class TargetForm:
    indicator_id: str
    title: str
    unit: str
    kinds: tuple[Option, ...]
    value: str  # as the editor typed it, decimal comma in Danish
    comment: str


@dataclass(frozen=True, slots=True)
class GoalForm:
    number: int
    key: str
    title: str
    strategy: str
    targets: tuple[TargetForm, ...]
    no_official_indicator: str | None


@dataclass(frozen=True, slots=True)
class LocalRow:
    key: str
    name: str
    goal: str
    unit: str
    direction: str
    target: str


@dataclass(frozen=True, slots=True)
class PlanPage:
    code: str
    name: str
    year: int
    base_version: int  # the version the forms build on (0: no plan yet)
    state: str
    adopted_on: str
    saved_by: str
    saved_at: str
    can_edit: bool
    goals: tuple[GoalForm, ...]
    local_indicators: tuple[LocalRow, ...]
    goal_options: tuple[Option, ...]
    unit_options: tuple[Option, ...]
    direction_options: tuple[Option, ...]
    kind_options: tuple[Option, ...]
    saved_version: int | None  # after a successful save
    conflict: str  # the conflict message in the page's language ("" when none)
    problems: tuple[str, ...]


def _value(x: float | None, lang: str) -> str:
    if x is None:
        return ""
    text = repr(float(x)).removesuffix(".0")
    return text.replace(".", ",") if lang == "da" else text


def plan_page(services: Services, viewer: User, code: str, year: int, lang: str, *, saved_version: int | None = None,
              conflict: str = "", problems: tuple[str, ...] = ()) -> PlanPage:
    ref = municipality(code)
    services.catalog.year(year)
    plan: PlanVersion | None = services.visible_plan(viewer, ref.code, year)
    content = plan.content if plan is not None else None
    cat = services.catalog.year(year)
    kinds = [(k.value, KindLabel(k.value).label.get(lang)) for k in TargetKind]
    goals = []
    for g in cat.goals:
        targets = []
        for ind_id in g.indicators:
            ind = services.catalog.indicator(ind_id)
            t = content.target_for(ind_id) if content else None
            targets.append(TargetForm(
                indicator_id=ind_id, title=ind.title.get(lang), unit=ind.unit.value,
                kinds=tuple(Option(v, label, t is not None and t.kind.value == v) for v, label in kinds),
                value=_value(t.value if t else None, lang), comment=(t.comment or "") if t else "",
            ))
        goals.append(GoalForm(number=g.number, key=g.key, title=g.title.get(lang),
                              strategy=(content.strategies.get(g.key, "") if content else ""),
                              targets=tuple(targets),
                              no_official_indicator=g.no_official_indicator.get(lang) if g.no_official_indicator
                              else None))
    goal_titles = {g.key: g.title.get(lang) for g in cat.goals}
    locals_ = tuple(
        LocalRow(key=li.key, name=li.name, goal=goal_titles.get(li.goal, li.goal), unit=li.unit.value,
                 direction=i18n.text(li.direction.value, lang),
                 target=(f"{KindLabel(li.target.kind.value).label.get(lang)}: {_value(li.target.value, lang)}"
                         if li.target else ""))
        for li in (content.local_indicators if content else ())
    )
    return PlanPage(
        code=ref.code, name=ref.name, year=year, base_version=plan.version if plan else 0,
        state=(content.state.value if content else "draft"),
        adopted_on=content.adopted_on.isoformat() if content and content.adopted_on else "",
        saved_by=plan.saved_by if plan else "", saved_at=i18n.date(plan.saved_at) if plan else "",
        can_edit=services.can(viewer, Action.PLAN_EDIT, ref.code), goals=tuple(goals), local_indicators=locals_,
        goal_options=tuple(Option(g.key, g.title.get(lang)) for g in cat.goals),
        unit_options=tuple(Option(u.value, u.value) for u in LocalUnit),
        direction_options=tuple(Option(d.value, i18n.text(d.value, lang)) for d in Direction),
        kind_options=tuple(Option(v, label) for v, label in kinds),
        saved_version=saved_version, conflict=conflict, problems=problems,
    )
