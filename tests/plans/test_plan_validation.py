"""Bad input gets a clear error naming the field, and the stored plan is unchanged."""

from __future__ import annotations

import datetime as dt

import pytest

from jobmaal.errors import PlanValidationError, UnknownAreaError
from jobmaal.plans import SYSTEM, LocalUnit, PlanContent, PlanState, PlanStore, Target, TargetKind, edits


def _target(indicator: str, kind: TargetKind, value: float) -> Target:
    return Target(indicator_id=indicator, kind=kind, value=value)


BAD_TARGETS = [
    (_target("no_such_indicator", TargetKind.LEVEL_YEAR_END, 5),
     "targets[3].indicator_id: unknown indicator 'no_such_indicator'"),
    (_target("mm13_refugees_190h_share", TargetKind.LEVEL_YEAR_END, 101),
     "targets[3].value: 101 is outside 0–100 (percent, level_year_end) for indicator "
     "'mm13_refugees_190h_share'"),
    (_target("disability_employment_rate", TargetKind.AVERAGE_YEAR, -0.5),
     "targets[3].value: -0.5 is outside 0–100 (percent, average_year)"),
    (_target("recruitment_unsuccessful_share", TargetKind.CHANGE_VS_LAST_YEAR, -120),
     "targets[3].value: -120 is outside -100–100 (percent, change_vs_last_year)"),
    (_target("mm17_upskilling_starts", TargetKind.LEVEL_YEAR_END, -3),
     "targets[1].value: -3 is below 0, impossible for persons, level_year_end"),
    (_target("public_support_fulltime_share", TargetKind.LEVEL_YEAR_END, 10),
     "targets[3].indicator_id: indicator 'public_support_fulltime_share' is not an indicator of the 2021 goals"),
    (_target("mm17_upskilling_share", TargetKind.LEVEL_YEAR_END, 4),
     "targets[3].indicator_id: a second target for 'mm17_upskilling_share' (first in targets[0])"),
]


@pytest.mark.parametrize(("bad", "message"), BAD_TARGETS)
def test_a_bad_target_is_refused_naming_the_field(store: PlanStore, content: PlanContent,
                                                  bad: Target, message: str) -> None:
    store.save_plan(SYSTEM, "730", 2021, content, 0)
    targets = list(content.targets)
    if bad.indicator_id == "mm17_upskilling_starts":
        targets[1] = bad  # replace, so the error is about the value, not a second target
    else:
        targets.append(bad)
    broken = content.model_copy(update={"targets": tuple(targets)})
    with pytest.raises(PlanValidationError) as info:
        store.save_plan(SYSTEM, "730", 2021, broken, base_version=1)
    assert any(p.startswith(message) for p in info.value.problems), info.value.problems
    assert str(info.value).startswith("plan 730/2021 refused: 1 problem(s)")
    _unchanged(store, content)


def _unchanged(store: PlanStore, content: PlanContent) -> None:
    plan = store.get_plan(SYSTEM, "730", 2021)
    assert (plan.version, plan.content) == (1, content)
    assert len(store.audit(SYSTEM, action="plan.save")) == 1


def test_a_change_in_persons_may_be_negative(store: PlanStore, content: PlanContent) -> None:
    fine = edits.with_target(content, _target("mm17_upskilling_starts", TargetKind.CHANGE_VS_LAST_YEAR, -15))
    assert store.save_plan(SYSTEM, "730", 2021, fine, 0).version == 1


def test_every_problem_is_reported_at_once(store: PlanStore, content: PlanContent) -> None:
    local = content.local_indicators[0].model_copy(update={"goal": "world_peace"})
    broken = content.model_copy(update={
        "state": PlanState.ADOPTED,
        "strategies": {"no_goal": "x"},
        "targets": (_target("nope", TargetKind.AVERAGE_YEAR, 1), _target("mm17_upskilling_share",
                                                                          TargetKind.LEVEL_YEAR_END, 250)),
        "local_indicators": (local, local),
    })
    with pytest.raises(PlanValidationError) as info:
        store.save_plan(SYSTEM, "730", 2021, broken, 0)
    fields = [p.split(":")[0] for p in info.value.problems]
    assert fields == ["adopted_on", "strategies.no_goal", "targets[0].indicator_id", "targets[1].value",
                      "local_indicators[0].goal", "local_indicators[1].key", "local_indicators[1].goal"]
    with pytest.raises(Exception, match="no plan"):
        store.get_plan(SYSTEM, "730", 2021)


def test_plain_dicts_are_validated_with_field_paths(store: PlanStore, content: PlanContent) -> None:
    store.save_plan(SYSTEM, "730", 2021, content, 0)
    data = content.to_json()
    data["targets"][0]["kind"] = "level_at_some_point"
    data["targets"][1]["value"] = "lots"
    data["colour"] = "blue"
    with pytest.raises(PlanValidationError) as info:
        store.save_plan(SYSTEM, "730", 2021, data, 1)
    fields = sorted(p.split(":")[0] for p in info.value.problems)
    assert fields == ["colour", "targets[0].kind", "targets[1].value"]
    _unchanged(store, content)


def test_local_indicator_target_range_and_unknown_municipality_and_year(store: PlanStore,
                                                                         content: PlanContent) -> None:
    local = content.local_indicators[0]
    bad_local = local.model_copy(update={"target": local.target.model_copy(update={"value": 130})})  # type: ignore[union-attr]
    with pytest.raises(PlanValidationError, match=r"local_indicators\[0\]\.target\.value: 130 is outside 0–100"):
        store.save_plan(SYSTEM, "730", 2021, content.model_copy(update={"local_indicators": (bad_local,)}), 0)
    number = local.model_copy(update={"unit": LocalUnit.NUMBER, "target": None})
    store.save_plan(SYSTEM, "730", 2021, content.model_copy(update={"local_indicators": (number,)}), 0)
    with pytest.raises(UnknownAreaError, match="'999'"):
        store.save_plan(SYSTEM, "999", 2021, content, 0)
    with pytest.raises(PlanValidationError, match="year: no goals for year 2019"):
        store.save_plan(SYSTEM, "730", 2019, PlanContent(), 0)


def test_draft_with_date_and_non_finite_values_are_refused(store: PlanStore, content: PlanContent) -> None:
    dated = edits.with_state(content, PlanState.DRAFT, dt.date(2020, 12, 1))
    with pytest.raises(PlanValidationError, match="adopted_on: must be empty while state is draft"):
        store.save_plan(SYSTEM, "730", 2021, dated, 0)
    data = content.to_json()
    data["targets"][0]["value"] = float("nan")
    with pytest.raises(PlanValidationError, match=r"targets\[0\]\.value: Input should be a finite number"):
        store.save_plan(SYSTEM, "730", 2021, data, 0)
