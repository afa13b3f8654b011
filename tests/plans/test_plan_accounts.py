"""Users, Argon2 passwords, login throttling and personal API tokens."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
import sqlalchemy as sa

from jobmaal.errors import AccountError, AccountLocked, AuthenticationFailed, Forbidden
from jobmaal.plans import SYSTEM, PlanStore, Role, StoreSettings
from jobmaal.plans import tables as t

PW = "correct horse battery"


def test_passwords_are_stored_as_argon2id_hashes(store: PlanStore) -> None:
    store.add_user(SYSTEM, "Anna", PW, "editor", ["730", "Aarhus"], full_name="Anna Holm")
    with store.engine.connect() as conn:
        stored = conn.execute(sa.select(t.users.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and PW not in stored
    user = store.authenticate("ANNA ", PW)  # usernames are case-insensitive and trimmed
    assert (user.username, user.role, user.municipalities) == ("anna", Role.EDITOR, frozenset({"730", "751"}))


def test_default_hashing_cost_is_argon2_recommended() -> None:
    settings = StoreSettings()
    assert (settings.argon2_time_cost, settings.argon2_memory_kib, settings.argon2_parallelism) == (3, 65536, 4)


@pytest.mark.parametrize(("args", "message"), [
    (("x", PW, "editor", ["730"]), "username 'x'"),
    (("system", PW, "admin", []), "username 'system'"),
    (("bo", "short", "editor", ["730"]), "password: at least 12 characters"),
    (("bo", PW, "superuser", []), "role 'superuser'"),
    (("bo", PW, "public", []), "role 'public'"),
    (("bo", PW, "editor", []), "needs at least one municipality"),
    (("bo", PW, "ministry", ["730"]), "covers every municipality"),
    (("bo", PW, "viewer", ["411"]), "Christiansø"),
])
def test_bad_user_requests_are_refused(store: PlanStore, args: tuple[Any, ...], message: str) -> None:
    with pytest.raises(AccountError, match=message):
        store.add_user(SYSTEM, *args)
    assert store.list_users(SYSTEM) == []


def test_a_username_is_unique(store: PlanStore) -> None:
    store.add_user(SYSTEM, "bo", PW, "ministry")
    with pytest.raises(AccountError, match="already taken"):
        store.add_user(SYSTEM, "BO", PW, "admin")


def test_wrong_password_unknown_user_and_disabled_user(store: PlanStore) -> None:
    store.add_user(SYSTEM, "bo", PW, "ministry")
    with pytest.raises(AuthenticationFailed, match="wrong username or password"):
        store.authenticate("bo", "not the password")
    with pytest.raises(AuthenticationFailed, match="wrong username or password"):
        store.authenticate("nobody", PW)
    store.disable_user(SYSTEM, "bo")
    with pytest.raises(AuthenticationFailed, match="disabled"):
        store.authenticate("bo", PW)
    store.enable_user(SYSTEM, "bo")
    assert store.authenticate("bo", PW).active


def test_five_failures_lock_the_account_for_fifteen_minutes(store: PlanStore, clock: Any) -> None:
    store.add_user(SYSTEM, "bo", PW, "ministry")
    for _ in range(4):
        with pytest.raises(AuthenticationFailed) as info:
            store.authenticate("bo", "guess")
        assert not isinstance(info.value, AccountLocked)
    with pytest.raises(AccountLocked, match="locked until 2020-12-01 09:15 UTC"):
        store.authenticate("bo", "guess")
    # While locked, even the right password is refused (and not checked).
    clock.advance(minutes=14)
    with pytest.raises(AccountLocked):
        store.authenticate("bo", PW)
    clock.advance(minutes=2)
    assert store.authenticate("bo", PW).username == "bo"
    locks = store.audit(SYSTEM, action="user.locked")
    assert [(e.actor, e.object_id, e.after["failed_logins"]) for e in locks] == [("login-throttle", "bo", 5)]


def test_a_success_resets_the_failure_count(store: PlanStore) -> None:
    store.add_user(SYSTEM, "bo", PW, "ministry")
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            store.authenticate("bo", "guess")
    store.authenticate("bo", PW)
    for _ in range(4):
        with pytest.raises(AuthenticationFailed) as info:
            store.authenticate("bo", "guess")
        assert not isinstance(info.value, AccountLocked)


def test_an_admin_resets_a_password_and_lifts_the_lock(store: PlanStore) -> None:
    store.add_user(SYSTEM, "bo", PW, "ministry")
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            store.authenticate("bo", "guess")
    store.set_password(SYSTEM, "bo", "a brand new password")
    assert store.authenticate("bo", "a brand new password").username == "bo"
    bo = store.user("bo")
    store.set_password(bo, "bo", "my own new password")
    store.add_user(SYSTEM, "eve", PW, "viewer", ["730"])
    with pytest.raises(Forbidden):
        store.set_password(store.user("eve"), "bo", "eve's choice for bo")


def test_a_token_is_shown_once_stored_hashed_and_revocable(store: PlanStore, cast: Any) -> None:
    editor = cast.editor
    created = store.create_token(editor, "mit script")
    secret = created.secret
    assert secret.startswith("jm_") and len(secret) > 40
    assert created.info.prefix == secret[:10] and created.info.active
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(t.api_tokens)).mappings().one()
    assert row["token_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in [str(v) for v in row.values()]
    listed = store.list_tokens(editor)
    assert [(i.name, i.prefix) for i in listed] == [("mit script", secret[:10])]
    assert not hasattr(listed[0], "secret")

    assert store.authenticate_token(secret).username == "randers-editor"
    assert store.list_tokens(editor)[0].last_used_at is not None
    with pytest.raises(AuthenticationFailed, match="unknown or revoked"):
        store.authenticate_token(secret[:-1] + ("A" if secret[-1] != "A" else "B"))

    with pytest.raises(Forbidden):
        store.revoke_token(cast.viewer, created.info.id)
    revoked = store.revoke_token(editor, created.info.id)
    assert revoked.revoked_at is not None
    with pytest.raises(AuthenticationFailed, match="unknown or revoked"):
        store.authenticate_token(secret)
    actions = [e.action for e in store.audit(SYSTEM, action="token.*")]
    assert actions == ["token.create", "token.revoke"]
    assert all(secret not in repr(e) for e in store.audit(SYSTEM, limit=None))


def test_tokens_of_a_disabled_user_stop_working(store: PlanStore, cast: Any) -> None:
    created = store.create_token(cast.editor, "cron")
    store.disable_user(SYSTEM, "randers-editor")
    with pytest.raises(AuthenticationFailed, match="disabled"):
        store.authenticate_token(created.secret)


def test_only_admins_make_tokens_for_others_and_the_system_has_none(store: PlanStore, cast: Any) -> None:
    with pytest.raises(Forbidden):
        store.create_token(cast.editor, "x", username="randers-viewer")
    made = store.create_token(cast.admin, "for viewer", username="randers-viewer")
    assert made.info.username == "randers-viewer"
    with pytest.raises(AccountError, match="cannot have API tokens"):
        store.create_token(SYSTEM, "x")


def test_assigning_municipalities_is_audited(store: PlanStore, cast: Any) -> None:
    updated = store.set_municipalities(SYSTEM, "randers-editor", ["730", "710"])
    assert updated.municipalities == frozenset({"730", "710"})
    entry = store.audit(SYSTEM, action="user.set_municipalities")[0]
    assert (entry.before["municipalities"], entry.after["municipalities"]) == (["730"], ["710", "730"])
    assert "password_hash" not in entry.after
