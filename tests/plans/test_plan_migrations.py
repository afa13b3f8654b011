"""The migrations create the schema from nothing, match the table definitions, and guard the audit log."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from jobmaal.errors import PlanStoreError
from jobmaal.plans import PlanStore
from jobmaal.plans.migrate import HEAD_REVISION, VERSION_TABLE, head_revision
from jobmaal.plans.principals import SYSTEM
from jobmaal.plans.tables import metadata


def test_upgrade_creates_every_table_from_an_empty_database(empty_db_url: str) -> None:
    store = PlanStore(empty_db_url)
    try:
        assert store.schema_revision() is None
        with pytest.raises(PlanStoreError, match="jobmaal db upgrade"):
            store.check_schema()
        assert store.upgrade() == head_revision() == "0001"
        store.check_schema()
        names = set(sa.inspect(store.engine).get_table_names())
        assert set(metadata.tables) | {VERSION_TABLE} == names
        # Running it again changes nothing.
        assert store.upgrade() == "0001"
    finally:
        store.close()


def test_the_head_revision_constant_is_the_migration_scripts_head() -> None:
    # check_schema compares with the constant (no Alembic import); a new migration must move it.
    assert head_revision() == HEAD_REVISION


def test_a_database_behind_the_scripts_is_refused(empty_db_url: str) -> None:
    store = PlanStore(empty_db_url)
    try:
        store.upgrade()
        with store.engine.begin() as conn:
            conn.execute(sa.text(f"UPDATE {VERSION_TABLE} SET version_num = '0000'"))
        assert store.schema_revision() == "0000"
        with pytest.raises(PlanStoreError, match=r"at schema revision 0000.*needs revision 0001"):
            store.check_schema()
    finally:
        store.close()


def test_migrated_schema_matches_the_table_definitions(empty_db_url: str) -> None:
    store = PlanStore(empty_db_url)
    try:
        store.upgrade()
        with store.engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True, "version_table": VERSION_TABLE})
            assert compare_metadata(ctx, metadata) == []
    finally:
        store.close()


@pytest.mark.parametrize("statement", ["UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"])
def test_the_database_refuses_to_change_audit_entries(store: PlanStore, statement: str) -> None:
    store.add_user(SYSTEM, "anna", "a long enough password", "ministry")
    assert len(store.audit(SYSTEM)) == 1
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), store.engine.begin() as conn:
        conn.execute(sa.text(statement))
    assert [e.actor for e in store.audit(SYSTEM)] == ["system"]


def test_a_missing_sqlite_file_is_refused_and_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "typo.sqlite"
    store = PlanStore(f"sqlite:///{missing}")
    try:
        with pytest.raises(PlanStoreError, match=r"does not exist.*jobmaal db upgrade"):
            store.check_schema()
    finally:
        store.close()
    assert not missing.exists()


def test_an_unknown_backend_or_memory_database_is_refused() -> None:
    with pytest.raises(PlanStoreError, match="not supported"):
        PlanStore("mysql://localhost/plans")
    with pytest.raises(PlanStoreError, match="in-memory"):
        PlanStore("sqlite://")
