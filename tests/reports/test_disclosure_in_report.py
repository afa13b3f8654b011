"""No suppressed figure reaches a report: a constructed case with small cells holding unmistakable values.

København's refugee employment share for three months of 2021 and its early-retirement benefit group
for the whole year are made to rest on 2 persons and to carry values found nowhere else. After the
gate the PDF shows the marker and none of those values; the same report from unprotected values (the
logged secure-zone bypass) shows them, so the check can fail.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from jobmaal.analysis.results import read_run_info
from jobmaal.disclosure import SYMBOL, bypass, disclose
from jobmaal.engine.results import read_values
from jobmaal.reports.make import results_report, write_report
from jobmaal.reports.sources import RunSource, followup_of
from tests.reports.conftest import CODE, YEAR, pdf_text

SHARE = "mm13_refugees_employed_share"
HIDDEN_SHARE = 97.37  # printed "97,4"
HIDDEN_MONTHS = ("2021-03-01", "2021-04-01", "2021-05-01")
HIDDEN_FULLTIME = 987.6  # full-time persons on early retirement pay; printed "988"


@pytest.fixture(scope="module")
def small_cells(results_file: Path) -> pd.DataFrame:
    values = read_values(results_file)
    values = values[pd.to_datetime(values["period"]) >= pd.Timestamp(2020, 1, 1)].reset_index(drop=True)
    period = pd.to_datetime(values["period"])
    own = (values["area_code"] == CODE) & (values["breakdown"] == "")
    share = own & (values["indicator_id"] == SHARE) & period.isin(pd.to_datetime(list(HIDDEN_MONTHS)))
    assert share.sum() == len(HIDDEN_MONTHS)
    values.loc[share, "value"] = HIDDEN_SHARE
    values.loc[share, "numerator"] = values.loc[share, "denominator"] * HIDDEN_SHARE / 100
    values.loc[share, "numerator_persons"] = 2
    retire = ((values["area_code"] == CODE) & (values["indicator_id"] == "public_support_fulltime_share")
              & (values["breakdown"] == "benefit_group") & (values["breakdown_value"] == "efterloen")
              & (period.dt.year == YEAR))
    assert retire.sum() == 12
    values.loc[retire, "numerator"] = HIDDEN_FULLTIME
    values.loc[retire, "numerator_persons"] = 3
    return values


@pytest.fixture(scope="module")
def disclosed_small(small_cells: pd.DataFrame, results_file: Path) -> RunSource:
    return RunSource(results_file, read_run_info(results_file), disclose(small_cells))


def _tokens(path: Path) -> set[str]:
    return set(pdf_text(path).replace("(", " ").replace(")", " ").split())


def _report_pdf(source: RunSource, out: Path) -> Path:
    fr = followup_of(source, YEAR, CODE)
    return write_report(results_report(source, YEAR, CODE, fr=fr, charts=False), out)


def test_small_cells_never_reach_the_pdf(small_cells: pd.DataFrame, disclosed_small: RunSource, results_file: Path,
                                        tmp_path: Path) -> None:
    hidden = disclosed_small.disclosed.frame
    rows = hidden[(hidden["area_code"] == CODE) & (hidden["indicator_id"] == SHARE) & (hidden["breakdown"] == "")
                  & pd.to_datetime(hidden["period"]).isin(pd.to_datetime(list(HIDDEN_MONTHS)))]
    assert (rows["suppressed"] == "primary").all() and rows["value"].isna().all()

    protected = _tokens(_report_pdf(disclosed_small, tmp_path / "disclosed.pdf"))
    assert "97,4" not in protected and "988" not in protected
    assert SYMBOL in protected

    unprotected_values = bypass(small_cells, tmp_path / "results.duckdb", "test: report without disclosure",
                                echo=False)
    unprotected = _tokens(_report_pdf(RunSource(results_file, disclosed_small.run, unprotected_values),
                                      tmp_path / "raw.pdf"))
    assert "97,4" in unprotected and "988" in unprotected  # the check above could have failed


def test_every_suppressed_cell_of_the_report_is_hidden_by_the_gate(disclosed_small: RunSource) -> None:
    """The report's markers sit exactly where the gate hid a figure of the report's cells."""
    source = disclosed_small
    report = results_report(source, YEAR, CODE, fr=followup_of(source, YEAR, CODE), charts=False)
    section = next(s for s in report.sections() if s.indicator_id == SHARE)
    own = section.development.rows[0].cells
    months = [f"{YEAR}-{m:02d}-01" for m in range(1, 13)]
    frame = source.disclosed.frame
    status = frame[(frame["area_code"] == CODE) & (frame["indicator_id"] == SHARE) & (frame["breakdown"] == "")]
    by_month = {str(pd.Timestamp(p).date()): s for p, s in zip(status["period"], status["suppressed"], strict=True)}
    for month, cell in zip(months, own, strict=True):
        assert bool(cell.suppressed) == bool(by_month[month]), month
        assert (cell.text == SYMBOL) == bool(by_month[month]), month
    benefits = report.benefits
    assert benefits is not None
    retire = next(r for r in benefits.rows if r.label == "Efterløn")
    assert retire.cells[0].text == SYMBOL and retire.cells[0].suppressed == "primary"
