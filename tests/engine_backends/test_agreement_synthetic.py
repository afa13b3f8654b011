"""DuckDB and PySpark agree on every row of a small synthetic data set (every indicator, area, cell)."""

from __future__ import annotations

from pathlib import Path

from ibis.backends import BaseBackend

from jobmaal.engine.results import list_runs
from jobmaal.registers.synthetic import GenerateOptions, generate
from tests.engine_backends.conftest import assert_agree, duckdb_values, spark_values


def test_duckdb_and_spark_agree_on_synthetic_registers(spark: BaseBackend, tmp_path: Path) -> None:
    data = tmp_path / "synthetic"
    generate(GenerateOptions.build(data, persons=3000, seed=17, start="2020-01", end="2021-06"))
    duck = duckdb_values(data, tmp_path / "duckdb.duckdb")
    # Read through a file:// URL: the path object-store locations (s3://…) take, on the local disk.
    sp = spark_values(spark, data, tmp_path / "spark.duckdb", location=data.resolve().as_uri())
    merged = assert_agree(duck, sp)
    assert len(merged) > 100_000
    assert merged.numerator_persons_duckdb.sum() > 10_000  # real persons behind the figures, not empty grids
    for indicator in ("public_support_fulltime_share", "mm17_upskilling_starts", "mm13_refugees_employed_share"):
        assert duck[duck.indicator_id == indicator].numerator.sum() > 0, indicator
    (run,) = list_runs(tmp_path / "spark.duckdb")
    (duck_run,) = list_runs(tmp_path / "duckdb.duckdb")
    assert run.synthetic is True
    assert run.data_fingerprint == duck_run.data_fingerprint  # the URL's fingerprint is the folder's
    assert (run.period_from, run.period_to) == (duck_run.period_from, duck_run.period_to)
    assert run.period_to.isoformat() == "2021-06-01"
