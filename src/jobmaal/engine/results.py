"""The results file: a DuckDB database with ``indicator_values`` and ``runs``.

Every run is kept. A run is written in one transaction, so a failed run leaves the previous
results as they were. A run over part of the periods copies the previous latest run's other
periods, so that every run is complete and readers can simply take the latest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from jobmaal.engine.schema import INDICATOR_VALUES_SCHEMA, RUNS_SCHEMA
from jobmaal.errors import ResultsError

_DDL_TYPES = {
    pa.string(): "VARCHAR",
    pa.date32(): "DATE",
    pa.float64(): "DOUBLE",
    pa.int64(): "BIGINT",
    pa.bool_(): "BOOLEAN",
    pa.timestamp("us", tz="UTC"): "TIMESTAMPTZ",
}


def _ddl(name: str, schema: pa.Schema) -> str:
    cols = ", ".join(f"{f.name} {_DDL_TYPES[f.type]}{'' if f.nullable else ' NOT NULL'}" for f in schema)
    return f"CREATE TABLE IF NOT EXISTS {name} ({cols})"


@dataclass(frozen=True)
class Run:
    run_id: str
    computed_at: dt.datetime
    data_fingerprint: str
    synthetic: bool
    jobmaal_version: str
    period_from: dt.date | None
    period_to: dt.date | None
    source: str | None


def write_run(path: Path, run: Run, values: pa.Table, replaced: pa.Table | None = None) -> None:
    """Store ``values`` as run ``run.run_id`` in one transaction.

    ``replaced`` (indicator_id, period) lists what this run computed; if given, the previous
    latest run's other rows are copied into the new run, making it complete.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        con.execute("BEGIN TRANSACTION")
        con.execute(_ddl("indicator_values", INDICATOR_VALUES_SCHEMA))
        con.execute(_ddl("runs", RUNS_SCHEMA))
        latest = con.execute("SELECT run_id FROM runs ORDER BY computed_at DESC LIMIT 1").fetchall()
        previous = latest[0] if latest else None
        con.register("new_values", values)
        con.execute("INSERT INTO indicator_values SELECT * FROM new_values")
        if replaced is not None and previous is not None:
            con.register("replaced", replaced)
            cols = ", ".join(n for n in INDICATOR_VALUES_SCHEMA.names if n != "run_id")
            con.execute(
                f"""INSERT INTO indicator_values
                SELECT {cols}, ? AS run_id FROM indicator_values v
                WHERE v.run_id = ? AND NOT EXISTS (
                    SELECT 1 FROM replaced r WHERE r.indicator_id = v.indicator_id AND r.period = v.period)""",
                [run.run_id, previous[0]],
            )
        con.execute(
            "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [run.run_id, run.computed_at, run.data_fingerprint, run.synthetic, run.jobmaal_version,
             run.period_from, run.period_to, run.source],
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.close()


def _open(path: Path) -> duckdb.DuckDBPyConnection:
    path = Path(path)
    if not path.is_file():
        raise ResultsError(f"{path}: results file not found (run `jobmaal compute` first)")
    con = duckdb.connect(str(path), read_only=True)
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if not {"indicator_values", "runs"} <= tables:
        con.close()
        raise ResultsError(f"{path}: not a jobmaal results file (no indicator_values/runs tables)")
    return con


_RUNS_SEEN: dict[tuple[str, int, int], list[Run]] = {}


def list_runs(path: Path) -> list[Run]:
    """The file's runs, oldest first (remembered per process until the file changes: a one-off command
    asks several times, and opening the file is 0.03 s)."""
    path = Path(path)
    st = path.stat() if path.is_file() else None
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns) if st is not None else None
    if key is not None and key in _RUNS_SEEN:
        return list(_RUNS_SEEN[key])
    con = _open(path)
    try:
        rows = con.execute(f"SELECT {', '.join(RUNS_SCHEMA.names)} FROM runs ORDER BY computed_at").fetchall()
    finally:
        con.close()
    runs = [Run(*r) for r in rows]
    if key is not None:
        _RUNS_SEEN.clear()  # one file at a time is what a command reads
        _RUNS_SEEN[key] = runs
    return list(runs)


def resolve_run(path: Path, run_id: str | None = None) -> Run:
    runs = list_runs(path)
    if not runs:
        raise ResultsError(f"{path}: holds no runs yet")
    if run_id is None:
        return runs[-1]
    for run in runs:
        if run.run_id == run_id:
            return run
    raise ResultsError(f"{path}: no run {run_id!r}; runs: {[r.run_id for r in runs]}")


def read_values(
    path: Path,
    run_id: str | None = None,
    indicators: list[str] | None = None,
    areas: list[str] | None = None,
    breakdowns: bool = True,
) -> pd.DataFrame:
    """Indicator values of a run (the latest unless named), as a DataFrame."""
    run = resolve_run(path, run_id)
    where, params = ["run_id = ?"], [run.run_id]
    if indicators:
        where.append(f"indicator_id IN ({', '.join('?' * len(indicators))})")
        params += indicators
    if areas:
        where.append(f"area_code IN ({', '.join('?' * len(areas))})")
        params += areas
    if not breakdowns:
        where.append("breakdown = ''")
    con = _open(path)
    try:
        sql = (f"SELECT * FROM indicator_values WHERE {' AND '.join(where)} "
               "ORDER BY indicator_id, area_type, area_code, breakdown, breakdown_value, period")
        return con.execute(sql, params).fetch_df()
    finally:
        con.close()
