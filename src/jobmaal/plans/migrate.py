"""Run the plan store's Alembic migrations programmatically (no alembic.ini needed).

Alembic is imported only to migrate: checking that a database is current (what every command that
reads plans does first) reads the version table with one query and compares it with ``HEAD_REVISION``,
which a test keeps equal to the migration scripts' head. That keeps Alembic's import (0.15 s) out of a
one-off ``jobmaal report``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from jobmaal.errors import PlanStoreError
from jobmaal.plans.database import WRITE_OPTION

if TYPE_CHECKING:
    from alembic.config import Config

# Its own version table, so the plan store can share a PostgreSQL database with other schemas.
VERSION_TABLE = "jobmaal_plans_version"
_SCRIPTS = Path(__file__).with_name("migrations")
_LOCK_KEY = 7_472_001  # any fixed number: the advisory lock of plan migrations
HEAD_REVISION = "0001"  # the newest migration in migrations/versions (tests/plans: equal to Alembic's head)


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    return config


def head_revision() -> str:
    """The head of the migration scripts, as Alembic finds it."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None, "the plan migrations have no head revision"
    return head


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision (None for a database without the plan tables)."""
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table(VERSION_TABLE):
            return None
        revisions = conn.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    if len(revisions) > 1:  # branches: Alembic's own error names them
        raise PlanStoreError(f"the plan database has several schema revisions ({', '.join(sorted(revisions))})")
    return revisions[0] if revisions else None


def upgrade(engine: Engine, revision: str = "head") -> str:
    """Create or migrate the schema to ``revision``; returns the revision reached."""
    from alembic import command

    config = _config()
    with engine.connect() as conn:
        # A write transaction, so SQLite takes its write lock before Alembic reads its version table.
        conn = conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            if conn.dialect.name == "postgresql":
                # Two servers starting at once must not both create the tables.
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
    reached = current_revision(engine)
    assert reached is not None
    return reached


def check_schema(engine: Engine, url: str) -> None:
    """Raise ``PlanStoreError`` unless the database is at the newest schema revision.

    A SQLite file that does not exist is refused before connecting: connecting would create it, and a
    command that only reads plans must not leave an empty database behind (e.g. after a mistyped --db)."""
    database = engine.url.database
    if engine.url.get_backend_name() == "sqlite" and database and not Path(database).exists():
        raise PlanStoreError(f"the plan database {database} does not exist: check --db, or run "
                             f"'jobmaal db upgrade --db {database}' to create it")
    current, head = current_revision(engine), HEAD_REVISION
    if current != head:
        state = "empty (no plan tables)" if current is None else f"at schema revision {current}"
        raise PlanStoreError(f"the plan database {_safe(url)} is {state}, jobmaal needs revision {head}: "
                             f"run 'jobmaal db upgrade --db {_safe(url)}'")


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    return sa.make_url(url).render_as_string(hide_password=True)
