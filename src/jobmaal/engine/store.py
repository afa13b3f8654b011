"""Storing computed indicator rows as one run: shared by the DuckDB runner and the other backends."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pyarrow as pa

from jobmaal import __version__
from jobmaal.engine.months import month_start
from jobmaal.engine.results import Run, write_run
from jobmaal.engine.schema import INDICATOR_VALUES_SCHEMA

if TYPE_CHECKING:
    from jobmaal.engine.runner import ComputeRequest


def new_run_id() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]


def conform(parts: Sequence[pa.Table], run_id: str) -> pa.Table:
    """The final rows of every indicator as one ``indicator_values`` table of run ``run_id``."""
    tables = []
    for part in parts:
        part = part.append_column("run_id", pa.array([run_id] * part.num_rows, pa.string()))
        tables.append(part.select(INDICATOR_VALUES_SCHEMA.names).cast(INDICATOR_VALUES_SCHEMA))
    return pa.concat_tables(tables)


def store_run(request: ComputeRequest, values: Sequence[pa.Table], *, fingerprint: str, synthetic: bool,
              k_first: int, k_last: int) -> Run:
    """Write ``values`` (final rows per indicator) as a new run (source "registers") in ``request.results``.

    A request for part of the figures (``--from/--to/--indicator``) replaces only the
    (indicator, period) pairs it computed; ``write_run`` copies the rest from the previous run.
    """
    run_id = new_run_id()
    table = conform(values, run_id)
    run = Run(
        run_id=run_id,
        computed_at=dt.datetime.now(dt.UTC),
        data_fingerprint=fingerprint,
        synthetic=synthetic,
        jobmaal_version=__version__,
        period_from=month_start(k_first),
        period_to=month_start(k_last),
        source="registers",
    )
    partial = request.period_from is not None or request.period_to is not None or request.indicators is not None
    replaced = table.select(["indicator_id", "period"]).group_by(["indicator_id", "period"]).aggregate([])
    write_run(request.results, run, table, replaced if partial else None)
    return run
