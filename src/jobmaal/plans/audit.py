"""Reading the append-only audit log, filtered, within what the reader may see.

Entries are written by ``StoreBase._audit`` in the same transaction as the change they record;
the database refuses UPDATE and DELETE on the table (triggers from the first migration).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import fields

import sqlalchemy as sa

from jobmaal.plans import tables as t
from jobmaal.plans.base import StoreBase
from jobmaal.plans.policy import Action, authorize, can
from jobmaal.plans.principals import User
from jobmaal.plans.records import AuditEntry
from jobmaal.plans.validation import normalise_municipality
from jobmaal.reference import municipalities


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=dt.UTC)


class AuditOps(StoreBase):
    def audit(
        self,
        user: User,
        *,
        actor: str | None = None,
        municipality: str | None = None,
        action: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        limit: int | None = 1000,
    ) -> list[AuditEntry]:
        """Entries oldest first. ``action`` ending in ``*`` is a prefix (``plan.*``); dates are UTC days,
        both inclusive."""
        query = sa.select(t.audit_log).order_by(t.audit_log.c.id)
        if municipality is not None:
            code = normalise_municipality(municipality)
            authorize(user, Action.AUDIT_READ, code)
            query = query.where(t.audit_log.c.municipality_code == code)
        elif not can(user, Action.AUDIT_READ, None):
            visible = [m.code for m in municipalities() if can(user, Action.AUDIT_READ, m.code)]
            if not visible:
                authorize(user, Action.AUDIT_READ, None)  # raises Forbidden with the reason
            query = query.where(t.audit_log.c.municipality_code.in_(visible))
        if actor is not None:
            query = query.where(t.audit_log.c.actor == actor)
        if action is not None:
            col = t.audit_log.c.action
            query = query.where(col.startswith(action[:-1]) if action.endswith("*") else col == action)
        if since is not None:
            query = query.where(t.audit_log.c.at >= _day_start(since))
        if until is not None:
            query = query.where(t.audit_log.c.at < _day_start(until + dt.timedelta(days=1)))
        if limit is not None:
            # The newest ``limit`` entries, still listed oldest first.
            query = query.order_by(None).order_by(t.audit_log.c.id.desc()).limit(limit)
        with self._read() as conn:
            rows = conn.execute(query).mappings().all()
        names = [f.name for f in fields(AuditEntry)]
        entries = [AuditEntry(**{k: row[k] for k in names}) for row in rows]
        return sorted(entries, key=lambda e: e.id)
