"""Downloads of indicator values (CSV, CSV for Danish Excel, XLSX, JSON-stat) for the pages and the API.

The figures come from the same disclosed run as the pages (``Services.values``, i.e. the disclosure
gate via ``jobmaal.publication``), filtered, then written by ``jobmaal.exports``.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from starlette.responses import Response

from jobmaal.exports.csv_export import csv_text
from jobmaal.exports.jsonstat_export import jsonstat_text
from jobmaal.exports.xlsx_export import xlsx_bytes
from jobmaal.web.services import Services
from jobmaal.web.values import ValueQuery


class ExportFormat(StrEnum):
    CSV = "csv"
    CSV_DA = "csv-da"
    XLSX = "xlsx"
    JSONSTAT = "jsonstat"


MEDIA_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.CSV_DA: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.JSONSTAT: "application/json",
}
_SUFFIX = {ExportFormat.CSV: "csv", ExportFormat.CSV_DA: "csv", ExportFormat.XLSX: "xlsx",
           ExportFormat.JSONSTAT: "json"}


def export_response(services: Services, fmt: ExportFormat, q: ValueQuery, lang: str) -> Response:
    frame = services.values().query(q)
    run = services.run()
    about = {"run_id": run.run_id, "computed_at": run.computed_at.isoformat() if run.computed_at else "",
             "synthetic": "ja / yes" if run.synthetic else "nej / no", "source": run.source or "registers",
             "disclosure_threshold": services.settings.policy.threshold}
    if fmt in (ExportFormat.CSV, ExportFormat.CSV_DA):
        text = csv_text(frame, q.breakdowns, ["suppressed"], "excel-da" if fmt is ExportFormat.CSV_DA else "plain")
        body = text.encode("utf-8")
    elif fmt is ExportFormat.XLSX:
        body = xlsx_bytes(frame, with_breakdowns=q.breakdowns, lang=lang, about=about,
                          catalog=services.catalog, policy=services.settings.policy)
    else:
        body = jsonstat_text(frame, lang=lang, source=run.source or "registers", updated=run.computed_at,
                             catalog=services.catalog, policy=services.settings.policy).encode("utf-8")
    codes = [a for a in q.areas if a.isascii() and a.isalnum()][:3]  # names the file; never raw input
    area = "-".join(codes) if codes else "alle"
    name = f"jobmaal-{area}-{dt.date.today().isoformat()}{'-excel' if fmt is ExportFormat.CSV_DA else ''}"
    return Response(body, media_type=MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}.{_SUFFIX[fmt]}"'})
