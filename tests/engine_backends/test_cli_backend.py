"""``jobmaal compute --backend …`` as a user types it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ibis.backends import BaseBackend
from typer.testing import CliRunner

from jobmaal.cli.app import app
from jobmaal.engine.results import list_runs, read_values
from tests.engine_backends.conftest import assert_agree, duckdb_values
from tests.engine_backends.registers import edge_cases

INDICATORS = ["mm17_upskilling_starts", "recruitment_unsuccessful_share"]


def test_compute_on_pyspark_from_the_command_line(spark: BaseBackend, tmp_path: Path) -> None:
    """The CLI joins the running Spark session (as under spark-submit) and reads a file:// URL."""
    data = edge_cases().write(tmp_path / "data")
    results = tmp_path / "results.duckdb"
    args = ["compute", "--backend", "pyspark", "--data", data.as_uri(), "--results", str(results)]
    for indicator in INDICATORS:
        args += ["--indicator", indicator]
    out = CliRunner().invoke(app, args)
    assert out.exit_code == 0, out.output
    assert f"→ {results}" in out.output.replace("\n", "")  # rich wraps long lines
    assert spark.version  # the test's session is still running: jobmaal did not stop a session it joined
    duck = duckdb_values(data, tmp_path / "duckdb.duckdb", indicators=INDICATORS)
    assert_agree(duck, read_values(results))
    assert list_runs(results)[-1].source == "registers"


def jobmaal(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jobmaal.cli.app", *args], capture_output=True, text=True)


def test_backend_option_errors_are_one_line(tmp_path: Path) -> None:
    base = ["compute", "--data", str(tmp_path), "--results", str(tmp_path / "r.duckdb")]
    out = jobmaal(*base, "--backend", "pyspark", "--memory-limit", "4GB")
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [
        "jobmaal: error: --memory-limit gælder kun DuckDB / applies to DuckDB only; configure Spark with "
        "--spark-conf (e.g. spark.driver.memory=4g)"
    ]
    out = jobmaal(*base, "--backend", "spark")
    assert out.returncode == 2 and "--backend 'spark': ukendt / unknown" in out.stderr
    assert not (tmp_path / "r.duckdb").exists()
