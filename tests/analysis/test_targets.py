"""Targets files: CSV and YAML, validated fully, problems named by row and field."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from jobmaal.analysis.targets import coerce_targets, read_targets
from jobmaal.errors import AnalysisInputError

HEADER = "indicator_id,municipality_code,year,kind,value\n"


def test_a_good_csv(tmp_path: Path) -> None:
    path = tmp_path / "targets.csv"
    path.write_text(HEADER + "mm13_refugees_employed_share,101,2021,average_year,45.5\n"
                    "mm17_upskilling_starts,751,2021,change_vs_last_year,10\n", encoding="utf-8")
    frame = read_targets(path)
    assert frame.to_dict("records")[0] == {"indicator_id": "mm13_refugees_employed_share",
                                           "municipality_code": "101", "year": 2021, "kind": "average_year",
                                           "value": 45.5, "comment": None}
    assert len(frame) == 2


def test_a_good_yaml(tmp_path: Path) -> None:
    path = tmp_path / "targets.yaml"
    path.write_text("targets:\n"
                    "  - {indicator_id: mm17_upskilling_share, municipality_code: '101', year: 2021,\n"
                    "     kind: level_year_end, value: 12, comment: Flere i uddannelse}\n", encoding="utf-8")
    frame = read_targets(path)
    assert frame.loc[0, "comment"] == "Flere i uddannelse"
    assert frame.loc[0, "value"] == 12.0


def test_every_problem_is_named(tmp_path: Path) -> None:
    path = tmp_path / "targets.csv"
    path.write_text(HEADER
                    + "mm13_refugees_employed_share,101,2021,average_year,145\n"  # share above 100
                    + "no_such_indicator,101,2021,average_year,1\n"
                    + "mm13_refugees_employed_share,999,2021,average_year,40\n"
                    + "mm13_refugees_employed_share,147,2021,sometime,40\n"
                    + "mm13_refugees_employed_share,147,twenty,average_year,40\n"
                    + "mm13_refugees_employed_share,151,2021,average_year,\n"
                    + "mm13_refugees_employed_share,153,2021,average_year,40\n"
                    + "mm13_refugees_employed_share,153,2021,level_year_end,41\n", encoding="utf-8")
    with pytest.raises(AnalysisInputError) as err:
        read_targets(path)
    msg = str(err.value)
    assert f"{path}: targets refused: 7 problem(s)" in msg
    assert "row 2 field 'value': 145.0 is outside 0–100" in msg
    assert "row 3 field 'indicator_id': unknown indicator 'no_such_indicator'" in msg
    assert "row 4 field 'municipality_code': unknown municipality '999'" in msg
    assert "row 5 field 'kind': 'sometime' is not one of" in msg
    assert "row 6 field 'year': 'twenty' is not a year" in msg
    assert "row 7 field 'value': missing" in msg
    assert "row 9: a target for mm13_refugees_employed_share, municipality 153, 2021 is already on row 8" in msg


def test_yaml_entries_are_numbered(tmp_path: Path) -> None:
    path = tmp_path / "targets.yml"
    path.write_text("- {indicator_id: mm17_upskilling_starts, municipality_code: '101', year: 2021,"
                    " kind: level_year_end, value: -3, colour: red}\n", encoding="utf-8")
    with pytest.raises(AnalysisInputError) as err:
        read_targets(path)
    assert "entry 1: unknown field 'colour'" in str(err.value)
    assert "entry 1 field 'value': -3.0 is negative" in str(err.value)


def test_malformed_yaml(tmp_path: Path) -> None:
    path = tmp_path / "targets.yaml"
    path.write_text("targets: [unclosed\n", encoding="utf-8")
    with pytest.raises(AnalysisInputError, match="not valid YAML"):
        read_targets(path)


def test_a_frame_from_the_plan_store_keeps_only_target_columns() -> None:
    frame = pd.DataFrame([{"indicator_id": "mm17_upskilling_share", "municipality_code": "101", "year": 2021,
                           "kind": "average_year", "value": 10.0, "comment": None, "state": "adopted",
                           "plan_version": 3, "is_demo": True}])
    out = coerce_targets(frame)
    assert out.loc[0, "value"] == 10.0
    assert coerce_targets(None).empty
