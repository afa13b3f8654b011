"""The authorisation matrix: every role × every action × own, other and no municipality.

The expected table is written out here by hand, so a change to ``policy.RULES`` must change
this test too. ``test_plan_authorization_store`` checks that the store obeys the same policy.
"""

from __future__ import annotations

import re

import pytest

from jobmaal.errors import Forbidden
from jobmaal.plans import Action, Role, User, authorize, can
from jobmaal.plans.policy import authorize_own

OWN, OTHER = "730", "751"
SCOPES = {"own": OWN, "other": OTHER, "none": None}

# action → role → the scopes (own / other / none) where it is allowed
EXPECTED: dict[Action, dict[Role, set[str]]] = {
    Action.PLAN_READ_ADOPTED: {Role.ADMIN: {"own", "other"}, Role.MINISTRY: {"own", "other"},
                               Role.EDITOR: {"own", "other"}, Role.VIEWER: {"own", "other"},
                               Role.PUBLIC: {"own", "other"}},
    Action.PLAN_READ_DRAFT: {Role.ADMIN: {"own", "other"}, Role.MINISTRY: {"own", "other"},
                             Role.EDITOR: {"own"}, Role.VIEWER: {"own"}, Role.PUBLIC: set()},
    Action.PLAN_EDIT: {Role.ADMIN: {"own", "other"}, Role.MINISTRY: set(), Role.EDITOR: {"own"},
                       Role.VIEWER: set(), Role.PUBLIC: set()},
    Action.LOCAL_VALUES_EDIT: {Role.ADMIN: {"own", "other"}, Role.MINISTRY: set(), Role.EDITOR: {"own"},
                               Role.VIEWER: set(), Role.PUBLIC: set()},
    Action.AUDIT_READ: {Role.ADMIN: {"own", "other", "none"}, Role.MINISTRY: {"own", "other"},
                        Role.EDITOR: {"own"}, Role.VIEWER: set(), Role.PUBLIC: set()},
    Action.USERS_MANAGE: {Role.ADMIN: {"own", "other", "none"}, Role.MINISTRY: set(), Role.EDITOR: set(),
                          Role.VIEWER: set(), Role.PUBLIC: set()},
    Action.TOKENS_OWN: {r: {"own", "other", "none"} for r in (Role.ADMIN, Role.MINISTRY, Role.EDITOR, Role.VIEWER)}
    | {Role.PUBLIC: set()},
    Action.ACCOUNT_OWN: {r: {"own", "other", "none"} for r in (Role.ADMIN, Role.MINISTRY, Role.EDITOR, Role.VIEWER)}
    | {Role.PUBLIC: set()},
}


def _user(role: Role, active: bool = True) -> User:
    # Municipal roles are assigned OWN; other roles have no municipalities.
    munis = frozenset({OWN}) if role in (Role.EDITOR, Role.VIEWER) else frozenset()
    return User(id=1, username=f"u-{role.value}", role=role, municipalities=munis, active=active)


def test_the_expected_table_covers_every_action_and_role() -> None:
    assert set(EXPECTED) == set(Action)
    assert all(set(row) == set(Role) for row in EXPECTED.values())


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("scope", list(SCOPES))
def test_matrix(action: Action, role: Role, scope: str) -> None:
    user, code = _user(role), SCOPES[scope]
    allowed = scope in EXPECTED[action][role]
    assert can(user, action, code) is allowed
    if allowed:
        authorize(user, action, code)
    else:
        with pytest.raises(Forbidden, match=re.escape(action.value)):
            authorize(user, action, code)


@pytest.mark.parametrize("action", list(Action))
def test_a_disabled_user_may_do_nothing(action: Action) -> None:
    for scope in SCOPES.values():
        assert not can(_user(Role.ADMIN, active=False), action, scope)
    with pytest.raises(Forbidden, match="disabled"):
        authorize(_user(Role.ADMIN, active=False), action, OWN)


def test_an_editor_of_two_municipalities_edits_both_and_no_third() -> None:
    editor = User(id=2, username="esbjerg", role=Role.EDITOR, municipalities=frozenset({"561", "563"}))
    assert can(editor, Action.PLAN_EDIT, "561") and can(editor, Action.PLAN_EDIT, "563")
    assert not can(editor, Action.PLAN_EDIT, "730")


def test_forbidden_names_user_action_and_municipality() -> None:
    with pytest.raises(Forbidden) as info:
        authorize(_user(Role.EDITOR), Action.PLAN_EDIT, OTHER)
    assert str(info.value) == ("user 'u-editor' with role editor (assigned: 730) may not do plan.edit "
                               "for municipality 751")


def test_own_things_need_own_action_for_oneself_and_users_manage_for_others() -> None:
    editor, admin = _user(Role.EDITOR), User(id=9, username="root", role=Role.ADMIN)
    authorize_own(editor, 1, Action.TOKENS_OWN)  # its own (id 1)
    with pytest.raises(Forbidden, match=r"users\.manage"):
        authorize_own(editor, 9, Action.TOKENS_OWN)
    authorize_own(admin, 1, Action.TOKENS_OWN)
