"""The employment plan: the minister's goals, the municipality's texts and targets, and their baselines."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobmaal.analysis.objects import FollowupResult
from jobmaal.catalog import default_catalog
from jobmaal.reports import fmt
from jobmaal.reports.make import plan_indicators, plan_report, write_report
from jobmaal.reports.model import PlanReport
from jobmaal.reports.sources import PlanSource, RunSource, followup_of
from tests.reports.conftest import CODE, STRATEGY_UPSKILLING, YEAR, Pdf, pdf_text


@pytest.fixture(scope="module")
def baseline(source: RunSource) -> FollowupResult:
    return followup_of(source, YEAR - 1, CODE, indicators=plan_indicators(YEAR))


@pytest.fixture(scope="module")
def report(source: RunSource, plans: PlanSource, baseline: FollowupResult) -> PlanReport:
    return plan_report(source, YEAR, CODE, plans=plans, baseline=baseline)


@pytest.fixture(scope="module")
def pdf(report: PlanReport, tmp_path_factory: pytest.TempPathFactory) -> Pdf:
    path = write_report(report, tmp_path_factory.mktemp("plan") / "plan.pdf")
    return Pdf(path, pdf_text(path))


def test_goals_with_the_letters_explanation(pdf: Pdf) -> None:
    cat = default_catalog().year(YEAR)
    assert pdf.has("Beskæftigelsesplan 2021") and pdf.has("København")
    for goal in cat.goals:
        assert pdf.has(goal.title.da)
        assert pdf.has(goal.explanation.da[:120]), goal.key
    assert pdf.has("Ministerens brev af 15. juni 2020 (J.nr. 2019 - 7526), Peter Hummelgaard")
    assert pdf.has("Planens status: Udkast")


def test_strategy_texts_and_targets(report: PlanReport, pdf: Pdf) -> None:
    for paragraph in STRATEGY_UPSKILLING.split("\n\n"):
        assert pdf.has(paragraph)
    assert pdf.has("Virksomhedsrettet indsats for flygtninge fra første dag.")
    assert pdf.has("Kommunen har ikke beskrevet sin strategi for dette mål.")  # e.g. goal 1
    goal2 = next(g for g in report.goals if g.key == "upskilling")
    assert goal2.targets is not None
    share = next(r for r in goal2.targets.rows if r.label.startswith("Andel ledige"))
    assert share.cells[0].text == "Gennemsnit over året" and share.cells[1].value == 16.5
    assert share.cells[5].text == "Som i 2020 plus to point"
    starts = next(r for r in goal2.targets.rows if r.label.startswith("Ledige der"))
    assert starts.cells[0].text == "Intet mål"
    change = next(r for g in report.goals if g.targets for r in g.targets.rows if r.label.startswith(
        "Andel flygtninge og familiesammenførte med mindst 190"))
    assert change.cells[1].text == fmt.change(1.5, "percent", "da")


def test_baselines_are_last_years_figures(report: PlanReport, baseline: FollowupResult, pdf: Pdf) -> None:
    m = baseline.municipality(CODE)
    rows = {r.label: r for g in report.goals if g.targets for r in g.targets.rows}
    # A level target starts from the year's last period, the others from the year's average.
    level = m.indicator("mm13_refugees_employed_share")
    row = rows[level.title.da]
    assert level.latest is not None and row.cells[2].text == "december 2020"
    assert row.cells[3].value == level.latest.value or row.cells[3].suppressed
    average = m.indicator("mm17_upskilling_share")
    row = rows[average.title.da]
    assert average.year_to_date is not None and row.cells[2].text == "januar–december 2020"
    assert row.cells[3].value == average.year_to_date.value or row.cells[3].suppressed
    shown = [c for r in rows.values() for c in r.cells[3:5] if c.value is not None]
    assert shown
    for cell in shown:
        assert pdf.has(cell.text)


def test_local_indicators_and_a_plan_that_does_not_exist(source: RunSource, plans: PlanSource, baseline: FollowupResult,
                                                          pdf: Pdf, tmp_path: Path) -> None:
    assert pdf.has("Tilfredshed med sagsbehandlingen") and pdf.has("Mål: et niveau ved årets udgang på 80,0 %")
    other = plan_report(source, YEAR, "147", plans=plans)
    assert other.plan_note.startswith("Der er ingen plan for Frederiksberg 2021")
    assert all(not g.strategy for g in other.goals)
    text = pdf_text(write_report(other, tmp_path / "frb.pdf"))
    assert "Der er ingen plan for Frederiksberg 2021" in text


def test_english_plan(source: RunSource, plans: PlanSource, baseline: FollowupResult) -> None:
    report = plan_report(source, YEAR, CODE, plans=plans, baseline=baseline, lang="en")
    assert report.meta.title == "Employment plan 2021" and report.state_line == "Draft"
    assert report.goals[1].title == "More unemployed people must be upskilled"
