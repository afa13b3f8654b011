"""Security: headers, session cookie flags, CSRF, and no access to another municipality's draft anywhere."""

from __future__ import annotations

import httpx

from jobmaal.plans import PlanStore
from tests.web.conftest import csrf_of, login

DRAFT_MARK = "[DEMO]"  # the demo plans' strategy texts start with it; they are drafts


def test_security_headers_on_pages_api_and_errors(client: httpx.Client) -> None:
    for url in ("/", "/api/v1/goals", "/municipality/999", "/static/style.css", "/api/docs"):
        h = client.get(url).headers
        csp = h["content-security-policy"]
        script = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
        assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script, url
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, url
        assert h["x-frame-options"] == "DENY" and h["x-content-type-options"] == "nosniff", url


def test_session_cookie_is_httponly_and_samesite(client: httpx.Client) -> None:
    r = client.get("/login")
    cookie = r.headers["set-cookie"].lower()
    assert cookie.startswith("jobmaal_session=") and "httponly" in cookie and "samesite=lax" in cookie


def test_forms_need_the_csrf_token_and_the_same_origin(client: httpx.Client) -> None:
    page = client.get("/login")
    token = csrf_of(page.text)
    no_token = client.post("/login", data={"username": "demo-randers", "password": "demo-randers-password"})
    assert no_token.status_code == 403 and "CSRF" in no_token.text
    cross = client.post("/login", data={"username": "demo-randers", "password": "demo-randers-password",
                                        "csrf_token": token}, headers={"Origin": "https://evil.example"})
    assert cross.status_code == 403
    login(client, "demo-randers", "demo-randers-password")
    forged = client.post("/plan/730/2021/strategy", data={"base_version": 1, "goal": "upskilling", "text": "x",
                                                          "csrf_token": "forged" * 8})
    assert forged.status_code == 403


def test_an_editor_never_reads_or_changes_another_municipalitys_draft(client: httpx.Client, base_url: str,
                                                                     plans_db: PlanStore) -> None:
    login(client, "demo-randers", "demo-randers-password")  # editor of 730 only
    own = client.get("/plan/730/2021")
    assert own.status_code == 200 and DRAFT_MARK in own.text
    token = csrf_of(own.text)
    other = client.get("/plan/561/2021")
    assert other.status_code == 403 and DRAFT_MARK not in other.text
    before = plans_db.get_plan(plans_db.user("demo-esbjerg"), "561", 2021)
    for path, data in [("target", {"indicator_id": "mm17_upskilling_share", "kind": "level_year_end", "value": "9"}),
                       ("strategy", {"goal": "upskilling", "text": "overtaget"}),
                       ("state", {"state": "adopted", "adopted_on": "2020-12-01"}),
                       ("local/delete", {"key": "demo_tilfredshed"})]:
        r = client.post(f"/plan/561/2021/{path}", data={**data, "base_version": before.version, "csrf_token": token})
        assert r.status_code == 403, path
    assert client.post("/plan/561/2021/values", data={"values_csv": "indicator_key,period,value\n",
                                                      "csrf_token": token}).status_code == 403
    after = plans_db.get_plan(plans_db.user("demo-esbjerg"), "561", 2021)
    assert after.version == before.version and after.content == before.content
    # the public pages of 561 show no draft text or draft target to this editor either
    page = client.get("/municipality/561")
    assert page.status_code == 200 and DRAFT_MARK not in page.text
    assert "Intet mål sat" in page.text
    own_plan = client.get("/report/730/2021", params={"kind": "plan", "format": "html"})
    assert DRAFT_MARK in own_plan.text  # the editor's own draft is in its own plan report
    for kind in ("results", "plan"):  # but another municipality's draft is in none of its reports
        report = client.get("/report/561/2021", params={"kind": kind, "format": "html"})
        assert report.status_code == 200 and "Esbjerg" in report.text and DRAFT_MARK not in report.text, kind
    # and the API with the editor's token: no draft, no save
    secret = plans_db.create_token(plans_db.user("demo-randers"), "security test").secret
    auth = {"Authorization": f"Bearer {secret}"}
    with httpx.Client(base_url=base_url) as api:
        assert api.get("/api/v1/plans/561/2021", headers=auth).status_code == 404  # no adopted version exists
        assert api.get("/api/v1/plans/561/2021/versions", headers=auth).status_code == 403
        put = api.put("/api/v1/plans/561/2021", headers=auth,
                      json={"base_version": before.version, "content": {"state": "draft"}})
        assert put.status_code == 403
        listed = api.get("/api/v1/plans", params={"year": 2021}, headers=auth).json()
        assert [p["municipality_code"] for p in listed] == ["730"]
        fu = api.get("/api/v1/followup/561", headers=auth).json()
        targets = [i["target"] for g in fu["municipality"]["goals"] for i in g["indicators"]]
        assert targets and all(t is None for t in targets)  # the draft's targets stay hidden
    assert plans_db.get_plan(plans_db.user("demo-esbjerg"), "561", 2021).version == before.version


def test_a_disabled_account_is_logged_out_on_its_next_request(client: httpx.Client, plans_db: PlanStore) -> None:
    admin = plans_db.user("demo-admin")
    plans_db.add_user(admin, "temp-editor", "temp-editor-password", "editor", ["147"])
    login(client, "temp-editor", "temp-editor-password")
    assert client.get("/plan/147/2021").status_code == 200
    plans_db.disable_user(admin, "temp-editor")
    r = client.get("/plan/147/2021")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
