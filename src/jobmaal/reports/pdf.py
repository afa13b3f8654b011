"""The report as PDF: its HTML (``reports/html.py``) laid out by WeasyPrint (``reports/layout.py``), here or
in a one-off command's PDF helper."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jobmaal.reports.html import inline_chart, render_html
from jobmaal.reports.layout import CHART_SCHEME, pdf_with_charts
from jobmaal.reports.model import PendingSvg, Report
from jobmaal.reports.output_file import atomic_write

if TYPE_CHECKING:
    from jobmaal.reports.helper import ChartHelper


class _Pending:
    """The charts of one PDF still being drawn, by the address the HTML gives them."""

    def __init__(self) -> None:
        self.charts: dict[str, PendingSvg] = {}

    def src(self, chart: str | PendingSvg) -> str:
        if isinstance(chart, PendingSvg) and not chart.done():
            url = f"{CHART_SCHEME}:{len(self.charts)}"
            self.charts[url] = chart
            return url
        return inline_chart(chart)


def pdf_bytes(report: Report, html: str | None = None, helper: ChartHelper | None = None) -> bytes:
    """The report as PDF (A4); ``html`` if already rendered.

    Charts still being drawn (``PendingSvg``) are waited for while the PDF is laid out. With a ``helper``
    that makes PDFs (a one-off command's, ``ChartHelper(pdf=True)``), WeasyPrint runs there, where it was
    imported and warmed up while this process read the run and computed the follow-up; the charts are
    passed on to it as they are drawn."""
    meta = report.meta
    identifier = f"{meta.kind}-{meta.municipality_code}-{meta.year}".encode()
    pending = _Pending()
    if html is None:
        html = render_html(report, chart_src=pending.src)
    if helper is not None and helper.renders_pdf:
        made = helper.pdf(html, identifier, pending.charts)
        if made is not None:
            for chart in pending.charts.values():
                chart.svg()  # a chart that failed raises here too
            return made  # else (the helper failed) made here, where any error is reported
    return pdf_with_charts(html, identifier, pending.charts)


def write_pdf(report: Report, out: Path) -> Path:
    return atomic_write(Path(out), pdf_bytes(report))
