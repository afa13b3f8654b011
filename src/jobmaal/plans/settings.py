"""Store settings, built once at the edge (CLI, app factory, tests) and passed to ``PlanStore``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class StoreSettings:
    # Login throttling: this many failures in a row lock the account for lock_minutes.
    max_failed_logins: int = 5
    lock_minutes: int = 15
    min_password_length: int = 12
    # Argon2id cost; the defaults are argon2-cffi's (RFC 9106 "low memory" profile).
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    argon2_parallelism: int = 4
    # Token use is recorded at most this often, so API reads do not turn into a write each.
    token_touch_seconds: int = 60
    clock: Callable[[], dt.datetime] = field(default=utc_now)

    @property
    def lock_duration(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.lock_minutes)
