"""The results report of København from real synthetic data: the PDF's text against the follow-up."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobmaal.analysis.objects import FollowupResult, IndicatorFollowup
from jobmaal.catalog import default_catalog
from jobmaal.disclosure import SYMBOL
from jobmaal.reports import fmt
from jobmaal.reports.html import render_html
from jobmaal.reports.make import results_report, write_report
from jobmaal.reports.model import ResultsReport
from jobmaal.reports.sources import PlanSource, RunSource
from tests.reports.conftest import CODE, STRATEGY_UPSKILLING, YEAR, Pdf, normalise, pdf_text


@pytest.fixture(scope="module")
def report(source: RunSource, plans: PlanSource, followup_all: FollowupResult) -> ResultsReport:
    return results_report(source, YEAR, CODE, plans=plans, fr=followup_all,
                          own_text="Vi er tilfredse med udviklingen for flygtninge.\n\nMen opkvalificeringen halter.")


@pytest.fixture(scope="module")
def pdf(report: ResultsReport, tmp_path_factory: pytest.TempPathFactory) -> Pdf:
    path = write_report(report, tmp_path_factory.mktemp("pdf") / "koebenhavn.pdf")
    return Pdf(path, pdf_text(path))


def _indicators(fr: FollowupResult) -> list[IndicatorFollowup]:
    return list(fr.municipality(CODE).indicators())


def test_the_pdf_names_the_municipality_year_goals_and_synthetic_data(pdf: Pdf) -> None:
    assert pdf.path.read_bytes().startswith(b"%PDF")
    assert pdf.has("Resultatrevision 2021") and pdf.has("København")
    for goal in default_catalog().year(YEAR).goals:
        assert pdf.has(goal.title.da), goal.key
    assert pdf.has("SYNTETISKE DATA") and pdf.has("Syntetiske data: tallene er genereret")
    assert pdf.has("Data til og med december 2021")


def test_every_year_to_date_figure_of_the_followup_is_in_the_pdf(report: ResultsReport, pdf: Pdf,
                                                                  followup_all: FollowupResult) -> None:
    checked = 0
    for ind in _indicators(followup_all):
        ytd = ind.year_to_date
        section = next(s for s in report.sections() if s.indicator_id == ind.indicator_id)
        if ytd is None or ytd.value is None:
            assert section.headline.text in (SYMBOL, fmt.MISSING)
            continue
        shown = fmt.figure(ytd.value, ind.unit, "da")
        assert section.headline.text == shown and section.headline.value == ytd.value
        assert pdf.has(f"{section.span_label}): {shown}"), ind.indicator_id  # the headline line
        if ytd.change is not None:
            assert pdf.has(fmt.change(ytd.change, ind.unit, "da")), ind.indicator_id
        if ytd.country is not None:
            assert pdf.has(fmt.figure(ytd.country, ind.unit, "da")), ind.indicator_id
        if ytd.expected is not None and ytd.expected.rank is not None:
            assert pdf.has(f"Placering: {ytd.expected.rank} af {ytd.expected.ranked}"), ind.indicator_id
        checked += 1
    assert checked >= 4  # København's figures are mostly shown, even on 10,000 persons


def test_the_monthly_development_table_matches_the_series(report: ResultsReport,
                                                           followup_all: FollowupResult) -> None:
    ind = followup_all.municipality(CODE).indicator("mm13_refugees_employed_share")
    table = next(s for s in report.sections() if s.indicator_id == ind.indicator_id).development
    assert table.head[1:] == ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
    points = [p for p in ind.series if p.period.year == YEAR]
    own = table.rows[0]
    assert own.label == "København"
    for cell, point in zip(own.cells, points, strict=True):
        if point.value is None:
            assert cell.text in (SYMBOL, fmt.MISSING)
        else:
            assert cell.text == fmt.percent(point.value, "da") and cell.value == point.value


def test_suppressed_cells_show_the_marker_with_its_explanation(report: ResultsReport, pdf: Pdf) -> None:
    marked = [c for t in report.tables() for r in t.rows for c in r.cells if c.suppressed]
    assert marked, "10,000 persons leave some of København's monthly counts below the threshold"
    for cell in marked:
        assert cell.text == SYMBOL and cell.value is None and cell.note.startswith("Diskretioneret")
    assert pdf.has(f"{SYMBOL} Diskretioneret: tallet bygger på færre end 5 personer")


def test_targets_status_and_generated_sentences(report: ResultsReport, pdf: Pdf,
                                                followup_all: FollowupResult) -> None:
    ind = followup_all.municipality(CODE).indicator("mm17_upskilling_share")
    assert ind.target is not None
    section = next(s for s in report.sections() if s.indicator_id == "mm17_upskilling_share")
    assert section.target is not None and normalise(section.target.target.text) == "16,5 %"
    assert section.target.status_label == ind.status.label.da
    assert pdf.has("Gennemsnit over året: 16,5 % – Som i 2020 plus to point")
    sentences = [s for g in report.assessment for s in g.sentences]
    assert any("et gennemsnit over året på 16,5 %" in normalise(s) for s in sentences)
    for sentence in sentences:
        assert pdf.has(sentence), sentence
    change_sentences = [s for s in sentences if " steg " in s or " faldt " in s or "var uændret" in s]
    assert change_sentences, sentences
    # The job centre's own text follows the generated sentences.
    assert pdf.has("Jobcentrets egen vurdering") and pdf.has("Men opkvalificeringen halter.")


def test_benefit_groups_this_year_against_last_year(report: ResultsReport, pdf: Pdf) -> None:
    table = report.benefits
    assert table is not None
    labels = [r.label for r in table.rows]
    assert labels[0] == "A-dagpenge" and labels[-1] == "I alt" and "Førtidspension" in labels
    assert table.head[1:3] == ("januar–december 2021", "januar–december 2020")
    total = table.rows[-1]
    assert total.cells[0].value is not None and total.cells[1].value is not None
    assert pdf.has(f"I alt {total.cells[0].text} {total.cells[1].text}")


def test_local_indicator_and_appendix(pdf: Pdf) -> None:
    assert pdf.has("Tilfredshed med sagsbehandlingen")
    assert pdf.has("september 2021 79,0 %")
    assert pdf.has("Bilag: definitioner og datakilder")
    assert pdf.has("Jobindsats MM13: Flygtninge og familiesammenførte i beskæftigelse")
    assert pdf.has("Kilde: syntetiske registerdata genereret af jobmaal")


def test_the_plan_text_is_not_in_the_results_report_but_the_strategy_is_in_the_store(pdf: Pdf) -> None:
    assert not pdf.has(STRATEGY_UPSKILLING.split("\n")[0])


def test_html_is_self_contained_and_danish(report: ResultsReport) -> None:
    html = render_html(report)
    assert html.startswith("<!DOCTYPE html>") and '<html lang="da">' in html
    assert "http://" not in html and "https://" not in html  # no external scripts, styles or fonts
    assert "data:image/svg+xml;base64," in html  # the charts, inline
    assert "Flere ledige skal opkvalificeres" in html and "æ" in html and "ø" in html and "å" in html


def test_english_report(source: RunSource, plans: PlanSource, followup_all: FollowupResult, tmp_path: Path) -> None:
    report = results_report(source, YEAR, CODE, plans=plans, fr=followup_all, lang="en", charts=False)
    assert report.meta.title == "Results report 2021"
    ind = followup_all.municipality(CODE).indicator("mm13_refugees_employed_share")
    assert ind.year_to_date is not None and ind.year_to_date.value is not None
    section = next(s for s in report.sections() if s.indicator_id == ind.indicator_id)
    assert section.headline.text == fmt.percent(ind.year_to_date.value, "en")
    assert "." in section.headline.text and "," not in section.headline.text
    html = render_html(report)
    assert '<html lang="en">' in html and "More unemployed people must be upskilled" in html
    assert normalise("Whole country") in normalise(html)
