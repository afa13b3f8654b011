"""The XLSX: the report's tables as typed cells, read back with openpyxl."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from jobmaal.analysis.objects import FollowupResult
from jobmaal.disclosure import SYMBOL
from jobmaal.reports.make import plan_report, results_report, write_report
from jobmaal.reports.sources import PlanSource, RunSource
from tests.reports.conftest import CODE, YEAR


@pytest.fixture(scope="module")
def workbook_path(source: RunSource, plans: PlanSource, followup_all: FollowupResult,
                  tmp_path_factory: pytest.TempPathFactory) -> Path:
    report = results_report(source, YEAR, CODE, plans=plans, fr=followup_all, charts=False)
    return write_report(report, tmp_path_factory.mktemp("xlsx") / "koebenhavn.xlsx")


def test_sheets_and_front_matter(workbook_path: Path) -> None:
    wb = load_workbook(workbook_path)
    assert wb.sheetnames[:3] == ["Sammenfatning", "Sammenligning", "Udvikling"]
    assert "Definitioner" in wb.sheetnames and "Vurdering" in wb.sheetnames
    front = wb["Sammenfatning"]
    assert front["A1"].value == "Resultatrevision 2021 – København"
    texts = [c.value for row in front.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(t.startswith("Syntetiske data") for t in texts)


def test_figures_are_numbers_and_suppressed_figures_the_marker(workbook_path: Path,
                                                                followup_all: FollowupResult) -> None:
    wb = load_workbook(workbook_path)
    ws = wb["Sammenligning"]
    ind = followup_all.municipality(CODE).indicator("mm13_refugees_employed_share")
    assert ind.year_to_date is not None and ind.year_to_date.value is not None
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] and str(r[0]).startswith(ind.title.da))
    own = rows[start + 2]
    assert own[0] == "København"
    assert isinstance(own[2], float) and own[2] == pytest.approx(ind.year_to_date.value)
    development = [c for row in wb["Udvikling"].iter_rows(values_only=True) for c in row]
    assert SYMBOL in development  # the marker in place of hidden monthly figures
    notes = [c for c in development if isinstance(c, str) and c.startswith(f"{SYMBOL} Diskretioneret")]
    assert notes


def test_plan_workbook(source: RunSource, plans: PlanSource, tmp_path: Path) -> None:
    path = write_report(plan_report(source, YEAR, CODE, plans=plans), tmp_path / "plan.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames[0] == "Beskæftigelsesplan 2021"
    goals = list(wb["Mål og strategier"].iter_rows(values_only=True))
    assert goals[2][1] == "Flere ledige skal opkvalificeres"
    assert str(goals[2][3]).startswith("Jobcentret vil have flere ufaglærte ledige i uddannelse.")
    targets = [r for r in wb["Kommunens mål"].iter_rows(values_only=True) if r[0]]
    share = next(r for r in targets if str(r[0]).startswith("Andel ledige"))
    assert share[2] == 16.5
