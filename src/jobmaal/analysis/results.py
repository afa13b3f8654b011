"""Reading the engine's results file: the indicator values of one run, totals only.

``read_totals`` is the one place that touches the DuckDB file; it prefers the engine's own
reader (``jobmaal.engine.results.read_values``) and falls back to a small query of its own while
that reader does not exist yet. Everything downstream works on the returned frame.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from jobmaal.errors import ResultsError

# The columns the analysis uses (a subset of jobmaal.engine.schema.INDICATOR_VALUES_SCHEMA).
VALUE_COLUMNS = ("indicator_id", "area_type", "area_code", "period", "value", "numerator", "denominator")


@dataclass(frozen=True, slots=True)
class RunInfo:
    """Which computation the figures come from (shown on every page and report)."""

    run_id: str
    computed_at: dt.datetime | None
    synthetic: bool
    period_from: dt.date | None
    period_to: dt.date | None
    source: str | None


@dataclass(frozen=True)
class Results:
    """Indicator totals of one run (no breakdown rows) and the run's metadata."""

    values: pd.DataFrame
    run: RunInfo


def _engine_reader(path: Path, run_id: str | None) -> pd.DataFrame | None:
    try:
        from jobmaal.engine.results import read_values  # type: ignore[import-not-found]
    except ImportError:
        return None
    return read_values(path, run_id=run_id)


def _own_reader(path: Path, run_id: str | None) -> pd.DataFrame:
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        rid = run_id or _latest_run_id(con, path)
        cols = ", ".join(VALUE_COLUMNS)
        return con.execute(
            f"SELECT {cols} FROM indicator_values WHERE run_id = ? AND breakdown = ''", [rid]
        ).df()
    finally:
        con.close()


def _latest_run_id(con: object, path: Path) -> str:
    row = con.execute("SELECT run_id FROM runs ORDER BY computed_at DESC LIMIT 1").fetchone()  # type: ignore[attr-defined]
    if row is None:
        raise ResultsError(f"{path}: the results file has no runs; run 'jobmaal compute' first")
    return str(row[0])


def _run_info(path: Path, run_id: str | None) -> RunInfo:
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        rid = run_id or _latest_run_id(con, path)
        row = con.execute(
            "SELECT run_id, computed_at, synthetic, period_from, period_to, source FROM runs WHERE run_id = ?",
            [rid],
        ).fetchone()
    finally:
        con.close()
    if row is None:
        raise ResultsError(f"{path}: no run with run_id {run_id!r} in table 'runs'")
    return RunInfo(str(row[0]), row[1], bool(row[2]), row[3], row[4], row[5])


def normalise_values(frame: pd.DataFrame) -> pd.DataFrame:
    """Totals only, the analysis columns, ``period`` as datetime64 and numbers as float."""
    if "breakdown" in frame.columns:
        frame = frame[frame["breakdown"].fillna("") == ""]
    missing = [c for c in VALUE_COLUMNS if c not in frame.columns]
    if missing:
        raise ResultsError(f"indicator values lack the column(s) {missing}")
    out = frame.loc[:, list(VALUE_COLUMNS)].copy()
    out["period"] = pd.to_datetime(out["period"])
    for col in ("value", "numerator", "denominator"):
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64")
    # A zero denominator means no value, whatever the writer stored.
    out.loc[out["denominator"] == 0, "value"] = float("nan")
    out["area_code"] = out["area_code"].astype(str)
    return out.reset_index(drop=True)


def read_results(path: Path | str, run_id: str | None = None) -> Results:
    """The totals of a run (the latest unless ``run_id`` is given) from a DuckDB results file."""
    path = Path(path)
    if not path.exists():
        raise ResultsError(f"{path}: results file not found; run 'jobmaal compute' first")
    run = _run_info(path, run_id)
    frame = _engine_reader(path, run.run_id)
    if frame is None:
        frame = _own_reader(path, run.run_id)
    return Results(values=normalise_values(frame), run=run)


def results_from_frame(frame: pd.DataFrame, synthetic: bool = True) -> Results:
    """Wrap an in-memory values frame (tests, or a caller that already read the file)."""
    values = normalise_values(frame)
    periods = values["period"]
    run = RunInfo(
        run_id=str(frame["run_id"].iloc[0]) if "run_id" in frame.columns and len(frame) else "in-memory",
        computed_at=None,
        synthetic=synthetic,
        period_from=periods.min().date() if len(values) else None,
        period_to=periods.max().date() if len(values) else None,
        source=None,
    )
    return Results(values=values, run=run)
