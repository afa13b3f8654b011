"""XLSX export of indicator values: a data sheet with typed cells, a sheet of definitions, a sheet about the data.

Dates are date cells, figures are number cells (never text), and a suppressed figure is an empty
cell with the marker and its explanation beside it, so that a pivot table never counts it as 0.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from jobmaal.catalog import Catalog, default_catalog
from jobmaal.disclosure import DEFAULT_POLICY, DisclosurePolicy, legend, marker
from jobmaal.exports.labels import UNIT_NAMES, area_names, heading, indicator_title

_SHEETS = {"da": ("Data", "Definitioner", "Om data"), "en": ("Data", "Definitions", "About")}


def _number(x: Any) -> float | None:
    if x is None or x is pd.NA:
        return None
    f = float(x)
    return None if math.isnan(f) else f


def _date(x: Any) -> dt.date:
    return pd.Timestamp(x).date()


def _header(ws: Worksheet, titles: list[str]) -> None:
    cells = []
    for t in titles:
        c = WriteOnlyCell(ws, value=t)
        c.font = Font(bold=True)
        cells.append(c)
    ws.append(cells)


def _data_sheet(ws: Worksheet, values: pd.DataFrame, with_breakdowns: bool, lang: str, catalog: Catalog,
                policy: DisclosurePolicy) -> int:
    names = area_names()
    columns = ["indicator_id", "indicator", "area_type", "area_code", "area_name", "period"]
    if with_breakdowns:
        columns += ["breakdown", "breakdown_value"]
    columns += ["value", "numerator", "denominator", "suppressed", "explanation"]
    _header(ws, [heading(c, lang) for c in columns])
    frame = values if with_breakdowns else values[values["breakdown"] == ""]
    frame = frame.sort_values(["indicator_id", "area_type", "area_code", "period", "breakdown", "breakdown_value"])
    titles = {i: indicator_title(i, lang, catalog) for i in frame["indicator_id"].unique()}
    percent = {i for i in titles if i in catalog.indicators and catalog.indicators[i].unit.value == "percent"}
    status = frame["suppressed"].to_numpy() if "suppressed" in frame.columns else [""] * len(frame)
    texts = {s: marker(s, lang, policy) for s in ("primary", "secondary")}
    n = 0
    for row, st in zip(frame.itertuples(index=False), status, strict=True):
        period = WriteOnlyCell(ws, value=_date(row.period))
        period.number_format = "yyyy-mm-dd"
        value = WriteOnlyCell(ws, value=_number(row.value))
        value.number_format = "0.0" if row.indicator_id in percent else "#,##0.0"
        m = texts.get(st) if st else None
        cells: list[Any] = [row.indicator_id, titles[row.indicator_id], row.area_type, row.area_code,
                            names.get(row.area_code, row.area_code), period]
        if with_breakdowns:
            cells += [row.breakdown, row.breakdown_value]
        cells += [value, _number(row.numerator), _number(row.denominator), m.symbol if m else "",
                  m.text if m else ""]
        ws.append(cells)
        n += 1
    ws.freeze_panes = "A2"
    return n


def _definitions_sheet(ws: Worksheet, indicator_ids: list[str], lang: str, catalog: Catalog) -> None:
    da = lang == "da"
    _header(ws, ["Indikator-id" if da else "Indicator id", "Titel" if da else "Title",
                 "Beskrivelse" if da else "Description", "Enhed" if da else "Unit",
                 "Retning" if da else "Direction", "Kilde" if da else "Source", "Periode" if da else "Period",
                 "Mål" if da else "Goal"])
    directions = {"higher_is_better": ("Højere er bedre", "Higher is better"),
                  "lower_is_better": ("Lavere er bedre", "Lower is better")}
    for i in indicator_ids:
        ind = catalog.indicators.get(i)
        if ind is None:
            ws.append([i])
            continue
        d = directions[ind.direction.value]
        ws.append([ind.id, ind.title.get(lang), ind.description.get(lang),
                   UNIT_NAMES.get((ind.unit.value, lang), ind.unit.value), d[0] if da else d[1],
                   ind.source.value, ind.period.value, ind.goal])


def _about_sheet(ws: Worksheet, about: dict[str, Any], lang: str, policy: DisclosurePolicy) -> None:
    for key, value in about.items():
        ws.append([key, value])
    ws.append([])
    ws.append(["Diskretionering" if lang == "da" else "Disclosure control"])
    for m in legend(lang, policy):
        ws.append([m.symbol, m.text])


def xlsx_bytes(values: pd.DataFrame, *, with_breakdowns: bool = False, lang: str = "da",
               about: dict[str, Any] | None = None, catalog: Catalog | None = None,
               policy: DisclosurePolicy = DEFAULT_POLICY) -> bytes:
    """The workbook (``values``: disclosed and filtered, with the ``suppressed`` column)."""
    catalog = catalog or default_catalog()
    wb = Workbook(write_only=True)
    data_name, defs_name, about_name = _SHEETS["en" if lang == "en" else "da"]
    _data_sheet(wb.create_sheet(data_name), values, with_breakdowns, lang, catalog, policy)
    _definitions_sheet(wb.create_sheet(defs_name), sorted(values["indicator_id"].unique()), lang, catalog)
    _about_sheet(wb.create_sheet(about_name), about or {}, lang, policy)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_xlsx(values: pd.DataFrame, out: Path, *, with_breakdowns: bool = False, lang: str = "da",
               about: dict[str, Any] | None = None) -> int:
    """Write the workbook to ``out``; returns the number of data rows."""
    data = xlsx_bytes(values, with_breakdowns=with_breakdowns, lang=lang, about=about)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(out)
    return len(values) if with_breakdowns else int((values["breakdown"] == "").sum())
