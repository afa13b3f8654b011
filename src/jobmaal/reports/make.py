"""Make a report from a disclosed run and the plan store, and write it as PDF, HTML or XLSX.

    source = load_run("results.duckdb", up_to_year=2021)
    plans = load_plans(PlanStore(url), 2021, viewer)
    report = results_report(source, 2021, "101", plans=plans)
    write_report(report, Path("københavn.pdf"))
"""

from __future__ import annotations

import dataclasses
import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from jobmaal.analysis.objects import FollowupResult
from jobmaal.catalog import default_catalog
from jobmaal.disclosure import DisclosedValues
from jobmaal.reference import municipality as find_municipality
from jobmaal.reports.disclosed import Suppressions
from jobmaal.reports.formats import FORMATS, KINDS, MEDIA_TYPES, check_format, check_kind, format_of
from jobmaal.reports.model import PlanReport, Report, ResultsReport
from jobmaal.reports.output_file import atomic_write
from jobmaal.reports.plan_context import build_plan_report
from jobmaal.reports.results_context import build_results_report
from jobmaal.reports.sources import FollowupOptions, PlanSource, RunSource, followup_of

if TYPE_CHECKING:
    from jobmaal.reports.helper import ChartHelper

__all__ = ["FORMATS", "KINDS", "MEDIA_TYPES", "check_format", "check_kind", "fewer_collections", "format_of",
           "plan_indicators", "plan_report", "render", "results_report", "slim", "write_report"]

class _Collections:
    """Shared state of ``fewer_collections``: how many are active, and the thresholds to restore."""

    lock = threading.Lock()
    depth = 0
    saved: tuple[int, int, int] = (700, 10, 10)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run with a higher young-generation threshold of the garbage collector.

    A report makes hundreds of thousands of short-lived objects (WeasyPrint's boxes, pandas' frames) that
    reference counting frees anyway; with the default threshold (700) the collector also walks the
    process's long-lived objects (the disclosed run, the follow-up) thousands of times, 10–20 % of a
    report's time. Nested and concurrent uses share one raised threshold; the last one out restores it.
    """
    with _Collections.lock:
        if _Collections.depth == 0:
            _Collections.saved = gc.get_threshold()
            first, second, third = _Collections.saved
            gc.set_threshold(max(first, 50_000), second, third)
        _Collections.depth += 1
    try:
        yield
    finally:
        with _Collections.lock:
            _Collections.depth -= 1
            if _Collections.depth == 0:
                gc.set_threshold(*_Collections.saved)


def plan_indicators(year: int) -> list[str]:
    """The official indicators of the year's goals: the ones a plan sets targets for."""
    cat = default_catalog().year(year)
    return [i for g in cat.goals for i in g.indicators]


def slim(fr: FollowupResult, code: str) -> FollowupResult:
    """The follow-up of one municipality only (cheap to send to a worker process)."""
    return dataclasses.replace(fr, municipalities=(fr.municipality(code),), models=())


def results_report(source: RunSource, year: int, municipality: str, *, plans: PlanSource | None = None,
                   lang: str = "da", options: FollowupOptions | None = None, fr: FollowupResult | None = None,
                   charts: bool = True, own_text: str | None = None,
                   disclosed: DisclosedValues | Suppressions | None = None,
                   chart_helper: ChartHelper | None = None) -> ResultsReport:
    """The results report; ``fr`` is the follow-up of ``year`` when already computed (e.g. for all 98).

    The charts are drawn in one batch; with a ``chart_helper`` (a helper process) they are drawn there while
    the report is put together and its PDF laid out (the sections hold ``PendingSvg``s until then)."""
    code = find_municipality(municipality).code
    plans = plans or PlanSource(year, {})
    with fewer_collections():
        if fr is None:
            targets = plans.targets()
            fr = followup_of(source, year, code, targets=targets[targets["municipality_code"] == code],
                             options=options)
        chart = None
        if charts:
            from jobmaal.reports.charts import draw_charts

            chart = draw_charts(fr.municipality(code), lang, chart_helper)
        return build_results_report(fr, code, disclosed if disclosed is not None else source.disclosed,
                                    lang=lang, plan=plans.plan(code), local_values=plans.values(code),
                                    own_text=own_text, source=source.run.source, chart=chart)


def plan_report(source: RunSource | None, year: int, municipality: str, *, plans: PlanSource | None = None,
                lang: str = "da", options: FollowupOptions | None = None, baseline: FollowupResult | None = None,
                disclosed: DisclosedValues | Suppressions | None = None) -> PlanReport:
    """The plan; ``baseline`` is the follow-up of ``year - 1`` when already computed."""
    code = find_municipality(municipality).code
    plans = plans or PlanSource(year, {})
    with fewer_collections():
        if baseline is None and source is not None:
            baseline = followup_of(source, year - 1, code, options=options, indicators=plan_indicators(year))
        return build_plan_report(
            code, year, plan=plans.plan(code), baseline=baseline,
            disclosed=disclosed if disclosed is not None else (source.disclosed if source else None),
            lang=lang, local_values=plans.values(code), source=source.run.source if source else None)


def render(report: Report, fmt: str, helper: ChartHelper | None = None) -> bytes:
    """The report as ``fmt``; a PDF is made in ``helper`` if it makes PDFs (``ChartHelper(pdf=True)``)."""
    check_format(fmt)
    with fewer_collections():
        if fmt == "html":
            from jobmaal.reports.html import render_html

            return render_html(report).encode("utf-8")
        if fmt == "pdf":
            from jobmaal.reports.pdf import pdf_bytes

            return pdf_bytes(report, helper=helper)
        from jobmaal.reports.xlsx import xlsx_bytes

        return xlsx_bytes(report)


def write_report(report: Report, out: Path, fmt: str | None = None, helper: ChartHelper | None = None) -> Path:
    """Write ``report`` to ``out`` (format from ``fmt`` or the suffix), whole or not at all."""
    return atomic_write(Path(out), render(report, format_of(out, fmt), helper))
