"""Framework conditions: from register Parquet files (DuckDB), from the results, and from a file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from jobmaal.analysis import followup, to_jsonable
from jobmaal.analysis.conditions import conditions_for_year, read_conditions, write_conditions
from jobmaal.analysis.derive import (
    conditions_from_registers,
    conditions_from_results,
    protected_conditions,
    rar_rest_public_support,
    register_counts,
)
from jobmaal.analysis.results import normalise_values
from jobmaal.disclosure import DisclosurePolicy
from jobmaal.errors import AnalysisInputError, RegisterError
from jobmaal.reference import municipalities
from jobmaal.registers.schema import PERSONS, RESIDENCE

from ._build import CODES, conditions, share_values, with_country

D = dt.date


def _write(table_dir: Path, schema: pa.Schema, rows: list[dict]) -> None:
    table_dir.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), table_dir / "part-0.parquet")


def _registers(tmp_path: Path) -> Path:
    """Residents on 1 January 2021: every municipality gets one native 40-year-old, 101 gets more."""
    persons, residence = [], []

    def add(key: str, born: dt.date, education: str | None, basis: str | None, muni: str,
            valid_from: dt.date = D(2015, 1, 1), valid_to: dt.date | None = None) -> None:
        persons.append({"person_key": key, "birth_date": born, "sex": "female", "education": education,
                        "residence_basis": basis, "first_residence_permit_date": None, "disability": None})
        residence.append({"person_key": key, "municipality_code": muni, "valid_from": valid_from,
                          "valid_to": valid_to})

    for code in CODES:
        add(f"base-{code}", D(1980, 6, 1), "vocational", "native", code)
    add("a", D(2004, 12, 31), "unskilled", "refugee", "101")  # 16 on 1 January 2021
    add("b", D(2005, 1, 2), "unskilled", "native", "101")  # 15: not counted
    add("c", D(1954, 1, 1), None, "other_immigrant", "101")  # 67 on the day: not counted
    add("d", D(1955, 1, 2), "higher", "other_immigrant", "101")  # 65
    add("e", D(1990, 1, 1), "unskilled", "family_reunified_refugee", "101")  # 31
    add("f", D(1990, 1, 1), "unskilled", "native", "101", valid_to=D(2021, 1, 1))  # moved out on the day
    add("f", D(1990, 1, 1), "unskilled", "native", "147", valid_from=D(2021, 1, 1))  # … to 147
    add("g", D(1985, 1, 1), None, "native", "101", valid_from=D(2021, 1, 2))  # moved in after the day
    persons = list({p["person_key"]: p for p in persons}.values())
    _write(tmp_path / "persons", PERSONS.arrow_schema, persons)
    _write(tmp_path / "residence", RESIDENCE.arrow_schema, residence)
    return tmp_path


# Threshold 1 hides nothing: these tests check the counting itself (the rule is tested below).
NO_THRESHOLD = DisclosurePolicy(threshold=1, allow_below_3=True)


def test_conditions_from_registers_count_residents_on_1_january(tmp_path: Path) -> None:
    frame = conditions_from_registers(_registers(tmp_path), [2021], policy=NO_THRESHOLD).set_index("municipality_code")
    assert len(frame) == 98 and set(frame["year"]) == {2021}
    k = frame.loc["101"]
    # Residents 16-66 of 101: base, a, d, e → 4; known education 4, unskilled a and e.
    assert k["population_16_66"] == 4
    assert k["unskilled_share"] == pytest.approx(50.0)
    assert k["refugee_share"] == pytest.approx(50.0)  # a and e
    assert k["other_nonnative_share"] == pytest.approx(25.0)  # d
    assert k["age_16_29_share"] == pytest.approx(25.0)  # a
    assert k["age_50_66_share"] == pytest.approx(25.0)  # d
    f = frame.loc["147"]
    assert f["population_16_66"] == 2 and f["unskilled_share"] == pytest.approx(50.0)
    assert frame.loc["851", "population_16_66"] == 1 and frame.loc["851", "refugee_share"] == 0.0


def test_register_counts_are_the_persons_behind_the_shares(tmp_path: Path) -> None:
    counts = register_counts(_registers(tmp_path), [2021]).set_index("municipality_code")
    assert counts.loc["101", ["population_16_66", "education_known", "unskilled", "refugees", "other_immigrants",
                              "age_16_29", "age_50_66"]].tolist() == [4, 4, 2, 2, 1, 1, 1]


def test_the_default_threshold_hides_the_small_shares_of_the_same_registers(tmp_path: Path) -> None:
    frame = conditions_from_registers(_registers(tmp_path), [2021]).set_index("municipality_code")
    # 101 has 4 residents aged 16-66: every share and the residents count rest on fewer than 5 persons.
    assert frame.loc["101"].drop("year").isna().all()
    assert frame["population_16_66"].isna().all() and frame["refugee_share"].isna().all()


def test_registers_without_parquet_files_are_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RegisterError, match="no Parquet files for table 'residence'"):
        conditions_from_registers(tmp_path, [2021])


def _public_support(year: int = 2020) -> pd.DataFrame:
    rows = []
    for i, m in enumerate(municipalities()):
        for month in range(1, 13):
            rows.append(("public_support_fulltime_share", "municipality", m.code, pd.Timestamp(year, month, 1),
                         float(10 + i % 7), 100.0))
    frame = pd.DataFrame(rows, columns=["indicator_id", "area_type", "area_code", "period", "numerator",
                                        "denominator"])
    return normalise_values(with_country(frame))


def test_rest_of_rar_area_excludes_the_municipality_itself() -> None:
    values = _public_support()
    out = rar_rest_public_support(values, [2021]).set_index("municipality_code")["rar_rest_public_support"]
    refs = {m.code: m for m in municipalities()}
    num = {m.code: 10 + i % 7 for i, m in enumerate(municipalities())}
    others = [c for c, m in refs.items() if m.rar_code == refs["101"].rar_code and c != "101"]
    assert out["101"] == pytest.approx(np.mean([num[c] for c in others]))
    # Bornholm is alone in its RAR area: the rest of its region (the Capital Region) instead.
    capital = [c for c, m in refs.items() if m.region_code == refs["400"].region_code and c != "400"]
    assert refs["400"].rar_code == "R08"
    assert out["400"] == pytest.approx(np.mean([num[c] for c in capital]))


def test_conditions_from_results_alone() -> None:
    values = _public_support()
    frame = conditions_from_results(values, [2021]).set_index("municipality_code")
    assert len(frame) == 98
    assert frame["population_16_66"].eq(100.0).all()
    assert frame["rar_rest_public_support"].notna().all()


def test_a_conditions_file_round_trips(tmp_path: Path) -> None:
    cond = conditions()
    path = tmp_path / "conditions.csv"
    write_conditions(cond, path)
    back = read_conditions(path)
    assert list(back["municipality_code"]) == sorted(CODES)
    assert back.set_index("municipality_code")["unskilled_share"].to_numpy() == pytest.approx(
        cond.set_index("municipality_code").loc[sorted(CODES), "unskilled_share"].to_numpy(), rel=1e-5)
    assert conditions_for_year(back, 2023).index.name == "municipality_code"  # the nearest year


def test_a_bad_conditions_file_names_row_and_field(tmp_path: Path) -> None:
    cond = conditions()
    cond["municipality_code"] = cond["municipality_code"].astype(object)
    cond.loc[0, "unskilled_share"] = 130.0
    cond.loc[1, "municipality_code"] = "411"
    path = tmp_path / "conditions.csv"
    cond.to_csv(path, index=False)
    text = path.read_text(encoding="utf-8").replace(f"{cond.loc[2, 'refugee_share']}", "lots", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AnalysisInputError) as err:
        read_conditions(path)
    msg = str(err.value)
    assert "row 2 field 'unskilled_share': 130.0 is outside 0–100" in msg
    assert "row 3 field 'municipality_code': unknown municipality '411'" in msg
    assert "row 4 field 'refugee_share': 'lots' is not a number" in msg


def test_unknown_columns_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "conditions.csv"
    path.write_text("municipality_code,year,unskiled_share\n101,2021,20\n", encoding="utf-8")
    with pytest.raises(AnalysisInputError, match="unknown column 'unskiled_share'"):
        read_conditions(path)


# -- disclosure control of the shares ------------------------------------------------------------------
NATIVE_40 = (D(1981, 6, 1), "vocational", "native")  # 39 on 1 January 2021: in none of the age groups
Group = tuple[int, tuple[dt.date, str | None, str]]


def _counted_registers(tmp_path: Path, special: dict[str, list[Group]]) -> Path:
    """Every municipality 20 natives aged 39 with a vocational education; ``special`` replaces that."""
    persons, residence = [], []
    for code in CODES:
        for g, (n, (born, education, basis)) in enumerate(special.get(code, [(20, NATIVE_40)])):
            for i in range(n):
                key = f"{code}-{g}-{i}"
                persons.append({"person_key": key, "birth_date": born, "sex": "male", "education": education,
                                "residence_basis": basis, "first_residence_permit_date": None, "disability": None})
                residence.append({"person_key": key, "municipality_code": code, "valid_from": D(2015, 1, 1),
                                  "valid_to": None})
    _write(tmp_path / "persons", PERSONS.arrow_schema, persons)
    _write(tmp_path / "residence", RESIDENCE.arrow_schema, residence)
    return tmp_path


REFUGEE_40 = (D(1981, 6, 1), "vocational", "refugee")
SMALL_CELLS: dict[str, list[Group]] = {
    "101": [(2, REFUGEE_40), (20, NATIVE_40)],  # 2 refugees: hidden
    "147": [(22, NATIVE_40)],  # 0 refugees: shown (0 %)
    "151": [(6, REFUGEE_40), (20, NATIVE_40)],  # 6 refugees: shown
    "153": [(8, REFUGEE_40), (2, NATIVE_40)],  # 8 of 10: the complement (2 non-refugees) is small
    # 12 aged 16-29, 10 aged 50-66 and 3 aged 30-49: the rest of the age group is small
    "155": [(12, (D(2000, 6, 1), "vocational", "native")), (10, (D(1960, 6, 1), "vocational", "native")),
            (3, NATIVE_40)],
    "157": [(3, (D(1981, 6, 1), "unskilled", "native")), (20, NATIVE_40)],  # 3 unskilled
    "159": [(3, NATIVE_40), (20, (D(1981, 6, 1), None, "native"))],  # 3 with a known education, none unskilled
}


def test_a_share_resting_on_fewer_than_five_persons_is_hidden(tmp_path: Path) -> None:
    out = protected_conditions(_counted_registers(tmp_path, SMALL_CELLS), [2021])
    frame = out.frame.set_index("municipality_code")
    status = out.status.set_index("municipality_code")
    assert np.isnan(frame.loc["101", "refugee_share"]) and status.loc["101", "refugee_share"] == "primary"
    assert frame.loc["147", "refugee_share"] == 0.0 and status.loc["147", "refugee_share"] == ""
    assert frame.loc["151", "refugee_share"] == pytest.approx(100 * 6 / 26)
    # 8 of 10 would give away the 2 who are not refugees (100 % − 80 %).
    assert np.isnan(frame.loc["153", "refugee_share"]) and status.loc["153", "refugee_share"] == "primary"
    assert frame.loc["153", "other_nonnative_share"] == 0.0
    # The 3 aged 30-49 follow from the two published age shares: the smaller group (50-66) is hidden too.
    assert frame.loc["155", "age_16_29_share"] == pytest.approx(100 * 12 / 25)
    assert np.isnan(frame.loc["155", "age_50_66_share"]) and status.loc["155", "age_50_66_share"] == "secondary"
    assert np.isnan(frame.loc["157", "unskilled_share"]) and status.loc["157", "unskilled_share"] == "primary"
    assert np.isnan(frame.loc["159", "unskilled_share"])  # its denominator: 3 with a known education
    # Elsewhere nothing is hidden, and the counts are not in the published frame.
    others = frame.drop(index=list(SMALL_CELLS))
    assert others[["unskilled_share", "refugee_share", "age_16_29_share", "population_16_66"]].notna().all().all()
    assert (status.drop(index=list(SMALL_CELLS)).drop(columns="year") == "").all().all()
    assert not {"refugees", "unskilled", "education_known", "age_16_29"} & set(out.frame.columns)


def test_the_rule_uses_the_policy_it_is_given(tmp_path: Path) -> None:
    data = _counted_registers(tmp_path, SMALL_CELLS)
    strict = conditions_from_registers(data, [2021], policy=DisclosurePolicy(threshold=7)).set_index(
        "municipality_code")
    assert np.isnan(strict.loc["151", "refugee_share"])  # 6 refugees < 7
    lenient = conditions_from_registers(data, [2021], policy=DisclosurePolicy(threshold=2, allow_below_3=True)
                                        ).set_index("municipality_code")
    assert lenient.loc["101", "refugee_share"] == pytest.approx(100 * 2 / 22)
    zeros = conditions_from_registers(data, [2021], policy=DisclosurePolicy(suppress_zeros=True)).set_index(
        "municipality_code")
    assert np.isnan(zeros.loc["147", "refugee_share"])


def test_the_follow_up_shows_no_hidden_share_and_averages_the_published_ones(tmp_path: Path) -> None:
    data = _counted_registers(tmp_path, SMALL_CELLS)
    values = share_values(conditions())
    result = followup(values, 2021, data_dir=data, indicators=["mm13_refugees_employed_share"], with_series=False)
    assert result.conditions_source == "registers"
    m = result.municipality("101")
    refugees = next(c for c in m.conditions if c.key == "refugee_share")
    assert refugees.value is None and refugees.suppressed == "primary"
    assert refugees.explanation is not None and "færre end 5 personer" in refugees.explanation.da
    # The country average is the mean of the 96 published shares (101 and 153 are hidden): 151's and zeros.
    assert refugees.country_average == pytest.approx(100 * 6 / 26 / 96)
    shown = next(c for c in result.municipality("151").conditions if c.key == "refugee_share")
    assert shown.value == pytest.approx(100 * 6 / 26) and shown.suppressed == "" and shown.explanation is None
    assert "9.09" not in json.dumps(to_jsonable(m))  # 2 of 22 nowhere in the JSON
    # The model uses the refugee share: 101 and 153, whose share is hidden, get no expected level.
    ind = {mm.code: i for mm, i in result.indicator_rows("mm13_refugees_employed_share")}
    for code in ("101", "153"):
        exp = ind[code].year_to_date.expected
        assert exp is not None and exp.expected is None and exp.rank is None and ind[code].vs_expected is None
    exp = ind["147"].year_to_date.expected
    assert exp is not None and exp.expected is not None and exp.ranked == 96


def test_a_municipality_without_residents_has_missing_shares_not_an_error(tmp_path: Path) -> None:
    data = _counted_registers(tmp_path, {"825": []})  # nobody lives on Læsø
    out = protected_conditions(data, [2021])
    frame = out.frame.set_index("municipality_code")
    assert len(frame) == 98 and frame.loc["825"].drop(["year", "population_16_66"]).isna().all()
    assert frame.loc["825", "population_16_66"] == 0
    assert (out.status.set_index("municipality_code").loc["825"].drop("year") == "").all()  # missing, not hidden
    assert frame.loc["101", "refugee_share"] == 0.0


def test_the_follow_up_protects_the_conditions_with_the_policy_it_is_given(tmp_path: Path) -> None:
    data = _counted_registers(tmp_path, SMALL_CELLS)
    result = followup(share_values(conditions()), 2021, "151", data_dir=data,
                      indicators=["mm13_refugees_employed_share"], with_series=False,
                      policy=DisclosurePolicy(threshold=7))
    refugees = next(c for c in result.municipality("151").conditions if c.key == "refugee_share")
    assert refugees.value is None and refugees.suppressed == "primary"  # 6 refugees < 7
    assert refugees.explanation is not None and "færre end 7 personer" in refugees.explanation.da
