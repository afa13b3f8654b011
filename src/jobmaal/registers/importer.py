"""``jobmaal import``: read a source in the canonical model, validate it fully, pseudonymise, swap in.

Order of work (docs/import.md):
1. find the files of each table and check their columns; parse CSV files by the declared
   types into typed Parquet files in the staging folder;
2. run every validation rule in DuckDB SQL; any problem stops the import here, with all
   problems listed (``ValidationFailed``);
3. replace person keys by HMAC-SHA256 pseudonyms and write each table, sorted by person,
   into the staging folder with the model's exact Arrow schema, then ``_jobmaal_meta.json``;
4. swap the staging folder in atomically (``swap.publish``).
Nothing under ``DIR`` changes before step 4; any failure or interrupt removes the staging folder.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from jobmaal import __version__
from jobmaal.errors import RegisterError, ValidationFailed
from jobmaal.registers import readers, swap
from jobmaal.registers.pseudonym import PseudonymKey, sql_hmac, sql_hmac_params
from jobmaal.registers.schema import META_FILE, TABLES, Table
from jobmaal.registers.store import YEAR_BLOCKS, year_runs
from jobmaal.registers.validation import runner
from jobmaal.registers.validation.checks import Context
from jobmaal.registers.validation.columns import check_columns
from jobmaal.registers.validation.problems import (
    EXAMPLES_PER_RULE,
    RuleResult,
    file_problem,
    problem_lines,
    total_problems,
)

ROWS_PER_FILE = 20_000_000  # about the rows per written Parquet file; parts are in sort order by name
ROWS_PER_BATCH = 1_000_000  # also the row-group size: small enough to skip by person_key statistics

# Output order: by person (the engine joins person-sorted files cheaply), then fully, so
# that the same source and key give the same files; the tables in store.YEAR_BLOCKS by year first.
SORT_ORDER: dict[str, tuple[str, ...]] = {
    "persons": ("person_key",),
    "residence": ("person_key", "valid_from"),
    "benefit_weeks": ("person_key", "week_start"),
    "activities": ("person_key", "start_date", "end_date", "activity_type", "municipality_code"),
    "employment_months": ("person_key", "month"),
    "recruitment": ("rar_code", "period_start"),
}


class ImportProgress(Protocol):
    """What the importer reports while it works; the CLI draws it with rich."""

    def phase(self, description: str, total: int) -> None: ...

    def advance(self, amount: int = 1) -> None: ...


class _Silent:
    def phase(self, description: str, total: int) -> None:
        pass

    def advance(self, amount: int = 1) -> None:
        pass


@dataclass(frozen=True)
class ImportSummary:
    data_dir: Path
    version_dir: Path
    rows: dict[str, int]
    seconds: float


def import_registers(source: Path, data_dir: Path, key: PseudonymKey, *, memory_limit: str | None = None,
                     threads: int | None = None, progress: ImportProgress | None = None,
                     rows_per_file: int = ROWS_PER_FILE) -> ImportSummary:
    """Import ``source`` into ``data_dir``; raises ``ValidationFailed`` with every problem found."""
    started = time.monotonic()
    source, data_dir = swap.absolute(source), swap.absolute(data_dir)
    if data_dir.exists() and source.exists() and source.resolve() == data_dir.resolve():
        raise RegisterError(f"kilden er selve datamappen / the source is the data directory itself: {source}")
    shown = progress or _Silent()
    with swap.locked(data_dir):
        swap.recover(data_dir)
        version, staging = swap.new_staging(data_dir)
        try:
            try:
                rows, weeks = _stage(source, staging, key, _Settings(memory_limit, threads, rows_per_file), shown)
            except RuntimeError as exc:  # DuckDB turns Ctrl-C during a query into this
                if "interrupted" in str(exc).lower():
                    raise KeyboardInterrupt from exc
                raise
            _write_meta(staging, source, rows, weeks, key, version)
            final = swap.publish(data_dir, version, staging)
        except BaseException:  # also KeyboardInterrupt: never leave a half-written version behind
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return ImportSummary(data_dir, final, rows, time.monotonic() - started)


def _connect(work: Path, memory_limit: str | None, threads: int | None) -> duckdb.DuckDBPyConnection:
    config: dict[str, str | int] = {"temp_directory": str(work / "spill")}
    if memory_limit:
        config["memory_limit"] = memory_limit
    if threads:
        config["threads"] = threads
    con = duckdb.connect(config=config)
    con.execute("SET enable_progress_bar = false")  # our own progress bar is drawn by the CLI
    return con


@dataclass(frozen=True)
class _Settings:
    memory_limit: str | None
    threads: int | None
    rows_per_file: int


Weeks = tuple[dt.date | None, dt.date | None]  # the first and last week_start


def _stage(source: Path, staging: Path, key: PseudonymKey, settings: _Settings,
           progress: ImportProgress) -> tuple[dict[str, int], Weeks]:
    """Read, validate and write; returns rows per table and the first and last benefit week."""
    work = staging / "_work"
    work.mkdir()
    con = _connect(work, settings.memory_limit, settings.threads)
    try:
        files, problems = readers.discover(source)
        views, incomplete, file_problems = _read_sources(con, files, work, progress)
        problems += file_problems
        ctx = Context(con, sql_hmac_params(key), {str(f.path): f.rel for fs in files.values() for f in fs})
        progress.phase("kontrollerer / validating", runner.steps())
        try:
            problems += runner.validate(ctx, views, incomplete, step=lambda _: progress.advance())
        except duckdb.Error as exc:
            raise RegisterError(f"kilden kan ikke læses / cannot read the source {source}: {exc}") from exc
        if problems:
            raise _refusal(source, problems)
        weeks = ctx.execute(f"SELECT min(week_start), max(week_start) FROM {views['benefit_weeks']}")[0]
        return _write_tables(ctx, views, staging, settings.rows_per_file, progress), (weeks[0], weeks[1])
    finally:
        con.close()
        shutil.rmtree(work, ignore_errors=True)


def _refusal(source: Path, problems: list[RuleResult]) -> ValidationFailed:
    header = (f"import af {source} afvist / import of {source} refused: {total_problems(problems)} fejl i alt / "
              f"problems in all in {len(problems)} regler/rules (højst {EXAMPLES_PER_RULE} vist pr. regel / "
              f"at most {EXAMPLES_PER_RULE} shown per rule); listed")
    return ValidationFailed(problem_lines(problems), header=header)


def _read_sources(con: duckdb.DuckDBPyConnection, files: dict[str, list[readers.SourceFile]], work: Path,
                  progress: ImportProgress) -> tuple[dict[str, str], set[str], list[RuleResult]]:
    """Check each file's columns, parse CSV files; one view per table over the usable files."""
    progress.phase("læser filer / reading files", sum(len(fs) for fs in files.values()))
    views, incomplete, problems = {}, set(), []
    for name, table in TABLES.items():
        parquet, staged = [], []
        for i, source in enumerate(files[name]):
            found, usable = _read_one(con, table, source, work / f"{name}-{i:05d}.parquet")
            problems += found
            if not usable:
                incomplete.add(name)
            elif source.fmt == "parquet":
                parquet.append(source)
            else:
                staged.append(work / f"{name}-{i:05d}.parquet")
            progress.advance()
        views[name] = f"v_{name}"
        con.execute(f"CREATE TEMP VIEW v_{name} AS {readers.table_sql(table, parquet, staged)}")
    return views, incomplete, problems


