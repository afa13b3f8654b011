"""``PlanStore``: the one object through which the CLI, the web and the follow-up use the plan store.

    store = PlanStore("postgresql+psycopg://…")   # or a SQLite file; None: $JOBMAAL_DB_URL or the default
    store.upgrade()                               # create or migrate the schema
    user = store.authenticate("anna", "…")
    plan = store.get_plan(user, "730", 2021)
    store.save_plan(user, "730", 2021, new_content, base_version=plan.version)

Every method that acts for a user takes the acting ``User`` first and asks ``policy`` before
doing anything. The parts live in their own modules (accounts, access, plan_ops, local_ops, audit).
"""

from __future__ import annotations

from types import TracebackType

from jobmaal.plans.access import AccessOps
from jobmaal.plans.audit import AuditOps
from jobmaal.plans.local_ops import LocalValueOps
from jobmaal.plans.migrate import check_schema, current_revision, upgrade
from jobmaal.plans.principals import User
from jobmaal.plans.records import SaveResult
from jobmaal.plans.yaml_io import plan_from_yaml, plan_to_yaml


class PlanStore(AccessOps, LocalValueOps, AuditOps):
    @classmethod
    def open_checked(cls, url: str) -> PlanStore:
        """A store on ``url`` that is at the newest schema (``PlanStoreError`` telling to run ``jobmaal db
        upgrade`` otherwise, with nothing left open)."""
        store = cls(url)
        try:
            store.check_schema()
        except Exception:
            store.close()
            raise
        return store

    # -- schema ------------------------------------------------------------------------------
    def upgrade(self) -> str:
        """Create or migrate the schema to the newest revision; returns it."""
        return upgrade(self.engine)

    def check_schema(self) -> None:
        """``PlanStoreError`` (telling to run ``jobmaal db upgrade``) unless the schema is current."""
        check_schema(self.engine, self.url)

    def schema_revision(self) -> str | None:
        return current_revision(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> PlanStore:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- YAML --------------------------------------------------------------------------------
    def export_plan_yaml(self, user: User, municipality: str, year: int, version: int | None = None) -> str:
        return plan_to_yaml(self.get_plan(user, municipality, year, version))

    def import_plan_yaml(self, user: User, text: str, *, source: str = "plan.yaml", note: str = "") -> SaveResult:
        """Save the file's content as a new version on top of the version the file names."""
        parsed = plan_from_yaml(text, source)
        return self.save_plan(user, parsed.municipality, parsed.year, parsed.content, parsed.base_version,
                              note or f"import of {source}")
