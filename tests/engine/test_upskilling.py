"""mm17_upskilling_starts and mm17_upskilling_share on hand-made registers."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.engine.cases import case, compute_case
from tests.engine.conftest import pick

STARTS, SHARE = "mm17_upskilling_starts", "mm17_upskilling_share"


@pytest.fixture(scope="module")
def values(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    return compute_case(case("upskilling"), tmp_path_factory.mktemp("mm17"))


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
