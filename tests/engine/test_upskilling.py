"""mm17_upskilling_starts and mm17_upskilling_share on hand-made registers."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.engine.builder import Registers
from tests.engine.conftest import pick

STARTS, SHARE = "mm17_upskilling_starts", "mm17_upskilling_share"


@pytest.fixture(scope="module")
def values(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    from jobmaal.engine.results import read_values
    from jobmaal.engine.runner import ComputeRequest, compute

    r = Registers()
    # p1 in 101: on cash benefit all quarter; two starts in February (Wed 3rd, Sat 20th) = one person.
    r.person("p1", "1985-06-01", education="unskilled").weeks("p1", "2021-01-04", 13)
    r.activity("p1", "ordinary_education", "2021-02-03", "2021-06-30")
    r.activity("p1", "job_oriented_education", "2021-02-20", "2021-02-26")
    # p2 in 147: benefit week 1 February only; the start on 8 February has no benefit week in its week.
    r.person("p2", "1975-01-01", sex="male", education="vocational", municipality="147")
    r.week("p2", "2021-02-01", group="a_dagpenge", municipality="147")
    r.activity("p2", "adult_apprenticeship", "2021-02-08", "2022-02-07", municipality="147")
    # p3 in 151: sickness benefit is not one of the four groups: neither counted nor in the denominator.
    r.person("p3", "1980-01-01", municipality="151").week("p3", "2021-02-01", group="sygedagpenge", municipality="151")
    r.activity("p3", "ordinary_education", "2021-02-02", "2021-05-01", municipality="151")
    # p4 in 153: starts on Sunday 31 January: the week of Monday 25 January counts. Guidance is not upskilling.
    r.person("p4", "1990-01-01", education=None, municipality="153")
    r.week("p4", "2021-01-25", group="a_dagpenge", municipality="153").week("p4", "2021-02-01", group="a_dagpenge",
                                                                          municipality="153")
    r.activity("p4", "ordinary_education", "2021-01-31", "2021-03-01", municipality="153")
    r.activity("p4", "guidance_upskilling", "2021-02-01", "2021-02-05", municipality="153")
    # p5 lives in 101, but the benefit week is paid by 155: the start counts in 155.
    r.person("p5", "1960-01-01", education="higher").week("p5", "2021-03-08", group="ledighedsydelse",
                                                          municipality="155")
    r.activity("p5", "adult_apprenticeship", "2021-03-10", "2021-09-10", municipality="101")
    data = r.write(tmp_path_factory.mktemp("mm17") / "data")
    compute(ComputeRequest(data_dir=data, results=data.parent / "r.duckdb", indicators=[STARTS, SHARE]))
    return read_values(data.parent / "r.duckdb")


def test_two_starts_in_a_month_are_one_person(values: pd.DataFrame) -> None:
    feb = pick(values, STARTS, "101", "2021-02-01")
    assert feb.value == 1 and feb.numerator_persons == 1 and pd.isna(feb.denominator)
    assert pick(values, STARTS, "101", "2021-01-01").value == 0


def test_start_must_fall_in_a_benefit_week_of_the_four_groups(values: pd.DataFrame) -> None:
    assert pick(values, STARTS, "147", "2021-02-01").value == 0
    assert pick(values, STARTS, "151", "2021-02-01").value == 0
    assert pick(values, SHARE, "151", "2021-02-01").denominator == 0


def test_week_of_the_start_is_its_monday(values: pd.DataFrame) -> None:
    assert pick(values, STARTS, "153", "2021-01-01").value == 1
    assert pick(values, STARTS, "153", "2021-02-01").value == 0  # guidance is not upskilling


def test_area_is_the_benefit_weeks_municipality(values: pd.DataFrame) -> None:
    assert pick(values, STARTS, "155", "2021-03-01").value == 1
    assert pick(values, STARTS, "101", "2021-03-01").value == 0


def test_share(values: pd.DataFrame) -> None:
    feb = pick(values, SHARE, "000", "2021-02-01")
    # recipients in February in the four groups: p1 (101), p2 (147), p4 (153); starters: p1
    assert (feb.numerator, feb.denominator) == (1, 3)
    assert feb.value == pytest.approx(100 / 3)
    assert pick(values, SHARE, "147", "2021-02-01").value == 0
    assert pd.isna(pick(values, SHARE, "860", "2021-02-01").value)  # nobody: missing, not 0
    assert pick(values, SHARE, "1084", "2021-02-01").denominator == 3  # region Hovedstaden holds all three


def test_breakdowns(values: pd.DataFrame) -> None:
    unskilled = pick(values, SHARE, "000", "2021-02-01", "education", "unskilled")
    assert (unskilled.numerator, unskilled.denominator) == (1, 1)
    skilled = pick(values, SHARE, "000", "2021-02-01", "education", "skilled")
    assert (skilled.numerator, skilled.denominator) == (0, 1)  # p2
    unknown = pick(values, SHARE, "000", "2021-01-01", "education", "unknown")
    assert (unknown.numerator, unknown.denominator) == (1, 1)  # p4; p1 (also on benefit in January) is unskilled
    cash = pick(values, SHARE, "000", "2021-02-01", "benefit_group", "kontanthjaelp")
    assert (cash.numerator, cash.denominator) == (1, 3)  # event breakdown: the total's denominator
    assert pick(values, STARTS, "000", "2021-03-01", "benefit_group", "ledighedsydelse").value == 1
    assert pick(values, STARTS, "000", "2021-03-01", "age_group", "50-66").value == 1  # p5 is 61
