"""The report's chart images: the web pages' own Vega-Lite specs (``jobmaal.charts``) drawn as SVG by
vl-convert (no browser). The report draws no chart of its own.

A report's charts are drawn in one batch (``draw_charts``). vl-convert holds the GIL and its JavaScript
engine takes about a second to start in a new process, so a one-off command starts a ``ChartHelper``
(``reports/helper.py``: a helper process that starts the engine) at once, and the web server keeps one:
the engine starts while the command reads the run and computes the follow-up, and the helper draws the
batch on another core while the report is put together and its PDF laid out (the PDF waits for each
image only when it reaches it).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from jobmaal.analysis.objects import IndicatorFollowup, MunicipalityFollowup
from jobmaal.reports.indicator_section import ChartMaker, area_name
from jobmaal.reports.model import PendingSvg
from jobmaal.reports.svg import svg, svgs

if TYPE_CHECKING:
    from jobmaal.reports.helper import ChartHelper

WIDTH = 600  # px of the plot area; the image is scaled to the text width (about 178 mm)
HEIGHT = 170


def printable(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec without its tooltips: a printed chart has no pointer, and Vega evaluates a tooltip for every
    mark item (about a sixth of the drawing time). Everything drawn is unchanged."""
    layers = []
    for layer in spec.get("layer", ()):
        encoding = layer.get("encoding")
        if isinstance(encoding, dict) and "tooltip" in encoding:
            layer = {**layer, "encoding": {k: v for k, v in encoding.items() if k != "tooltip"}}
        layers.append(layer)
    return {**spec, "layer": layers} if "layer" in spec else spec


def indicator_spec(ind: IndicatorFollowup, m: MunicipalityFollowup, lang: str) -> dict[str, Any] | None:
    """The indicator's series chart as a Vega-Lite spec; None when it has no figure to draw."""
    from jobmaal.charts import indicator_series_chart

    if not any(p.value is not None for p in ind.series):
        return None
    if ind.unit != "percent":
        # A count of the whole country dwarfs the municipality's on one axis; the table still shows it.
        ind = dataclasses.replace(ind, series=tuple(dataclasses.replace(p, country=None) for p in ind.series))
    spec = indicator_series_chart(ind, lang=lang, area_name=area_name(ind, m), width=WIDTH, height=HEIGHT, title="")
    return printable(spec)


def indicator_chart(ind: IndicatorFollowup, m: MunicipalityFollowup, lang: str) -> str | None:
    """The indicator's series chart as SVG text; None when it has no figure to draw."""
    spec = indicator_spec(ind, m, lang)
    return svg(spec) if spec is not None else None


def draw_charts(m: MunicipalityFollowup, lang: str, helper: ChartHelper | None = None) -> ChartMaker:
    """Draw every chart of the municipality's report in one batch; returns the ``ChartMaker`` that hands
    them to the report's sections. With a ``helper`` the charts are drawn there while the report is put
    together and laid out: the sections get ``PendingSvg``s."""
    indicators = [i for g in m.goals for i in g.indicators] + list(m.context)
    specs = {i.indicator_id: indicator_spec(i, m, lang) for i in indicators}
    wanted = [(key, spec) for key, spec in specs.items() if spec is not None]
    drawn: Sequence[str | PendingSvg] = (helper.draw if helper is not None else svgs)([spec for _, spec in wanted])
    by_id = {key: image for (key, _), image in zip(wanted, drawn, strict=True)}

    def chart(ind: IndicatorFollowup, _m: MunicipalityFollowup, _lang: str) -> str | PendingSvg | None:
        if ind.indicator_id in by_id:
            return by_id[ind.indicator_id]
        return indicator_chart(ind, _m, _lang)  # not in the batch (another municipality or language)

    return chart
