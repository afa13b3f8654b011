"""Vega-Lite chart specs, one function per chart kind (most built with Altair).

The same spec is embedded in the web pages (vega-embed, served by jobmaal itself) and turned
into static images for the reports (vl-convert). Every function returns a plain ``dict``: a
complete Vega-Lite v6 spec with its data inline, its texts in the requested language and a
Danish or English number/date locale. See docs/charts.md.

The names below are imported on first use: a report needs only the series chart, which is written
without Altair, so that a one-off report does not import Altair at all.
"""

from __future__ import annotations

import importlib
from typing import Any

_MODULE_OF = {
    "MapRow": "maps", "boundary_map_chart": "maps", "tile_map_chart": "maps", "tile_positions": "maps",
    "comparison_chart": "series", "indicator_series_chart": "series", "series_chart": "series",
    "STATUS_COLOURS": "status", "STATUS_ORDER": "status", "status_bar_chart": "status",
}

__all__ = sorted(_MODULE_OF)


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'jobmaal.charts' has no attribute {name!r}")
    return getattr(importlib.import_module(f"jobmaal.charts.{module}"), name)
