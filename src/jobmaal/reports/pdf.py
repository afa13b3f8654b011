"""PDF from the report's HTML with WeasyPrint (no browser). Needs Debian's Pango (scripts/system-deps.sh)."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jobmaal.errors import ReportError
from jobmaal.reports.html import inline_chart, render_html
from jobmaal.reports.model import PendingSvg, Report
from jobmaal.reports.output_file import atomic_write

if TYPE_CHECKING:
    from jobmaal.reports.helper import ChartHelper


def _weasyprint() -> Any:
    try:
        import weasyprint
    except OSError as exc:  # the Python package is there, the system libraries are not
        raise ReportError(f"PDF: WeasyPrint cannot load its system libraries ({exc}); run "
                          "scripts/system-deps.sh (Debian: libpango-1.0-0 libpangoft2-1.0-0)") from exc
    # WeasyPrint and fontTools log every font subset at INFO/WARNING; the report has nothing to add.
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)
    return weasyprint


_LOCAL = threading.local()


def _font_config() -> Any:
    """One font configuration per thread, reused by every report it draws (fontconfig set-up is not free)."""
    if not hasattr(_LOCAL, "fonts"):
        from weasyprint.text.fonts import FontConfiguration

        _LOCAL.fonts = FontConfiguration()
    return _LOCAL.fonts


def warm_up() -> None:
    """Import WeasyPrint and lay out a line in the report's style and fonts (a server does this at start,
    so that its first report does not pay for it)."""
    from jobmaal.reports.html import stylesheet

    _weasyprint().HTML(string=f"<style>{stylesheet()}</style><p>Klar – ready 1.234,5 %</p>").write_pdf(
        font_config=_font_config())


CHART_SCHEME = "jobmaal-chart"  # the address of a chart still being drawn, resolved by _ChartFetcher


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


def _fetcher(weasyprint: Any, pending: _Pending) -> Any:
    """WeasyPrint's URL fetcher, which waits for a pending chart only when the layout reaches its image
    (after parsing the page and computing its styles, ~0.3 s that the charts are drawn meanwhile)."""

    class ChartFetcher(weasyprint.urls.URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            chart = pending.charts.get(url)
            if chart is None:
                return super().fetch(url, headers)
            return weasyprint.urls.URLFetcherResponse(url, chart.svg().encode("utf-8"),
                                                      {"Content-Type": "image/svg+xml"})

    return ChartFetcher()


def html_to_pdf(html: str, identifier: bytes, url_fetcher: Any = None) -> bytes:
    """WeasyPrint's PDF of a report's HTML (also what the chart helper runs for a one-off command)."""
    weasyprint = _weasyprint()
    document = weasyprint.HTML(string=html, base_url=".", url_fetcher=url_fetcher)
    pdf = document.write_pdf(font_config=_font_config(), pdf_identifier=identifier, custom_metadata=True)
    assert pdf is not None
    return bytes(pdf)


def pdf_with_charts(html: str, identifier: bytes, charts: dict[str, PendingSvg]) -> bytes:
    """The PDF of HTML whose chart images (``jobmaal-chart:N`` addresses) may still be being drawn: each is
    waited for when the layout reaches it, and one that failed raises (rather than leaving a hole)."""
    pending = _Pending()
    pending.charts.update(charts)
    pdf = html_to_pdf(html, identifier, _fetcher(_weasyprint(), pending))
    for chart in charts.values():
        chart.svg()
    return pdf


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
