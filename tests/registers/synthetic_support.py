"""Shared helpers of the synthetic generator tests: one small-scale data set per test process."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from jobmaal.registers.schema import TABLES
from jobmaal.registers.store import table_glob
from jobmaal.registers.synthetic import GenerateOptions, generate

SMALL_SEED = 11
_CACHE: dict[str, Path] = {}


def small_registers(factory: pytest.TempPathFactory) -> Path:
    """The small preset (20,000 persons, 2019-2024), generated once per test process."""
    if "small" not in _CACHE:
        out = factory.mktemp("synthetic") / "small"
        generate(GenerateOptions.build(out, scale="small", seed=SMALL_SEED))
        _CACHE["small"] = out
    return _CACHE["small"]


def connect(data_dir: Path) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with one view per register table."""
    con = duckdb.connect()
    for name in TABLES:
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{table_glob(data_dir, name)}')")
    return con


def one(con: duckdb.DuckDBPyConnection, sql: str) -> Any:
    row = con.execute(sql).fetchone()
    assert row is not None
    return row[0]
