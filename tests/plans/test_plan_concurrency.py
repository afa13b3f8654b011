"""20 writers save the same plan at once: each save lands or gets PlanConflict, none is lost,
and the audit log has exactly one entry per landed save (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from jobmaal.errors import PlanConflict
from jobmaal.plans import SYSTEM, PlanContent, PlanStore, edits

WRITERS = 20


def test_twenty_parallel_writers_lose_no_update(store: PlanStore, content: PlanContent) -> None:
    store.save_plan(SYSTEM, "730", 2021, content, 0)
    start = threading.Barrier(WRITERS)

    def attempt(i: int, base: int) -> tuple[int, int | None, str]:
        mine = edits.with_strategy(content, "upskilling", f"writer {i}")
        try:
            saved = store.save_plan(SYSTEM, "730", 2021, mine, base, note=f"writer {i}")
            return i, saved.version, "saved"
        except PlanConflict:
            return i, None, "conflict"

    def writer(i: int) -> list[tuple[int, int | None, str]]:
        start.wait()
        if i % 2 == 0:  # even writers all build on version 1 once: at most one of them can win
            return [attempt(i, 1)]
        tries = []  # odd writers build on a freshly read version and try again after a conflict
        while not tries or tries[-1][2] == "conflict":
            tries.append(attempt(i, store.get_plan(SYSTEM, "730", 2021).version))
            assert len(tries) < 200, "a writer starved"
        return tries

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        outcomes = [o for tries in pool.map(writer, range(WRITERS)) for o in tries]

    landed = {version: i for i, version, status in outcomes if status == "saved"}
    conflicts = [i for i, _v, status in outcomes if status == "conflict"]
    assert len(landed) + len(conflicts) == len(outcomes)  # every attempt either saved or got the conflict
    assert {i for i in landed.values() if i % 2} == set(range(1, WRITERS, 2))  # every retrying writer landed
    # No lost update: the landed saves are exactly versions 2..n+1, each holding its writer's text.
    versions = store.list_versions(SYSTEM, "730", 2021)
    assert [v.version for v in versions] == list(range(1, len(landed) + 2))
    assert sorted(landed) == [v.version for v in versions[1:]]
    for version, i in landed.items():
        plan = store.get_plan(SYSTEM, "730", 2021, version)
        assert plan.content.strategies["upskilling"] == f"writer {i}"
        assert plan.note == f"writer {i}"
    # One audit entry per landed save (plus the first), each recording the step it made.
    saves = store.audit(SYSTEM, action="plan.save", limit=None)
    assert len(saves) == len(landed) + 1
    assert sorted(e.after["version"] for e in saves) == list(range(1, len(landed) + 2))
    for entry in saves[1:]:
        assert entry.before["version"] == entry.after["version"] - 1
    # Of the writers that built on version 1, at most one can have landed.
    assert sum(1 for i in landed.values() if i % 2 == 0) <= 1
