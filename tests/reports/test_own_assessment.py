"""The job centre's own assessment: stored through the plan store (a versioned, audited, validated plan field,
set with ``jobmaal plans set-assessment``) and printed in the results report's assessment section."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobmaal.analysis.objects import FollowupResult
from jobmaal.errors import Forbidden, PlanValidationError
from jobmaal.plans import SYSTEM, PlanContent, PlanStore, edits
from jobmaal.plans.models import MAX_STRATEGY_CHARS
from jobmaal.reports.make import results_report, write_report
from jobmaal.reports.sources import RunSource, load_plans
from tests.reports.conftest import CODE, YEAR, normalise, pdf_text, run_cli

ASSESSMENT = ("Jobcentret er tilfreds med flygtningeindsatsen, som ligger over det forventede niveau.\n\n"
              "Opkvalificeringen af ufaglærte halter; vi styrker samarbejdet med erhvervsskolerne i 2022.")


@pytest.fixture()
def store(tmp_path: Path) -> PlanStore:
    """A plan store of this test's own with a plan for København (strategy, no assessment)."""
    s = PlanStore(f"sqlite:///{tmp_path / 'plans.sqlite'}")
    s.upgrade()
    s.save_plan(SYSTEM, CODE, YEAR, PlanContent(strategies={"upskilling": "Flere i uddannelse."}), base_version=0)
    return s


def test_set_assessment_from_the_command_line_is_a_new_audited_version(store: PlanStore, tmp_path: Path) -> None:
    text_file = tmp_path / "vurdering.txt"
    text_file.write_text(ASSESSMENT, encoding="utf-8")
    url = str(store.engine.url)
    assert run_cli("plans", "set-assessment", "-m", CODE, "-y", str(YEAR), "--file", str(text_file), "--db", url,
                "--note", "resultatrevision") == 0
    plan = store.get_plan(SYSTEM, CODE, YEAR)
    assert plan.version == 2 and plan.content.assessment == ASSESSMENT
    assert plan.content.strategies == {"upskilling": "Flere i uddannelse."}  # the rest of the plan is kept
    entry = store.audit(SYSTEM, municipality=CODE, action="plan.save")[-1]
    assert entry.actor.startswith("cli:")
    assert entry.after["content"]["assessment"] == ASSESSMENT  # type: ignore[index]
    assert "assessment" not in entry.before["content"]  # type: ignore[index]
    changes = store.diff_versions(SYSTEM, CODE, YEAR, 1, 2)
    assert [c.field for c in changes] == ["assessment"]
    # An empty file removes it (again a new version).
    text_file.write_text("  \n", encoding="utf-8")
    assert run_cli("plans", "set-assessment", "-m", CODE, "-y", str(YEAR), "-f", str(text_file), "--db", url) == 0
    assert store.get_plan(SYSTEM, CODE, YEAR).content.assessment == ""


def test_assessment_is_validated_and_needs_edit_rights(store: PlanStore) -> None:
    viewer = store.add_user(SYSTEM, "vera", "a long enough password", "viewer", [CODE])
    other_editor = store.add_user(SYSTEM, "otto", "a long enough password", "editor", ["730"])
    for user in (viewer, other_editor):
        with pytest.raises(Forbidden):
            store.edit_plan(user, CODE, YEAR, 1, lambda c: edits.with_assessment(c, ASSESSMENT))
    with pytest.raises(PlanValidationError, match=r"assessment: .* characters, at most"):
        store.edit_plan(SYSTEM, CODE, YEAR, 1, lambda c: edits.with_assessment(c, "x" * (MAX_STRATEGY_CHARS + 1)))
    plan = store.get_plan(SYSTEM, CODE, YEAR)
    assert plan.version == 1 and plan.content.assessment == ""  # nothing saved


def test_versions_stored_before_the_field_existed_still_read() -> None:
    old_json = {"state": "draft", "adopted_on": None, "strategies": {}, "targets": [], "local_indicators": []}
    content = PlanContent.model_validate(old_json)
    assert content.assessment == ""
    assert content.to_json() == old_json  # stored, exported and audited exactly as before while empty
    assert edits.with_assessment(content, "Tekst").to_json()["assessment"] == "Tekst"


def test_yaml_round_trip_carries_the_assessment(store: PlanStore) -> None:
    store.edit_plan(SYSTEM, CODE, YEAR, 1, lambda c: edits.with_assessment(c, ASSESSMENT))
    text = store.export_plan_yaml(SYSTEM, CODE, YEAR)
    assert "assessment: |-" in text
    result = store.import_plan_yaml(SYSTEM, text, source="plan.yaml")
    assert store.get_plan(SYSTEM, CODE, YEAR, result.version).content.assessment == ASSESSMENT


def test_the_results_report_prints_the_stored_assessment(store: PlanStore, source: RunSource,
                                                         followup_all: FollowupResult, tmp_path: Path) -> None:
    store.edit_plan(SYSTEM, CODE, YEAR, 1, lambda c: edits.with_assessment(c, ASSESSMENT))
    plans = load_plans(store, YEAR, municipality=CODE)
    report = results_report(source, YEAR, CODE, plans=plans, fr=followup_all, charts=False)
    assert report.own_assessment == ASSESSMENT
    text = pdf_text(write_report(report, tmp_path / "kbh.pdf"))
    section = text[text.index("Jobcentrets egen vurdering"):] if "Jobcentrets egen vurdering" in text else text
    for paragraph in ASSESSMENT.split("\n\n"):
        assert normalise(paragraph) in section
    # The --own-text file still takes precedence over the stored text.
    other = results_report(source, YEAR, CODE, plans=plans, fr=followup_all, charts=False, own_text="Andet.")
    assert other.own_assessment == "Andet."
