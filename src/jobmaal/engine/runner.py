"""Run the compiled indicators on DuckDB, range of persons by range, and store them as one run."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import ibis
import pyarrow as pa

from jobmaal import __version__
from jobmaal.catalog import Catalog, default_catalog
from jobmaal.engine.assemble import (
    compile_partials,
    compile_table_indicator,
    finish_indicator,
    is_person_level,
)
from jobmaal.engine.backend import BackendSettings, RegisterViews, connect
from jobmaal.engine.fingerprint import data_fingerprint, read_register_meta
from jobmaal.engine.months import month_index, month_start
from jobmaal.engine.results import Run, write_run
from jobmaal.engine.schema import INDICATOR_VALUES_SCHEMA
from jobmaal.errors import RegisterError

Progress = Callable[[str, int, int], None]  # (what, steps done, steps in all)


@dataclass(frozen=True)
class ComputeRequest:
    data_dir: Path
    results: Path
    period_from: dt.date | None = None  # first month to compute (default: first month of data)
    period_to: dt.date | None = None  # last month to compute (default: last month of data)
    indicators: Sequence[str] | None = None  # default: every indicator in the catalogue
    settings: BackendSettings = field(default_factory=BackendSettings)


def data_months(views: RegisterViews) -> tuple[int, int]:
    """First and last month of data: the months of the earliest and latest benefit week."""
    first, last = views.con.con.sql("SELECT min(week_start), max(week_start) FROM reg_benefit_weeks").fetchall()[0]
    if first is None:
        raise RegisterError(f"{views.data_dir / 'benefit_weeks'}: no benefit weeks, so no months to compute")
    return month_index(first), month_index(last)


def compute(request: ComputeRequest, catalog: Catalog | None = None, progress: Progress | None = None) -> Run:
    """Compute the indicators for the requested months and store them as a new run."""
    catalog = catalog or default_catalog()
    ids = list(request.indicators or catalog.indicators)
    indicators = [catalog.indicator(i) for i in ids]  # a clear error for an unknown id
    con = connect(request.settings)
    try:
        views = RegisterViews(con, request.data_dir)
        k_data_first, k_data_last = data_months(views)
        k_first = month_index(request.period_from) if request.period_from else k_data_first
        k_last = month_index(request.period_to) if request.period_to else k_data_last
        if k_first > k_last:
            raise RegisterError(f"--from {month_start(k_first)} is after --to {month_start(k_last)}")
        values = _compute_values(views, catalog, indicators, k_first, k_last, request.settings, progress)
    finally:
        con.disconnect()

    run_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    values = _conform(values, run_id)
    meta = read_register_meta(request.data_dir)
    run = Run(
        run_id=run_id,
        computed_at=dt.datetime.now(dt.UTC),
        data_fingerprint=data_fingerprint(request.data_dir),
        synthetic=bool(meta.get("synthetic", False)),
        jobmaal_version=__version__,
        period_from=month_start(k_first),
        period_to=month_start(k_last),
        source="registers",
    )
    partial = request.period_from is not None or request.period_to is not None or request.indicators is not None
    replaced = values.select(["indicator_id", "period"]).group_by(["indicator_id", "period"]).aggregate([])
    write_run(request.results, run, values, replaced if partial else None)
    return run


def _compute_values(
    views: RegisterViews,
    catalog: Catalog,
    indicators: list,  # type: ignore[type-arg]
    k_first: int,
    k_last: int,
    settings: BackendSettings,
    progress: Progress | None,
) -> list[pa.Table]:
    con = views.con
    tables = views.tables()
    person_level = [i for i in indicators if is_person_level(i)]
    compiled = []
    for ind in person_level:
        partials = compile_partials(ind, tables, k_first, k_last, catalog.breakdowns, catalog.indicators)
        num_sql = _prepare(con, partials.numerator)
        den_sql = _prepare(con, partials.denominator) if partials.denominator is not None else None
        compiled.append((partials, num_sql, den_sql))

    ranges = views.person_ranges(settings.chunk_persons)
    steps, done = len(ranges) * len(compiled) + len(indicators), 0
    collected: list[tuple[list[pa.Table], list[pa.Table]]] = [([], []) for _ in compiled]
    for lo, hi in ranges:
        views.restrict_persons(lo, hi)
        for (partials, num_sql, den_sql), (nums, dens) in zip(compiled, collected, strict=True):
            if progress:
                progress(partials.indicator.id, done, steps)
            nums.append(con.con.sql(num_sql).fetch_arrow_table())
            if den_sql is not None:
                dens.append(con.con.sql(den_sql).fetch_arrow_table())
            done += 1
    views.restrict_persons(None, None)

    out = []
    for (partials, _, den_sql), (nums, dens) in zip(compiled, collected, strict=True):
        if progress:
            progress(partials.indicator.id, done, steps)
        numerator = ibis.memtable(pa.concat_tables(nums))
        denominator = ibis.memtable(pa.concat_tables(dens)) if den_sql is not None else None
        out.append(con.to_pyarrow(finish_indicator(partials, numerator, denominator, k_first, k_last)))
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


def _prepare(con, expr) -> str:  # type: ignore[no-untyped-def]
    """Compile once to SQL and register the expression's in-memory lookup tables.

    Running the SQL text range by range avoids recompiling the Ibis expression for every range.
    (Ibis registers memtables on execute; the pre-execute hook is how it does so.)
    """
    con._run_pre_execute_hooks(expr)
    return con.compile(expr)


def _conform(parts: list[pa.Table], run_id: str) -> pa.Table:
    tables = []
    for part in parts:
        part = part.append_column("run_id", pa.array([run_id] * part.num_rows, pa.string()))
        tables.append(part.select(INDICATOR_VALUES_SCHEMA.names).cast(INDICATOR_VALUES_SCHEMA))
    return pa.concat_tables(tables)
