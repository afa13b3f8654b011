"""Run the compiled indicators on a backend and store them as one run."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from jobmaal import __version__
from jobmaal.catalog import Catalog, default_catalog
from jobmaal.engine.assemble import compile_indicator
from jobmaal.engine.backend import BackendSettings, bind_registers, connect
from jobmaal.engine.fingerprint import data_fingerprint, read_register_meta
from jobmaal.engine.months import month_index, month_start
from jobmaal.engine.results import Run, write_run
from jobmaal.engine.schema import INDICATOR_VALUES_SCHEMA
from jobmaal.errors import RegisterError

Progress = Callable[[str, int, int], None]  # (indicator id, done, total)


@dataclass(frozen=True)
class ComputeRequest:
    data_dir: Path
    results: Path
    period_from: dt.date | None = None  # first month to compute (default: first month of data)
    period_to: dt.date | None = None  # last month to compute (default: last month of data)
    indicators: Sequence[str] | None = None  # default: every indicator in the catalogue
    settings: BackendSettings = field(default_factory=BackendSettings)


def data_months(con, tables) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """First and last month of data: the months of the earliest and latest benefit week."""
    weeks = tables.benefit_weeks
    row = con.execute(weeks.aggregate(first=weeks.week_start.min(), last=weeks.week_start.max()))
    first, last = row["first"].iloc[0], row["last"].iloc[0]
    if first is None or last != last:  # NaT or None: an empty table
        raise RegisterError("benefit_weeks is empty: no months to compute")
    return month_index(first), month_index(last)


def compute(request: ComputeRequest, catalog: Catalog | None = None, progress: Progress | None = None) -> Run:
    """Compute the indicators for the requested months and store them as a new run."""
    catalog = catalog or default_catalog()
    ids = list(request.indicators or catalog.indicators)
    for ind_id in ids:
        catalog.indicator(ind_id)  # clear error for an unknown id
    con = connect(request.settings)
    tables = bind_registers(con, request.data_dir)
    k_data_first, k_data_last = data_months(con, tables)
    k_first = month_index(request.period_from) if request.period_from else k_data_first
    k_last = month_index(request.period_to) if request.period_to else k_data_last
    if k_first > k_last:
        raise RegisterError(f"--from {month_start(k_first)} is after --to {month_start(k_last)}")

    parts: list[pa.Table] = []
    for i, ind_id in enumerate(ids):
        if progress:
            progress(ind_id, i, len(ids))
        expr = compile_indicator(catalog.indicator(ind_id), tables, k_first, k_last, catalog.breakdowns,
                                 catalog.indicators)
        parts.append(con.to_pyarrow(expr))
    if progress:
        progress("", len(ids), len(ids))

    run_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    values = _conform(parts, run_id)
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
    con.disconnect()
    return run


def _conform(parts: list[pa.Table], run_id: str) -> pa.Table:
    tables = []
    for part in parts:
        part = part.append_column("run_id", pa.array([run_id] * part.num_rows, pa.string()))
        tables.append(part.select(INDICATOR_VALUES_SCHEMA.names).cast(INDICATOR_VALUES_SCHEMA))
    return pa.concat_tables(tables)
