"""The JSON API: filters, pagination, disclosure, follow-up, plans with tokens, problem+json errors."""

from __future__ import annotations

import httpx
import pandas as pd
import pytest

from jobmaal.plans import PlanStore
from jobmaal.publication import published
from jobmaal.web.services import Services

PROBLEM = "application/problem+json"


def test_goals_indicators_areas(client: httpx.Client) -> None:
    goals = client.get("/api/v1/goals", params={"year": 2021}).json()
    assert goals["year"] == 2021 and goals["goals"][1]["key"] == "upskilling"
    assert goals["goals"][0]["no_official_indicator"]["en"]
    inds = client.get("/api/v1/indicators").json()
    assert "mm17_upskilling_share" in {i["id"] for i in inds}
    one = client.get("/api/v1/indicators/mm17_upskilling_share").json()
    assert one["unit"] == "percent" and one["title"]["da"]
    areas = client.get("/api/v1/areas", params={"area_type": "municipality"}).json()
    assert len(areas) == 98 and areas[0]["code"] == "101"
    assert client.get("/api/v1/years").json() == [2020, 2021]


def test_values_are_the_disclosed_figures_filtered_and_paginated(client: httpx.Client, services: Services) -> None:
    params = {"indicator": "mm17_upskilling_share", "area": ["730", "000"], "period_from": "2021-01-01",
              "period_to": "2021-06-30", "limit": 5}
    first = client.get("/api/v1/values", params=params).json()
    assert first["total"] == 12 and len(first["items"]) == 5 and first["run"]["synthetic"] is True
    items = list(first["items"])
    url = first["next"]
    while url:
        page = client.get(url).json()
        items += page["items"]
        url = page["next"]
    assert len(items) == 12 and len({(i["area_code"], i["period"]) for i in items}) == 12
    truth = published(services.settings.results).filter(indicators=["mm17_upskilling_share"], areas=["730", "000"],
                                                        breakdowns=False).frame
    truth["period"] = pd.to_datetime(truth["period"]).dt.strftime("%Y-%m-%d")
    by_key = {(r.area_code, r.period): r for r in truth.itertuples()}
    for item in items:
        row = by_key[(item["area_code"], item["period"])]
        if row.suppressed:
            assert item["value"] is None and item["numerator"] is None and item["marker"] == "[d]"
            assert item["explanation"]["da"].startswith("Diskretioneret")
        else:
            assert item["value"] == pytest.approx(row.value) and item["suppressed"] is None


def test_no_value_the_gate_hid_ever_comes_out(client: httpx.Client, services: Services) -> None:
    """Every row of every indicator for a small municipality, breakdowns included."""
    body = client.get("/api/v1/values", params={"area": "563", "breakdowns": "true", "limit": 10000}).json()
    assert body["total"] == len(body["items"]) > 0
    truth = published(services.settings.results).filter(areas=["563"]).frame
    hidden = truth[truth["suppressed"] != ""]
    assert len(hidden) > 0
    returned_hidden = [i for i in body["items"] if i["suppressed"]]
    assert len(returned_hidden) == len(hidden)
    assert all(i["value"] is None and i["numerator"] is None and i["denominator"] is None for i in returned_hidden)


def test_followup_of_a_municipality(client: httpx.Client) -> None:
    body = client.get("/api/v1/followup/Randers", params={"year": 2021}).json()
    m = body["municipality"]
    assert m["code"] == "730" and m["name"] == "Randers" and body["run"]["synthetic"]
    goals = {g["key"]: g for g in m["goals"]}
    assert [i["indicator_id"] for i in goals["upskilling"]["indicators"]] == ["mm17_upskilling_starts",
                                                                            "mm17_upskilling_share"]
    for s in body["suppressed"]:
        assert s["marker"] == "[d]" and s["explanation"]["en"].startswith("Suppressed")


def test_errors_are_problem_json(client: httpx.Client) -> None:
    for url, status in [("/api/v1/followup/999", 404), ("/api/v1/goals?year=1999", 404),
                        ("/api/v1/indicators/nope", 404), ("/api/v1/values?limit=0", 422),
                        ("/api/v1/values?period_from=2021-13-01", 422), ("/api/v1/nothing", 404),
                        ("/api/v1/plans/730/2021", 404)]:
        r = client.get(url)
        assert r.status_code == status, url
        assert r.headers["content-type"] == PROBLEM, url
        body = r.json()
        assert body["status"] == status and body["title"] and body["detail"], url
    assert "nope" in client.get("/api/v1/indicators/nope").json()["detail"]
    r = client.get("/api/v1/me", headers={"Authorization": "Bearer jm_wrong"})
    assert r.status_code == 401 and r.headers["content-type"] == PROBLEM and "Bearer" in r.headers["www-authenticate"]


def test_plans_with_a_token_follow_the_same_rules(client: httpx.Client, plans_db: PlanStore) -> None:
    randers = plans_db.user("demo-randers")
    token = plans_db.create_token(randers, "api test").secret
    auth = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/me", headers=auth).json()["municipalities"] == ["730"]
    plan = client.get("/api/v1/plans/730/2021", headers=auth).json()
    assert plan["content"]["state"] == "draft" and plan["is_demo"]
    content = plan["content"]
    content["strategies"]["upskilling"] = "API: ny tekst"
    saved = client.put("/api/v1/plans/730/2021", headers=auth,
                       json={"base_version": plan["current_version"], "content": content, "note": "api test"})
    assert saved.status_code == 200 and saved.json()["version"] == plan["current_version"] + 1
    stale = client.put("/api/v1/plans/730/2021", headers=auth,
                       json={"base_version": plan["current_version"], "content": content})
    assert stale.status_code == 409 and stale.headers["content-type"] == PROBLEM
    assert stale.json()["current_version"] == plan["current_version"] + 1 and "Intet er gemt" in stale.json()[
        "message_da"]
    bad = dict(content, targets=[{"indicator_id": "mm17_upskilling_share", "kind": "level_year_end", "value": 140}])
    refused = client.put("/api/v1/plans/730/2021", headers=auth,
                         json={"base_version": plan["current_version"] + 1, "content": bad})
    assert refused.status_code == 422 and any("targets[0].value" in p for p in refused.json()["problems"])
    versions = client.get("/api/v1/plans/730/2021/versions", headers=auth).json()
    assert versions[-1]["note"] == "api test"
