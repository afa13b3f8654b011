"""Framework conditions: from register Parquet files (DuckDB), from the results, and from a file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from jobmaal.analysis.conditions import conditions_for_year, read_conditions, write_conditions
from jobmaal.analysis.derive import conditions_from_registers, conditions_from_results, rar_rest_public_support
from jobmaal.analysis.results import normalise_values
from jobmaal.errors import AnalysisInputError, RegisterError
from jobmaal.reference import municipalities
from jobmaal.registers.schema import PERSONS, RESIDENCE

from ._build import CODES, conditions, with_country

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


def test_conditions_from_registers_count_residents_on_1_january(tmp_path: Path) -> None:
    frame = conditions_from_registers(_registers(tmp_path), [2021]).set_index("municipality_code")
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
