"""public_support_fulltime_share on hand-made registers; expected values worked out inline."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.engine.cases import case, compute_case
from tests.engine.conftest import pick

IND = "public_support_fulltime_share"


@pytest.fixture(scope="module")
def values(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return compute_case(case("public_support"), tmp_path_factory.mktemp("ps"))


def test_week_days_split_across_months(values) -> None:  # type: ignore[no-untyped-def]
    jan = pick(values, IND, "101", "2021-01-01")
    assert jan.numerator == pytest.approx(7 / 31)
    assert jan.denominator == 1
    assert jan.value == pytest.approx(100 * 7 / 31)
    mar = pick(values, IND, "101", "2021-03-01")
    assert mar.numerator == pytest.approx(3 / 31)
    apr = pick(values, IND, "101", "2021-04-01")
    assert apr.numerator == pytest.approx(4 / 30 + 5 / 30)  # 4 days of the March week + the week of 26 April
    assert pick(values, IND, "101", "2021-02-01").value == 0


def test_age_on_the_last_day_of_the_month(values) -> None:  # type: ignore[no-untyped-def]
    feb = pick(values, IND, "147", "2021-02-01")
    assert feb.denominator == 1  # "old" is 66, "young" is 15
    mar = pick(values, IND, "147", "2021-03-01")
    assert mar.denominator == 1  # "old" turned 67 on d1, "young" turned 16 on d1
    assert mar.numerator == pytest.approx(7 / 31)  # only young's week counts
    assert mar.numerator_persons == 1
    youth = pick(values, IND, "147", "2021-03-01", "benefit_group", "uddannelseshjaelp")
    assert youth.numerator == pytest.approx(7 / 31)
    assert pick(values, IND, "147", "2021-03-01", "benefit_group", "foertidspension").numerator == 0


def test_leap_day_birthday(values) -> None:  # type: ignore[no-untyped-def]
    # Born 2004-02-29: on 2021-02-28 still 16 (turns 17 on 1 March); in the population either way.
    assert pick(values, IND, "151", "2021-02-01").denominator == 1
    assert pick(values, IND, "151", "2021-02-01", "age_group", "16-29").denominator == 1


def test_move_mid_month(values) -> None:  # type: ignore[no-untyped-def]
    feb153, feb155 = pick(values, IND, "153", "2021-02-01"), pick(values, IND, "155", "2021-02-01")
    assert feb153.numerator == pytest.approx(14 / 28) and feb155.numerator == pytest.approx(14 / 28)
    assert feb153.denominator == 0 and pd.isna(feb153.value)  # resident in 155 on d1
    assert feb155.denominator == 1 and feb155.value == pytest.approx(50.0)
    jan153 = pick(values, IND, "153", "2021-01-01")
    assert jan153.denominator == 1 and jan153.numerator == 0
    region = pick(values, IND, "1084", "2021-02-01")
    assert region.numerator_persons == 1  # the mover once, though on benefits in two municipalities
    # the region's full-time persons are the sum of its municipalities'
    munis = values[(values.area_type == "municipality") & (values.period.astype(str) == "2021-02-01")
                   & (values.breakdown == "")]
    region_munis = munis[munis.area_code.isin(["101", "147", "151", "153", "155"])]
    assert region.numerator == pytest.approx(region_munis.numerator.sum())
    assert region.denominator == region_munis.denominator.sum()


def test_breakdowns(values) -> None:  # type: ignore[no-untyped-def]
    total = pick(values, IND, "000", "2021-03-01")
    groups = values[(values.indicator_id == IND) & (values.area_code == "000")
                    & (values.period.astype(str) == "2021-03-01") & (values.breakdown == "benefit_group")]
    assert len(groups) == 12
    assert groups.value.sum() == pytest.approx(total.value)  # event breakdown: shares add up
    assert set(groups.denominator) == {total.denominator}
    sexes = values[(values.indicator_id == IND) & (values.area_code == "000")
                   & (values.period.astype(str) == "2021-03-01") & (values.breakdown == "sex")]
    assert sexes.denominator.sum() == total.denominator  # person breakdown: own denominators
    male = pick(values, IND, "000", "2021-03-01", "sex", "male")
    assert male.denominator == 0 and male.numerator == 0  # "old" left the population on d1


def test_every_area_and_month_has_a_row(values) -> None:  # type: ignore[no-untyped-def]
    totals = values[values.breakdown == ""]
    assert totals.groupby("period").size().unique().tolist() == [112]
    assert sorted(totals.period.astype(str).unique()) == ["2021-01-01", "2021-02-01", "2021-03-01", "2021-04-01"]
    empty = pick(values, IND, "860", "2021-01-01")
    assert empty.denominator == 0 and empty.numerator == 0 and pd.isna(empty.value)
