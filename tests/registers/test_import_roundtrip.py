"""A good import round-trips: every value as in the source, except person_key, which is the HMAC."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from jobmaal.cli.app import main
from jobmaal.registers.importer import SORT_ORDER, fingerprint
from jobmaal.registers.pseudonym import KEY_ENV, hmac_hex
from jobmaal.registers.schema import META_FILE, TABLES
from jobmaal.registers.store import year_blocks
from tests.registers.import_support import GOOD, KEY, OTHER_KEY, digest, run, source
from tests.registers.test_validation_files import parquet_of


def stored(store: Path, table: str) -> pa.Table:
    return pq.read_table(store / table)


def data_digest(store: Path) -> dict[str, str]:
    return {k: v for k, v in digest(store).items() if k != META_FILE}


def expected(table: str, key=KEY) -> pa.Table:  # type: ignore[no-untyped-def]
    """The good source of ``table`` as the store should hold it: pseudonymised and sorted."""
    src = parquet_of(table, GOOD / f"{table}.csv")
    if "person_key" in src.column_names:
        pseudo = pa.array([hmac_hex(key, k) for k in src.column("person_key").to_pylist()], pa.string())
        src = src.set_column(0, pa.field("person_key", pa.string(), nullable=False), pseudo)
    src = src.sort_by([(c, "ascending") for c in SORT_ORDER[table]]).cast(TABLES[table].arrow_schema)
    return pa.concat_tables(year_blocks(table, src))  # the one file's rows year by year, where the store does so


@pytest.fixture(scope="module")
def csv_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("csv")
    run(source(tmp), tmp / "store")
    return tmp / "store"


@pytest.mark.parametrize("table", list(TABLES))
def test_values_round_trip_with_pseudonymised_keys(csv_store: Path, table: str) -> None:
    got = stored(csv_store, table)
    assert got.schema == TABLES[table].arrow_schema  # types and nullability exactly as in schema.py
    assert got.equals(expected(table))


def test_no_raw_person_key_reaches_the_store(csv_store: Path) -> None:
    for path in csv_store.resolve().rglob("*"):
        if path.is_file():
            assert b"0101801234" not in path.read_bytes()


def test_benefit_weeks_are_in_year_blocks_sorted_by_person_and_week(csv_store: Path) -> None:
    rows = stored(csv_store, "benefit_weeks").select(["person_key", "week_start"]).to_pylist()
    keys = [(r["week_start"].year, r["person_key"], r["week_start"]) for r in rows]
    assert keys == sorted(keys) and len(set(k for _, k, _ in keys)) == 3
    assert len({year for year, _, _ in keys}) > 1  # the test data spans a new year: there are blocks to check
    for path in (csv_store / "benefit_weeks").glob("*.parquet"):  # no row group spans two years
        meta = pq.ParquetFile(path).metadata
        for i in range(meta.num_row_groups):
            stats = meta.row_group(i).column(1).statistics
            assert stats.min.year == stats.max.year


def test_metadata_describes_the_import(csv_store: Path) -> None:
    meta = json.loads((csv_store / META_FILE).read_text(encoding="utf-8"))
    assert meta["synthetic"] is False
    assert meta["rows"] == {"persons": 4, "residence": 6, "benefit_weeks": 4, "activities": 2,
                            "employment_months": 2, "recruitment": 2}
    assert meta["fingerprint"] == fingerprint(csv_store.resolve())
    assert meta["pseudonym_key_id"] == KEY.key_id
    assert meta["source"].endswith("/src") and meta["imported_at"][:2] == "20"
    assert meta["tables"]["benefit_weeks"] == {"rows": 4, "files": 1}
    assert (meta["period_from"], meta["period_to"]) == ("2020-03-01", "2021-01-01")


def test_parquet_input_gives_the_same_store_as_csv(tmp_path: Path, csv_store: Path) -> None:
    src = tmp_path / "src"
    for table in TABLES:
        data = parquet_of(table, GOOD / f"{table}.csv")
        (src / table).mkdir(parents=True)
        half = data.num_rows // 2  # two files per table, in a sub-folder like Spark writes them
        (src / table / "year=2020").mkdir()
        pq.write_table(data.slice(0, half), src / table / "part-0.parquet")
        pq.write_table(data.slice(half), src / table / "year=2020" / "part-1.parquet")
    run(src, tmp_path / "store")
    assert data_digest(tmp_path / "store") == data_digest(csv_store)


def test_semicolon_gzip_crlf_and_bom_csv(tmp_path: Path, csv_store: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for table in TABLES:
        text = (GOOD / f"{table}.csv").read_text(encoding="utf-8").replace(",", ";").replace("\n", "\r\n")
        (src / table).mkdir()
        with gzip.open(src / table / "data.csv.gz", "wb") as fh:
            fh.write(b"\xef\xbb\xbf" + text.encode("utf-8"))
    run(src, tmp_path / "store")
    assert data_digest(tmp_path / "store") == data_digest(csv_store)


def test_another_key_changes_only_the_person_keys(tmp_path: Path, csv_store: Path) -> None:
    run(source(tmp_path), tmp_path / "store", key=OTHER_KEY)
    for table in ("persons", "benefit_weeks"):
        assert stored(tmp_path / "store", table).equals(expected(table, OTHER_KEY))
        assert stored(tmp_path / "store", table).column("person_key") != stored(csv_store, table).column("person_key")


def test_cli_import_prints_rows_per_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(KEY_ENV, "cli-test-key-0123456789")
    try:
        main(["import", "--from", str(source(tmp_path)), "--data", str(tmp_path / "store")])
    except SystemExit as exit_:  # standalone Typer exits even on success
        assert exit_.code in (0, None)
    out = capsys.readouterr().out
    assert "benefit_weeks" in out and "i alt / total" in out and "20" in out
    assert (tmp_path / "store" / "persons").is_dir()


def test_person_tables_are_written_in_person_slices_that_stay_sorted(tmp_path: Path, csv_store: Path) -> None:
    run(source(tmp_path), tmp_path / "store", rows_per_file=2)
    files = sorted((tmp_path / "store" / "benefit_weeks").glob("*.parquet"))
    assert len(files) == 2  # 4 rows, 2 per file
    per_file = [set(pq.read_table(f).column("person_key").to_pylist()) for f in files]
    assert max(per_file[0]) < min(per_file[1])  # the files in name order are consecutive ranges of persons
    for table in TABLES:  # the same rows (a file's year blocks order them within the file only)
        order = [(c, "ascending") for c in SORT_ORDER[table]]
        assert stored(tmp_path / "store", table).sort_by(order).equals(stored(csv_store, table).sort_by(order))
