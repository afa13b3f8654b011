"""Reading an import source in the canonical model: find the files, read CSV with declared types.

A source directory holds, per table, a folder ``<table>/`` of ``.parquet``, ``.csv`` or
``.csv.gz`` files (sub-folders included, e.g. Spark's ``year=2020/``), or one file
``<table>.parquet`` / ``<table>.csv``. CSV values are never type-inferred: every column is
read as text and parsed by the type the model declares, so that a value that does not
parse becomes a problem naming its file, line, column and value.
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from jobmaal.errors import RegisterError
from jobmaal.registers.schema import TABLES, Table
from jobmaal.registers.validation.problems import (
    EXAMPLES_PER_RULE,
    Example,
    RuleResult,
    file_problem,
)

_FORMATS = {".parquet": "parquet", ".csv": "csv", ".csv.gz": "csv"}

# The model's Arrow types as DuckDB names them, and what a Parquet column may hold instead
# (lossless widenings only).
_DUCKDB_TYPES = {pa.string(): "VARCHAR", pa.date32(): "DATE", pa.int64(): "BIGINT",
                 pa.float64(): "DOUBLE", pa.bool_(): "BOOLEAN"}
_INTS = frozenset({"BIGINT", "INTEGER", "SMALLINT", "TINYINT", "UINTEGER", "USMALLINT", "UTINYINT"})
ACCEPTED_PARQUET_TYPES: dict[str, frozenset[str]] = {
    "VARCHAR": frozenset({"VARCHAR"}),
    "DATE": frozenset({"DATE"}),
    "BIGINT": _INTS,
    "DOUBLE": frozenset({"DOUBLE", "FLOAT"}) | _INTS,
    "BOOLEAN": frozenset({"BOOLEAN"}),
}
# How CSV text must look for each type; DuckDB's casts alone are too lenient
# ('1.5' casts to the integer 2, '2020-1-5 10:00' to a date).
_CSV_PATTERNS = {
    "BIGINT": "[-+]?[0-9]+",
    "DOUBLE": r"[-+]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][-+]?[0-9]+)?",
}
BAD_TYPE = 'STRUCT("column" VARCHAR, "value" VARCHAR)[]'


def duckdb_type(arrow_type: pa.DataType) -> str:
    return _DUCKDB_TYPES[arrow_type]


def sql_str(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def sql_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True)
class SourceFile:
    table: str
    path: Path
    rel: str  # shown in problems: the path relative to the source directory
    fmt: str  # "parquet" or "csv"


def _format(path: Path) -> str | None:
    name = path.name.lower()
    return next((fmt for suffix, fmt in _FORMATS.items() if name.endswith(suffix)), None)


def _ignored(path: Path) -> bool:
    # Hidden files and Spark/Hadoop markers (_SUCCESS, _committed_…), and our own metadata.
    return path.name.startswith((".", "_"))


def discover(src: Path) -> tuple[dict[str, list[SourceFile]], list[RuleResult]]:
    """The data files of each table in ``src``, and the problems with the layout."""
    if not src.is_dir():
        raise RegisterError(f"kildemappen findes ikke / source directory not found: {src}")
    found: dict[str, list[SourceFile]] = {name: [] for name in TABLES}
    problems: list[RuleResult] = []
    for entry in sorted(src.iterdir()):
        if _ignored(entry):
            continue
        fmt = _format(entry) if entry.is_file() else None
        table = entry.name if entry.is_dir() else entry.name[: -len(_suffix(entry))] if fmt else None
        if table not in TABLES:
            problems.append(file_problem(
                "unknown_table", entry.name, "hverken en tabel i modellen eller en understøttet fil / "
                f"neither a table of the model ({', '.join(TABLES)}) nor a supported file", entry.name))
            continue
        if found[table]:
            problems.append(file_problem("ambiguous_table", table, "tabellen findes både som mappe og som fil "
                                         "/ the table is given both as a folder and as a file", entry.name))
            continue
        if entry.is_dir():
            found[table], bad = _folder_files(src, entry, table)
            problems += bad
        else:
            found[table] = [SourceFile(table, entry, entry.name, fmt or "")]
    for name, files in found.items():
        if not files and not any(p.table == name for p in problems):
            problems.append(file_problem(
                "missing_table", name, "tabellen mangler / table missing: expected a folder "
                f"{name}/ of .parquet or .csv files, or {name}.parquet or {name}.csv", f"{name}/"))
    return found, problems


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return next(s for s in _FORMATS if name.endswith(s))


def _folder_files(src: Path, folder: Path, table: str) -> tuple[list[SourceFile], list[RuleResult]]:
    files, problems = [], []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(src).as_posix()
        if any(_ignored(Path(part)) for part in path.relative_to(folder).parts):
            continue
        fmt = _format(path)
        if fmt is None:
            problems.append(file_problem("unsupported_file", table, "hverken .parquet, .csv eller .csv.gz / "
                                         "neither .parquet, .csv nor .csv.gz", rel))
        else:
            files.append(SourceFile(table, path, rel, fmt))
    if not files and not problems:
        problems.append(file_problem("missing_table", table, "mappen har ingen datafiler / the folder has "
                                     "no data files", f"{table}/"))
    return files, problems


def parquet_columns(con: duckdb.DuckDBPyConnection, path: Path) -> list[tuple[str, str]]:
    """(name, DuckDB type) of each column of a Parquet file, from its metadata."""
    # hive_partitioning off: a folder like year=2020/ organises files, it adds no column.
    rows = con.execute(f"DESCRIBE SELECT * FROM read_parquet({sql_str(str(path))}, hive_partitioning=false)").fetchall()
    return [(str(r[0]), str(r[1])) for r in rows]


@dataclass(frozen=True)
class CsvHeader:
    names: list[str]
    delimiter: str


def csv_header(path: Path) -> CsvHeader | None:
    """The column names of a CSV file and its delimiter ("," or ";"); None for an empty file.

    Only the first line is decoded here (the rest is DuckDB's, which reports bad lines one by
    one). Raises ``UnicodeDecodeError``/``OSError`` for a header that cannot be read.
    """
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as fh:
        first = fh.readline().decode("utf-8-sig").rstrip("\r\n")
    if not first.strip():
        return None
    delimiter = ";" if first.count(";") > first.count(",") else ","
    names = next(csv.reader([first], delimiter=delimiter))
    return CsvHeader(names, delimiter)


def _csv_value(name: str, type_name: str) -> tuple[str, str]:
    """SQL (parses, typed value) for one CSV column read as text; empty text is null."""
    raw = f"NULLIF({sql_ident(name)}, '')"
    if type_name == "VARCHAR":
        return "true", raw
    if type_name == "BOOLEAN":
        return f"lower({raw}) IN ('true', 'false')", f"(lower({raw}) = 'true')"
    if type_name == "DATE":
        # Exactly YYYY-MM-DD: the date printed back must be the text (cheaper than a regex).
        typed = f"try_cast({raw} AS DATE)"
        return f"({typed}::VARCHAR = {raw} AND isfinite({typed}))", typed
    pattern = sql_str(_CSV_PATTERNS[type_name])
    ok = f"(regexp_full_match({raw}, {pattern}) AND try_cast({raw} AS {type_name}) IS NOT NULL)"
    if type_name == "DOUBLE":
        ok = f"({ok} AND isfinite(try_cast({raw} AS DOUBLE)))"
    return ok, f"try_cast({raw} AS {type_name})"


def stage_csv(con: duckdb.DuckDBPyConnection, source: SourceFile, header: CsvHeader, table: Table,
              out: Path) -> list[RuleResult]:
    """Parse one CSV file into a typed Parquet file ``out`` for checking; returns its broken lines.

    ``out`` has ``_file``, ``_row`` (the line number), the model's columns (null where a value
    did not parse) and ``_bad``: the (column, text) of each value that did not parse.
    Structurally broken lines (wrong number of fields, invalid UTF-8) are left out and
    reported; the line numbers of the rest are corrected for them.
    """
    rejects = "rejects_" + "".join(c if c.isalnum() else "_" for c in out.stem)
    columns = "{" + ", ".join(f"{sql_str(n)}: 'VARCHAR'" for n in header.names) + "}"
    read = (f"read_csv({sql_str(str(source.path))}, columns={columns}, header=true, auto_detect=false, "
            "hive_partitioning=false, "
            f"delim={sql_str(header.delimiter)}, quote='\"', escape='\"', strict_mode=true, "
            f"store_rejects=true, rejects_table={sql_str(rejects)}, rejects_scan={sql_str(rejects + '_scan')})")
    typed, bad = [], []
    for col in table.columns:
        ok, value = _csv_value(col.name, duckdb_type(col.type))
        typed.append(f"CASE WHEN {ok} THEN {value} END AS {sql_ident(col.name)}")
        if ok != "true":
            bad.append(f"CASE WHEN NULLIF({sql_ident(col.name)}, '') IS NOT NULL AND NOT coalesce({ok}, false) "
                       f"THEN {{'column': {sql_str(col.name)}, "
                       f"'value': {sql_ident(col.name)}}} END")
    bad_list = f"[x FOR x IN [{', '.join(bad)}] IF x IS NOT NULL]"
    # row_number() OVER () keeps the file's order (DuckDB guarantees it for an empty OVER).
    raw_out = out.with_suffix(".raw.parquet")
    con.execute(
        f"COPY (SELECT {sql_str(str(source.path))} AS _file, row_number() OVER () + 1 AS _row, "
        f"{', '.join(typed)}, CASE WHEN len({bad_list}) > 0 THEN {bad_list} END::{BAD_TYPE} AS _bad "
        f"FROM {read}) TO {sql_str(str(raw_out))} (FORMAT parquet)"
    )
    try:
        (n_broken,), = con.execute(f"SELECT count(*) FROM {rejects}").fetchall()
        if not n_broken:
            raw_out.rename(out)
            return []
        _renumber(con, raw_out, out, rejects)
        raw_out.unlink()
        (total, examples), = con.execute(
            f"SELECT count(*), min_by({{'line': line, 'column': column_name, 'type': error_type, "
            f"'message': error_message}}, line, {EXAMPLES_PER_RULE}) FROM {rejects}").fetchall()
        return list(_broken_lines(source, examples, int(total)))
    finally:
        con.execute(f"DROP TABLE IF EXISTS {rejects}; DROP TABLE IF EXISTS {rejects}_scan")


def _renumber(con: duckdb.DuckDBPyConnection, raw: Path, out: Path, rejects: str) -> None:
    # Valid record i (1-based) sits on line i + 1 + (broken lines before it). The k-th broken
    # line follows line - 1 - k valid records, so shift i by the largest k with that < i.
    shifts = (f"SELECT line - 1 - k AS before, k FROM (SELECT line, row_number() OVER (ORDER BY line) AS k "
              f"FROM (SELECT DISTINCT line FROM {rejects}))")
    con.execute(
        f"COPY (SELECT r.* EXCLUDE (_row), r._row + coalesce(s.k, 0) AS _row FROM read_parquet({sql_str(str(raw))}) r "
        f"ASOF LEFT JOIN (SELECT before, max(k) AS k FROM ({shifts}) GROUP BY before) s "
        f"ON r._row - 1 > s.before ORDER BY r._row) TO {sql_str(str(out))} (FORMAT parquet)"
    )


def _broken_lines(source: SourceFile, examples: list[dict], total: int) -> Iterator[RuleResult]:
    # One result for all kinds of broken line, so the cap of examples holds for the file.
    # The line's text is not shown: it may hold a CPR number.
    shown = tuple(Example(source.rel, int(e["line"]), e["column"], f"({e['type'].lower()}: {e['message']})")
                  for e in examples)
    yield RuleResult("csv_broken_line", source.table, "linjen kan ikke læses / the line cannot be read", total, shown)


def table_sql(table: Table, parquet: list[SourceFile], staged: list[Path]) -> str:
    """One relation over a table's usable files with ``_file``, ``_row``, the typed columns and ``_bad``."""
    parts = []
    cols = ", ".join(f"CAST({sql_ident(c.name)} AS {duckdb_type(c.type)}) AS {sql_ident(c.name)}"
                     for c in table.columns)
    if parquet:
        paths = ", ".join(sql_str(str(f.path)) for f in parquet)
        # filename and file_row_number (0-based) make every problem name its file and row.
        parts.append(f"SELECT filename AS _file, file_row_number + 1 AS _row, {cols}, NULL::{BAD_TYPE} AS _bad "
                     f"FROM read_parquet([{paths}], filename=true, file_row_number=true, union_by_name=true, "
                     "hive_partitioning=false)")
    if staged:
        paths = ", ".join(sql_str(str(p)) for p in staged)
        parts.append(f"SELECT _file, _row, {', '.join(sql_ident(c) for c in table.column_names)}, _bad "
                     f"FROM read_parquet([{paths}])")
    if not parts:
        nulls = ", ".join(f"NULL::{duckdb_type(c.type)} AS {sql_ident(c.name)}" for c in table.columns)
        parts.append(f"SELECT NULL::VARCHAR AS _file, NULL::BIGINT AS _row, {nulls}, NULL::{BAD_TYPE} AS _bad "
                     "WHERE false")
    return " UNION ALL ".join(parts)
