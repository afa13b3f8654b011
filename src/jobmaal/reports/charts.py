"""The report's chart images: the web pages' own Vega-Lite specs (``jobmaal.charts``) drawn as SVG by
vl-convert (no browser). The report draws no chart of its own."""

from __future__ import annotations

import dataclasses

from jobmaal.analysis.objects import IndicatorFollowup, MunicipalityFollowup
from jobmaal.charts import indicator_series_chart
from jobmaal.reports.indicator_section import area_name

WIDTH = 600  # px of the plot area; the image is scaled to the text width (about 178 mm)
HEIGHT = 170


def svg(spec: dict[str, object]) -> str:
    import vl_convert  # imported late: it starts a JavaScript engine

    return str(vl_convert.vegalite_to_svg(spec))


def indicator_chart(ind: IndicatorFollowup, m: MunicipalityFollowup, lang: str) -> str | None:
    """The indicator's series chart as SVG text; None when it has no figure to draw."""
    if not any(p.value is not None for p in ind.series):
        return None
    if ind.unit != "percent":
        # A count of the whole country dwarfs the municipality's on one axis; the table still shows it.
        ind = dataclasses.replace(ind, series=tuple(dataclasses.replace(p, country=None) for p in ind.series))
    spec = indicator_series_chart(ind, lang=lang, area_name=area_name(ind, m), width=WIDTH, height=HEIGHT, title="")
    return svg(spec)
