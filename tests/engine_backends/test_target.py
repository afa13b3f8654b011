"""Reading the backend options of ``jobmaal compute`` (no backend is started here)."""

from __future__ import annotations

import pytest

from jobmaal.engine.backends.target import BackendTarget, parse_target, redact
from jobmaal.errors import BackendError


def test_duckdb_is_the_default() -> None:
    assert parse_target(None, None) is None
    assert parse_target("duckdb", None) is None
    assert parse_target("DuckDB", None) is None


def test_pyspark_local_cluster_and_connect() -> None:
    assert parse_target("pyspark", None) == BackendTarget("pyspark")
    target = parse_target("pyspark", None, "spark://head:7077", ["spark.executor.memory=8g", "a.b = c=d"])
    assert target == BackendTarget("pyspark", master="spark://head:7077",
                                   conf=(("spark.executor.memory", "8g"), ("a.b", "c=d")))
    connect = parse_target(None, "sc://spark.example:15002")
    assert connect is not None and connect.spark_connect and connect.kind == "pyspark"
    assert parse_target("pyspark", "sc://h:15002") == connect.__class__("pyspark", url="sc://h:15002")


def test_any_ibis_url() -> None:
    target = parse_target(None, "trino://jobmaal:secret@trino.example:8080/hive/registers")
    assert target == BackendTarget("url", url="trino://jobmaal:secret@trino.example:8080/hive/registers")
    assert target.label == "trino://trino.example:8080/hive/registers"  # no password in messages
    assert redact("sc://u:p@h:15002") == "sc://h:15002"
    assert redact("sc://h:15002/;token=secret;user_id=a") == "sc://h:15002/"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("spark", None), "unknown"),
        (("duckdb", "sc://h:15002"), "--backend-url"),
        (("duckdb", None, "local[2]"), "--backend pyspark"),
        (("pyspark", "trino://h:8080"), "Spark Connect URL"),
        (("pyspark", "sc://h:15002", "local[2]"), "exclude each other"),
        ((None, "not-a-url"), "connection URL"),
        (("pyspark", None, None, ["no-equals-sign"]), "KEY=VALUE"),
        ((None, "trino://h:8080", "local[2]"), "--backend pyspark"),
    ],
)
def test_contradictions_are_one_clear_error(args: tuple, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(BackendError, match=message.replace("[", r"\[")):
        parse_target(*args)


def test_duckdb_options_on_another_backend() -> None:
    with pytest.raises(BackendError, match="--memory-limit gælder kun DuckDB"):
        parse_target("pyspark", None, duckdb_only=["--memory-limit"])
