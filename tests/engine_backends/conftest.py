"""One small local Spark session for the backend tests, and helpers to compare two runs row by row.

PySpark or Java missing makes these tests FAIL with the reason (they are part of CI, never skipped).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import ibis
import numpy as np
import pandas as pd
import pytest
from ibis.backends import BaseBackend

from jobmaal.engine.backends.run import compute_with
from jobmaal.engine.backends.spark import require_java, require_pyspark, start_session
from jobmaal.engine.backends.target import BackendTarget
from jobmaal.engine.results import read_values
from jobmaal.engine.runner import ComputeRequest, compute
from jobmaal.errors import BackendError

# Small and quick on a 2-core CI machine: 2 local cores, 2 shuffle partitions (still more than one, so
# that partial aggregates are combined across partitions as on a cluster), no UI.
TEST_CONF = (
    ("spark.sql.shuffle.partitions", "2"),
    # Tiny data: generating and compiling Java code per query costs more than it saves (with one
    # shuffle partition as well, about a third off the Spark runs of the hand-made cases).
    ("spark.sql.codegen.wholeStage", "false"),
    ("spark.default.parallelism", "2"),
    ("spark.driver.memory", "2g"),
    ("spark.ui.enabled", "false"),
    # Tiny data: adaptive re-planning after every stage costs more than it saves, and without it
    # Spark reuses the repeated exchanges of the union branches (about half the stages).
    ("spark.sql.adaptive.enabled", "false"),
)
# Executors get no usable Python: every step must run in the JVM (SQL, Arrow transfers), as on a
# cluster whose executors have no jobmaal installed. A Python UDF or pickled RDD would fail here.
NO_PYTHON = "/nonexistent/spark-executors-need-no-python"

KEYS = ["indicator_id", "area_type", "area_code", "period", "breakdown", "breakdown_value"]
COUNTS = ["numerator_persons", "denominator_persons"]
FIGURES = ["value", "numerator", "denominator"]


@pytest.fixture(scope="session")
def spark() -> Iterator[BaseBackend]:
    try:
        require_pyspark()
        require_java()
    except BackendError as exc:
        pytest.fail(f"the backend-agreement tests need PySpark and Java 17+ (pip install -e '.[dev]'; "
                    f"bash scripts/system-deps.sh): {exc}", pytrace=False)
    saved = os.environ.get("PYSPARK_PYTHON")
    os.environ["PYSPARK_PYTHON"] = NO_PYTHON  # read once, when the Spark context starts
    try:
        session, _ = start_session(BackendTarget("pyspark", master="local[2]", conf=TEST_CONF))
    finally:
        if saved is None:
            os.environ.pop("PYSPARK_PYTHON", None)
        else:
            os.environ["PYSPARK_PYTHON"] = saved
    session.sparkContext.setLogLevel("ERROR")
    yield ibis.pyspark.connect(session)
    session.stop()


def duckdb_values(data: Path, results: Path, **kw: object) -> pd.DataFrame:
    compute(ComputeRequest(data, results, **kw))  # type: ignore[arg-type]
    return read_values(results)


def spark_values(con: BaseBackend, data: Path, results: Path, location: str | None = None,
                 **kw: object) -> pd.DataFrame:
    compute_with(con, ComputeRequest(data, results, **kw), location)  # type: ignore[arg-type]
    return read_values(results)


def assert_agree(duck: pd.DataFrame, other: pd.DataFrame) -> pd.DataFrame:
    """Every row on both sides; person counts equal; figures equal to 1e-9 (relative), nulls alike."""
    merged = duck.merge(other, on=KEYS, how="outer", suffixes=("_duckdb", "_other"), indicator=True,
                        validate="one_to_one")
    alone = merged[merged._merge != "both"]
    assert alone.empty, f"{len(alone)} rows on one side only, e.g.\n{alone[[*KEYS, '_merge']].head(10)}"
    for column in [*COUNTS, *FIGURES]:
        a, b = merged[f"{column}_duckdb"].astype(float), merged[f"{column}_other"].astype(float)
        if column in COUNTS:
            same = (a == b) | (a.isna() & b.isna())
        else:
            same = np.isclose(a, b, rtol=1e-9, atol=1e-12) | (a.isna() & b.isna())
        wrong = merged.loc[~same, [*KEYS, f"{column}_duckdb", f"{column}_other"]]
        assert wrong.empty, f"{column}: {len(wrong)} rows differ, e.g.\n{wrong.head(10).to_string()}"
    return merged
