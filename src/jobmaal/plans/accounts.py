"""User accounts: add, list, disable, assign municipalities, change passwords. Every change is audited."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from jobmaal.errors import AccountError, PlanNotFound, UnknownAreaError
from jobmaal.plans import tables as t
from jobmaal.plans.base import StoreBase
from jobmaal.plans.policy import Action, authorize, authorize_own
from jobmaal.plans.principals import MUNICIPAL_ROLES, STORED_ROLES, Role, User
from jobmaal.plans.validation import normalise_municipality

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")
_RESERVED = {"system", "public"}


def _check_username(username: str) -> str:
    name = username.strip().lower()
    if not _USERNAME.match(name) or name in _RESERVED:
        raise AccountError(f"username {username!r}: 2–64 characters a–z, 0–9, '.', '_', '@' or '-', "
                           f"starting with a letter or digit, and not {sorted(_RESERVED)}")
    return name


def _check_role(role: str | Role) -> Role:
    try:
        parsed = Role(role)
    except ValueError:
        parsed = None
    if parsed not in STORED_ROLES:
        raise AccountError(f"role {role!r}: must be one of {[r.value for r in STORED_ROLES]}")
    assert parsed is not None
    return parsed


def _check_municipalities(role: Role, codes: Iterable[str]) -> frozenset[str]:
    try:
        normalised = frozenset(normalise_municipality(c) for c in codes)
    except UnknownAreaError as exc:
        raise AccountError(f"municipalities: {exc}") from exc
    if role in MUNICIPAL_ROLES and not normalised:
        raise AccountError(f"municipalities: a user with role {role.value} needs at least one municipality")
    if role not in MUNICIPAL_ROLES and normalised:
        raise AccountError(f"municipalities: role {role.value} covers every municipality; assign none")
    return normalised


def user_json(user: User) -> dict[str, Any]:
    """A user as written to the audit log (never the password hash)."""
    return {"username": user.username, "role": user.role.value, "municipalities": sorted(user.municipalities),
            "active": user.active, "full_name": user.full_name, "is_demo": user.is_demo}


class AccountOps(StoreBase):
    def _load_users(self, conn: Connection, where: Any = None) -> list[User]:
        query = sa.select(t.users).order_by(t.users.c.username)
        if where is not None:
            query = query.where(where)
        rows = conn.execute(query).mappings().all()
        ids = [r["id"] for r in rows]
        munis: dict[int, set[str]] = {i: set() for i in ids}
        if ids:
            links = conn.execute(sa.select(t.user_municipalities).where(t.user_municipalities.c.user_id.in_(ids)))
            for user_id, code in links:
                munis[user_id].add(code)
        return [
            User(id=r["id"], username=r["username"], role=Role(r["role"]), municipalities=frozenset(munis[r["id"]]),
                 active=r["active"], full_name=r["full_name"], is_demo=r["is_demo"])
            for r in rows
        ]

    def _user_where(self, conn: Connection, where: Any, what: str) -> User:
        found = self._load_users(conn, where)
        if not found:
            raise PlanNotFound(f"no user {what}")
        return found[0]

    def user(self, username: str) -> User:
        """A stored user by username (e.g. to rebuild the user of a web session)."""
        with self._read() as conn:
            return self._user_where(conn, t.users.c.username == username.strip().lower(), repr(username))

    def user_by_id(self, user_id: int) -> User:
        with self._read() as conn:
            return self._user_where(conn, t.users.c.id == user_id, f"with id {user_id}")

    def list_users(self, actor: User) -> list[User]:
        authorize(actor, Action.USERS_MANAGE)
        with self._read() as conn:
            return self._load_users(conn)

    def add_user(
        self,
        actor: User,
        username: str,
        password: str,
        role: str | Role,
        municipalities: Iterable[str] = (),
        *,
        full_name: str = "",
        is_demo: bool = False,
    ) -> User:
        authorize(actor, Action.USERS_MANAGE)
        name, parsed_role = _check_username(username), _check_role(role)
        codes = _check_municipalities(parsed_role, municipalities)
        self.passwords.check_policy(password)
        password_hash = self.passwords.hash(password)
        taken = AccountError(f"username {name!r} is already taken")
        try:
            return self._insert_user(actor, name, parsed_role, codes, password_hash, full_name, is_demo, taken)
        except sa.exc.IntegrityError as exc:  # a concurrent add of the same name won
            raise taken from exc

    def _insert_user(self, actor: User, name: str, role: Role, codes: frozenset[str], password_hash: str,
                     full_name: str, is_demo: bool, taken: AccountError) -> User:
        with self._write() as conn:
            if conn.execute(sa.select(t.users.c.id).where(t.users.c.username == name)).first():
                raise taken
            user_id = conn.execute(
                t.users.insert().values(
                    username=name, full_name=full_name, role=role.value, password_hash=password_hash,
                    active=True, is_demo=is_demo, failed_logins=0, locked_until=None, created_at=self.now(),
                )
            ).inserted_primary_key[0]
            self._link_municipalities(conn, user_id, codes)
            user = User(id=user_id, username=name, role=role, municipalities=codes, full_name=full_name,
                        is_demo=is_demo)
            self._audit(conn, actor, "user.add", "user", name, after=user_json(user))
        return user

    def _link_municipalities(self, conn: Connection, user_id: int, codes: frozenset[str]) -> None:
        conn.execute(t.user_municipalities.delete().where(t.user_municipalities.c.user_id == user_id))
        if codes:
            conn.execute(t.user_municipalities.insert(),
                         [{"user_id": user_id, "municipality_code": c} for c in sorted(codes)])

    def _change_user(self, actor: User, username: str, action: str, **values: Any) -> User:
        with self._write() as conn:
            before = self._user_where(conn, t.users.c.username == username.strip().lower(), repr(username))
            codes = values.pop("municipalities", None)
            if values:
                conn.execute(t.users.update().where(t.users.c.id == before.id).values(**values))
            if codes is not None:
                self._link_municipalities(conn, before.id, codes)  # type: ignore[arg-type]
            after = self._user_where(conn, t.users.c.id == before.id, repr(username))
            self._audit(conn, actor, action, "user", after.username, before=user_json(before), after=user_json(after))
        return after

    def disable_user(self, actor: User, username: str) -> User:
        """Disabled users cannot log in and their tokens stop working; nothing is deleted."""
        authorize(actor, Action.USERS_MANAGE)
        return self._change_user(actor, username, "user.disable", active=False)

    def enable_user(self, actor: User, username: str) -> User:
        authorize(actor, Action.USERS_MANAGE)
        return self._change_user(actor, username, "user.enable", active=True, failed_logins=0, locked_until=None)

    def set_municipalities(self, actor: User, username: str, codes: Iterable[str]) -> User:
        authorize(actor, Action.USERS_MANAGE)
        current = self.user(username)
        return self._change_user(actor, username, "user.set_municipalities",
                                 municipalities=_check_municipalities(current.role, codes))

    def set_password(self, actor: User, username: str, new_password: str) -> None:
        """Oneself, or an administrator for anyone. Also lifts a login lock."""
        target = self.user(username)
        authorize_own(actor, target.id, Action.ACCOUNT_OWN)
        self.passwords.check_policy(new_password)
        self._change_user(actor, username, "user.set_password", password_hash=self.passwords.hash(new_password),
                          failed_logins=0, locked_until=None)
