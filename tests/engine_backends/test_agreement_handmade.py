"""DuckDB and PySpark agree on every row of the hand-made edge cases; spot values worked by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from ibis.backends import BaseBackend

from jobmaal.engine.results import list_runs, read_values
from tests.engine.conftest import pick
from tests.engine_backends.conftest import assert_agree, duckdb_values, spark_values
from tests.engine_backends.registers import edge_cases


def test_every_indicator_agrees_on_the_edge_cases(spark: BaseBackend, tmp_path: Path) -> None:
    data = edge_cases().write(tmp_path / "data")
    duck = duckdb_values(data, tmp_path / "duckdb.duckdb")
    sp = spark_values(spark, data, tmp_path / "spark.duckdb")
    merged = assert_agree(duck, sp)
    assert len(merged) == len(duck) > 10_000
    assert set(sp.indicator_id) == {
        "public_support_fulltime_share", "mm17_upskilling_starts", "mm17_upskilling_share",
        "mm13_refugees_employed_share", "mm13_refugees_190h_share", "recruitment_unsuccessful_share",
        "disability_employment_rate",
    }
    # Spot values on the Spark run, worked out by hand.
    ps = "public_support_fulltime_share"
    assert pick(sp, ps, "101", "2021-03-01").numerator == pytest.approx(3 / 31)  # 3 of the straddling week's days
    assert pick(sp, ps, "101", "2021-04-01").numerator == pytest.approx(4 / 30 + 5 / 30)
    mar147 = pick(sp, ps, "147", "2021-03-01")
    # "old" turned 67 on d1 (out), "young" 16 (in), besides the refugees r3 and r4 living there.
    assert (mar147.denominator, mar147.numerator_persons) == (3, 1)
    assert pick(sp, ps, "1084", "2021-02-01").numerator_persons == 1  # the mover once in the region
    feb153 = pick(sp, ps, "153", "2021-02-01")  # the mover's two weeks there; r7 is the one resident on d1
    assert (feb153.numerator, feb153.denominator) == (pytest.approx(14 / 28), 1)
    assert pd.isna(pick(sp, ps, "157", "2021-02-01").value)  # nobody lives in 157: a null share
    starts = "mm17_upskilling_starts"
    assert pick(sp, starts, "161", "2021-05-01").value == 1  # two starts, one person
    assert pick(sp, starts, "161", "2021-06-01", "education", "skilled").value == 1
    assert pick(sp, starts, "163", "2021-06-01").value == 0
    assert pick(sp, starts, "165", "2021-06-01").value == 0
    assert pick(sp, starts, "167", "2021-09-01", "education", "unknown").value == 1
    employed = pick(sp, "mm13_refugees_employed_share", "101", "2021-01-01")
    assert (employed.numerator, employed.denominator, employed.value) == (1, 1, 100)
    assert pick(sp, "mm13_refugees_190h_share", "153", "2021-03-01").value == 100
    disability = pick(sp, "disability_employment_rate", "173", "2021-01-01")
    assert (disability.numerator, disability.denominator) == (1, 2)
    recruit = "recruitment_unsuccessful_share"
    assert pick(sp, recruit, "R07", "2021-01-01").value == 25
    assert pick(sp, recruit, "000", "2021-01-01").value == pytest.approx(100 * 35 / 150)
    assert pd.isna(pick(sp, recruit, "R07", "2021-07-01").value)


def test_a_spark_run_is_stored_like_a_duckdb_run(spark: BaseBackend, tmp_path: Path) -> None:
    """The run record matches the DuckDB runner's; recomputing one month replaces only that month."""
    data = edge_cases().write(tmp_path / "data")
    results = tmp_path / "results.duckdb"
    duck = duckdb_values(data, results)  # a full run on DuckDB …
    march = dt.date(2021, 3, 1)
    # … then March of two indicators on Spark, into the same file.
    spark_values(spark, data, results, period_from=march, period_to=march,
                 indicators=["public_support_fulltime_share", "recruitment_unsuccessful_share"])
    (first, second) = list_runs(results)
    assert (second.period_from, second.period_to, second.source) == (march, march, "registers")
    assert second.data_fingerprint == first.data_fingerprint
    assert second.synthetic is False and second.jobmaal_version == first.jobmaal_version
    latest = read_values(results)
    assert set(latest.run_id) == {second.run_id}  # a complete run: the other rows copied over
    assert_agree(duck.drop(columns="run_id"), latest.drop(columns="run_id"))
    ps = pick(latest, "public_support_fulltime_share", "101", "2021-03-01")
    assert ps.numerator == pytest.approx(3 / 31)
