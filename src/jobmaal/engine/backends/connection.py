"""Connecting to a backend and binding the register Parquet folders to it as Ibis tables."""

from __future__ import annotations

import datetime as dt
import gc
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
from ibis.backends import BaseBackend

from jobmaal.engine.backends.location import DataLocation
from jobmaal.engine.backends.spark import start_session
from jobmaal.engine.backends.target import BackendTarget, redact
from jobmaal.engine.frames import RegisterTables
from jobmaal.engine.months import month_index
from jobmaal.errors import BackendError, RegisterError
from jobmaal.registers.schema import TABLES

TABLE_PREFIX = "jm_reg_"


@contextmanager
def open_backend(target: BackendTarget) -> Iterator[BaseBackend]:
    """An Ibis connection for the target; a Spark session jobmaal started is stopped afterwards."""
    if target.kind == "pyspark":
        session, owned = start_session(target)
        try:
            yield ibis.pyspark.connect(session)
        finally:
            if owned:
                session.stop()
        return
    assert target.url is not None
    try:
        con = ibis.connect(target.url)
    except Exception as exc:  # each backend raises its own kind; the user needs the URL and the reason
        raise BackendError(f"{redact(target.url)}: kan ikke forbinde / cannot connect: {exc}") from None
    try:
        yield con
    finally:
        con.disconnect()


def fetch_arrow(con: BaseBackend, expr: ir.Table) -> pa.Table:
    """The expression's rows as Arrow.

    PySpark's Arrow collection leaves its socket to the garbage collector, which then warns
    (ResourceWarning); it is finalised here, silently, not at some later point in other code.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        table = con.to_pyarrow(expr)
        gc.collect()
    return table


def _read(con: BaseBackend, location: DataLocation, name: str) -> Any:
    folder = location.table(name)
    # Spark reads a folder of Parquet files as one table; other backends want a glob.
    source = folder if con.name == "pyspark" else folder.rstrip("/") + "/*.parquet"
    try:
        return con.read_parquet(source, table_name=f"{TABLE_PREFIX}{name}")
    except Exception as exc:  # the backend's own reader error (missing folder, no access, bad file)
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise RegisterError(f"{folder}: table {name!r} cannot be read by {con.name}: {first}") from None


def bind_registers(con: BaseBackend, location: DataLocation) -> RegisterTables:
    """The canonical tables on the backend, restricted to the model's columns (checked by name)."""
    location.check_local()
    tables = {}
    for name, spec in TABLES.items():
        t = _read(con, location, name)
        missing = [c for c in spec.column_names if c not in t.columns]
        if missing:
            raise RegisterError(f"{location.table(name)}: missing column(s) {missing} of the canonical model")
        tables[name] = t.select(*spec.column_names)
    return RegisterTables(**tables)


def data_months(con: BaseBackend, tables: RegisterTables, location: DataLocation) -> tuple[int, int]:
    """First and last month of data, by the DuckDB runner's rule (first: the month the earliest week ends in)."""
    weeks = tables.benefit_weeks
    row = fetch_arrow(con, weeks.aggregate(first=weeks.week_start.min(), last=weeks.week_start.max())).to_pylist()[0]
    if row["first"] is None:
        raise RegisterError(f"{location.table('benefit_weeks')}: no benefit weeks, so no months to compute")
    first: dt.date = row["first"] + dt.timedelta(days=6)
    return month_index(first), month_index(row["last"])
