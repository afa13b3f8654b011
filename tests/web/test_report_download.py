"""The report downloads of the municipality page: drawn with the server's chart helper (started on first
use, kept, ended with the server), the same report as the command line makes."""

from __future__ import annotations

import asyncio
import subprocess

import httpx

from jobmaal.web import WebSettings, create_app
from jobmaal.web.services import Services
from tests.web.live import serve


def test_a_pdf_download_draws_its_charts_in_the_kept_chart_helper(settings: WebSettings, services: Services) -> None:
    app = create_app(settings, services=services)
    with serve(app) as url, httpx.Client(base_url=url, timeout=120) as client:
        xlsx = client.get("/report/101/2021", params={"format": "xlsx"})
        assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
        assert app.state.report_charts._helper is None  # a spreadsheet has no charts
        pdf = client.get("/report/101/2021")
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF")
        helper = app.state.report_charts._helper
        assert helper is not None and helper._proc is not None and helper._proc.poll() is None
        first = helper._proc.pid
        again = client.get("/report/561/2021")
        assert again.status_code == 200 and again.content.startswith(b"%PDF")
        assert app.state.report_charts._helper._proc.pid == first  # kept, not started per download
    assert app.state.report_charts._helper is None  # ended with the server


def test_the_chart_helper_ends_with_the_app(settings: WebSettings, services: Services) -> None:
    fresh = create_app(settings, services=services)

    async def run_the_app() -> None:  # what uvicorn does around serving: the app's lifespan
        async with fresh.router.lifespan_context(fresh):
            helper = fresh.state.report_charts.helper()
            assert helper._proc is not None and helper._proc.poll() is None
            procs.append(helper._proc)

    procs: list[subprocess.Popen[str]] = []
    asyncio.run(run_the_app())
    assert procs[0].wait(timeout=10) is not None and fresh.state.report_charts._helper is None
