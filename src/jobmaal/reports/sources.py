"""What reports are made from, loaded once and reused for many municipalities: the disclosed run, the
follow-up, and the plans (with their targets and local values) from the plan store."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from jobmaal.analysis.objects import FollowupResult
from jobmaal.analysis.results import RunInfo, read_run_info
from jobmaal.disclosure import DEFAULT_POLICY, DisclosedValues, DisclosurePolicy
from jobmaal.errors import PlanNotFound
from jobmaal.plans import SYSTEM, LocalValue, PlanStore, PlanVersion, User
from jobmaal.publication import published
from jobmaal.reference import municipality as find_municipality

TARGET_FRAME_COLUMNS = ("indicator_id", "municipality_code", "year", "kind", "value", "comment")


@dataclass(frozen=True)
class RunSource:
    """A run's figures after the disclosure gate, and the run's metadata.

    ``published``: ``disclosed`` is the run as ``jobmaal.publication`` discloses it (all periods, or those
    up to ``up_to_year``'s end): only then may results derived from it be kept on disk under the run's
    name (``jobmaal.reports.prepared``); values given by hand (a test, a bypass) are never cached.
    """

    results: Path
    run: RunInfo
    disclosed: DisclosedValues
    up_to_year: int | None = None
    published: bool = False
    areas: tuple[str, ...] | None = None  # ``disclosed`` holds only these areas (else all)


def load_run(results: Path | str, run_id: str | None = None, *, up_to_year: int | None = None,
             policy: DisclosurePolicy = DEFAULT_POLICY, areas: Iterable[str] | None = None) -> RunSource:
    """The run through the disclosure gate (``jobmaal.publication``: cached per process and on disk).

    By default the whole run (what the web uses). With ``up_to_year`` only the periods up to that year's
    end go through the gate: a follow-up of that year (or earlier) reads nothing later, and no disclosure
    relation crosses periods, so every figure is suppressed exactly as in the whole run (tested) at a
    fraction of the cost for a one-off report. With ``areas`` only those areas' rows are read (one
    municipality's report: its own, its RAR area's and the country's): what the report shows of the
    disclosed values; its follow-up comes from the disk cache or, failing that, from the whole run
    (``whole``).
    """
    path = Path(results)
    run = read_run_info(path, run_id)
    kept = tuple(dict.fromkeys(areas)) if areas is not None else None
    return RunSource(path, run, published(path, run.run_id, policy, up_to_year=up_to_year, areas=kept), up_to_year,
                     True, kept)


def whole(source: RunSource) -> RunSource:
    """``source`` with every area (read again if it holds only some)."""
    if source.areas is None:
        return source
    return load_run(source.results, source.run.run_id, up_to_year=source.up_to_year, policy=source.disclosed.policy)


@dataclass(frozen=True)
class FollowupOptions:
    """Where the follow-up takes its framework conditions and clusters from (see docs/analysis.md)."""

    conditions: Path | None = None
    data_dir: Path | None = None
    clusters: Path | None = None


def followup_of(source: RunSource, year: int, municipality: str | None = None, *,
                targets: pd.DataFrame | None = None, options: FollowupOptions | None = None,
                indicators: list[str] | None = None) -> FollowupResult:
    """The follow-up of ``year`` from the disclosed values (one municipality, or all 98 when None); the
    part that is the same for every municipality and plan is read from its disk cache when there
    (``jobmaal.reports.prepared``)."""
    from jobmaal.analysis.followup import followup_from
    from jobmaal.reports.prepared import prepared_followup

    models = prepared_followup(source, year, options or FollowupOptions(), indicators=indicators)
    return followup_from(models, municipality, targets)


def targets_of(plans: Iterable[PlanVersion]) -> pd.DataFrame:
    """The targets of exactly these plan versions, as the follow-up reads them."""
    rows = [{"indicator_id": tg.indicator_id, "municipality_code": p.municipality_code, "year": p.year,
             "kind": tg.kind.value, "value": tg.value, "comment": tg.comment}
            for p in plans for tg in p.content.targets]
    return pd.DataFrame(rows, columns=list(TARGET_FRAME_COLUMNS)).astype({"year": "int64", "value": "float64"})


@dataclass(frozen=True)
class PlanSource:
    """The plans of one year that a viewer may see, by municipality, and their local values."""

    year: int
    plans: dict[str, PlanVersion]
    local_values: dict[str, list[LocalValue]] = field(default_factory=dict)

    def plan(self, code: str) -> PlanVersion | None:
        return self.plans.get(code)

    def values(self, code: str) -> list[LocalValue]:
        return self.local_values.get(code, [])

    def targets(self) -> pd.DataFrame:
        return targets_of(self.plans.values())


def load_plans(store: PlanStore | None, year: int, viewer: User = SYSTEM, municipality: str | None = None,
               ) -> PlanSource:
    """The plans of ``year`` visible to ``viewer`` (one municipality, or all), with local values."""
    if store is None:
        return PlanSource(year, {})
    if municipality is not None:
        code = find_municipality(municipality).code
        try:
            plans = {code: store.get_plan(viewer, code, year)}
        except PlanNotFound:
            plans = {}
    else:
        plans = {p.municipality_code: p for p in store.visible_plans(viewer, year)}
    values = {code: store.local_values(viewer, code) for code, p in plans.items() if p.content.local_indicators}
    return PlanSource(year, plans, values)
