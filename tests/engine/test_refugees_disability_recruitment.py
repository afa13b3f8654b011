"""mm13 (refugees), disability_employment_rate and recruitment_unsuccessful_share, worked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.engine.cases import case, compute_case
from tests.engine.conftest import pick

EMPLOYED, H190 = "mm13_refugees_employed_share", "mm13_refugees_190h_share"
DISABILITY, RECRUIT = "disability_employment_rate", "recruitment_unsuccessful_share"


@pytest.fixture(scope="module")
def values(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    return compute_case(case("refugees_disability_recruitment"), tmp_path_factory.mktemp("mm13"))


def test_employed_share(values: pd.DataFrame) -> None:
    jan, feb, mar = (pick(values, EMPLOYED, "101", f"2021-0{m}-01") for m in (1, 2, 3))
    assert (jan.numerator, jan.denominator, jan.value) == (1, 1, 100)
    assert (feb.numerator, feb.denominator, feb.value) == (0, 1, 0)
    assert (mar.numerator, mar.denominator) == (1, 1)


def test_permit_on_d1_and_eighteenth_birthday(values: pd.DataFrame) -> None:
    jan, feb = pick(values, EMPLOYED, "147", "2021-01-01"), pick(values, EMPLOYED, "147", "2021-02-01")
    assert jan.denominator == 0 and pd.isna(jan.value)  # zero denominator: missing
    assert (feb.numerator, feb.denominator, feb.value) == (1, 2, 50)


def test_other_immigrants_and_supported_hours(values: pd.DataFrame) -> None:
    jan = pick(values, EMPLOYED, "151", "2021-01-01")
    assert (jan.numerator, jan.denominator) == (0, 1)


def test_190_hours_over_three_months(values: pd.DataFrame) -> None:
    assert pick(values, H190, "101", "2021-01-01").numerator == 0  # 89 + 100
    assert pick(values, H190, "101", "2021-02-01").numerator == 0  # 89 + 100 + 0
    assert pick(values, H190, "101", "2021-03-01").numerator == 1  # 100 + 0 + 95
    assert pick(values, H190, "101", "2021-04-01").numerator == 0  # 0 + 95 + 0
    assert pick(values, H190, "153", "2021-03-01").value == 100  # exactly 190 counts
    country = pick(values, H190, "000", "2021-03-01")
    assert (country.numerator, country.denominator) == (2, 5)  # r1, r7 of r1, r3, r4, r6, r7


def test_age_breakdown_restricts_the_denominator(values: pd.DataFrame) -> None:
    young = pick(values, EMPLOYED, "147", "2021-02-01", "age_group", "16-29")
    assert (young.numerator, young.denominator) == (0, 1)  # r4 is 18
    assert pick(values, EMPLOYED, "147", "2021-02-01", "sex", "female").denominator == 2


def test_disability_rate_is_yearly(values: pd.DataFrame) -> None:
    rows = values[(values.indicator_id == DISABILITY) & (values.breakdown == "")]
    assert sorted(rows.period.astype(str).unique()) == ["2021-01-01"]
    y = pick(values, DISABILITY, "161", "2021-01-01")
    assert (y.numerator, y.denominator, y.value) == (1, 2, 50)  # d1 (supported hours) of d1, d2


def test_recruitment_by_rar_area_and_half_year(values: pd.DataFrame) -> None:
    rows = values[values.indicator_id == RECRUIT]
    assert set(rows.area_type) == {"rar", "country"}
    assert pick(values, RECRUIT, "R07", "2021-01-01").value == 25
    country = pick(values, RECRUIT, "000", "2021-01-01")
    assert (country.numerator, country.denominator) == (35, 150)
    assert country.value == pytest.approx(100 * 35 / 150)
    assert pd.isna(pick(values, RECRUIT, "R07", "2021-07-01").value)
    assert pd.isna(pick(values, RECRUIT, "R05", "2021-01-01").value)
