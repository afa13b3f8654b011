"""The command line as a user meets it: help, one-line errors, compute and export end to end."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from tests.engine.builder import Registers


def jobmaal(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jobmaal.cli.app", *args], capture_output=True, text=True, cwd=cwd)


def test_help_lists_the_commands() -> None:
    out = jobmaal("--help")
    assert out.returncode == 0
    for command in ("areas", "goals", "compute", "export", "generate", "import"):
        assert command in out.stdout


def test_areas_csv() -> None:
    out = jobmaal("areas", "--format", "csv")
    rows = list(csv.DictReader(out.stdout.splitlines()))
    assert list(rows[0]) == ["area_type", "area_code", "name", "region_code", "rar_code"]
    assert len(rows) == 112
    randers = next(r for r in rows if r["area_code"] == "730")
    assert randers == {"area_type": "municipality", "area_code": "730", "name": "Randers", "region_code": "1082",
                       "rar_code": "R03"}


def test_goals_in_danish_and_english() -> None:
    da, en = jobmaal("goals", "--year", "2021"), jobmaal("goals", "--year", "2021", "--lang", "en")
    assert "Flere ledige skal opkvalificeres" in da.stdout
    assert "More unemployed people must be upskilled" in en.stdout


def test_user_error_is_one_line_without_traceback() -> None:
    out = jobmaal("goals", "--year", "1999")
    assert out.returncode == 2
    assert out.stderr.strip().count("\n") == 0 and "Traceback" not in out.stderr
    assert "no goals for year 1999" in out.stderr


def test_missing_data_directory_is_a_clear_error(tmp_path: Path) -> None:
    out = jobmaal("compute", "--data", str(tmp_path / "nope"), "--results", str(tmp_path / "r.duckdb"))
    assert out.returncode == 2 and "register data directory not found" in out.stderr


@pytest.fixture(scope="module")
def computed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("cli")
    r = Registers()
    for i in range(12):  # 12 persons in Randers on cash benefit: enough to pass disclosure
        r.person(f"x{i}", "1980-01-01", municipality="730").weeks(f"x{i}", "2021-01-04", 8, municipality="730")
    data = r.write(tmp / "data")
    out = jobmaal("compute", "--data", str(data), "--results", str(tmp / "r.duckdb"), "--indicator",
                  "public_support_fulltime_share")
    assert out.returncode == 0, out.stderr
    return tmp / "r.duckdb"


def test_export_csv_totals(computed: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "out.csv"
    out = jobmaal("export", "--results", str(computed), "--format", "csv", "--out", str(out_file),
                  "--area", "730", "--indicator", "public_support_fulltime_share")
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(out_file.read_text(encoding="utf-8").splitlines()))
    assert list(rows[0])[:7] == ["indicator_id", "area_type", "area_code", "period", "value", "numerator",
                                 "denominator"]
    jan = next(r for r in rows if r["period"] == "2021-01-01")
    assert float(jan["value"]) == pytest.approx(100 * 12 * 28 / 31 / 12)
    assert float(jan["numerator"]) == pytest.approx(12 * 28 / 31)
    assert {r["area_code"] for r in rows} == {"730"}


def test_export_with_breakdowns(computed: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "b.csv"
    out = jobmaal("export", "--results", str(computed), "--out", str(out_file), "--area", "730", "--breakdowns")
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(out_file.read_text(encoding="utf-8").splitlines()))
    assert list(rows[0])[4:6] == ["breakdown", "breakdown_value"]
    assert {r["breakdown"] for r in rows} == {"", "benefit_group", "sex", "age_group"}
