"""Database URLs and engines for the plan store: SQLite (default, a file) or PostgreSQL (by URL).

SQLite needs care to be race-free with several writers: writes start with ``BEGIN IMMEDIATE``
(the write lock is taken before anything is read), a busy timeout makes writers wait instead of
failing, WAL lets readers go on while one writes, and foreign keys are switched on.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ArgumentError

from jobmaal.errors import PlanStoreError

DEFAULT_DB_FILE = "jobmaal-plans.sqlite"
ENV_VAR = "JOBMAAL_DB_URL"
WRITE_OPTION = "jobmaal_write"  # execution option: this transaction will write
SQLITE_BUSY_SECONDS = 60.0


def resolve_url(url: str | None = None, environ: dict[str, str] | None = None) -> str:
    """The URL to use: the argument, else ``$JOBMAAL_DB_URL``, else ``jobmaal-plans.sqlite`` here.

    A plain file path is taken as a SQLite file.
    """
    env = os.environ if environ is None else environ
    chosen = url or env.get(ENV_VAR) or DEFAULT_DB_FILE
    if "://" not in chosen:
        return f"sqlite:///{Path(chosen).expanduser().resolve()}"
    if chosen.startswith("postgresql://") or chosen.startswith("postgres://"):
        # psycopg 3 is the installed driver; SQLAlchemy's default would be psycopg2.
        return "postgresql+psycopg://" + chosen.split("://", 1)[1]
    return chosen


def create_plan_engine(url: str) -> Engine:
    """An engine for the plan store, configured for safe concurrent writes on its backend."""
    try:
        parsed = sa.make_url(url)
    except ArgumentError as exc:
        raise PlanStoreError(f"database URL {url!r} is not valid: {exc}") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(parsed)
    if backend == "postgresql":
        # pre_ping: a server restart must not turn into an error on the next request.
        return sa.create_engine(parsed, pool_pre_ping=True, pool_size=5, max_overflow=20)
    raise PlanStoreError(f"database URL {url!r}: backend {backend!r} is not supported; "
                         "use a SQLite file or postgresql+psycopg://")


def _sqlite_engine(url: sa.URL) -> Engine:
    if url.database in (None, "", ":memory:"):
        raise PlanStoreError("an in-memory SQLite plan store is not supported: give a file, "
                             "e.g. sqlite:///jobmaal-plans.sqlite")
    Path(url.database).parent.mkdir(parents=True, exist_ok=True)  # type: ignore[arg-type]
    engine = sa.create_engine(
        url,
        connect_args={"timeout": SQLITE_BUSY_SECONDS, "check_same_thread": False},
        pool_size=5,
        max_overflow=20,
        pool_timeout=SQLITE_BUSY_SECONDS,
    )

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see below)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # IMMEDIATE takes the write lock at once, so two writers can never both read the same
        # base version and then both write; readers keep a plain deferred BEGIN.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE_OPTION) else "BEGIN")

    return engine


@contextmanager
def write_tx(engine: Engine) -> Iterator[Connection]:
    """One transaction that will write: committed on success, rolled back on any error."""
    with engine.connect() as conn:
        conn = conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            yield conn


@contextmanager
def read_tx(engine: Engine) -> Iterator[Connection]:
    """One read-only transaction (a consistent snapshot)."""
    with engine.connect() as conn, conn.begin():
        yield conn
