"""No suppressed figure reaches a report: a constructed case with small cells holding unmistakable values.

København's refugee employment share for three months of 2021 and its early-retirement benefit group
for the whole year are made to rest on 2 persons and to carry values found nowhere else. After the
gate the PDF shows the marker and none of those values; the same report from unprotected values (the
logged secure-zone bypass) shows them, so the check can fail. The framework conditions derived from
the register data (``--data``) are checked the same way against the register counts.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from jobmaal import publication
from jobmaal.analysis import derive
from jobmaal.analysis.conditions import variable
from jobmaal.analysis.derive import register_counts
from jobmaal.analysis.results import read_run_info
from jobmaal.disclosure import SYMBOL, DisclosurePolicy, bypass, disclose, disclose_shares
from jobmaal.engine.results import read_values
from jobmaal.reports.make import render, results_report, write_report
from jobmaal.reports.sources import FollowupOptions, RunSource, followup_of
from tests.disclosure.scan import danish_number, html_tables
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


# -- framework conditions derived from the register data (``--data``) -----------------------------------
SHARE_PERSONS = {  # share → (numerator, denominator) columns of register_counts
    "unskilled_share": ("unskilled", "education_known"),
    "refugee_share": ("refugees", "population_16_66"),
    "other_nonnative_share": ("other_immigrants", "population_16_66"),
    "age_16_29_share": ("age_16_29", "population_16_66"),
    "age_50_66_share": ("age_50_66", "population_16_66"),
}


def _small(n: float) -> bool:
    return 0 < n < 5


def _conditions_printed(source: RunSource, code: str, data: Path) -> tuple[dict[str, str], str]:
    report = results_report(source, YEAR, code, options=FollowupOptions(data_dir=data), charts=False)
    page = render(report, "html").decode("utf-8")
    table = next(t for t in html_tables(page) if t.caption == "Rammevilkår")
    labels = {variable(k).label.da: k for k in SHARE_PERSONS}
    return {labels[cells[0]]: cells[1] for _, cells in table.rows if cells[0] in labels}, page


def test_framework_conditions_resting_on_few_persons_are_hidden_in_the_report(
        source: RunSource, results_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With --data the report's Rammevilkår table shows the marker for a share whose persons (numerator,
    denominator or the rest 100 % − x) are 1–4, read independently from the register counts; the same
    report with the shares unprotected prints them, so the check can fail."""
    data = results_file.parent / "data"
    counts = register_counts(data, [YEAR]).set_index("municipality_code")
    small: dict[str, set[str]] = {}
    for code, row in counts.iterrows():
        small[str(code)] = {k for k, (n, d) in SHARE_PERSONS.items()
                            if _small(row[n]) or _small(row[d]) or _small(row[d] - row[n])}
    # A municipality with small shares and some non-zero shown ones (10,000 persons: most are small).
    code = next(c for c in sorted(small) if small[c] and any(
        counts.loc[c, SHARE_PERSONS[k][0]] > 0 for k in set(SHARE_PERSONS) - small[c]))
    printed, page = _conditions_printed(source, code, data)
    assert set(printed) == set(SHARE_PERSONS)
    for key in small[code]:
        assert printed[key] == SYMBOL, (code, key, printed[key])
    assert "Diskretioneret: tallet bygger på færre end 5 personer" in page
    for key in set(SHARE_PERSONS) - small[code]:
        n, d = (counts.loc[code, c] for c in SHARE_PERSONS[key])
        number = danish_number(printed[key])
        if number is not None:  # else hidden to protect the rest of its group (secondary)
            assert number == pytest.approx(100 * n / d, abs=0.05), (code, key)

    def shown_all(counts: pd.DataFrame, groups: object, policy: object) -> object:
        return disclose_shares(counts, groups, DisclosurePolicy(threshold=1, allow_below_3=True))  # type: ignore[arg-type]

    monkeypatch.setattr(derive, "disclose_shares", shown_all)
    # A change of code in this process: the follow-up's disk cache (keyed by the code's files) must not answer.
    monkeypatch.setenv(publication.ENV_VAR, "off")
    unprotected, _ = _conditions_printed(source, code, data)
    assert any(danish_number(unprotected[key]) is not None for key in small[code])  # the check could fail
