"""Every table the generator writes has exactly the canonical schema, and the metadata says synthetic."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from jobmaal.reference import municipalities
from jobmaal.registers.schema import TABLES
from jobmaal.registers.store import RegisterStore, data_period, read_meta, table_files
from tests.registers.synthetic_support import SMALL_SEED, small_registers


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_registers(tmp_path_factory)


@pytest.mark.parametrize("table", sorted(TABLES))
def test_schema_of_every_file_equals_the_model(data: Path, table: str) -> None:
    files = table_files(data, table)
    assert files, f"no files for {table}"
    for path in files:
        schema = pq.read_schema(path).remove_metadata()
        assert schema.equals(TABLES[table].arrow_schema), f"{path}: {schema} != {TABLES[table].arrow_schema}"


def test_parquet_files_hold_no_time_of_writing(data: Path) -> None:
    meta = pq.read_metadata(table_files(data, "benefit_weeks")[0])
    assert meta.row_group(0).num_rows <= 1 << 20
    keys = set((meta.metadata or {}).keys())
    assert keys <= {b"ARROW:schema"}


def test_metadata_marks_the_data_synthetic_and_holds_the_planted_effort(data: Path) -> None:
    meta = read_meta(data)
    assert meta["synthetic"] is True
    assert meta["label"]["da"] == "syntetiske data"
    assert meta["seed"] == SMALL_SEED and meta["scale"] == "small" and meta["persons"] == 20_000
    assert (meta["start"], meta["end"]) == ("2019-01", "2024-12")
    assert meta["first_week"] == "2018-12-31" and meta["last_week"] == "2024-12-30"
    codes = {m.code for m in municipalities()}
    assert set(meta["planted_effort"]) == codes
    assert set(meta["framework_conditions"]) == codes
    assert "local_unemployment" in meta["framework_conditions"]["101"]
    efforts = list(meta["planted_effort"].values())
    assert -4 < min(efforts) < -0.5 and 0.5 < max(efforts) < 4  # standard normal draws
    assert meta["tables"]["persons"]["rows"] == 20_000
    assert "created" not in str(meta) and "time" not in meta


def test_register_store_reads_the_generated_directory(data: Path) -> None:
    assert data_period(data) == (dt.date(2019, 1, 1), dt.date(2024, 12, 1))
    store = RegisterStore.open(data)
    assert store.synthetic
    assert store.glob("benefit_weeks").endswith("benefit_weeks/*.parquet")
    assert len(store.files("recruitment")) == 1
