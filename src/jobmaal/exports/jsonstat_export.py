"""JSON-stat 2.0 export of indicator values: one dataset with the dimensions indicator, area and period.

Totals only (breakdowns would be further dimensions). A suppressed figure is ``null`` with the
status ``"[d]"`` and the explanation in the dataset's notes; a missing figure is ``null`` without
a status. See https://json-stat.org/format/.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from jobmaal.catalog import Catalog, default_catalog
from jobmaal.disclosure import DEFAULT_POLICY, SYMBOL, DisclosurePolicy, legend
from jobmaal.exports.labels import UNIT_NAMES, area_names, indicator_title


def jsonstat_dataset(values: pd.DataFrame, *, lang: str = "da", label: str | None = None, source: str | None = None,
                     updated: dt.datetime | None = None, catalog: Catalog | None = None,
                     policy: DisclosurePolicy = DEFAULT_POLICY) -> dict[str, Any]:
    """The dataset as a dict (``values``: disclosed and filtered, with the ``suppressed`` column)."""
    catalog = catalog or default_catalog()
    da = lang == "da"
    frame = values[values["breakdown"] == ""] if "breakdown" in values.columns else values
    periods_ts = pd.to_datetime(frame["period"])
    indicators = sorted(frame["indicator_id"].unique())
    areas = list(dict.fromkeys(frame.sort_values(["area_type", "area_code"])["area_code"]))
    periods = sorted(periods_ts.dt.strftime("%Y-%m-%d").unique())
    ii = {k: n for n, k in enumerate(indicators)}
    ai = {k: n for n, k in enumerate(areas)}
    pi = {k: n for n, k in enumerate(periods)}
    size = [len(indicators), len(areas), len(periods)]
    value: list[float | None] = [None] * int(np.prod(size))
    status: dict[str, str] = {}
    suppressed = frame["suppressed"].to_numpy() if "suppressed" in frame.columns else np.full(len(frame), "")
    for row, per, st in zip(frame.itertuples(index=False), periods_ts.dt.strftime("%Y-%m-%d"), suppressed,
                            strict=True):
        pos = (ii[row.indicator_id] * size[1] + ai[row.area_code]) * size[2] + pi[per]
        v = row.value
        value[pos] = None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)
        if st:
            status[str(pos)] = SYMBOL
    names = area_names()
    units = {}
    for i in indicators:
        ind = catalog.indicators.get(i)
        unit = ind.unit.value if ind else "number"
        units[i] = {"label": UNIT_NAMES.get((unit, lang), unit), "decimals": 1 if unit == "percent" else 0}
    dataset: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": label or ("Beskæftigelsespolitiske indikatorer" if da else "Employment-policy indicators"),
        "id": ["indicator", "area", "period"],
        "size": size,
        "role": {"time": ["period"], "geo": ["area"], "metric": ["indicator"]},
        "dimension": {
            "indicator": {"label": "Indikator" if da else "Indicator",
                          "category": {"index": ii, "label": {i: indicator_title(i, lang, catalog) for i in indicators},
                                       "unit": units}},
            "area": {"label": "Område" if da else "Area",
                     "category": {"index": ai, "label": {a: names.get(a, a) for a in areas}}},
            "period": {"label": "Periode" if da else "Period",
                       "category": {"index": pi, "label": {p: p for p in periods}}},
        },
        "value": value,
        "note": [f"{m.symbol}: {m.text}" for m in legend(lang, policy)],
    }
    if status:
        dataset["status"] = status
    if source:
        dataset["source"] = source
    if updated is not None:
        dataset["updated"] = updated.isoformat()
    return dataset


def jsonstat_text(values: pd.DataFrame, **kw: Any) -> str:
    return json.dumps(jsonstat_dataset(values, **kw), ensure_ascii=False, separators=(",", ":"))


def write_jsonstat(values: pd.DataFrame, out: Path, **kw: Any) -> int:
    """Write the dataset to ``out``; returns the number of figures (cells with a row in ``values``)."""
    text = jsonstat_text(values, **kw)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)
    return int((values["breakdown"] == "").sum()) if "breakdown" in values.columns else len(values)
