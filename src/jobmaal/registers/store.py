"""A register data directory on disk: where each table's Parquet files are, its metadata, atomic swap-in.

Layout (docs/registers/README.md)::

    DIR/_jobmaal_meta.json
    DIR/<table>/part-00000.parquet   (any number of Parquet files per table folder)

Writers build a complete directory in a staging folder beside the target and then
``swap_in`` it, so a reader never sees a half-written store and a failed write leaves
the previous data as it was.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from jobmaal.errors import RegisterError
from jobmaal.registers.schema import META_FILE, TABLES

# Fixed write settings: the same rows always give the same bytes (no timestamps are written),
# and row groups of about a million rows let DuckDB scan a file on several threads.
ROW_GROUP_ROWS = 1 << 20
PARQUET_OPTIONS: dict[str, Any] = {"compression": "zstd", "use_dictionary": True, "write_statistics": True}

# The big dated tables are written in year blocks: a file still holds one range of persons, but its rows
# run year by year (by person and date within a year), each year in row groups of its own. Reading a few
# months (recomputing the latest month) then skips the other years' row groups by their statistics,
# while a range of persons is still a few files (docs/registers/README.md).
YEAR_BLOCKS: dict[str, str] = {"benefit_weeks": "week_start", "employment_months": "month"}


def table_dir(data_dir: Path | str, table: str) -> Path:
    """The folder of one table, e.g. ``DIR/benefit_weeks``."""
    if table not in TABLES:
        raise RegisterError(f"unknown register table {table!r}; the model has {sorted(TABLES)}")
    return Path(data_dir) / table


def table_glob(data_dir: Path | str, table: str) -> str:
    """The glob of a table's Parquet files, for DuckDB's ``read_parquet('DIR/benefit_weeks/*.parquet')``."""
    return str(table_dir(data_dir, table) / "*.parquet")


def table_files(data_dir: Path | str, table: str) -> list[Path]:
    """A table's Parquet files in name order (the order the synthetic generator wrote persons in)."""
    return sorted(table_dir(data_dir, table).glob("*.parquet"))


def part_path(data_dir: Path | str, table: str, index: int) -> Path:
    """``DIR/<table>/part-NNNNN.parquet``; the folder is created."""
    folder = table_dir(data_dir, table)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"part-{index:05d}.parquet"


def write_part(data_dir: Path | str, table: str, index: int, data: pa.Table) -> Path:
    """Write one part file of a table with the canonical schema and the fixed write settings."""
    schema = TABLES[table].arrow_schema
    if not data.schema.equals(schema):
        data = data.cast(schema)
    path = part_path(data_dir, table, index)
    with pq.ParquetWriter(path, schema, **PARQUET_OPTIONS) as writer:
        for block in year_blocks(table, data):
            writer.write_table(block, row_group_size=ROW_GROUP_ROWS)  # each call starts a new row group
    return path


def year_blocks(table: str, data: pa.Table) -> list[pa.Table]:
    """``data`` (one part, in person then date order) as the part's blocks in writing order: one per year
    of ``YEAR_BLOCKS[table]``, each by person and date; the whole table for any other table."""
    column = YEAR_BLOCKS.get(table)
    if column is None or data.num_rows == 0:
        return [data]
    years = pc.year(data[column])
    order = pc.sort_indices(years)  # stable: the rows' person-then-date order is kept within each year
    return year_runs(table, data.take(order), years.take(order))


def year_runs(table: str, data: pa.Table, years: pa.Array | None = None) -> list[pa.Table]:
    """``data``, already in year order, cut where the year of ``YEAR_BLOCKS[table]`` changes (``years``: those
    years, if known), so that no row group spans two years; the whole table for any other table."""
    column = YEAR_BLOCKS.get(table)
    if column is None or data.num_rows == 0:
        return [data]
    values = (years if years is not None else pc.year(data[column])).to_numpy()
    cuts = [0, *(np.flatnonzero(np.diff(values)) + 1).tolist(), len(values)]
    return [data.slice(a, b - a) for a, b in itertools.pairwise(cuts)]


def read_meta(data_dir: Path | str) -> dict[str, Any]:
    """The directory's ``_jobmaal_meta.json``; a missing or malformed file is a ``RegisterError``."""
    path = Path(data_dir) / META_FILE
    if not path.is_file():
        raise RegisterError(f"{path}: not found; {data_dir} is not a jobmaal register data directory")
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RegisterError(f"{path}: not valid JSON ({exc})") from exc
    if not isinstance(meta, dict):
        raise RegisterError(f"{path}: expected a JSON object, got {type(meta).__name__}")
    return meta


def write_meta(data_dir: Path | str, meta: dict[str, Any]) -> Path:
    """Write ``_jobmaal_meta.json`` with sorted keys, so the same content gives the same bytes."""
    path = Path(data_dir) / META_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(meta, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def data_period(data_dir: Path | str) -> tuple[dt.date, dt.date] | None:
    """First and last month the data covers (first days), when the metadata records them.

    ``benefit_weeks`` starts with the week that overlaps the first month, so its earliest
    Monday can fall in the month before; this is the period the data was made for.
    """
    meta = read_meta(data_dir)
    try:
        return dt.date.fromisoformat(meta["period_from"]), dt.date.fromisoformat(meta["period_to"])
    except (KeyError, TypeError, ValueError):
        return None


def is_register_dir(path: Path | str) -> bool:
    return (Path(path) / META_FILE).is_file()


def staging_dir(target: Path | str) -> Path:
    """A fresh, empty folder beside ``target`` (same file system, so ``swap_in`` is a rename)."""
    target = Path(target).absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".{target.name}.staging-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    return staging


def swap_in(staging: Path | str, target: Path | str) -> None:
    """Replace ``target`` by the complete ``staging`` folder: two renames, then the old data is removed."""
    staging, target = Path(staging), Path(target).absolute()
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if os.path.lexists(target):
        target.rename(old)
    staging.rename(target)
    if old.is_symlink():  # e.g. an import's versioned store: drop the link, never the versions
        old.unlink()
    elif old.exists():
        shutil.rmtree(old)


@dataclass(frozen=True)
class RegisterStore:
    """A register data directory: table globs and the metadata, for readers such as the engine."""

    data_dir: Path

    @classmethod
    def open(cls, data_dir: Path | str) -> RegisterStore:
        store = cls(Path(data_dir))
        if not store.data_dir.is_dir():
            raise RegisterError(f"{store.data_dir}: register data directory not found")
        missing = [t for t in TABLES if not table_files(store.data_dir, t)]
        if missing:
            raise RegisterError(f"{store.data_dir}: no Parquet files for table(s) {missing}")
        return store

    @property
    def meta(self) -> dict[str, Any]:
        return read_meta(self.data_dir)

    @property
    def synthetic(self) -> bool:
        """True for generated data: every output built on it must say "syntetiske data"."""
        return bool(self.meta.get("synthetic", False))

    def glob(self, table: str) -> str:
        return table_glob(self.data_dir, table)

    def files(self, table: str) -> list[Path]:
        return table_files(self.data_dir, table)
