"""Connecting to DuckDB and exposing the register tables as views, optionally for a range of persons.

The only I/O on the engine's input side. Person-level tables are views over the Parquet folders;
``restrict_persons`` re-points them at one range of person keys, so the same compiled SQL runs
range by range (person-range files make each range a cheap scan of a few files). Given the
dates a computation reads (a few months: recomputing the latest month), it also copies those rows
of the dated tables into memory once per range, so that the frames do not each scan the files (the
year blocks of the big dated tables let that copy skip the other years' row groups), and makes the
tables derived from the range (the person attributes).
"""

from __future__ import annotations

import datetime as dt
import itertools
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import ibis
from ibis.backends.duckdb import Backend as DuckDBBackend

from jobmaal.engine.frames import RegisterTables
from jobmaal.errors import RegisterError
from jobmaal.registers.schema import TABLES

_DUCKDB_TYPES = {"string": "VARCHAR", "date32[day]": "DATE", "double": "DOUBLE", "int64": "BIGINT", "bool": "BOOLEAN"}


@dataclass(frozen=True)
class DateWindow:
    """The rows of a dated table that a computation reads: ``column`` from ``first`` to ``last``.

    With ``end_column`` the rows are intervals [column, end_column) (end null: open), and the
    window keeps those that overlap [first, last].
    """

    column: str
    first: dt.date
    last: dt.date
    end_column: str | None = None

    def sql(self) -> str:
        first, last = f"DATE '{self.first.isoformat()}'", f"DATE '{self.last.isoformat()}'"
        if self.end_column is None:
            return f"{self.column} BETWEEN {first} AND {last}"
        return f"{self.column} <= {last} AND ({self.end_column} IS NULL OR {self.end_column} > {first})"

PERSON_TABLES = ("persons", "residence", "benefit_weeks", "activities", "employment_months")


@dataclass(frozen=True)
class BackendSettings:
    """How to run: the backend and its limits (DuckDB memory_limit like "4GB", spilling to temp_directory)."""

    backend: str = "duckdb"
    memory_limit: str | None = "2GB"  # DuckDB spills to disk beyond it; keeps national runs under 3 GB RSS
    threads: int | None = None
    temp_directory: str | None = None
    chunk_persons: int = 1_000_000  # persons per range; bounds memory at national scale
    window_months: int = 4  # computing at most this many months (with look-back) copies them into memory


def connect(settings: BackendSettings) -> DuckDBBackend:
    if settings.backend != "duckdb":
        raise RegisterError(f"backend {settings.backend!r} is not supported; use duckdb")
    config: dict[str, Any] = {}
    if settings.memory_limit:
        config["memory_limit"] = settings.memory_limit
    if settings.threads:
        config["threads"] = settings.threads
    # Spill files go to the system's temp folder, never into the working directory (DuckDB's default).
    config["temp_directory"] = settings.temp_directory or str(Path(tempfile.gettempdir()) / "jobmaal-duckdb")
    con = ibis.duckdb.connect(**config)
    con.raw_sql("SET preserve_insertion_order = false")
    con.raw_sql("SET enable_progress_bar = false")  # jobmaal reports progress per indicator itself
    return con


