"""``seed_demo``: demo users and draft plans, clearly marked, and safe to run twice."""

from __future__ import annotations

from jobmaal.plans import SYSTEM, PlanState, PlanStore, seed_demo, targets_frame


def test_seed_demo_creates_marked_users_and_draft_plans_once(store: PlanStore) -> None:
    seeded = seed_demo(store)
    assert (seeded.created_users, seeded.created_plans) == (5, 4)
    users = store.list_users(SYSTEM)
    assert len(users) == 5 and all(u.is_demo and u.username.startswith("demo-") for u in users)
    assert all("DEMO" in u.full_name for u in users)

    plans = store.list_plans(SYSTEM, 2021)
    assert [p.municipality_code for p in plans] == ["101", "561", "563", "730"]
    assert all(p.is_demo and p.state is PlanState.DRAFT for p in plans)
    randers = store.get_plan(SYSTEM, "730", 2021)
    assert all(text.startswith("[DEMO]") for text in randers.content.strategies.values())
    assert "Randers' indsats" in randers.content.strategies["upskilling"]
    assert randers.content.local_indicators[0].name.startswith("DEMO")
    assert len(store.local_values(SYSTEM, "730", 2021)) == 6

    frame = targets_frame(store, 2021)
    assert len(frame) == 4 * 6 and frame["value"].notna().all()

    # The demo passwords work, and the Esbjerg editor edits both of its municipalities.
    for demo in seeded.users:
        assert store.authenticate(demo.username, demo.password).role is demo.role
    esbjerg = store.user("demo-esbjerg")
    assert esbjerg.municipalities == frozenset({"561", "563"})

    again = seed_demo(store)
    assert (again.created_users, again.created_plans) == (0, 0)
    assert len(store.audit(SYSTEM, action="plan.save")) == 4
