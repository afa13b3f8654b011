"""Reading the engine's results file: the indicator values of one run, totals only.

``read_results`` goes through the engine's reader (``jobmaal.engine.results``); everything downstream
works on the returned frame, so a frame built in memory (tests, a caller that already read the file)
works the same.
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


def _read_totals(path: Path, run_id: str) -> pd.DataFrame:
    """The one place that reads values from the file (the engine's reader, totals only)."""
    from jobmaal.engine.results import read_values

    return read_values(path, run_id=run_id, breakdowns=False)


def read_run_info(path: Path | str, run_id: str | None = None) -> RunInfo:
    """The metadata of a run (the latest unless ``run_id``)."""
    from jobmaal.engine.results import resolve_run

    run = resolve_run(Path(path), run_id)
    return RunInfo(run.run_id, run.computed_at, bool(run.synthetic), run.period_from, run.period_to, run.source)


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
    run = read_run_info(path, run_id)
    return Results(values=normalise_values(_read_totals(path, run.run_id)), run=run)


def results_from_frame(frame: pd.DataFrame, run: RunInfo | None = None, synthetic: bool = False) -> Results:
    """Wrap an in-memory values frame: the engine's columns, or ``DisclosedValues.frame`` (suppressed
    figures are null there and stay missing). ``run`` is the run's metadata when known."""
    values = normalise_values(frame)
    if run is None:
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
