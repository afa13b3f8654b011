"""Editing a plan through the forms: a target change lands as a new version and shows on the pages; a
save based on a stale version gets the conflict message and changes nothing."""

from __future__ import annotations

import re

import httpx

from jobmaal.plans import PlanStore
from jobmaal.web.contexts.municipality import municipality_page
from jobmaal.web.services import Services
from tests.web.conftest import csrf_of, login


def _base_version(html: str) -> int:
    found = re.search(r'name="base_version" value="(\d+)"', html)
    assert found
    return int(found.group(1))


def test_change_a_target_and_see_it_in_the_follow_up(client: httpx.Client, plans_db: PlanStore,
                                                     services: Services) -> None:
    login(client, "demo-esbjerg", "demo-esbjerg-password")  # editor of Esbjerg and Fanø
    page = client.get("/plan/563/2021")
    assert page.status_code == 200
    base, token = _base_version(page.text), csrf_of(page.text)
    r = client.post("/plan/563/2021/target", data={"csrf_token": token, "base_version": base,
                                                   "indicator_id": "mm13_refugees_employed_share",
                                                   "kind": "average_year", "value": "47,5", "comment": "web test"})
    assert r.status_code == 303 and r.headers["location"] == f"/plan/563/2021?saved={base + 1}#saved"
    saved = client.get(r.headers["location"])
    assert f"Gemt som version {base + 1}." in saved.text and 'value="47,5"' in saved.text
    plan = plans_db.get_plan(plans_db.user("demo-esbjerg"), "563", 2021)
    target = plan.content.target_for("mm13_refugees_employed_share")
    assert plan.version == base + 1 and target is not None and target.value == 47.5 and target.comment == "web test"
    editor = plans_db.user("demo-esbjerg")
    ctx = municipality_page(services, editor, "563", 2021, "da")
    block = next(b for g in ctx.goals for b in g.indicators if b.id == "mm13_refugees_employed_share")
    assert block.target == "Gennemsnit over året: 47,5 %"
    mine = client.get("/municipality/563")
    assert "Gennemsnit over året: 47,5 %" in mine.text  # the editor's own page shows the draft target


def test_second_session_gets_the_conflict_message(base_url: str, plans_db: PlanStore) -> None:
    with httpx.Client(base_url=base_url) as first, httpx.Client(base_url=base_url) as second:
        login(first, "demo-randers", "demo-randers-password")
        login(second, "demo-randers", "demo-randers-password")
        page1, page2 = first.get("/plan/730/2021"), second.get("/plan/730/2021")
        base = _base_version(page1.text)
        assert _base_version(page2.text) == base
        ok = first.post("/plan/730/2021/strategy", data={"csrf_token": csrf_of(page1.text), "base_version": base,
                                                         "goal": "upskilling", "text": "Første session"})
        assert ok.status_code == 303
        late = second.post("/plan/730/2021/strategy", data={"csrf_token": csrf_of(page2.text),
                                                            "base_version": base, "goal": "upskilling",
                                                            "text": "Anden session"})
        assert late.status_code == 409
        assert 'id="conflict"' in late.text and "Intet er gemt" in late.text and "demo-randers" in late.text
        plan = plans_db.get_plan(plans_db.user("demo-randers"), "730", 2021)
        assert plan.version == base + 1 and plan.content.strategies["upskilling"] == "Første session"


def test_bad_input_is_shown_and_nothing_is_saved(client: httpx.Client, plans_db: PlanStore) -> None:
    login(client, "demo-randers", "demo-randers-password")
    page = client.get("/plan/730/2021")
    base = _base_version(page.text)
    r = client.post("/plan/730/2021/target", data={"csrf_token": csrf_of(page.text), "base_version": base,
                                                   "indicator_id": "mm17_upskilling_share", "kind": "level_year_end",
                                                   "value": "140"})
    assert r.status_code == 422 and 'id="problems"' in r.text and "targets" in r.text and "100" in r.text
    assert plans_db.get_plan(plans_db.user("demo-randers"), "730", 2021).version == base


def test_logout_ends_the_session(client: httpx.Client) -> None:
    login(client, "demo-viewer", "demo-viewer-password")
    page = client.get("/plan/730/2021")
    assert page.status_code == 200 and "Gem</button>" not in page.text  # a viewer reads, never edits
    r = client.post("/logout", data={"csrf_token": csrf_of(page.text)})
    assert r.status_code == 303
    assert client.get("/plan/730/2021").status_code == 303  # back to the login page
