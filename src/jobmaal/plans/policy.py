"""Every authorisation decision of jobmaal, in one table: role × action × municipality.

The store, the CLI and the web call ``authorize`` (raises ``Forbidden``) or ``can`` (a bool);
nothing else decides who may do what. See docs/plans.md for the matrix in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from jobmaal.errors import Forbidden
from jobmaal.plans.principals import Role, User


class Action(StrEnum):
    PLAN_READ_ADOPTED = "plan.read_adopted"  # an adopted version: public documents
    PLAN_READ_DRAFT = "plan.read_draft"  # the current version whatever its state, all versions, diffs
    PLAN_EDIT = "plan.edit"  # save a new version (texts, targets, local indicators, state)
    LOCAL_VALUES_EDIT = "local_values.edit"  # enter values of local indicators (form or CSV)
    AUDIT_READ = "audit.read"  # entries of a municipality; municipality None = entries of no municipality
    USERS_MANAGE = "users.manage"  # add, disable, assign; revoke anyone's tokens
    TOKENS_OWN = "tokens.own"  # create, list and revoke one's own API tokens
    ACCOUNT_OWN = "account.own"  # change one's own password


@dataclass(frozen=True)
class Rule:
    """Who may do an action: anywhere (also with no municipality), for any municipality, or for own ones."""

    everywhere: frozenset[Role] = frozenset()
    any_municipality: frozenset[Role] = frozenset()
    own_municipality: frozenset[Role] = frozenset()


def _roles(*roles: Role) -> frozenset[Role]:
    return frozenset(roles)


A, M, E, V, P = Role.ADMIN, Role.MINISTRY, Role.EDITOR, Role.VIEWER, Role.PUBLIC

RULES: dict[Action, Rule] = {
    Action.PLAN_READ_ADOPTED: Rule(any_municipality=_roles(A, M, E, V, P)),
    Action.PLAN_READ_DRAFT: Rule(any_municipality=_roles(A, M), own_municipality=_roles(E, V)),
    Action.PLAN_EDIT: Rule(any_municipality=_roles(A), own_municipality=_roles(E)),
    Action.LOCAL_VALUES_EDIT: Rule(any_municipality=_roles(A), own_municipality=_roles(E)),
    Action.AUDIT_READ: Rule(everywhere=_roles(A), any_municipality=_roles(M), own_municipality=_roles(E)),
    Action.USERS_MANAGE: Rule(everywhere=_roles(A)),
    Action.TOKENS_OWN: Rule(everywhere=_roles(A, M, E, V)),
    Action.ACCOUNT_OWN: Rule(everywhere=_roles(A, M, E, V)),
}


def can(user: User, action: Action, municipality_code: str | None = None) -> bool:
    """True when ``user`` may do ``action`` for ``municipality_code`` (None: not about one municipality)."""
    if not user.active:
        return False
    rule = RULES[action]
    if user.role in rule.everywhere:
        return True
    if municipality_code is None:
        return False
    if user.role in rule.any_municipality:
        return True
    return user.role in rule.own_municipality and municipality_code in user.municipalities


def authorize(user: User, action: Action, municipality_code: str | None = None) -> None:
    """Raise ``Forbidden`` unless ``can(user, action, municipality_code)``."""
    if can(user, action, municipality_code):
        return
    if not user.active:
        raise Forbidden(f"user {user.username!r} is disabled")
    where = f" for municipality {municipality_code}" if municipality_code else ""
    own = f" (assigned: {', '.join(sorted(user.municipalities)) or 'none'})" if user.municipalities else ""
    raise Forbidden(f"user {user.username!r} with role {user.role.value}{own} may not do {action.value}{where}")


def authorize_own(user: User, owner_id: int | None, own_action: Action) -> None:
    """For a user's own things (password, tokens): ``own_action`` for oneself, else ``USERS_MANAGE``."""
    if user.id is not None and user.id == owner_id:
        authorize(user, own_action)
    else:
        authorize(user, Action.USERS_MANAGE)
