"""The audit log: one entry per change, written with the change, filterable."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jobmaal.errors import PlanConflict, PlanValidationError
from jobmaal.plans import SYSTEM, PlanContent, PlanStore, edits


def test_a_plan_save_records_who_when_before_and_after(store: PlanStore, cast: Any, content: PlanContent,
                                                      clock: Any) -> None:
    editor = cast.editor
    store.save_plan(editor, "730", 2021, content, 0)
    clock.advance(days=2)
    changed = edits.with_strategy(content, "upskilling", "Ny tekst")
    store.save_plan(editor, "730", 2021, changed, 1, note="ny tekst")
    entry = store.audit(SYSTEM, action="plan.save")[-1]
    assert (entry.actor, entry.object_type, entry.object_id, entry.municipality_code) == (
        "randers-editor", "plan", "730/2021", "730")
    assert entry.at == dt.datetime(2020, 12, 3, 9, 0, tzinfo=dt.UTC)
    assert entry.before["version"] == 1 and entry.before["content"]["strategies"]["upskilling"].startswith("Flere")
    assert entry.after == {"version": 2, "note": "ny tekst", "content": changed.to_json()}
    first = store.audit(SYSTEM, action="plan.save")[0]
    assert first.before is None


def test_refused_saves_write_no_audit_entry(store: PlanStore, content: PlanContent) -> None:
    store.save_plan(SYSTEM, "730", 2021, content, 0)
    before = store.audit(SYSTEM, limit=None)
    with pytest.raises(PlanConflict):
        store.save_plan(SYSTEM, "730", 2021, content, 0)
    with pytest.raises(PlanValidationError):
        store.save_plan(SYSTEM, "730", 2021, content.model_copy(update={"strategies": {"x": "y"}}), 1)
    assert store.audit(SYSTEM, limit=None) == before


def test_filters_by_user_municipality_action_and_dates(store: PlanStore, cast: Any, content: PlanContent,
                                                      clock: Any) -> None:
    store.save_plan(cast.editor, "730", 2021, content, 0)  # 2020-12-01
    clock.advance(days=1)
    store.save_plan(cast.two_editor, "561", 2021, content, 0)  # 2020-12-02
    clock.advance(days=1)
    store.save_plan(cast.two_editor, "563", 2021, content, 0)  # 2020-12-03

    def ids(**filters: object) -> list[str]:
        return [e.object_id for e in store.audit(SYSTEM, **filters)]

    assert ids(actor="esbjerg-editor") == ["561/2021", "563/2021"]
    assert ids(municipality="Fanø") == ["563/2021"]
    assert ids(action="plan.save") == ["730/2021", "561/2021", "563/2021"]
    assert ids(action="user.*") == ["admin", "star", "randers-editor", "randers-viewer", "esbjerg-editor"]
    assert ids(action="plan.save", since=dt.date(2020, 12, 2)) == ["561/2021", "563/2021"]
    assert ids(action="plan.save", until=dt.date(2020, 12, 2)) == ["730/2021", "561/2021"]
    assert ids(action="plan.save", since=dt.date(2020, 12, 2), until=dt.date(2020, 12, 2)) == ["561/2021"]
    assert ids(action="plan.save", limit=2) == ["561/2021", "563/2021"]  # the newest two, oldest first
    assert ids(actor="nobody") == []
