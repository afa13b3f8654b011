"""Password hashing with Argon2id (argon2-cffi); hashes carry their own parameters and salt."""

from __future__ import annotations

from functools import cached_property

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from jobmaal.errors import AccountError
from jobmaal.plans.settings import StoreSettings


class Passwords:
    def __init__(self, settings: StoreSettings) -> None:
        self._min_length = settings.min_password_length
        self._hasher = PasswordHasher(
            time_cost=settings.argon2_time_cost,
            memory_cost=settings.argon2_memory_kib,
            parallelism=settings.argon2_parallelism,
        )

    def check_policy(self, password: str) -> None:
        if len(password) < self._min_length:
            raise AccountError(f"password: at least {self._min_length} characters, got {len(password)}")
        if password.strip() != password:
            raise AccountError("password: must not start or end with white space")

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, stored_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(stored_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored_hash: str) -> bool:
        return self._hasher.check_needs_rehash(stored_hash)

    @cached_property
    def dummy_hash(self) -> str:
        """Verified against for unknown usernames, so they take as long as known ones."""
        return self._hasher.hash("jobmaal-no-such-user")
