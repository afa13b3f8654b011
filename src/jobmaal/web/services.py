"""The one object the routes use for data: the run, the disclosed values, the follow-up and the plans.

Routes never read the results file or the plan database themselves (as datasette's views go through
its ``Database``). Everything expensive is computed once per run and kept: the disclosure gate, the
value index, the follow-up models of each year (``prepare_followup``: the fits over all 98, the same for
every municipality and plan), and from them the follow-up per year, municipality and the targets the
viewer may see (cheap: a plan edit or another municipality reuses the models; a new run gets new ones).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from jobmaal.analysis.followup import FollowupModels, followup_from, prepare_followup
from jobmaal.analysis.objects import FollowupResult
from jobmaal.analysis.results import RunInfo, read_run_info
from jobmaal.catalog import Catalog, default_catalog
from jobmaal.errors import PlanNotFound
from jobmaal.plans import PlanStore, PlanVersion, User, targets_frame
from jobmaal.plans import tables as plan_tables
from jobmaal.plans.policy import Action, can
from jobmaal.plans.targets import TARGET_COLUMNS
from jobmaal.publication import published
from jobmaal.web.cache import OnceCache
from jobmaal.web.settings import WebSettings
from jobmaal.web.values import ValuesIndex


@dataclass(frozen=True)
class _RunStamp:
    mtime_ns: int
    size: int
    run: RunInfo


def visibility(viewer: User) -> tuple[object, ...]:
    """What decides which plan versions a viewer sees: role and municipalities (not the person)."""
    return (viewer.role.value, tuple(sorted(viewer.municipalities)), viewer.active)


class Services:
    def __init__(self, settings: WebSettings, store: PlanStore | None = None, catalog: Catalog | None = None) -> None:
        self.settings = settings
        self.catalog = catalog or default_catalog()
        self.store = store or PlanStore(settings.plans_url)
        self._lock = threading.Lock()
        self._run: _RunStamp | None = None
        self._indexes: OnceCache[ValuesIndex] = OnceCache(2)
        self._models: OnceCache[FollowupModels] = OnceCache(4)  # by run and year
        self._followups: OnceCache[FollowupResult] = OnceCache(128)
        self._targets: OnceCache[pd.DataFrame] = OnceCache(32)
        self.pages: OnceCache[tuple[bytes, bytes]] = OnceCache(settings.page_cache_entries)  # (page, gzipped)

    # -- the run and its values ---------------------------------------------------------------
    def run(self) -> RunInfo:
        """The latest run; the results file is read again only when it changed on disk."""
        path = Path(self.settings.results)
        st = path.stat() if path.exists() else None
        with self._lock:
            cached = self._run
        if cached is not None and st is not None and (st.st_mtime_ns, st.st_size) == (cached.mtime_ns, cached.size):
            return cached.run
        run = read_run_info(path)  # raises ResultsError for a missing or empty file
        assert st is not None
        with self._lock:
            self._run = _RunStamp(st.st_mtime_ns, st.st_size, run)
        return run

    def values(self) -> ValuesIndex:
        run = self.run()
        return self._indexes.get(run.run_id, lambda: ValuesIndex(
            published(self.settings.results, run.run_id, self.settings.policy), run))

    def years(self) -> list[int]:
        return sorted(self.catalog.years)

    def default_year(self) -> int:
        """The newest catalogue year that the data reach into (else the newest year)."""
        run = self.run()
        years = self.years()
        last = run.period_to.year if run.period_to else years[-1]
        within = [y for y in years if y <= last]
        return within[-1] if within else years[0]

    # -- plans --------------------------------------------------------------------------------
    def plans_stamp(self) -> int:
        """Changes whenever anything in the plan store changes: every change writes an audit entry
        in its own transaction, so the newest audit id is a cheap version of the whole store."""
        with self.store.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.max(plan_tables.audit_log.c.id))).scalar() or 0)

    def visible_plan(self, viewer: User, code: str, year: int) -> PlanVersion | None:
        """The version of the plan the viewer may see (the current one for draft readers, else the
        newest adopted one), or None."""
        try:
            return self.store.get_plan(viewer, code, year)
        except PlanNotFound:
            return None

    def _targets_all(self, viewer: User, year: int) -> pd.DataFrame:
        key = (year, visibility(viewer), self.plans_stamp())
        return self._targets.get(key, lambda: targets_frame(self.store, year, viewer))

    # -- the follow-up ------------------------------------------------------------------------
    def models(self, year: int) -> FollowupModels:
        """The follow-up models of ``year`` for the latest run, computed once per run and year."""
        index = self.values()
        s = self.settings
        return self._models.get((index.run.run_id, year), lambda: prepare_followup(
            index.totals, year, conditions=s.conditions, data_dir=s.data_dir, clusters=s.clusters,
            catalog=self.catalog, policy=s.policy))

    def _followup(self, year: int, municipality: str | None, targets: pd.DataFrame, with_series: bool
                  ) -> FollowupResult:
        run_id = self.values().run.run_id
        rows = tuple(map(tuple, targets.itertuples(index=False)))
        key = (run_id, year, municipality, with_series, rows)
        return self._followups.get(key, lambda: followup_from(self.models(year), municipality, targets,
                                                              with_series=with_series))

    def followup_all(self, viewer: User, year: int) -> FollowupResult:
        """All 98 municipalities without series (front page, indicator page), with the targets the
        viewer may see."""
        return self._followup(year, None, self._targets_all(viewer, year), with_series=False)

    def followup_one(self, viewer: User, code: str, year: int) -> FollowupResult:
        """One municipality with its series, and the targets of the plan version the viewer may see."""
        plan = self.visible_plan(viewer, code, year)
        rows = [{"indicator_id": t.indicator_id, "municipality_code": code, "year": year, "kind": t.kind.value,
                 "value": t.value, "comment": t.comment} for t in (plan.content.targets if plan else ())]
        frame = pd.DataFrame(rows, columns=[*TARGET_COLUMNS, "comment"])
        return self._followup(year, code, frame, with_series=True)

    def can(self, viewer: User, action: Action, code: str | None) -> bool:
        return can(viewer, action, code)
