"""Connecting to a backend and binding the register tables: the only I/O of the engine's input side."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ibis
from ibis.backends import BaseBackend

from jobmaal.engine.frames import RegisterTables
from jobmaal.errors import RegisterError
from jobmaal.registers.schema import TABLES


@dataclass(frozen=True)
class BackendSettings:
    """How to run: the backend name and its resource limits (DuckDB: memory_limit like "4GB")."""

    backend: str = "duckdb"
    memory_limit: str | None = None
    threads: int | None = None
    temp_directory: str | None = None


def connect(settings: BackendSettings) -> BaseBackend:
    if settings.backend != "duckdb":
        raise RegisterError(f"backend {settings.backend!r} is not supported here; use duckdb")
    config: dict[str, Any] = {}
    if settings.memory_limit:
        config["memory_limit"] = settings.memory_limit
    if settings.threads:
        config["threads"] = settings.threads
    if settings.temp_directory:
        config["temp_directory"] = settings.temp_directory
    con = ibis.duckdb.connect(**config)
    con.raw_sql("SET preserve_insertion_order = false")
    return con


def _table_source(data_dir: Path, name: str) -> str:
    folder = data_dir / name
    if not folder.is_dir() or not any(folder.glob("*.parquet")):
        raise RegisterError(f"{folder}: table {name!r} is missing (expected Parquet files in this folder)")
    return str(folder / "*.parquet")


def bind_registers(con: BaseBackend, data_dir: Path) -> RegisterTables:
    """Expose each register table of ``data_dir`` as a view, checked against the canonical model."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise RegisterError(f"{data_dir}: register data directory not found")
    bound = {}
    for name, spec in TABLES.items():
        source = _table_source(data_dir, name)
        table = con.read_parquet(source, table_name=f"reg_{name}")
        missing = [c for c in spec.column_names if c not in table.columns]
        if missing:
            raise RegisterError(f"{data_dir / name}: missing column(s) {missing} of the canonical model")
        bound[name] = table.select(*spec.column_names)
    return RegisterTables(**bound)
