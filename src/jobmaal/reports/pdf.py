"""PDF from the report's HTML with WeasyPrint (no browser). Needs Debian's Pango (scripts/system-deps.sh)."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from jobmaal.errors import ReportError
from jobmaal.reports.html import render_html
from jobmaal.reports.model import Report
from jobmaal.reports.output_file import atomic_write


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


def pdf_bytes(report: Report, html: str | None = None) -> bytes:
    """The report as PDF (A4); ``html`` if already rendered."""
    weasyprint = _weasyprint()
    document = weasyprint.HTML(string=html if html is not None else render_html(report), base_url=".")
    meta = report.meta
    pdf = document.write_pdf(
        font_config=_font_config(),
        pdf_identifier=f"{meta.kind}-{meta.municipality_code}-{meta.year}".encode(),
        custom_metadata=True,
    )
    assert pdf is not None
    return bytes(pdf)


def write_pdf(report: Report, out: Path) -> Path:
    return atomic_write(Path(out), pdf_bytes(report))
