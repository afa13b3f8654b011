"""public_support_fulltime_share on hand-made registers; expected values worked out inline."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.engine.builder import Registers
from tests.engine.conftest import pick

IND = "public_support_fulltime_share"


@pytest.fixture(scope="module")
def values(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from jobmaal.engine.results import read_values
    from jobmaal.engine.runner import ComputeRequest, compute

    r = Registers()
    # 101: a week straddling January/February 2021 (Mon 2021-01-25 .. Sun 01-31 is all January;
    # Mon 2021-03-29 .. Sun 04-04 has 3 days in March and 4 in April).
    r.person("a", "1980-05-10", municipality="101").week("a", "2021-01-25").week("a", "2021-03-29")
    # 147: birthdays on d1. Turns 67 on 2021-03-31 (out from March), turns 16 on 2021-03-31 (in from March).
    r.person("old", "1954-03-31", sex="male", municipality="147").week("old", "2021-03-01", group="foertidspension",
                                                                         municipality="147")
    r.person("young", "2005-03-31", municipality="147").week("young", "2021-03-01", group="uddannelseshjaelp",
                                                             municipality="147")
    # 151: born 29 February 2004: aged 16 on 2020-02-29 (leap year) — but is 17 only from 2021-03-01.
    r.person("leap", "2004-02-29", municipality="151")
    # 153 → 155 (same region 1084): moves on 2021-02-15, weeks paid by the new municipality after the move.
    r.person("mover", "1970-01-01", municipality="153").weeks("mover", "2021-02-01", 2, group="sygedagpenge",
                                                               municipality="153")
    r.move("mover", "155", "2021-02-15").weeks("mover", "2021-02-15", 2, group="sygedagpenge", municipality="155")
    # Anchor the data range: weeks from 2021-01 to 2021-04.
    r.week("a", "2021-04-26")
    data = r.write(tmp_path_factory.mktemp("ps") / "data")
    results = data.parent / "results.duckdb"
    compute(ComputeRequest(data_dir=data, results=results, indicators=[IND]))
    return read_values(results)


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
