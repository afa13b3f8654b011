"""``jobmaal report`` from the command line: one municipality, all 98, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from jobmaal.plans import PlanStore
from jobmaal.reference import municipalities
from jobmaal.reports.batch import file_name
from jobmaal.reports.sources import RunSource
from tests.reports.conftest import pdf_text, run_cli


def test_one_results_report_as_pdf(results_file: Path, plan_store: PlanStore, source: RunSource,
                                   tmp_path: Path) -> None:
    # ``source`` has put the disclosed run in this process's publication cache, as a server would have it.
    out = tmp_path / "kbh.pdf"
    url = str(plan_store.engine.url)
    assert run_cli("report", "--kind", "results", "--results", str(results_file), "--year", "2021",
                "--municipality", "København", "--out", str(out), "--db", url, "--quiet") == 0
    text = pdf_text(out)
    assert "Resultatrevision 2021" in text and "Tilfredshed med sagsbehandlingen" in text


def test_plan_as_html_in_english(results_file: Path, plan_store: PlanStore, tmp_path: Path) -> None:
    out = tmp_path / "plan.html"
    assert run_cli("report", "--kind", "plan", "--results", str(results_file), "--year", "2021", "-m", "101",
                "--out", str(out), "--lang", "en", "--db", str(plan_store.engine.url), "--quiet") == 0
    html = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "Employment plan 2021" in html
    assert "Jobcentret vil have flere ufaglærte ledige i uddannelse." in html


def test_all_municipalities_into_a_folder(results_file: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no plan database here: the reports say so
    monkeypatch.delenv("JOBMAAL_DB_URL", raising=False)
    out = tmp_path / "alle"
    assert run_cli("report", "--all", "--results", str(results_file), "--year", "2021", "--out", str(out),
                "--format", "xlsx", "--no-charts", "--workers", "2", "--quiet") == 0
    files = sorted(p.name for p in out.iterdir())
    assert len(files) == 98
    assert files[0] == file_name("results", 2021, "101", "København", "xlsx", "da") == \
        "resultatrevision-2021-101-koebenhavn.xlsx"
    names = {m.code: m.name for m in municipalities()}
    wb = load_workbook(out / file_name("results", 2021, "825", names["825"], "xlsx", "da"))
    assert wb["Sammenfatning"]["A1"].value == "Resultatrevision 2021 – Læsø"


@pytest.mark.parametrize(("args", "message"), [
    (("--kind", "budget"), "unknown report kind 'budget'"),
    (("--lang", "de"), "unknown language 'de'"),
    (("--format", "docx"), "unknown format 'docx'"),
])
def test_user_errors_are_one_line(results_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  args: tuple[str, ...], message: str) -> None:
    code = run_cli("report", "--results", str(results_file), "--year", "2021", "-m", "101",
                "--out", str(tmp_path / "x.pdf"), *args)
    err = capsys.readouterr().err
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.pdf").exists()


def test_unknown_municipality_and_missing_results(results_file: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("report", "--results", str(results_file), "--year", "2021", "-m", "999",
                "--out", str(tmp_path / "x.pdf")) == 2
    assert "unknown municipality '999'" in capsys.readouterr().err
    assert run_cli("report", "--results", str(tmp_path / "none.duckdb"), "--year", "2021", "-m", "101",
                "--out", str(tmp_path / "x.pdf")) == 2
    assert "results file not found" in capsys.readouterr().err


def test_the_console_command_makes_the_report_and_ends(results_file: Path, plan_store: PlanStore,
                                                       tmp_path: Path) -> None:
    """As a user runs it: a new process that registers only `report`, starts its helper before the data
    modules, lets the helper make the PDF, and ends at once (leaving no helper behind)."""
    import subprocess
    import sys
    import time

    import psutil

    jobmaal = str(Path(sys.executable).with_name("jobmaal"))
    out = tmp_path / "kbh.pdf"
    started = time.time() - 1
    done = subprocess.run([jobmaal, "report", "--results", str(results_file), "--year", "2021", "-m", "101",
                           "--out", str(out), "--db", str(plan_store.engine.url)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    text = pdf_text(out)
    assert "Resultatrevision 2021" in text and "Tilfredshed med sagsbehandlingen" in text
    orphans = [p for p in psutil.process_iter(["cmdline", "ppid", "create_time"])
               if "jobmaal.reports.svg" in (p.info["cmdline"] or []) and p.info["ppid"] == 1
               and p.info["create_time"] >= started]
    assert not orphans  # the command closed its helper before it ended
    bad = subprocess.run([jobmaal, "report", "--results", str(results_file), "--year", "2021", "-m", "999",
                          "--out", str(tmp_path / "x.pdf")], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "unknown municipality '999'" in bad.stderr
    assert subprocess.run([jobmaal, "report", "--help"], capture_output=True, timeout=60).returncode == 0