def _source(data_dir: Path, name: str) -> str:
    folder = data_dir / name
    if not folder.is_dir() or not any(folder.glob("*.parquet")):
        raise RegisterError(f"{folder}: table {name!r} is missing (expected Parquet files in this folder)")
    return str(folder / "*.parquet").replace("'", "''")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class RegisterViews:
    """The register tables of one data directory as DuckDB views named ``reg_<table>``."""

    def __init__(self, con: DuckDBBackend, data_dir: Path) -> None:
        self.con = con
        self.data_dir = Path(data_dir)
        if not self.data_dir.is_dir():
            raise RegisterError(f"{self.data_dir}: register data directory not found")
        self._sources = {name: _source(self.data_dir, name) for name in TABLES}
        self._check_columns()
        for name in TABLES:
            self._define(name, None, None)

    def _define(self, name: str, lo: str | None, hi: str | None, copy: bool = False,
                window: DateWindow | None = None, cursor: duckdb.DuckDBPyConnection | None = None) -> None:
        cols = ", ".join(TABLES[name].column_names)
        where = []
        if lo is not None:
            where.append(f"person_key >= {_literal(lo)}")
        if hi is not None:
            where.append(f"person_key < {_literal(hi)}")
        if window is not None:
            where.append(window.sql())
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        source = f"SELECT {cols} FROM read_parquet('{self._sources[name]}'){clause}"
        run = (cursor or self.con.con).execute
        if copy:
            # Not TEMP: a table of the (in-memory) database is visible from every cursor.
            run(f"CREATE OR REPLACE TABLE copy_{name} AS {source}")
            run(f"CREATE OR REPLACE VIEW reg_{name} AS SELECT * FROM copy_{name}")
        else:
            run(f"DROP TABLE IF EXISTS copy_{name}")
            run(f"CREATE OR REPLACE VIEW reg_{name} AS {source}")

    def _check_columns(self) -> None:
        """Every column of the canonical model present, with its type (a clear error, not a SQL one)."""
        for name, spec in TABLES.items():
            rel = self.con.con.sql(f"SELECT * FROM read_parquet('{self._sources[name]}') LIMIT 0")
            found = dict(zip(rel.columns, (str(t) for t in rel.types), strict=True))
            missing = [c for c in spec.column_names if c not in found]
            if missing:
                raise RegisterError(f"{self.data_dir / name}: missing column(s) {missing} of the canonical model")
            wrong = [
                f"{c.name} is {found[c.name]}, expected {_DUCKDB_TYPES[str(c.type)]}"
                for c in spec.columns
                if found[c.name] != _DUCKDB_TYPES[str(c.type)]
            ]
            if wrong:
                raise RegisterError(f"{self.data_dir / name}: wrong column type(s): {'; '.join(wrong)}")

    def tables(self) -> RegisterTables:
        return RegisterTables(**{name: self.con.table(f"reg_{name}") for name in TABLES})

    def restrict_persons(self, lo: str | None, hi: str | None,
                         copies: Mapping[str, DateWindow | None] | None = None,
                         derived: Mapping[str, str] | None = None, *, own_cursor: bool = False) -> None:
        """Point the person-level views at person keys in [lo, hi) (None: unbounded).

        ``copies`` names the tables whose rows of the range are copied into memory, each with the
        dates it is restricted to (None: all its rows); the caller promises that no frame reads a row
        outside them. ``derived`` are tables made from the range's views afterwards (name → SQL; e.g.
        the persons' attributes). ``own_cursor`` runs the statements on a cursor of their own, so that
        another thread may use the connection meanwhile (DuckDB releases the GIL while it works).
        """
        copies = copies or {}
        cursor = self.con.con.cursor() if own_cursor else None
        run = (cursor or self.con.con).execute
        try:
            if cursor is not None:
                cursor.execute("SET enable_progress_bar = false")
            for name in PERSON_TABLES:
                self._define(name, lo, hi, name in copies, copies.get(name), cursor)
            for name, sql in (derived or {}).items():
                # Not TEMP: a table of the (in-memory) database is visible from every cursor.
                run(f"CREATE OR REPLACE TABLE {name} AS {sql}")
        finally:
            if cursor is not None:
                cursor.close()

    def person_ranges(self, chunk_persons: int) -> list[tuple[str | None, str | None]]:
        """Consecutive [lo, hi) ranges of person keys holding about ``chunk_persons`` persons each."""
        n = self.con.con.sql(f"SELECT count(*) FROM read_parquet('{self._sources['persons']}')").fetchall()[0][0]
        chunks = max(1, -(-n // max(1, chunk_persons)))
        if chunks == 1:
            return [(None, None)]
        quantiles = ", ".join(str(i / chunks) for i in range(1, chunks))
        row = self.con.con.sql(
            f"SELECT quantile_disc(person_key, [{quantiles}]) FROM read_parquet('{self._sources['persons']}')"
        ).fetchall()[0][0]
        bounds = sorted(set(row))
        edges: list[str | None] = [None, *bounds, None]
        return list(itertools.pairwise(edges))
