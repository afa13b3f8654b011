"""What every part of the store shares: the engine, the settings, the catalogue and the audit writer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.engine import Connection, Engine

from jobmaal.catalog import Catalog, default_catalog
from jobmaal.plans import tables as t
from jobmaal.plans.database import create_plan_engine, read_tx, resolve_url, write_tx
from jobmaal.plans.passwords import Passwords
from jobmaal.plans.principals import User
from jobmaal.plans.settings import StoreSettings


class StoreBase:
    def __init__(
        self,
        url: str | None = None,
        *,
        settings: StoreSettings | None = None,
        catalog: Catalog | None = None,
    ) -> None:
        self.url = resolve_url(url)
        self.settings = settings or StoreSettings()
        self.catalog = catalog or default_catalog()
        self.engine: Engine = create_plan_engine(self.url)
        self.passwords = Passwords(self.settings)

    def now(self) -> dt.datetime:
        return self.settings.clock()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with write_tx(self.engine) as conn:
            yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with read_tx(self.engine) as conn:
            yield conn

    def _audit(
        self,
        conn: Connection,
        actor: User,
        action: str,
        object_type: str,
        object_id: str,
        *,
        municipality_code: str | None = None,
        before: Any = None,
        after: Any = None,
    ) -> None:
        """Append one audit entry in the caller's transaction: it lands if and only if the change does."""
        conn.execute(
            t.audit_log.insert().values(
                at=self.now(),
                actor=actor.username,
                action=action,
                object_type=object_type,
                object_id=object_id,
                municipality_code=municipality_code,
                before=before,
                after=after,
            )
        )
