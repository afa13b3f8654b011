"""Alembic environment: always run programmatically with a connection (``jobmaal.plans.migrate``)."""

from __future__ import annotations

from alembic import context

from jobmaal.plans.migrate import VERSION_TABLE
from jobmaal.plans.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run the plan migrations with 'jobmaal db upgrade', not the alembic command")

context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table=VERSION_TABLE,
    render_as_batch=True,  # ALTER TABLE on SQLite goes through table copies
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
