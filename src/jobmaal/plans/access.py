"""Logging in: passwords with throttling, and personal API tokens (shown once, stored hashed, revocable)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from jobmaal.errors import AccountError, AccountLocked, AuthenticationFailed, PlanNotFound
from jobmaal.plans import tables as t
from jobmaal.plans.accounts import AccountOps
from jobmaal.plans.policy import Action, authorize_own
from jobmaal.plans.principals import Role, User
from jobmaal.plans.records import NewToken, TokenInfo
from jobmaal.plans.tokens import new_token, shown_prefix, token_hash

_WRONG = "forkert brugernavn eller adgangskode / wrong username or password"
_THROTTLE = User(id=None, username="login-throttle", role=Role.PUBLIC)  # the actor of lockouts in the audit


def _locked_message(username: str, until: dt.datetime) -> str:
    when = until.strftime("%Y-%m-%d %H:%M UTC")
    return (f"kontoen {username!r} er låst til {when} efter for mange forkerte login / "
            f"account {username!r} is locked until {when} after too many failed logins")


class AccessOps(AccountOps):
    # -- passwords ---------------------------------------------------------------------------
    def authenticate(self, username: str, password: str) -> User:
        """The user, or ``AuthenticationFailed`` / ``AccountLocked`` (after too many failures)."""
        name = username.strip().lower()
        with self._read() as conn:
            row = conn.execute(sa.select(t.users).where(t.users.c.username == name)).mappings().first()
        if row is None:
            self.passwords.verify(self.passwords.dummy_hash, password)  # same time as a known name
            raise AuthenticationFailed(_WRONG)
        if row["locked_until"] is not None and row["locked_until"] > self.now():
            raise AccountLocked(_locked_message(name, row["locked_until"]))  # no password check while locked
        if not self.passwords.verify(row["password_hash"], password):
            self._record_failure(row["id"], name)
            raise AuthenticationFailed(_WRONG)
        if not row["active"]:
            raise AuthenticationFailed(f"kontoen {name!r} er deaktiveret / account {name!r} is disabled")
        self._record_success(row, password)
        return self.user_by_id(row["id"])

    def _record_failure(self, user_id: int, name: str) -> None:
        limit = self.settings.max_failed_logins
        with self._write() as conn:
            # Atomic increment: concurrent failures are all counted.
            failures = conn.execute(
                t.users.update().where(t.users.c.id == user_id)
                .values(failed_logins=t.users.c.failed_logins + 1).returning(t.users.c.failed_logins)
            ).scalar_one()
            if failures < limit:
                return
            until = self.now() + self.settings.lock_duration
            conn.execute(t.users.update().where(t.users.c.id == user_id).values(failed_logins=0, locked_until=until))
            self._audit(conn, _THROTTLE, "user.locked", "user", name,
                        after={"locked_until": until.isoformat(), "failed_logins": failures})
        raise AccountLocked(_locked_message(name, until))

    def _record_success(self, row: Any, password: str) -> None:
        values: dict[str, Any] = {}
        if row["failed_logins"] or row["locked_until"] is not None:
            values.update(failed_logins=0, locked_until=None)
        if self.passwords.needs_rehash(row["password_hash"]):
            # The hashing cost changed since this password was set; only now do we have the password.
            values["password_hash"] = self.passwords.hash(password)
        if values:
            with self._write() as conn:
                conn.execute(t.users.update().where(t.users.c.id == row["id"]).values(**values))

    # -- API tokens --------------------------------------------------------------------------
    def create_token(self, actor: User, name: str, username: str | None = None) -> NewToken:
        """A new token for ``actor`` (or, for an administrator, for ``username``); the secret is shown once."""
        owner = self.user(username) if username else actor
        if owner.id is None:
            raise AccountError(f"{owner.username!r} is not a stored user and cannot have API tokens")
        authorize_own(actor, owner.id, Action.TOKENS_OWN)
        label = name.strip()
        if not 1 <= len(label) <= 100:
            raise AccountError("token name: 1–100 characters")
        secret = new_token()
        with self._write() as conn:
            token_id = conn.execute(
                t.api_tokens.insert().values(user_id=owner.id, name=label, prefix=shown_prefix(secret),
                                             token_hash=token_hash(secret), created_at=self.now())
            ).inserted_primary_key[0]
            info = self._token_info(conn, token_id)
            self._audit(conn, actor, "token.create", "token", str(token_id), after=_token_json(info))
        return NewToken(info=info, secret=secret)

    def list_tokens(self, actor: User, username: str | None = None) -> list[TokenInfo]:
        owner = self.user(username) if username else actor
        authorize_own(actor, owner.id, Action.TOKENS_OWN)
        with self._read() as conn:
            ids = conn.execute(sa.select(t.api_tokens.c.id).where(t.api_tokens.c.user_id == owner.id)
                               .order_by(t.api_tokens.c.id)).scalars().all()
            return [self._token_info(conn, i) for i in ids]

    def revoke_token(self, actor: User, token_id: int) -> TokenInfo:
        """Revoke one's own token (or, for an administrator, anyone's). Revoking twice changes nothing."""
        with self._write() as conn:
            owner_id = conn.execute(sa.select(t.api_tokens.c.user_id).where(t.api_tokens.c.id == token_id)).scalar()
            if owner_id is None:
                raise PlanNotFound(f"no API token with id {token_id}")
            authorize_own(actor, owner_id, Action.TOKENS_OWN)
            before = self._token_info(conn, token_id)
            if before.revoked_at is not None:
                return before
            conn.execute(t.api_tokens.update().where(t.api_tokens.c.id == token_id).values(revoked_at=self.now()))
            after = self._token_info(conn, token_id)
            self._audit(conn, actor, "token.revoke", "token", str(token_id),
                        before=_token_json(before), after=_token_json(after))
        return after

    def authenticate_token(self, secret: str) -> User:
        """The user of a token; ``AuthenticationFailed`` for an unknown or revoked token or a disabled user."""
        query = (sa.select(t.api_tokens.c.id, t.api_tokens.c.user_id, t.api_tokens.c.revoked_at,
                           t.api_tokens.c.last_used_at)
                 .where(t.api_tokens.c.token_hash == token_hash(secret.strip())))
        with self._read() as conn:
            row = conn.execute(query).first()
        if row is None or row.revoked_at is not None:
            raise AuthenticationFailed("ukendt eller tilbagekaldt API-token / unknown or revoked API token")
        user = self.user_by_id(row.user_id)
        if not user.active:
            raise AuthenticationFailed(f"kontoen {user.username!r} er deaktiveret / account is disabled")
        now = self.now()
        if row.last_used_at is None or now - row.last_used_at > dt.timedelta(seconds=self.settings.token_touch_seconds):
            with self._write() as conn:
                conn.execute(t.api_tokens.update().where(t.api_tokens.c.id == row.id).values(last_used_at=now))
        return user

    def _token_info(self, conn: sa.Connection, token_id: int) -> TokenInfo:
        row = conn.execute(
            sa.select(t.api_tokens, t.users.c.username).join(t.users, t.users.c.id == t.api_tokens.c.user_id)
            .where(t.api_tokens.c.id == token_id)
        ).mappings().one()
        return TokenInfo(id=row["id"], username=row["username"], name=row["name"], prefix=row["prefix"],
                         created_at=row["created_at"], last_used_at=row["last_used_at"],
                         revoked_at=row["revoked_at"])


def _token_json(info: TokenInfo) -> dict[str, Any]:
    return {"id": info.id, "username": info.username, "name": info.name, "prefix": info.prefix,
            "revoked_at": info.revoked_at.isoformat() if info.revoked_at else None}
