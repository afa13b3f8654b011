"""What the follow-up reads (targets file, local indicators) and the plan YAML round trip."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from jobmaal.errors import PlanConflict, PlanValidationError
from jobmaal.plans import (
    PUBLIC,
    SYSTEM,
    TARGET_COLUMNS,
    LocalValueInput,
    PlanContent,
    PlanState,
    PlanStore,
    edits,
    local_indicators_frame,
    local_values_frame,
    targets_frame,
    write_targets_csv,
)


def test_the_targets_file_has_the_agreed_header_and_reads_back(store: PlanStore, content: PlanContent,
                                                              tmp_path: Path) -> None:
    store.save_plan(SYSTEM, "730", 2021, content, 0)
    store.save_plan(SYSTEM, "101", 2021, edits.without_target(content, "mm17_upskilling_starts"), 0)
    store.save_plan(SYSTEM, "730", 2020, PlanContent(), 0)
    path = tmp_path / "out" / "targets.csv"
    assert write_targets_csv(targets_frame(store, 2021), path) == 5
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "indicator_id,municipality_code,year,kind,value"
    assert lines[1] == "mm13_refugees_employed_share,101,2021,change_vs_last_year,-1.5"
    back = pd.read_csv(path, dtype={"municipality_code": str})
    assert tuple(back.columns) == TARGET_COLUMNS
    assert back.to_dict("records")[-1] == {"indicator_id": "mm17_upskilling_starts", "municipality_code": "730",
                                           "year": 2021, "kind": "average_year", "value": 40.0}


def test_targets_frame_follows_visibility_and_adoption(store: PlanStore, content: PlanContent) -> None:
    store.save_plan(SYSTEM, "730", 2021, content, 0)
    assert targets_frame(store, 2021, PUBLIC).empty
    assert tuple(targets_frame(store, 2021, PUBLIC).columns) == TARGET_COLUMNS
    assert targets_frame(store, 2021, adopted_only=True).empty
    adopted = edits.with_state(content, PlanState.ADOPTED, dt.date(2020, 12, 1))
    store.save_plan(SYSTEM, "730", 2021, adopted, 1)
    detailed = targets_frame(store, 2021, PUBLIC, details=True)
    assert len(detailed) == 3 and set(detailed["state"]) == {"adopted"} and set(detailed["plan_version"]) == {2}
    assert detailed.loc[detailed["indicator_id"] == "mm17_upskilling_starts", "comment"].item() == "pr. md."


def test_local_indicators_and_values_frames(store: PlanStore, content: PlanContent) -> None:
    store.save_plan(SYSTEM, "730", 2021, content, 0)
    store.set_local_values(SYSTEM, "730", [LocalValueInput("satisfaction", dt.date(2021, 2, 1), 74.0)])
    indicators = local_indicators_frame(store, 2021)
    assert indicators.to_dict("records") == [{
        "municipality_code": "730", "year": 2021, "key": "satisfaction", "name": "Tilfredshed", "description": "",
        "unit": "percent", "direction": "higher_is_better", "goal": "dignified_casework",
        "target_kind": "level_year_end", "target_value": 80.0}]
    values = local_values_frame(store, 2021)
    assert values.to_dict("records") == [{"municipality_code": "730", "indicator_key": "satisfaction",
                                          "period": dt.date(2021, 2, 1), "value": 74.0}]
    assert local_values_frame(store, 2021, PUBLIC).empty


def test_yaml_export_import_round_trip_makes_a_new_version(store: PlanStore, content: PlanContent) -> None:
    store.save_plan(SYSTEM, "730", 2021, content, 0)
    text = store.export_plan_yaml(SYSTEM, "730", 2021)
    assert "municipality: '730'" in text and "version: 1" in text
    assert "upskilling: |-\n    Flere ufaglærte i uddannelse.\n    Anden linje." in text
    edited = text.replace("value: 3.5", "value: 4.5")
    result = store.import_plan_yaml(SYSTEM, edited, source="randers.yaml")
    assert result.version == 2
    plan = store.get_plan(SYSTEM, "730", 2021)
    assert plan.content.target_for("mm17_upskilling_share").value == 4.5  # type: ignore[union-attr]
    assert plan.note == "import of randers.yaml"
    assert plan.content.strategies == content.strategies
    # The same file again is based on version 1, which is no longer the newest.
    with pytest.raises(PlanConflict):
        store.import_plan_yaml(SYSTEM, edited)


def test_a_new_plan_from_yaml_with_an_unquoted_code(store: PlanStore) -> None:
    text = ("municipality: 101\nyear: 2021\nversion: 0\nstrategies:\n  upskilling: Mere uddannelse\n"
            "targets:\n  - {indicator_id: mm17_upskilling_share, kind: level_year_end, value: 3}\n")
    assert store.import_plan_yaml(SYSTEM, text).version == 1
    assert store.get_plan(SYSTEM, "101", 2021).content.strategies == {"upskilling": "Mere uddannelse"}


BAD_YAML = [
    ("municipality: 730\nyear: 2021\nversion: 1\ntargets: [\n", "plan.yaml: not valid YAML: line 5, column 1"),
    ("- just\n- a list\n", "expected a mapping"),
    ("municipality: 730\nyear: 2021\nversion: 1\ncolour: blue\n", "plan.yaml: colour: Extra inputs are not permitted"),
    ("municipality: 730\nyear: 2021\n", "plan.yaml: version: Field required"),
    ("municipality: 730\nyear: 2021\nversion: 1\ntargets:\n  - {indicator_id: mm17_upskilling_share, "
     "kind: level_year_end, value: 120}\n", "targets[0].value: 120 is outside 0–100"),
    ("municipality: 730\nyear: 2021\nversion: 1\ntargets:\n  - {indicator_id: mm17_upskilling_share, "
     "kind: someday, value: 12}\n", "plan.yaml: targets[0].kind: Input should be"),
]


@pytest.mark.parametrize(("text", "message"), BAD_YAML)
def test_a_malformed_yaml_is_refused_naming_line_or_field(store: PlanStore, content: PlanContent,
                                                          text: str, message: str) -> None:
    store.save_plan(SYSTEM, "730", 2021, content, 0)
    with pytest.raises(PlanValidationError, match="refused") as info:
        store.import_plan_yaml(SYSTEM, text, source="plan.yaml")
    assert message in str(info.value)
    plan = store.get_plan(SYSTEM, "730", 2021)
    assert (plan.version, plan.content) == (1, content)
