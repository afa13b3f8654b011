"""Vega-Lite chart specs (built with Altair), one function per chart kind.

The same spec is embedded in the web pages (vega-embed, served by jobmaal itself) and turned
into static images for the reports (vl-convert). Every function returns a plain ``dict``: a
complete Vega-Lite v6 spec with its data inline, its texts in the requested language and a
Danish or English number/date locale. See docs/charts.md.
"""

from jobmaal.charts.maps import MapRow, boundary_map_chart, tile_map_chart, tile_positions
from jobmaal.charts.series import comparison_chart, indicator_series_chart, series_chart
from jobmaal.charts.status import STATUS_COLOURS, STATUS_ORDER, status_bar_chart

__all__ = [
    "STATUS_COLOURS",
    "STATUS_ORDER",
    "MapRow",
    "boundary_map_chart",
    "comparison_chart",
    "indicator_series_chart",
    "series_chart",
    "status_bar_chart",
    "tile_map_chart",
    "tile_positions",
]
