"""Any Ibis backend by URL: the generic path (one read-only expression per partial), here on duckdb://."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from jobmaal.engine.backends.run import compute_on
from jobmaal.engine.backends.target import BackendTarget
from jobmaal.engine.results import list_runs, read_values
from jobmaal.engine.runner import ComputeRequest
from jobmaal.errors import BackendError, RegisterError
from tests.engine_backends.conftest import assert_agree, duckdb_values
from tests.engine_backends.registers import edge_cases


def test_an_ibis_url_backend_agrees_with_the_duckdb_runner(tmp_path: Path) -> None:
    data = edge_cases().write(tmp_path / "data")
    duck = duckdb_values(data, tmp_path / "runner.duckdb")
    run = compute_on(ComputeRequest(data, tmp_path / "url.duckdb"), BackendTarget("url", url="duckdb://"))
    merged = assert_agree(duck, read_values(tmp_path / "url.duckdb"))
    assert len(merged) > 10_000
    assert list_runs(tmp_path / "url.duckdb")[-1].run_id == run.run_id


def test_an_unknown_url_scheme_is_a_clear_error(tmp_path: Path) -> None:
    request = ComputeRequest(tmp_path, tmp_path / "r.duckdb")
    with pytest.raises(BackendError, match="nosuchbackend://host:1: kan ikke forbinde / cannot connect"):
        compute_on(request, BackendTarget("url", url="nosuchbackend://user:pw@host:1"))


def test_a_missing_column_names_the_table(tmp_path: Path) -> None:
    data = edge_cases().write(tmp_path / "data")
    file = data / "residence" / "part-00000.parquet"
    pq.write_table(pq.read_table(file).drop_columns(["valid_to"]).cast(pa.schema([
        ("person_key", pa.string()), ("municipality_code", pa.string()), ("valid_from", pa.date32())])), file)
    with pytest.raises(RegisterError, match=r"residence: missing column\(s\) \['valid_to'\]"):
        compute_on(ComputeRequest(data, tmp_path / "r.duckdb"), BackendTarget("url", url="duckdb://"))
    assert not (tmp_path / "r.duckdb").exists()  # nothing written
