"""The store enforces exactly the policy: every store operation × role × own and other municipality.

Each operation is tried for real; it must succeed exactly when ``policy.can`` allows its action,
and otherwise raise ``Forbidden`` and change nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from jobmaal.errors import Forbidden
from jobmaal.plans import (
    PUBLIC,
    SYSTEM,
    Action,
    LocalValueInput,
    PlanContent,
    PlanState,
    PlanStore,
    Target,
    TargetKind,
    User,
    can,
    edits,
)

ROLES = ("admin", "ministry", "editor", "viewer", "two_editor", "public", "disabled")


def _setup_plans(store: PlanStore, content: PlanContent, codes: list[str]) -> None:
    """Each plan: version 1 adopted, version 2 a draft on top of it."""
    adopted = edits.with_state(content, PlanState.ADOPTED, dt.date(2020, 12, 10))
    for code in codes:
        store.save_plan(SYSTEM, code, 2021, adopted, base_version=0)
        store.save_plan(SYSTEM, code, 2021, content, base_version=1, note="draft")


def _actor(store: PlanStore, cast: Any, role: str) -> User:
    if role == "public":
        return PUBLIC
    if role == "disabled":
        store.add_user(SYSTEM, "gone", "a long enough password", "editor", ["730"])
        store.disable_user(SYSTEM, "gone")
        return store.user("gone")  # as the web rebuilds it for each request
    return getattr(cast, role)


@pytest.mark.parametrize("scope", ["own", "other"])
@pytest.mark.parametrize("role", ROLES)
def test_every_operation_obeys_the_policy(store: PlanStore, cast: Any, content: PlanContent,
                                          role: str, scope: str) -> None:
    code = {"own": "730", "other": "751"}[scope]
    _setup_plans(store, content, ["730", "751"])
    user = _actor(store, cast, role)
    target = Target(indicator_id="mm17_upskilling_share", kind=TargetKind.LEVEL_YEAR_END, value=9)
    value = [LocalValueInput("satisfaction", dt.date(2021, 3, 1), 77.0)]

    def current() -> int:
        return store.get_plan(SYSTEM, code, 2021).current_version

    operations: list[tuple[str, Action, str | None, Callable[[], object]]] = [
        ("read version 2 (draft)", Action.PLAN_READ_DRAFT, code, lambda: store.get_plan(user, code, 2021, 2)),
        ("list versions", Action.PLAN_READ_DRAFT, code, lambda: store.list_versions(user, code, 2021)),
        ("diff versions", Action.PLAN_READ_DRAFT, code, lambda: store.diff_versions(user, code, 2021, 1, 2)),
        ("read adopted version 1", Action.PLAN_READ_ADOPTED, code, lambda: store.get_plan(user, code, 2021, 1)),
        ("save", Action.PLAN_EDIT, code, lambda: store.save_plan(user, code, 2021, content, current())),
        ("edit a target", Action.PLAN_EDIT, code,
         lambda: store.edit_plan(user, code, 2021, current(), lambda c: edits.with_target(c, target))),
        ("import YAML", Action.PLAN_EDIT, code,
         lambda: store.import_plan_yaml(user, store.export_plan_yaml(SYSTEM, code, 2021))),
        ("enter local values", Action.LOCAL_VALUES_EDIT, code, lambda: store.set_local_values(user, code, value)),
        ("upload local values", Action.LOCAL_VALUES_EDIT, code,
         lambda: store.import_local_values_csv(user, code, "indicator_key,period,value\nsatisfaction,2021-04,70\n")),
        ("read the municipality's audit", Action.AUDIT_READ, code, lambda: store.audit(user, municipality=code)),
        ("list users", Action.USERS_MANAGE, None, lambda: store.list_users(user)),
        ("add a user", Action.USERS_MANAGE, None,
         lambda: store.add_user(user, f"new-{role}-{scope}", "a long enough password", "viewer", [code])),
        ("disable a user", Action.USERS_MANAGE, None, lambda: store.disable_user(user, "randers-viewer")),
    ]
    for name, action, where, operation in operations:
        versions_before = store.list_versions(SYSTEM, code, 2021)
        audit_before = len(store.audit(SYSTEM, limit=None))
        if can(user, action, where):
            operation()
        else:
            with pytest.raises(Forbidden):
                operation()
            assert store.list_versions(SYSTEM, code, 2021) == versions_before, name
            assert len(store.audit(SYSTEM, limit=None)) == audit_before, name


@pytest.mark.parametrize("role", ROLES)
def test_the_current_plan_is_the_draft_for_draft_readers_and_the_adopted_one_for_others(
        store: PlanStore, cast: Any, content: PlanContent, role: str) -> None:
    _setup_plans(store, content, ["730", "751"])
    user = _actor(store, cast, role)
    for code in ("730", "751"):
        if not can(user, Action.PLAN_READ_ADOPTED, code):
            with pytest.raises(Forbidden):
                store.get_plan(user, code, 2021)
            continue
        seen = store.get_plan(user, code, 2021)
        assert seen.version == (2 if can(user, Action.PLAN_READ_DRAFT, code) else 1)
        listed = {p.municipality_code: p.version for p in store.list_plans(user, 2021)}
        assert listed[code] == seen.version


def test_audit_lists_only_what_the_reader_may_see(store: PlanStore, cast: Any, content: PlanContent) -> None:
    _setup_plans(store, content, ["730", "751"])
    editor, ministry, admin, viewer = cast.editor, cast.ministry, cast.admin, cast.viewer
    assert {e.municipality_code for e in store.audit(editor)} == {"730"}
    assert {e.municipality_code for e in store.audit(ministry)} == {"730", "751"}
    assert None in {e.municipality_code for e in store.audit(admin)}  # user changes belong to no municipality
    with pytest.raises(Forbidden):
        store.audit(viewer)
