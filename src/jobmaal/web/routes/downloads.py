"""The download buttons of the pages (the API has the same under /api/v1/export)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from jobmaal.web.auth import language
from jobmaal.web.downloads import ExportFormat, export_response
from jobmaal.web.rendering import services_of
from jobmaal.web.values import ValueQuery

router = APIRouter(include_in_schema=False)


@router.get("/download/values")
def download_values(request: Request, format: ExportFormat = ExportFormat.CSV,
                    indicator: list[str] = Query(default=[]), area: list[str] = Query(default=[]),
                    period_from: dt.date | None = None, period_to: dt.date | None = None,
                    breakdowns: bool = False) -> Response:
    q = ValueQuery(indicators=tuple(indicator), areas=tuple(area), period_from=period_from, period_to=period_to,
                   breakdowns=breakdowns)
    return export_response(services_of(request), format, q, language(request))
