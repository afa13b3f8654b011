"""Run the compiled indicators on DuckDB, range of persons by range, and store them as one run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from jobmaal.catalog import Catalog, default_catalog
from jobmaal.catalog.models import Indicator
from jobmaal.engine.aggregate import EventFrame, staged_event_aggregation
from jobmaal.engine.assemble import (
    Partials,
    compile_partials,
    compile_table_indicator,
    finish_indicator,
    indicator_age_bounds,
    is_person_level,
)
from jobmaal.engine.backend import BackendSettings, DateWindow, RegisterViews, connect
from jobmaal.engine.fingerprint import data_fingerprint, read_register_meta
from jobmaal.engine.frames import person_attributes
from jobmaal.engine.measures import read_windows
from jobmaal.engine.months import month_index, month_start
from jobmaal.engine.results import Run
from jobmaal.engine.store import store_run
from jobmaal.errors import RegisterError

Progress = Callable[[str, int, int], None]  # (what, steps done, steps in all)
STAGE_PREFIX = "jm_"
ATTRIBUTES_TABLE = STAGE_PREFIX + "person_attributes"  # the range's persons: sex, education, age start months


@dataclass(frozen=True)
class ComputeRequest:
    data_dir: Path
    results: Path
    period_from: dt.date | None = None  # first month to compute (default: first month of data)
    period_to: dt.date | None = None  # last month to compute (default: last month of data)
    indicators: Sequence[str] | None = None  # default: every indicator in the catalogue
    settings: BackendSettings = field(default_factory=BackendSettings)


def data_months(views: RegisterViews) -> tuple[int, int]:
    """First and last month of data, from the benefit weeks.

    The first month is the one the earliest week ends in (a first week starting Monday 31 December
    2018 covers January 2019, not December 2018); the last is the month the latest week starts in.
    """
    first, last = views.con.con.sql(
        "SELECT min(week_start) + INTERVAL 6 DAY, max(week_start) FROM reg_benefit_weeks"
    ).fetchall()[0]
    if first is None:
        raise RegisterError(f"{views.data_dir / 'benefit_weeks'}: no benefit weeks, so no months to compute")
    return month_index(first), month_index(last)


def compute(request: ComputeRequest, catalog: Catalog | None = None, progress: Progress | None = None) -> Run:
    """Compute the indicators for the requested months and store them as a new run."""
    catalog = catalog or default_catalog()
    ids = list(request.indicators or catalog.indicators)
    indicators = [catalog.indicator(i) for i in ids]  # a clear error for an unknown id
    # Resolve the data folder once: an import swapping in new data mid-run must not mix two versions.
    data_dir = Path(request.data_dir).resolve()
    con = connect(request.settings)
    try:
        views = RegisterViews(con, data_dir)
        # The data's months are only the default bounds (finding them scans every benefit week).
        k_data_first, k_data_last = (data_months(views) if request.period_from is None or request.period_to is None
                                     else (None, None))
        k_first = month_index(request.period_from) if request.period_from else k_data_first
        k_last = month_index(request.period_to) if request.period_to else k_data_last
        assert k_first is not None and k_last is not None
        if k_first > k_last:
            raise RegisterError(f"--from {month_start(k_first)} is after --to {month_start(k_last)}")
        values = _compute_values(views, catalog, indicators, k_first, k_last, request.settings, progress)
    finally:
        con.disconnect()

    meta = read_register_meta(data_dir)
    return store_run(request, values, fingerprint=data_fingerprint(data_dir),
                     synthetic=bool(meta.get("synthetic", False)), k_first=k_first, k_last=k_last)


@dataclass
class _FrameJob:
    """A person-level frame computed per range: materialised stages, then one aggregation query.

    Each stage (``staged_event_aggregation``: the grouped rows, the mixed person-months, the
    cube, the mixed rows) is its own statement into a temp table, so that DuckDB's optimiser
    cannot fold them back into one plan (it turns the self-join of the grouped rows into windows).
    """

    stages: tuple[tuple[str, str], ...]
    result_sql: str
    out: list[pa.Table] = field(default_factory=list)


@dataclass
class _IntervalJob:
    """A population denominator counted from intervals: one aggregation query per range."""

    sql: str
    out: list[pa.Table] = field(default_factory=list)


@dataclass
class _IndicatorJob:
    partials: Partials
    numerator: _FrameJob
    denominator: _FrameJob | None = None
    population: _IntervalJob | None = None

    def frames(self) -> list[_FrameJob]:
        return [self.numerator, *([self.denominator] if self.denominator is not None else [])]


def _frame_job(con, frame: EventFrame, breakdowns: Sequence[str], events: Sequence[str],  # type: ignore[no-untyped-def]
               people: ir.Table, partials: Partials) -> _FrameJob:
    stages: list[tuple[str, str]] = []

    def materialise(name: str, expr: ir.Table) -> ir.Table:
        table = STAGE_PREFIX + name
        stages.append((table, _prepare(con, expr)))
        return ibis.table(expr.schema(), name=table)

    result = staged_event_aggregation(frame, breakdowns, events, people, partials.age_groups, materialise)
    return _FrameJob(tuple(stages), _prepare(con, result))


def _people(con, tables, catalog: Catalog, indicators: list[Indicator]) -> tuple[str, ir.Table]:  # type: ignore[no-untyped-def]
    """The SQL of the range's person attributes, and the table the frames and populations read it as.

    One table per range (``person_attributes``, with the start months of every age the indicators
    compare with) instead of the persons' register: the only read of the persons.
    """
    bounds = frozenset().union(*(indicator_age_bounds(ind, catalog.breakdowns)
                                 for ind in indicators if is_person_level(ind)))
    attributes = person_attributes(tables.persons, bounds)
    return _prepare(con, attributes), ibis.table(attributes.schema(), name=ATTRIBUTES_TABLE)


def _plan_jobs(con, tables, catalog: Catalog, indicators: list[Indicator], k_first: int,  # type: ignore[no-untyped-def]
               k_last: int, people: ir.Table) -> list[_IndicatorJob]:
    """One job per person-level indicator; identical frames (e.g. the MM17 numerators) and populations
    (e.g. the two MM13 indicators' refugees) are shared."""
    partials = [compile_partials(ind, tables, k_first, k_last, catalog.breakdowns, catalog.indicators, people)
                for ind in indicators if is_person_level(ind)]
    jobs = []
    shared: dict[tuple[object, ...], _FrameJob] = {}
    populations: dict[object, _IntervalJob] = {}

    def frame_job(frame: EventFrame, breakdowns: Sequence[str], events: Sequence[str], p: Partials) -> _FrameJob:
        # Ibis operations compare structurally: an identical frame is found before compiling it again.
        key = (frame.table.op(), frame.count, frame.age, tuple(breakdowns), tuple(events), p.age_groups)
        if key not in shared:
            shared[key] = _frame_job(con, frame, breakdowns, events, people, p)
        return shared[key]

    for p in partials:
        job = _IndicatorJob(p, frame_job(p.numerator, p.numerator_breakdowns, p.event_breakdowns, p))
        if isinstance(p.denominator, EventFrame):
            job.denominator = frame_job(p.denominator, p.denominator_breakdowns, (), p)
        elif p.denominator is not None:
            key = p.denominator.op()
            if key not in populations:
                populations[key] = _IntervalJob(_prepare(con, p.denominator))
            job.population = populations[key]
        jobs.append(job)
    return jobs


def _run_frame(con, job: _FrameJob) -> None:  # type: ignore[no-untyped-def]
    for table, sql in job.stages:
        con.con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {sql}")
    job.out.append(_arrow(con.con.sql(job.result_sql)))
    for table, _ in job.stages:
        con.con.execute(f"DROP TABLE {table}")


def _arrow(relation) -> pa.Table:  # type: ignore[no-untyped-def]
    fetch = getattr(relation, "to_arrow_table", None) or relation.fetch_arrow_table
    return fetch()


def _compute_values(
    views: RegisterViews,
    catalog: Catalog,
    indicators: list[Indicator],
    k_first: int,
    k_last: int,
    settings: BackendSettings,
    progress: Progress | None,
) -> list[pa.Table]:
    con = views.con
    tables = views.tables()
    windows, chunk = _narrow_reads(indicators, k_first, k_last, settings)
    ranges = views.person_ranges(chunk)
    people_sql, people = _people(con, tables, catalog, indicators)
    derived = {ATTRIBUTES_TABLE: people_sql}
    # The first range's views, copies and person attributes are made while Ibis compiles the plan:
    # Python and DuckDB overlap.
    with ThreadPoolExecutor(max_workers=1) as pool:
        first = pool.submit(views.restrict_persons, *ranges[0], windows, derived, own_cursor=True)
        jobs = _plan_jobs(con, tables, catalog, indicators, k_first, k_last, people)
        first.result()
    steps, done = len(ranges) * len(jobs) + len(indicators), 0
    for i, (lo, hi) in enumerate(ranges):
        if i > 0:
            views.restrict_persons(lo, hi, windows, derived)
        ran: set[int] = set()  # shared frames and populations run once per range
        for job in jobs:
            if progress:
                progress(job.partials.indicator.id, done, steps)
            for frame_job in job.frames():
                if id(frame_job) not in ran:
                    _run_frame(con, frame_job)
                    ran.add(id(frame_job))
            if job.population is not None and id(job.population) not in ran:
                job.population.out.append(_arrow(con.con.sql(job.population.sql)))
                ran.add(id(job.population))
            done += 1
    views.restrict_persons(None, None)
    con.con.execute(f"DROP TABLE IF EXISTS {ATTRIBUTES_TABLE}")

    out = []
    for job in jobs:
        if progress:
            progress(job.partials.indicator.id, done, steps)
        numerator = ibis.memtable(pa.concat_tables(job.numerator.out))
        if job.denominator is not None:
            denominator: ir.Table | None = ibis.memtable(pa.concat_tables(job.denominator.out))
        elif job.population is not None:
            denominator = ibis.memtable(pa.concat_tables(job.population.out))
        else:
            denominator = None
        out.append(con.to_pyarrow(finish_indicator(job.partials, numerator, denominator, k_first, k_last)))
        done += 1
    for ind in indicators:
        if not is_person_level(ind):
            if progress:
                progress(ind.id, done, steps)
            out.append(con.to_pyarrow(compile_table_indicator(ind, tables, k_first, k_last)))
            done += 1
    if progress:
        progress("", steps, steps)
    return out


def _narrow_reads(indicators: list[Indicator], k_first: int, k_last: int,
                  settings: BackendSettings) -> tuple[dict[str, DateWindow | None] | None, int]:
    """The dated rows to copy into memory per range, and the persons per range.

    When the months computed (with the wage-hour look-back) are a few (``settings.window_months``),
    each frame scanning the whole Parquet files for them costs more than the work: copy the window
    once per range instead. The copy's memory follows persons × months: a range holds at most
    ``chunk_persons`` × 24 person-months (recomputing the latest month at national scale: one range).
    """
    windows = read_windows([i for i in indicators if is_person_level(i)], k_first, k_last)
    if windows is None or windows.months > settings.window_months:
        return None, settings.chunk_persons
    return windows.tables, settings.chunk_persons * max(1, 24 // windows.months)


def _prepare(con, expr: ir.Table) -> str:  # type: ignore[no-untyped-def]
    """Compile once to SQL and register the expression's in-memory lookup tables.

    Running the SQL text range by range avoids recompiling the Ibis expression for every range.
    (Ibis registers memtables on execute; its pre-execute hook is how it does so.)
    """
    con._run_pre_execute_hooks(expr)
    return con.compile(expr)
