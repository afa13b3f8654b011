"""The server's follow-up: the models over all 98 computed once per run and year and kept; every
municipality, page and plan version read from them; a plan edit or a new run shows at once."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

import jobmaal.web.services as services_module
from jobmaal.analysis import followup
from jobmaal.plans import PUBLIC, SYSTEM, PlanContent, PlanStore, Target, TargetKind, edits
from jobmaal.web import WebSettings
from jobmaal.web.services import Services

YEAR = 2021
INDICATOR = "mm13_refugees_employed_share"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[PlanStore]:
    store = PlanStore(f"sqlite:///{tmp_path / 'plans.sqlite'}")
    store.upgrade()
    yield store
    store.close()


@pytest.fixture
def prepared(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """The (run, year) of every computation of the models."""
    calls: list[tuple[str, int]] = []
    real = services_module.prepare_followup

    def counting(results: Any, year: int, **kw: Any) -> Any:
        models = real(results, year, **kw)
        calls.append((models.run.run_id, year))
        return models

    monkeypatch.setattr(services_module, "prepare_followup", counting)
    return calls


def _services(results: Path, store: PlanStore) -> Services:
    return Services(WebSettings(results=results, plans_url=store.url, secret_key="k" * 40), store=store)


def _target(svc: Services, code: str) -> float | None:
    ind = svc.followup_one(SYSTEM, code, YEAR).municipality(code).indicator(INDICATOR)
    return ind.target.target if ind.target is not None else None


def test_the_models_are_computed_once_and_read_for_every_municipality(
        results_file: Path, store: PlanStore, prepared: list[tuple[str, int]]) -> None:
    svc = _services(results_file, store)
    one = svc.followup_one(PUBLIC, "101", YEAR)
    other = svc.followup_one(PUBLIC, "561", YEAR)
    everyone = svc.followup_all(PUBLIC, YEAR)
    assert len(prepared) == 1
    totals = svc.values().totals
    assert one == followup(totals, YEAR, "101")  # what the follow-up computes by itself
    assert other == followup(totals, YEAR, "561")
    assert everyone == followup(totals, YEAR, None, with_series=False)
    svc.followup_one(PUBLIC, "101", YEAR - 1)
    assert [year for _, year in prepared] == [YEAR, YEAR - 1]  # per year


def test_a_plan_edit_shows_in_the_next_download_without_new_models(
        results_file: Path, store: PlanStore, prepared: list[tuple[str, int]]) -> None:
    svc = _services(results_file, store)
    assert _target(svc, "101") is None
    content = PlanContent(targets=(Target(indicator_id=INDICATOR, kind=TargetKind.LEVEL_YEAR_END, value=52.0),))
    store.save_plan(SYSTEM, "101", YEAR, content, base_version=0)
    assert _target(svc, "101") == 52.0
    store.edit_plan(SYSTEM, "101", YEAR, 1, lambda c: edits.with_target(
        c, Target(indicator_id=INDICATOR, kind=TargetKind.LEVEL_YEAR_END, value=60.0)))
    assert _target(svc, "101") == 60.0
    row = svc.followup_all(SYSTEM, YEAR).municipality("101").indicator(INDICATOR)
    assert row.target is not None and row.target.target == 60.0
    assert len(prepared) == 1


def test_a_new_run_gets_new_models(results_file: Path, tmp_path: Path, store: PlanStore,
                                   prepared: list[tuple[str, int]]) -> None:
    results = tmp_path / "results.duckdb"
    shutil.copy(results_file, results)
    svc = _services(results, store)
    first = svc.followup_one(PUBLIC, "101", YEAR)
    con = duckdb.connect(str(results))
    try:  # the same figures under a new run, a day later: what `jobmaal compute` appends
        con.execute("INSERT INTO runs SELECT 'new-run', computed_at + INTERVAL 1 DAY, data_fingerprint, synthetic, "
                    "jobmaal_version, period_from, period_to, source FROM runs WHERE run_id = ?", [first.run_id])
        columns = [c[0] for c in con.execute("DESCRIBE indicator_values").fetchall()]
        picked = ", ".join("'new-run'" if c == "run_id" else c for c in columns)
        con.execute(f"INSERT INTO indicator_values SELECT {picked} FROM indicator_values WHERE run_id = ?",
                    [first.run_id])
    finally:
        con.close()
    second = svc.followup_one(PUBLIC, "101", YEAR)
    assert first.run_id != "new-run" and second.run_id == "new-run"
    assert [run for run, _ in prepared] == [first.run_id, "new-run"]
    assert second.municipality("101") == first.municipality("101")  # the same figures
