"""Fixtures of the web tests: real synthetic data (generated and computed once), a real plan store with
the demo users and plans, and the app served by a real uvicorn server on loopback."""

from __future__ import annotations

import fcntl
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import httpx
import pytest
from fastapi import FastAPI

from jobmaal.cli.app import main
from jobmaal.plans import PlanStore, seed_demo
from jobmaal.web import WebSettings, create_app
from jobmaal.web.services import Services
from tests.web.live import serve

YEAR = 2021
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
BOUNDARIES = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "municipalities.geojson"


def _cli(*args: str) -> None:
    try:
        main(list(args))
    except SystemExit as exc:
        assert exc.code in (0, None), f"jobmaal {' '.join(args)} exited with {exc.code}"


@pytest.fixture(scope="session")
def results_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """10,000 synthetic persons over 2019–2021, generated and computed for real, once per session.

    The folder, lock and recipe are the same as tests/reports' so that both suites use one file: the
    disclosure gate caches a run per process, so a worker running report and web tests discloses once.
    """
    shared = tmp_path_factory.getbasetemp().parent / "jobmaal-reports-data"
    shared.mkdir(parents=True, exist_ok=True)
    results = shared / "results.duckdb"
    with (shared / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "done").exists():
            data = shared / "data"
            shutil.rmtree(data, ignore_errors=True)
            results.unlink(missing_ok=True)
            _cli("generate", "--out", str(data), "--persons", "10000", "--start", "2019-01", "--end", "2021-12",
                 "--workers", "1", "--quiet")
            _cli("compute", "--data", str(data), "--results", str(results), "--threads", "1")
            (shared / "done").write_text("ok")
    return results


@pytest.fixture(scope="session")
def jobindsats_results(results_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the results whose run says its source is Jobindsats.dk (as an API import would)."""
    copy = tmp_path_factory.mktemp("jobindsats") / "results.duckdb"
    shutil.copy(results_file, copy)
    con = duckdb.connect(str(copy))
    try:
        con.execute("UPDATE runs SET source = 'Jobindsats.dk'")
    finally:
        con.close()
    return copy


@pytest.fixture(scope="session")
def plans_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PlanStore]:
    """A SQLite plan store with the demo users and draft plans (101, 561, 563, 730)."""
    path = tmp_path_factory.mktemp("web-plans") / "plans.sqlite"
    store = PlanStore(f"sqlite:///{path}")
    store.upgrade()
    seed_demo(store)
    yield store
    store.close()


@pytest.fixture(scope="session")
def settings(results_file: Path, plans_db: PlanStore) -> WebSettings:
    return WebSettings(results=results_file, plans_url=plans_db.url, secret_key="test-secret-key-" + "x" * 32)


@pytest.fixture(scope="session")
def services(settings: WebSettings, plans_db: PlanStore) -> Services:
    return Services(settings, store=plans_db)


@pytest.fixture(scope="session")
def app(settings: WebSettings, services: Services) -> FastAPI:
    return create_app(settings, services=services)


@pytest.fixture(scope="session")
def base_url(app: FastAPI) -> Iterator[str]:
    with serve(app) as url:
        yield url


@pytest.fixture
def client(base_url: str) -> Iterator[httpx.Client]:
    """A fresh browser-like client (its own cookies) against the live server."""
    with httpx.Client(base_url=base_url, timeout=120, follow_redirects=False) as c:
        yield c


def login(client: httpx.Client, username: str, password: str) -> None:
    """Log in through the real form (GET for the CSRF token, then POST)."""
    page = client.get("/login")
    token = csrf_of(page.text)
    r = client.post("/login", data={"username": username, "password": password, "csrf_token": token, "next": ""})
    assert r.status_code == 303, r.text[:500]


def csrf_of(html: str) -> str:
    import re

    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)
