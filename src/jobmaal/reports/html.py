"""Render a report to HTML with the package's Jinja templates and print CSS (the PDF is made from this)."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from jobmaal.disclosure import SYMBOL
from jobmaal.reports.layout import stylesheet
from jobmaal.reports.model import PendingSvg, Report, Table, svg_text
from jobmaal.reports.texts import t


def css_string(text: str) -> Markup:
    """``text`` as a quoted CSS string (page headers and footers); safe inside a <style> element."""
    out = []
    for ch in text:
        if ch in ('"', "\\") or ch == "<" or ord(ch) < 32:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return Markup('"' + "".join(out) + '"')  # safe: every character that could end the string is escaped


def svg_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def notes_of(tables: Iterable[Table | None]) -> list[str]:
    """The explanations of the suppressed figures in ``tables``, once each."""
    seen: dict[str, None] = {}
    for table in tables:
        if table is None:
            continue
        for row in table.rows:
            for cell in row.cells:
                if cell.note:
                    seen.setdefault(cell.note, None)
    return list(seen)


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("jobmaal.reports", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(css_string=css_string, svg_uri=svg_uri, notes_of=notes_of, symbol=SYMBOL)
    return env


ChartSource = Callable[[str | PendingSvg], str]


def inline_chart(chart: str | PendingSvg) -> str:
    """A chart image as a data URI (waiting for it if it is still being drawn)."""
    return svg_uri(svg_text(chart) or "")


def render_html(report: Report, chart_src: ChartSource = inline_chart) -> str:
    """The report as one self-contained HTML page (styles and chart images inline).

    ``chart_src`` gives each chart image's address; the PDF passes one that does not wait for charts
    still being drawn (``reports/pdf.py``)."""
    lang = report.meta.lang
    template = _environment().get_template(f"{report.kind}.html")
    return template.render(report=report, meta=report.meta, css=stylesheet(), chart_src=chart_src,
                           t=lambda key, **kw: t(key, lang, **kw))
