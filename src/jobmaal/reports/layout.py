"""WeasyPrint: a report's HTML to PDF (no browser). Needs Debian's Pango (scripts/system-deps.sh).

Imports nothing of jobmaal's data modules (no pandas, no catalogue): the PDF helper of a one-off
``jobmaal report`` (``python -m jobmaal.reports.svg --pdf``) imports this module and WeasyPrint alone, so
that it is ready before the command has its HTML.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from typing import Any, Protocol

from jobmaal.errors import ReportError

CHART_SCHEME = "jobmaal-chart"  # the address of a chart still being drawn, resolved by the fetcher


class Chart(Protocol):
    """A chart image that may still be being drawn (``jobmaal.reports.model.PendingSvg``)."""

    def svg(self) -> str: ...


@cache
def stylesheet() -> str:
    """The reports' print CSS."""
    return files("jobmaal.reports").joinpath("templates", "report.css").read_text(encoding="utf-8")


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
    _weasyprint().HTML(string=f"<style>{stylesheet()}</style><p>Klar – ready 1.234,5 %</p>").write_pdf(
        font_config=_font_config())


def _fetcher(weasyprint: Any, charts: Mapping[str, Chart]) -> Any:
    """WeasyPrint's URL fetcher, which waits for a pending chart only when the layout reaches its image
    (after parsing the page and computing its styles, ~0.3 s that the charts are drawn meanwhile)."""

    class ChartFetcher(weasyprint.urls.URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            chart = charts.get(url)
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


def pdf_with_charts(html: str, identifier: bytes, charts: Mapping[str, Chart]) -> bytes:
    """The PDF of HTML whose chart images (``jobmaal-chart:N`` addresses) may still be being drawn: each is
    waited for when the layout reaches it, and one that failed raises (rather than leaving a hole)."""
    pdf = html_to_pdf(html, identifier, _fetcher(_weasyprint(), charts))
    for chart in charts.values():
        chart.svg()
    return pdf


