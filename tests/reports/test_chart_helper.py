"""The chart helper process: charts drawn there while the report is put together and its PDF laid out,
the PDF made there for a one-off command, and every failure falling back to this process."""

from __future__ import annotations

import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest

from jobmaal.analysis.objects import FollowupResult
from jobmaal.reports.helper import ChartHelper
from jobmaal.reports.make import plan_report, render, results_report
from jobmaal.reports.model import PendingSvg, ResultsReport, svg_text
from jobmaal.reports.sources import PlanSource, RunSource
from jobmaal.reports.svg import svgs
from tests.reports.conftest import CODE, YEAR, pdf_text


def _spec(n: int) -> dict[str, Any]:
    return {"mark": "bar", "data": {"values": [{"a": str(i), "b": i * n} for i in range(5)]},
            "encoding": {"x": {"field": "a", "type": "nominal"}, "y": {"field": "b", "type": "quantitative"}}}


SPECS = [_spec(1), _spec(2), _spec(3)]


def _text(pdf: bytes, tmp_path: Path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(pdf)
    return pdf_text(path)


def _charts(report: ResultsReport) -> list[str | PendingSvg]:
    return [s.chart_svg for s in report.sections() if s.chart_svg]


def test_the_helper_draws_what_this_process_draws() -> None:
    with ChartHelper() as helper:
        assert helper.svgs(SPECS) == svgs(SPECS)
        pending = helper.draw(SPECS)  # returns at once
        assert all(isinstance(p, PendingSvg) for p in pending)
        assert [p.svg(timeout=60) for p in pending] == svgs(SPECS)


def test_a_broken_helper_falls_back_and_a_server_helper_restarts() -> None:
    with ChartHelper(restart=True) as helper:
        assert helper.svgs(SPECS[:1]) == svgs(SPECS[:1])
        first = helper._proc
        assert first is not None
        first.kill()
        first.wait()
        assert [p.svg(timeout=60) for p in helper.draw(SPECS)] == svgs(SPECS)  # drawn here
        assert helper.svgs(SPECS[:1]) == svgs(SPECS[:1])  # a new helper process
        assert helper._proc is not None and helper._proc.pid != first.pid
    with ChartHelper() as once:
        assert once._proc is not None
        once._proc.kill()
        assert once.svgs(SPECS) == svgs(SPECS)
        assert once._proc is None  # a one-off command does not start another


def test_the_pdf_waits_for_charts_still_being_drawn(source: RunSource, plans: PlanSource,
                                                    followup_all: FollowupResult, tmp_path: Path) -> None:
    inline = results_report(source, YEAR, CODE, plans=plans, fr=followup_all)
    with ChartHelper() as helper:
        report = results_report(source, YEAR, CODE, plans=plans, fr=followup_all, chart_helper=helper)
        charts = _charts(report)
        assert charts and all(isinstance(c, PendingSvg) for c in charts)
        pdf = render(report, "pdf")
        assert [svg_text(c) for c in charts] == [svg_text(c) for c in _charts(inline)]
    expected = render(inline, "pdf")
    assert _text(pdf, tmp_path, "pending.pdf") == _text(expected, tmp_path, "inline.pdf")
    without = render(results_report(source, YEAR, CODE, plans=plans, fr=followup_all, charts=False), "pdf")
    assert abs(len(pdf) - len(expected)) < 200 and len(pdf) > len(without) + 10_000  # the charts are in it
    html = render(report, "html").decode()
    assert "jobmaal-chart:" not in html and html.count("data:image/svg+xml;base64,") == len(charts)


def test_a_chart_that_fails_fails_the_pdf(source: RunSource, plans: PlanSource,
                                          followup_all: FollowupResult) -> None:
    report = results_report(source, YEAR, CODE, plans=plans, fr=followup_all, charts=False)
    failed: Future[str] = Future()
    failed.set_exception(RuntimeError("the chart engine broke"))
    section = report.sections()[0]
    object.__setattr__(section, "chart_svg", PendingSvg(failed))
    with pytest.raises(RuntimeError, match="chart engine broke"):
        render(report, "pdf")


@pytest.mark.parametrize("kind", ["results", "plan"])
def test_the_helper_makes_the_pdf_of_a_one_off_command(kind: str, source: RunSource, plans: PlanSource,
                                                       followup_all: FollowupResult, tmp_path: Path) -> None:
    def make(helper: ChartHelper | None) -> bytes:
        if kind == "plan":
            return render(plan_report(source, YEAR, CODE, plans=plans), "pdf", helper)
        return render(results_report(source, YEAR, CODE, plans=plans, fr=followup_all, chart_helper=helper),
                      "pdf", helper)

    expected = _text(make(None), tmp_path, "here.pdf")
    with ChartHelper(pdf=True, charts=kind == "results") as helper:
        made = []
        real = helper.pdf
        helper.pdf = lambda *args: made.append(1) or real(*args)  # type: ignore[method-assign]
        assert _text(make(helper), tmp_path, "helper.pdf") == expected
        assert made == [1]
        assert helper._proc is not None
        helper._proc.kill()  # a helper that dies: the PDF is made here
        helper._proc.wait()
        assert _text(make(helper), tmp_path, "fallback.pdf") == expected


def test_the_pdf_helper_lays_out_while_the_chart_helper_draws(source: RunSource, plans: PlanSource,
                                                              followup_all: FollowupResult, tmp_path: Path) -> None:
    """A one-off command's two helpers: the charts are sent on to the PDF helper as they are drawn."""
    expected = _text(render(results_report(source, YEAR, CODE, plans=plans, fr=followup_all), "pdf"), tmp_path,
                     "here.pdf")
    with ChartHelper(nice=True) as drawer, ChartHelper(pdf=True, charts=False, nice=True) as maker:
        sent: list[int] = []
        real = maker.pdf

        def pdf(html: str, identifier: bytes, charts: dict[str, PendingSvg] | None = None) -> bytes | None:
            sent.append(len(charts or {}))
            return real(html, identifier, charts)

        maker.pdf = pdf  # type: ignore[method-assign]
        report = results_report(source, YEAR, CODE, plans=plans, fr=followup_all, chart_helper=drawer)
        made = render(report, "pdf", maker)
        assert _text(made, tmp_path, "two.pdf") == expected
        assert sent and sent[0] > 0  # charts still being drawn when the PDF was handed over

        report = results_report(source, YEAR, CODE, plans=plans, fr=followup_all, charts=False)
        failed: Future[str] = Future()
        object.__setattr__(report.sections()[0], "chart_svg", PendingSvg(failed))
        # It fails after the PDF was handed over: the helper is told, and the error is raised here.
        threading.Timer(0.5, lambda: failed.set_exception(RuntimeError("the chart engine broke"))).start()
        with pytest.raises(RuntimeError, match="chart engine broke"):
            render(report, "pdf", maker)
