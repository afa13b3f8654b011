"""Compute the indicators on an Ibis backend (Spark, …) and store them as a run, like the DuckDB runner.

The backend gets whole expressions, no ranges of persons: a distributed engine partitions by
itself. Each stage of a person-level frame's aggregation is cached on Spark once, and the later
stages and the branches (area levels × breakdown cells) read it; only the partial aggregates
(areas × months × cells) come back, as Arrow, and are finished on a local DuckDB exactly as the DuckDB runner does.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import ibis
import ibis.expr.types as ir
import pyarrow as pa
from ibis.backends import BaseBackend

from jobmaal.catalog import Catalog, default_catalog
from jobmaal.catalog.models import Indicator
from jobmaal.engine.aggregate import EventFrame, aggregate_events, staged_event_aggregation
from jobmaal.engine.assemble import compile_partials, compile_table_indicator, finish_indicator, is_person_level
from jobmaal.engine.backends.connection import bind_registers, data_months, fetch_arrow, open_backend
from jobmaal.engine.backends.location import DataLocation
from jobmaal.engine.backends.target import BackendTarget
from jobmaal.engine.frames import AgeGroup, RegisterTables
from jobmaal.engine.months import month_index, month_start
from jobmaal.engine.results import Run
from jobmaal.engine.runner import ComputeRequest, Progress
from jobmaal.engine.store import store_run
from jobmaal.errors import RegisterError

PARTIAL_SCHEMA = pa.schema([
    ("area_type", pa.string()), ("area_code", pa.string()), ("k", pa.int64()), ("breakdown", pa.string()),
    ("breakdown_value", pa.string()), ("amount", pa.float64()), ("persons", pa.int64()),
])


def compute_on(request: ComputeRequest, target: BackendTarget, data: str | None = None,
               catalog: Catalog | None = None, progress: Progress | None = None) -> Run:
    """Connect to ``target``, compute, store the run in ``request.results`` (a local DuckDB file).

    ``data`` is the register location as the user wrote it (a path or a URL such as ``s3://…``);
    default ``request.data_dir``.
    """
    with open_backend(target) as con:
        return compute_with(con, request, data, catalog, progress)


def compute_with(con: BaseBackend, request: ComputeRequest, data: str | None = None,
                 catalog: Catalog | None = None, progress: Progress | None = None) -> Run:
    """Compute on an open Ibis connection (a test's shared Spark session, say) and store the run."""
    catalog = catalog or default_catalog()
    indicators = [catalog.indicator(i) for i in (request.indicators or catalog.indicators)]
    location = DataLocation(data if data is not None else str(request.data_dir))
    tables = bind_registers(con, location)
    k_data_first, k_data_last = data_months(con, tables, location)
    k_first = month_index(request.period_from) if request.period_from else k_data_first
    k_last = month_index(request.period_to) if request.period_to else k_data_last
    if k_first > k_last:
        raise RegisterError(f"--from {month_start(k_first)} is after --to {month_start(k_last)}")
    # Read the fingerprint and metadata first: a location jobmaal cannot read fails before the work.
    fingerprint, meta = location.fingerprint(), location.meta()
    values = _compute_values(con, tables, catalog, indicators, k_first, k_last, progress)
    return store_run(request, values, fingerprint=fingerprint, synthetic=bool(meta.get("synthetic", False)),
                     k_first=k_first, k_last=k_last)


def _compute_values(con: BaseBackend, tables: RegisterTables, catalog: Catalog, indicators: list[Indicator],
                    k_first: int, k_last: int, progress: Progress | None) -> list[pa.Table]:
    local = ibis.duckdb.connect()  # finishes the small partials exactly as the DuckDB runner does
    out = []
    try:
        for done, ind in enumerate(indicators):
            if progress:
                progress(ind.id, done, len(indicators))
            if not is_person_level(ind):
                out.append(_fetch(con, compile_table_indicator(ind, tables, k_first, k_last)))
                continue
            p = compile_partials(ind, tables, k_first, k_last, catalog.breakdowns, catalog.indicators)
            numerator = _event_partials(con, p.numerator, p.numerator_breakdowns, p.event_breakdowns, p.people,
                                        p.age_groups)
            denominator: pa.Table | None = None
            if isinstance(p.denominator, EventFrame):
                denominator = _event_partials(con, p.denominator, p.denominator_breakdowns, (), p.people,
                                              p.age_groups)
            elif p.denominator is not None:
                denominator = _partial(con, p.denominator)
            finished = finish_indicator(p, ibis.memtable(numerator),
                                        ibis.memtable(denominator) if denominator is not None else None,
                                        k_first, k_last)
            out.append(local.to_pyarrow(finished))
        if progress:
            progress("", len(indicators), len(indicators))
    finally:
        local.disconnect()
    return out


def _event_partials(con: BaseBackend, frame: EventFrame, breakdowns: Sequence[str], events: Sequence[str],
                    people: ir.Table, groups: Sequence[AgeGroup]) -> pa.Table:
    """The partial aggregates of an event frame (every area level and breakdown cell), as Arrow; ``people``
    is the ``person_attributes`` table.

    The engine's own staged aggregation (``staged_event_aggregation``), as the DuckDB runner runs it.
    """
    if con.name != "pyspark":
        # Any other backend gets the single read-only expression: no views or tables are created there.
        return _partial(con, aggregate_events(frame, breakdowns, events, people, groups))
    # On Spark each stage (grouped rows, mixed person-months, cube, mixed rows) is cached once and the
    # later stages and the branches read the cache instead of recomputing it from the Parquet files.
    # A stage goes through a temporary view because creating the view registers its lookup tables
    # (memtables), which ``Table.cache()`` on PySpark does not do.
    views: list[str] = []
    cached: list[ir.Table] = []

    def materialise(name: str, expr: ir.Table) -> ir.Table:
        view = f"jm_{name}_{uuid.uuid4().hex[:12]}"
        con.create_view(view, expr, overwrite=True)  # type: ignore[attr-defined]
        views.append(view)
        cached.append(con.table(view).cache())
        return cached[-1]

    try:
        return _partial(con, staged_event_aggregation(frame, breakdowns, events, people, groups, materialise))
    finally:
        for table in cached:
            table.release()
        for view in views:
            con.raw_sql(f"DROP VIEW IF EXISTS `{view}`")  # ibis 12's drop_view emits invalid Spark SQL


def _partial(con: BaseBackend, expr: ir.Table) -> pa.Table:
    return _fetch(con, expr).select(PARTIAL_SCHEMA.names).cast(PARTIAL_SCHEMA)


def _fetch(con: BaseBackend, expr: ir.Table) -> pa.Table:
    return fetch_arrow(con, expr)
