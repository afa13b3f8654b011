"""Who is acting: a stored user, the command line (system) or an anonymous visitor."""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"  # everything, including users
    MINISTRY = "ministry"  # reads every municipality's plans, drafts included
    EDITOR = "editor"  # edits the plans of its assigned municipalities
    VIEWER = "viewer"  # reads the plans (drafts included) of its assigned municipalities
    PUBLIC = "public"  # not logged in: adopted plans only; never a stored user's role


STORED_ROLES: tuple[Role, ...] = (Role.ADMIN, Role.MINISTRY, Role.EDITOR, Role.VIEWER)
# Roles whose rights depend on the municipalities assigned to the user.
MUNICIPAL_ROLES: frozenset[Role] = frozenset({Role.EDITOR, Role.VIEWER})


@dataclass(frozen=True, slots=True)
class User:
    """An acting principal; ``id`` is None for the system and the public."""

    id: int | None
    username: str
    role: Role
    municipalities: frozenset[str] = field(default_factory=frozenset)
    active: bool = True
    full_name: str = ""
    is_demo: bool = False

    @property
    def is_stored(self) -> bool:
        return self.id is not None


SYSTEM = User(id=None, username="system", role=Role.ADMIN)
PUBLIC = User(id=None, username="public", role=Role.PUBLIC)


def cli_actor() -> User:
    """The command line has direct database access and so acts as administrator, named by OS user."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        name = "unknown"
    return User(id=None, username=f"cli:{name}", role=Role.ADMIN)
