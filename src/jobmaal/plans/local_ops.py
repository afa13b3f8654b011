"""Values of local indicators, entered by form or CSV upload; validated against the plan's definitions.

A value belongs to (municipality, local indicator key, month). Its key must be defined in the
current version of that municipality's plan for the month's year, and the value must be possible
in the indicator's unit. A batch is stored whole or not at all, with one audit entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from jobmaal.errors import PlanValidationError
from jobmaal.plans import tables as t
from jobmaal.plans.local_csv import LocalValueInput, parse_local_values_csv
from jobmaal.plans.models import LocalIndicator, PlanContent, PlanState
from jobmaal.plans.plan_ops import PlanOps
from jobmaal.plans.policy import Action, authorize, can
from jobmaal.plans.principals import User
from jobmaal.plans.records import LocalValue
from jobmaal.plans.validation import normalise_municipality, range_problem

_V = t.local_values


def _slot(key: str, period: dt.date) -> str:
    return f"{key}@{period.isoformat()}"


class LocalValueOps(PlanOps):
    def _definitions(self, conn: Connection, code: str, years: Iterable[int],
                     adopted_only: bool = False) -> dict[int, dict[str, LocalIndicator]]:
        """Local indicators per year: from the current version, or the newest adopted one."""
        out: dict[int, dict[str, LocalIndicator]] = {}
        for year in sorted(set(years)):
            query = (sa.select(t.plan_versions.c.content)
                     .select_from(t.plans.join(t.plan_versions, t.plan_versions.c.plan_id == t.plans.c.id))
                     .where(t.plans.c.municipality_code == code, t.plans.c.year == year))
            if adopted_only:
                query = query.where(t.plan_versions.c.state == PlanState.ADOPTED.value)
            else:
                query = query.where(t.plan_versions.c.version == t.plans.c.current_version)
            content = conn.execute(query.order_by(t.plan_versions.c.version.desc()).limit(1)).scalar()
            parsed = PlanContent.model_validate(content) if content is not None else PlanContent()
            out[year] = {li.key: li for li in parsed.local_indicators}
        return out

    def set_local_values(self, user: User, municipality: str, values: Sequence[LocalValueInput],
                         *, source: str = "form") -> int:
        """Store (insert or replace) the values; returns how many. All or nothing."""
        code = normalise_municipality(municipality)
        authorize(user, Action.LOCAL_VALUES_EDIT, code)
        if not values:
            raise PlanValidationError([f"{source}: no values given"], header="local values refused")
        with self._write() as conn:
            self._check_values(conn, code, values, source)
            slots = {(v.indicator_key, v.period) for v in values}
            before = {_slot(r.indicator_key, r.period): r.value for r in self._rows(conn, code) if
                      (r.indicator_key, r.period) in slots}
            now = self.now()
            rows = [{"municipality_code": code, "indicator_key": v.indicator_key, "period": v.period,
                     "value": v.value, "updated_at": now, "updated_by": user.username} for v in values]
            conn.execute(self._upsert(conn), rows)
            self._audit(conn, user, "local_values.set", "local_values", code, municipality_code=code,
                        before=before or None,
                        after={"source": source, "values": {_slot(v.indicator_key, v.period): v.value
                                                            for v in values}})
        return len(values)

    def import_local_values_csv(self, user: User, municipality: str, text: str, *, source: str = "upload") -> int:
        """Parse and store a CSV upload (see ``local_csv``); nothing is stored if any row is wrong."""
        authorize(user, Action.LOCAL_VALUES_EDIT, normalise_municipality(municipality))
        return self.set_local_values(user, municipality, parse_local_values_csv(text, source), source=source)

    def delete_local_values(self, user: User, municipality: str, indicator_key: str,
                            periods: Iterable[dt.date]) -> int:
        code = normalise_municipality(municipality)
        authorize(user, Action.LOCAL_VALUES_EDIT, code)
        wanted = sorted(set(periods))
        with self._write() as conn:
            before = {_slot(r.indicator_key, r.period): r.value for r in self._rows(conn, code)
                      if r.indicator_key == indicator_key and r.period in wanted}
            if not before:
                return 0
            conn.execute(_V.delete().where(_V.c.municipality_code == code, _V.c.indicator_key == indicator_key,
                                           _V.c.period.in_(wanted)))
            self._audit(conn, user, "local_values.delete", "local_values", code, municipality_code=code,
                        before=before, after=None)
        return len(before)

    def local_values(self, user: User, municipality: str, year: int | None = None) -> list[LocalValue]:
        """Values the user may see: all for draft readers; for others those of local indicators
        defined in the year's newest adopted plan."""
        code = normalise_municipality(municipality)
        drafts = can(user, Action.PLAN_READ_DRAFT, code)
        if not drafts:
            authorize(user, Action.PLAN_READ_ADOPTED, code)
        with self._read() as conn:
            rows = [r for r in self._rows(conn, code) if year is None or r.period.year == year]
            if not drafts:
                public = self._definitions(conn, code, {r.period.year for r in rows}, adopted_only=True)
                rows = [r for r in rows if r.indicator_key in public[r.period.year]]
        return rows

    # -- helpers -----------------------------------------------------------------------------
    def _check_values(self, conn: Connection, code: str, values: Sequence[LocalValueInput], source: str) -> None:
        definitions = self._definitions(conn, code, {v.period.year for v in values})
        problems: list[str] = []
        first: dict[tuple[str, dt.date], str] = {}
        for v in values:
            defined = definitions[v.period.year]
            local = defined.get(v.indicator_key)
            if local is None:
                known = sorted(defined) or "none"
                problems.append(f"{v.where}, indicator_key: {v.indicator_key!r} is not a local indicator of the "
                                f"{v.period.year} plan of {code} (defined: {known}); define it in the plan first")
            else:
                reason = range_problem(v.value, local.unit.value, None)
                if reason:
                    problems.append(f"{v.where}, value: {reason} for local indicator {v.indicator_key!r}")
            slot = (v.indicator_key, v.period)
            if slot in first:
                problems.append(f"{v.where}: a second value for {v.indicator_key!r} {v.period.isoformat()} "
                                f"(first at {first[slot]})")
            first.setdefault(slot, v.where)
        if problems:
            raise PlanValidationError(problems, header=f"{source} refused; nothing was stored")

    def _rows(self, conn: Connection, code: str) -> list[LocalValue]:
        query = sa.select(_V).where(_V.c.municipality_code == code).order_by(_V.c.indicator_key, _V.c.period)
        return [LocalValue(municipality_code=r["municipality_code"], indicator_key=r["indicator_key"],
                           period=r["period"], value=r["value"], updated_at=r["updated_at"],
                           updated_by=r["updated_by"]) for r in conn.execute(query).mappings()]

    def _upsert(self, conn: Connection) -> Any:
        """INSERT … ON CONFLICT DO UPDATE: race-free replace of a month's value on both backends."""
        # The dialect's own insert, imported here: PostgreSQL's module is 0.08 s of every command's start.
        if conn.dialect.name == "postgresql":
            from sqlalchemy.dialects import postgresql as dialect
        else:
            from sqlalchemy.dialects import sqlite as dialect
        stmt = dialect.insert(_V)
        return stmt.on_conflict_do_update(
            index_elements=[_V.c.municipality_code, _V.c.indicator_key, _V.c.period],
            set_={"value": stmt.excluded.value, "updated_at": stmt.excluded.updated_at,
                  "updated_by": stmt.excluded.updated_by},
        )
