"""The ``official_expected`` table of a results file: STAR's benchmark (Y30R21) beside jobmaal's own
expected level, one row per area, rolling period and breakdown, tied to a run by ``run_id``.

| column | meaning |
|---|---|
| source_table | the Jobindsats table, e.g. "Y30R21" |
| indicator_id | the jobmaal indicator it benchmarks (``public_support_fulltime_share``) |
| area_type, area_code | as in ``indicator_values`` |
| period_label | as published, e.g. "2023QMAT02" (the four quarters ending with Q2 2023) |
| period_start, period_end | the period's first and last day (2022-07-01, 2023-06-30) |
| breakdown, breakdown_value | "" for the total; ``benefit_group`` = a_dagpenge, … |
| expected, actual | the expected and actual share (percent) as published |
| difference | the published difference (percentage points), sign as published |
| actual_minus_expected | actual − expected, computed by jobmaal (unambiguous sign) |
| rank | the published place on the benchmark list (1 = best) |
| ranked | how many municipalities have a rank for that period and breakdown |
| expected_count, actual_count | expected and actual full-time persons, where published |
| run_id | the run in ``runs`` |
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from jobmaal.engine.results import resolve_run

OFFICIAL_EXPECTED_SCHEMA = pa.schema([
    pa.field("source_table", pa.string(), nullable=False),
    pa.field("indicator_id", pa.string(), nullable=False),
    pa.field("area_type", pa.string(), nullable=False),
    pa.field("area_code", pa.string(), nullable=False),
    pa.field("period_label", pa.string(), nullable=False),
    pa.field("period_start", pa.date32(), nullable=False),
    pa.field("period_end", pa.date32(), nullable=False),
    pa.field("breakdown", pa.string(), nullable=False),
    pa.field("breakdown_value", pa.string(), nullable=False),
    pa.field("expected", pa.float64()),
    pa.field("actual", pa.float64()),
    pa.field("difference", pa.float64()),
    pa.field("actual_minus_expected", pa.float64()),
    pa.field("rank", pa.int64()),
    pa.field("ranked", pa.int64()),
    pa.field("expected_count", pa.float64()),
    pa.field("actual_count", pa.float64()),
    pa.field("run_id", pa.string(), nullable=False),
])
TABLE = "official_expected"
_SQL_TYPES = {pa.string(): "VARCHAR", pa.date32(): "DATE", pa.float64(): "DOUBLE", pa.int64(): "BIGINT"}


def _ddl() -> str:
    cols = ", ".join(f"{f.name} {_SQL_TYPES[f.type]}{'' if f.nullable else ' NOT NULL'}"
                     for f in OFFICIAL_EXPECTED_SCHEMA)
    return f"CREATE TABLE IF NOT EXISTS {TABLE} ({cols})"


def write_official_expected(path: Path | str, rows: pa.Table) -> None:
    """Append ``rows`` (``OFFICIAL_EXPECTED_SCHEMA``) in one transaction; creates the table if needed.

    Written before the run itself: rows whose ``run_id`` has no ``runs`` row (a run that then failed)
    are never read, because readers go through ``runs``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        con.execute("BEGIN TRANSACTION")
        con.execute(_ddl())
        con.register("new_rows", rows)
        con.execute(f"INSERT INTO {TABLE} SELECT * FROM new_rows")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.close()


def read_official_expected(path: Path | str, run_id: str | None = None) -> pd.DataFrame:
    """The official expected level of a run (the latest unless named); empty when the run has none."""
    run = resolve_run(Path(path), run_id)
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if TABLE not in tables:
            return pa.Table.from_pylist([], schema=OFFICIAL_EXPECTED_SCHEMA).to_pandas()
        return con.execute(f"SELECT * FROM {TABLE} WHERE run_id = ? ORDER BY indicator_id, breakdown, "
                           "breakdown_value, period_start, area_type, area_code", [run.run_id]).fetch_df()
    finally:
        con.close()
