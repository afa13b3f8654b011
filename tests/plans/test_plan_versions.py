"""Every save is a new version; versions can be listed and compared; a stale save is refused whole."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jobmaal.errors import PlanConflict, PlanNotFound
from jobmaal.plans import PUBLIC, SYSTEM, PlanContent, PlanState, PlanStore, Target, TargetKind, edits
from jobmaal.plans.records import Change


def test_first_save_creates_version_1_and_reads_back_equal(store: PlanStore, content: PlanContent) -> None:
    result = store.save_plan(SYSTEM, "730", 2021, content, base_version=0, note="første udkast")
    assert result.version == 1 and result.warnings == ()
    plan = store.get_plan(SYSTEM, "730", 2021)
    assert (plan.version, plan.current_version, plan.is_current) == (1, 1, True)
    assert plan.content == content
    assert plan.saved_by == "system" and plan.note == "første udkast"
    assert plan.saved_at == dt.datetime(2020, 12, 1, 9, 0, tzinfo=dt.UTC)  # the test clock, back as aware UTC


def test_every_save_is_a_new_version_and_old_ones_stay(store: PlanStore, content: PlanContent, clock: Any) -> None:
    store.save_plan(SYSTEM, "730", 2021, content, 0)
    second = edits.with_target(content, Target(indicator_id="mm17_upskilling_share",
                                                kind=TargetKind.LEVEL_YEAR_END, value=4.0))
    clock.advance(hours=1)
    assert store.save_plan(SYSTEM, "730", 2021, second, 1, note="højere mål").version == 2
    third = edits.with_strategy(second, "upskilling", "")
    assert store.save_plan(SYSTEM, "730", 2021, third, 2).version == 3

    versions = store.list_versions(SYSTEM, "730", 2021)
    assert [v.version for v in versions] == [1, 2, 3]
    assert [v.note for v in versions] == ["", "højere mål", ""]
    assert versions[1].saved_at - versions[0].saved_at == dt.timedelta(hours=1)
    assert store.get_plan(SYSTEM, "730", 2021, 1).content == content
    assert store.get_plan(SYSTEM, "730", 2021, 1).is_current is False
    assert store.get_plan(SYSTEM, "730", 2021).content == third

    changes = store.diff_versions(SYSTEM, "730", 2021, 1, 3)
    assert changes == [
        Change("strategies.upskilling", content.strategies["upskilling"], None),
        Change("targets.mm17_upskilling_share",
               {"indicator_id": "mm17_upskilling_share", "kind": "level_year_end", "value": 3.5, "comment": None},
               {"indicator_id": "mm17_upskilling_share", "kind": "level_year_end", "value": 4.0, "comment": None}),
    ]
    assert store.diff_versions(SYSTEM, "730", 2021, 2, 2) == []


def test_a_save_on_a_stale_version_is_refused_and_nothing_is_overwritten(
        store: PlanStore, content: PlanContent, cast: Any) -> None:
    editor = cast.editor
    store.save_plan(editor, "730", 2021, content, 0)
    mine = edits.with_strategy(content, "upskilling", "Min tekst")
    theirs = edits.with_strategy(content, "upskilling", "Deres tekst")
    store.save_plan(cast.admin, "730", 2021, theirs, base_version=1)
    with pytest.raises(PlanConflict) as info:
        store.save_plan(editor, "730", 2021, mine, base_version=1)
    err = info.value
    assert (err.base_version, err.current_version, err.saved_by) == (1, 2, "admin")
    assert "Randers 2021" in err.message_da and "version 2 er gemt af admin" in err.message_da
    assert "Intet er gemt" in err.message_da
    assert "your edit is based on version 1, but version 2 was saved by admin" in err.message_en
    assert "Nothing was saved" in str(err)
    assert store.get_plan(SYSTEM, "730", 2021).content == theirs
    assert len(store.list_versions(SYSTEM, "730", 2021)) == 2
    assert [e.action for e in store.audit(SYSTEM, action="plan.*")] == ["plan.save", "plan.save"]


def test_creating_a_plan_that_exists_is_a_conflict(store: PlanStore, content: PlanContent) -> None:
    store.save_plan(SYSTEM, "730", 2021, content, 0)
    with pytest.raises(PlanConflict, match="you were creating the plan, but version 1"):
        store.save_plan(SYSTEM, "730", 2021, PlanContent(), 0)
    assert store.get_plan(SYSTEM, "730", 2021).content == content


def test_edits_apply_to_the_base_version_not_the_newest(store: PlanStore, content: PlanContent) -> None:
    store.save_plan(SYSTEM, "730", 2021, content, 0)
    store.edit_plan(SYSTEM, "730", 2021, 1, lambda c: edits.with_strategy(c, "upskilling", "B"))
    with pytest.raises(PlanConflict):
        store.edit_plan(SYSTEM, "730", 2021, 1, lambda c: edits.without_target(c, "mm17_upskilling_share"))
    plan = store.get_plan(SYSTEM, "730", 2021)
    assert plan.version == 2 and plan.content.strategies["upskilling"] == "B"
    assert plan.content.target_for("mm17_upskilling_share") is not None


def test_missing_plans_and_versions(store: PlanStore, content: PlanContent) -> None:
    with pytest.raises(PlanNotFound, match="no plan for municipality 730 in 2021"):
        store.get_plan(SYSTEM, "730", 2021)
    with pytest.raises(PlanNotFound, match="base version 0 to create it"):
        store.save_plan(SYSTEM, "730", 2021, content, base_version=3)
    store.save_plan(SYSTEM, "730", 2021, content, 0)
    with pytest.raises(PlanNotFound, match="no version 7"):
        store.save_plan(SYSTEM, "730", 2021, content, base_version=7)
    with pytest.raises(PlanNotFound, match="version 5 of the plan"):
        store.get_plan(SYSTEM, "730", 2021, 5)


def test_adoption_and_the_late_adoption_warning(store: PlanStore, content: PlanContent) -> None:
    on_time = edits.with_state(content, PlanState.ADOPTED, dt.date(2020, 12, 31))
    assert store.save_plan(SYSTEM, "730", 2021, on_time, 0).warnings == ()
    late = edits.with_state(content, PlanState.ADOPTED, dt.date(2021, 1, 14))
    result = store.save_plan(SYSTEM, "730", 2021, late, 1)
    assert result.warnings == ("adopted_on: vedtaget 2021-01-14, efter fristen 2020-12-31 / "
                               "adopted after the deadline 2020-12-31",)
    assert store.get_plan(SYSTEM, "730", 2021).content.adopted_on == dt.date(2021, 1, 14)


def test_the_public_sees_the_newest_adopted_version_while_a_new_draft_is_in_progress(
        store: PlanStore, content: PlanContent) -> None:
    store.save_plan(SYSTEM, "730", 2021, content, 0)
    with pytest.raises(PlanNotFound, match="no adopted plan"):
        store.get_plan(PUBLIC, "730", 2021)
    store.save_plan(SYSTEM, "730", 2021, edits.with_state(content, PlanState.ADOPTED, dt.date(2020, 12, 9)), 1)
    store.save_plan(SYSTEM, "730", 2021, edits.with_strategy(content, "upskilling", "Ny"), 2)
    assert store.get_plan(PUBLIC, "730", 2021).version == 2
    assert store.get_plan(SYSTEM, "730", 2021).version == 3
    assert [p.version for p in store.visible_plans(PUBLIC, 2021)] == [2]
    assert [p.version for p in store.visible_plans(SYSTEM, 2021, adopted_only=True)] == [2]


def test_codes_are_normalised_and_plans_are_per_year(store: PlanStore, content: PlanContent) -> None:
    store.save_plan(SYSTEM, "Randers", 2021, content, 0)
    store.save_plan(SYSTEM, "730", 2020, PlanContent(), 0)
    assert store.get_plan(SYSTEM, "730", 2021).municipality_code == "730"
    assert [(p.municipality_code, p.year) for p in store.list_plans(SYSTEM)] == [("730", 2020), ("730", 2021)]
    assert [p.year for p in store.list_plans(SYSTEM, 2020)] == [2020]