def _read_one(con: duckdb.DuckDBPyConnection, table: Table, source: readers.SourceFile,
              staged: Path) -> tuple[list[RuleResult], bool]:
    try:
        if source.fmt == "parquet":
            return check_columns(table, source.rel, readers.parquet_columns(con, source.path), typed=True)
        header = readers.csv_header(source.path)
        if header is None:
            return [file_problem("empty_file", table.name, "filen er tom / the file is empty", source.rel)], False
        problems, usable = check_columns(table, source.rel, [(n, "VARCHAR") for n in header.names], typed=False)
        if usable:
            problems += readers.stage_csv(con, source, header, table, staged)
        return problems, usable
    except (duckdb.Error, OSError, UnicodeDecodeError, csv.Error) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return [file_problem("unreadable_file", table.name, f"filen kan ikke læses / cannot read the file: {message}",
                             source.rel)], False


def _write_tables(ctx: Context, views: dict[str, str], staging: Path, rows_per_file: int,
                  progress: ImportProgress) -> dict[str, int]:
    counts = {name: int(ctx.execute(f"SELECT count(*) FROM {view}")[0][0]) for name, view in views.items()}
    progress.phase("pseudonymiserer / pseudonymising", 1)
    # One HMAC per person (all keys of the other tables are in persons: validated). ``rank`` is
    # the pseudonym's place in sort order, so tables sort by a small integer and get their
    # pseudonyms by position after sorting: sorting 64-character strings costs twice as much.
    ctx.execute(f"CREATE TEMP TABLE _pseudonyms AS SELECT raw_key, person_key, row_number() OVER "
                f"(ORDER BY person_key) - 1 AS rank FROM (SELECT person_key AS raw_key, {sql_hmac('person_key')} "
                f"AS person_key FROM {views['persons']})")
    pseudonyms = ctx.con.sql("SELECT person_key FROM _pseudonyms ORDER BY rank").to_arrow_table()
    by_rank = pseudonyms.column(0).combine_chunks()
    progress.advance()
    progress.phase("skriver / writing", sum(counts.values()))
    rows = {}
    for name, table in TABLES.items():
        # Person tables are written in slices of persons (by pseudonym rank), one file per slice,
        # so that a person's rows never span two files and each sort is bounded (measured: the
        # same CPU time as one sort of all rows, national benefit_weeks with 2 GB).
        slices = -(-counts[name] // rows_per_file) if "person_key" in table.column_names else 1
        rows[name] = _write_table(ctx, table, views[name], by_rank, max(slices, 1), staging / name, progress)
    return rows


def _select(table: Table, view: str, ranks: tuple[int, int] | None) -> str:
    """The rows to write, in output order; person tables have ``rank`` in place of ``person_key``."""
    if "person_key" not in table.column_names:
        cols = ", ".join(readers.sql_ident(c) for c in table.column_names)
        order = ", ".join(readers.sql_ident(c) for c in SORT_ORDER[table.name])
        return f"SELECT {cols} FROM {view} ORDER BY {order}"
    cols = ", ".join("m.rank" if c == "person_key" else f"t.{readers.sql_ident(c)}" for c in table.column_names)
    order = ", ".join("m.rank" if c == "person_key" else f"t.{readers.sql_ident(c)}" for c in SORT_ORDER[table.name])
    if table.name in YEAR_BLOCKS:  # the store's year blocks (store.year_blocks)
        order = f"year(t.{readers.sql_ident(YEAR_BLOCKS[table.name])}), {order}"
    where = f"WHERE m.rank >= {ranks[0]} AND m.rank < {ranks[1]}" if ranks else ""
    return f"SELECT {cols} FROM {view} t JOIN _pseudonyms m ON t.person_key = m.raw_key {where} ORDER BY {order}"


def _write_table(ctx: Context, table: Table, view: str, by_rank: pa.Array, slices: int, out: Path,
                 progress: ImportProgress) -> int:
    out.mkdir()
    written = 0
    for part in range(slices):
        ranks = (part * len(by_rank) // slices, (part + 1) * len(by_rank) // slices)
        relation = ctx.con.sql(_select(table, view, ranks if "person_key" in table.column_names else None))
        written += _write_part(table, relation, by_rank, out / f"part-{part:05d}.parquet", progress)
    return written


def _write_part(table: Table, relation: duckdb.DuckDBPyRelation, by_rank: pa.Array, path: Path,
                progress: ImportProgress) -> int:
    schema = table.arrow_schema
    # A lazy stream of Arrow batches in sort order; DuckDB 2 renamed record_batch to to_arrow_reader.
    to_reader = getattr(relation, "to_arrow_reader", None) or relation.record_batch
    written = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:  # an empty part keeps the schema
        for batch in to_reader(ROWS_PER_BATCH):
            columns = list(batch.columns)
            if "person_key" in table.column_names:
                columns[0] = by_rank.take(columns[0])  # rank -> pseudonym
            rows = pa.Table.from_arrays(columns, names=list(table.column_names)).cast(schema)
            for block in year_runs(table.name, rows):  # in year order already: cut where the year changes
                writer.write_table(block)
            written += batch.num_rows
            progress.advance(batch.num_rows)
    return written


def fingerprint(version_dir: Path) -> str:
    """SHA-256 over the data files' relative paths and bytes, in path order."""
    digest = hashlib.sha256()
    for path in sorted(version_dir.rglob("*.parquet")):
        digest.update(path.relative_to(version_dir).as_posix().encode() + b"\0")
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
    return digest.hexdigest()


def _month(day: dt.date | None) -> str | None:
    return day.replace(day=1).isoformat() if day else None


def _write_meta(staging: Path, source: Path, rows: dict[str, int], weeks: Weeks,
                key: PseudonymKey, version: str) -> None:
    first, last = weeks
    meta = {
        "synthetic": False,
        "source": str(source),
        "imported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "rows": rows,
        # the same shape as the generator's, so readers need not care where the data came from
        "tables": {name: {"rows": n, "files": len(list((staging / name).glob("*.parquet")))}
                   for name, n in rows.items()},
        # the months benefit_weeks covers (its first Monday may fall in the month before)
        "period_from": _month(first + dt.timedelta(days=6)) if first else None,
        "period_to": _month(last),
        "fingerprint": fingerprint(staging),
        "version": version,
        "pseudonymised": "HMAC-SHA256",
        "pseudonym_key_id": key.key_id,
        "jobmaal_version": __version__,
    }
    tmp = staging / (META_FILE + ".tmp")
    tmp.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, staging / META_FILE)
