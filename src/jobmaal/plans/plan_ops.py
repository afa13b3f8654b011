"""Plans and their versions: read what the user may see, save new versions with optimistic locking.

A save names the version it is based on. In one transaction it moves ``plans.current_version``
from that base to base + 1 with a conditional UPDATE, inserts the version row (unique on
plan and version) and appends the audit entry. A stale base matches no row: nothing is written
and ``PlanConflict`` says who saved in between. On PostgreSQL the UPDATE's row lock serialises
concurrent saves; on SQLite the write transaction starts with BEGIN IMMEDIATE.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.engine import Connection, RowMapping

from jobmaal.errors import PlanConflict, PlanNotFound, PlanValidationError
from jobmaal.plans import tables as t
from jobmaal.plans.base import StoreBase
from jobmaal.plans.diff import diff_contents
from jobmaal.plans.models import PlanContent, PlanState
from jobmaal.plans.policy import Action, authorize, can
from jobmaal.plans.principals import User
from jobmaal.plans.records import Change, PlanSummary, PlanVersion, SaveResult, VersionInfo
from jobmaal.plans.validation import check_plan, normalise_municipality, pydantic_problems
from jobmaal.reference import municipality as municipality_of

_VERSION_COLUMNS = (t.plans.c.municipality_code, t.plans.c.year, t.plans.c.current_version, t.plans.c.is_demo,
                    t.plan_versions.c.version, t.plan_versions.c.content, t.plan_versions.c.saved_at,
                    t.plan_versions.c.saved_by, t.plan_versions.c.note)
_JOINED = t.plans.join(t.plan_versions, t.plan_versions.c.plan_id == t.plans.c.id)


def _to_version(row: RowMapping) -> PlanVersion:
    return PlanVersion(
        municipality_code=row["municipality_code"], year=row["year"], version=row["version"],
        current_version=row["current_version"], content=PlanContent.model_validate(row["content"]),
        saved_at=row["saved_at"], saved_by=row["saved_by"], note=row["note"], is_demo=row["is_demo"],
    )


def as_content(content: PlanContent | dict[str, Any], where: str) -> PlanContent:
    """A ``PlanContent`` from a model or a plain dict (a form, JSON), with field-named errors."""
    if isinstance(content, PlanContent):
        return content
    try:
        return PlanContent.model_validate(content)
    except ValidationError as exc:
        raise PlanValidationError(pydantic_problems(exc), header=f"{where} refused") from exc


class PlanOps(StoreBase):
    # -- reading -----------------------------------------------------------------------------
    def get_plan(self, user: User, municipality: str, year: int, version: int | None = None) -> PlanVersion:
        """The current version (or ``version``) for those who may read drafts; for everyone else
        the newest adopted version (or ``version`` if it is adopted)."""
        code = normalise_municipality(municipality)
        drafts = can(user, Action.PLAN_READ_DRAFT, code)
        if not drafts:
            authorize(user, Action.PLAN_READ_ADOPTED, code)
        with self._read() as conn:
            where = [t.plans.c.municipality_code == code, t.plans.c.year == year]
            if version is not None:
                where.append(t.plan_versions.c.version == version)
            elif drafts:
                where.append(t.plan_versions.c.version == t.plans.c.current_version)
            else:
                where.append(t.plan_versions.c.state == PlanState.ADOPTED.value)
            query = sa.select(*_VERSION_COLUMNS).select_from(_JOINED).where(*where)
            row = conn.execute(query.order_by(t.plan_versions.c.version.desc()).limit(1)).mappings().first()
        if row is None:
            what = f"version {version} of the plan" if version is not None else (
                "plan" if drafts else "adopted plan")
            raise PlanNotFound(f"no {what} for municipality {code} in {year}")
        found = _to_version(row)
        if not drafts and found.state is not PlanState.ADOPTED:
            authorize(user, Action.PLAN_READ_DRAFT, code)  # raises: a draft version asked for by number
        return found

    def list_versions(self, user: User, municipality: str, year: int) -> list[VersionInfo]:
        code = normalise_municipality(municipality)
        authorize(user, Action.PLAN_READ_DRAFT, code)
        query = (sa.select(t.plan_versions).select_from(_JOINED)
                 .where(t.plans.c.municipality_code == code, t.plans.c.year == year)
                 .order_by(t.plan_versions.c.version))
        with self._read() as conn:
            rows = conn.execute(query).mappings().all()
        if not rows:
            raise PlanNotFound(f"no plan for municipality {code} in {year}")
        return [VersionInfo(version=r["version"], state=PlanState(r["state"]), adopted_on=r["adopted_on"],
                            saved_at=r["saved_at"], saved_by=r["saved_by"], note=r["note"]) for r in rows]

    def diff_versions(self, user: User, municipality: str, year: int, before: int, after: int) -> list[Change]:
        code = normalise_municipality(municipality)
        authorize(user, Action.PLAN_READ_DRAFT, code)  # the history is for those who may read drafts
        old, new = self.get_plan(user, code, year, before), self.get_plan(user, code, year, after)
        return diff_contents(old.content, new.content)

    def visible_plans(self, user: User, year: int | None = None, *, adopted_only: bool = False) -> list[PlanVersion]:
        """Per plan the version ``user`` may see (current for draft readers, else newest adopted),
        in year and municipality order. ``adopted_only`` gives the newest adopted version for everyone."""
        newest_adopted = (sa.select(t.plan_versions.c.plan_id, sa.func.max(t.plan_versions.c.version).label("v"))
                          .where(t.plan_versions.c.state == PlanState.ADOPTED.value)
                          .group_by(t.plan_versions.c.plan_id).subquery())
        current = sa.select(*_VERSION_COLUMNS).select_from(_JOINED).where(
            t.plan_versions.c.version == t.plans.c.current_version)
        adopted = sa.select(*_VERSION_COLUMNS).select_from(
            _JOINED.join(newest_adopted, sa.and_(newest_adopted.c.plan_id == t.plans.c.id,
                                                 newest_adopted.c.v == t.plan_versions.c.version)))
        if year is not None:
            current, adopted = current.where(t.plans.c.year == year), adopted.where(t.plans.c.year == year)
        with self._read() as conn:
            current_rows = [] if adopted_only else conn.execute(current).mappings().all()
            adopted_rows = conn.execute(adopted).mappings().all()
        chosen: dict[tuple[int, str], RowMapping] = {}
        for row in adopted_rows:
            if can(user, Action.PLAN_READ_ADOPTED, row["municipality_code"]):
                chosen[(row["year"], row["municipality_code"])] = row
        for row in current_rows:  # draft readers see the current version instead
            if can(user, Action.PLAN_READ_DRAFT, row["municipality_code"]):
                chosen[(row["year"], row["municipality_code"])] = row
        return [_to_version(chosen[key]) for key in sorted(chosen)]

    def list_plans(self, user: User, year: int | None = None) -> list[PlanSummary]:
        return [PlanSummary(municipality_code=p.municipality_code, year=p.year, version=p.version,
                            current_version=p.current_version, state=p.state, adopted_on=p.content.adopted_on,
                            saved_at=p.saved_at, is_demo=p.is_demo) for p in self.visible_plans(user, year)]

    # -- saving ------------------------------------------------------------------------------
    def save_plan(
        self,
        user: User,
        municipality: str,
        year: int,
        content: PlanContent | dict[str, Any],
        base_version: int,
        note: str = "",
        *,
        is_demo: bool = False,
    ) -> SaveResult:
        """Save ``content`` as a new version on top of ``base_version`` (0: create the plan).

        Raises ``PlanValidationError`` (nothing saved), ``PlanConflict`` when ``base_version`` is no
        longer the newest (nothing saved), ``Forbidden`` or ``PlanNotFound``."""
        code = normalise_municipality(municipality)
        authorize(user, Action.PLAN_EDIT, code)
        where = f"plan {code}/{year}"
        parsed = as_content(content, where)
        if base_version < 0:
            raise PlanValidationError([f"base_version: {base_version} is negative"], header=f"{where} refused")
        if len(note) > 500:
            raise PlanValidationError(["note: at most 500 characters"], header=f"{where} refused")
        warnings = check_plan(parsed, code, year, self.catalog)
        try:
            with self._write() as conn:
                self._write_version(conn, user, code, year, parsed, base_version, note, is_demo)
        except sa.exc.IntegrityError as exc:
            # Only a concurrent creation of the same plan gets here (unique keys); report it as a conflict.
            with self._read() as conn:
                raise self._conflict(conn, code, year, base_version) from exc
        return SaveResult(version=base_version + 1, warnings=tuple(warnings))

    def _write_version(self, conn: Connection, user: User, code: str, year: int, content: PlanContent,
                       base: int, note: str, is_demo: bool) -> None:
        now, new = self.now(), base + 1
        plan_where = (t.plans.c.municipality_code == code, t.plans.c.year == year)
        before: dict[str, Any] | None = None
        if base == 0:
            if conn.execute(sa.select(t.plans.c.id).where(*plan_where)).first() is not None:
                raise self._conflict(conn, code, year, base)
            plan_id = conn.execute(t.plans.insert().values(
                municipality_code=code, year=year, current_version=new, is_demo=is_demo, created_at=now,
                updated_at=now)).inserted_primary_key[0]
        else:
            moved = conn.execute(t.plans.update().where(*plan_where, t.plans.c.current_version == base)
                                 .values(current_version=new, updated_at=now))
            if moved.rowcount != 1:
                raise self._conflict(conn, code, year, base)
            plan_id = conn.execute(sa.select(t.plans.c.id).where(*plan_where)).scalar_one()
            old = conn.execute(sa.select(t.plan_versions.c.content).where(
                t.plan_versions.c.plan_id == plan_id, t.plan_versions.c.version == base)).scalar_one()
            before = {"version": base, "content": old}
        stored = content.to_json()
        conn.execute(t.plan_versions.insert().values(
            plan_id=plan_id, version=new, state=content.state.value, adopted_on=content.adopted_on,
            content=stored, note=note, saved_at=now, saved_by=user.username))
        self._audit(conn, user, "plan.save", "plan", f"{code}/{year}", municipality_code=code, before=before,
                    after={"version": new, "note": note, "content": stored})

    def _conflict(self, conn: Connection, code: str, year: int, base: int) -> Exception:
        """The error for a save whose base is not the newest version (or a plan that does not exist)."""
        latest = conn.execute(
            sa.select(t.plans.c.current_version, t.plan_versions.c.saved_by, t.plan_versions.c.saved_at)
            .select_from(_JOINED)
            .where(t.plans.c.municipality_code == code, t.plans.c.year == year,
                   t.plan_versions.c.version == t.plans.c.current_version)
        ).first()
        if latest is None:
            return PlanNotFound(f"no plan for municipality {code} in {year}: "
                                "save with base version 0 to create it")
        current, who, when = latest.current_version, latest.saved_by, latest.saved_at.strftime("%Y-%m-%d %H:%M UTC")
        if base > current:
            return PlanNotFound(f"plan {code}/{year} has no version {base}; the newest is {current}")
        name = municipality_of(code).name
        if base == 0:
            da_base, en_base = "du var ved at oprette planen", "you were creating the plan"
        else:
            da_base, en_base = (f"din ændring bygger på version {base}", f"your edit is based on version {base}")
        return PlanConflict(
            f"Planen for {name} {year} er ændret, siden du hentede den: {da_base}, men version {current} er "
            f"gemt af {who} {when}. Intet er gemt; hent planen igen og foretag din ændring på ny.",
            f"The plan for {name} {year} changed after you loaded it: {en_base}, but version {current} was "
            f"saved by {who} at {when}. Nothing was saved; reload the plan and make your change again.",
            base_version=base, current_version=current, saved_by=who, saved_at=latest.saved_at,
        )

    # -- one change at a time (web forms) ---------------------------------------------------------
    def edit_plan(self, user: User, municipality: str, year: int, base_version: int,
                  change: Callable[[PlanContent], PlanContent], note: str = "") -> SaveResult:
        """Apply ``change`` (e.g. ``lambda c: edits.with_target(c, target)``) to ``base_version``'s content
        and save the result on top of it; a stale base gives ``PlanConflict``."""
        code = normalise_municipality(municipality)
        authorize(user, Action.PLAN_EDIT, code)
        base = PlanContent() if base_version == 0 else self.get_plan(user, code, year, base_version).content
        return self.save_plan(user, code, year, change(base), base_version, note)
