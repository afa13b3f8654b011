"""The reports (``jobmaal.reports``) as downloads from the municipality page: the results report and the
employment plan, as PDF, HTML or XLSX, made from the same disclosed run and follow-up as the page."""

from __future__ import annotations

import re
from enum import StrEnum

from fastapi import APIRouter, Request
from fastapi.responses import Response

from jobmaal.publication import published
from jobmaal.reference import municipality
from jobmaal.web.auth import language, session_user
from jobmaal.web.rendering import services_of

router = APIRouter(include_in_schema=False)


class ReportKind(StrEnum):
    RESULTS = "results"
    PLAN = "plan"


class ReportFormat(StrEnum):
    PDF = "pdf"
    HTML = "html"
    XLSX = "xlsx"


_MEDIA = {ReportFormat.PDF: "application/pdf", ReportFormat.HTML: "text/html; charset=utf-8",
          ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@router.get("/report/{code}/{year}")
def report(request: Request, code: str, year: int, kind: ReportKind = ReportKind.RESULTS,
           format: ReportFormat = ReportFormat.PDF) -> Response:
    from jobmaal.reports.make import plan_report, render, results_report
    from jobmaal.reports.sources import FollowupOptions, RunSource, load_plans

    services = services_of(request)
    viewer = session_user(request, services)  # the plan version the viewer may see, as on the page
    ref = municipality(code)
    services.catalog.year(year)
    lang = language(request)
    run = services.run()
    source = RunSource(services.settings.results, run,
                       published(services.settings.results, run.run_id, services.settings.policy), published=True)
    plans = load_plans(services.store, year, viewer, ref.code)
    s = services.settings
    options = FollowupOptions(conditions=s.conditions, data_dir=s.data_dir, clusters=s.clusters)
    if kind is ReportKind.RESULTS:
        # The charts are drawn by the server's chart helper while the PDF is laid out; the XLSX has none.
        charts = format is not ReportFormat.XLSX
        doc = results_report(source, year, ref.code, plans=plans, lang=lang, options=options,
                             fr=services.followup_one(viewer, ref.code, year), charts=charts,
                             chart_helper=request.app.state.report_charts.helper() if charts else None)
    else:
        doc = plan_report(source, year, ref.code, plans=plans, lang=lang, options=options)
    body = render(doc, format.value)
    name = re.sub(r"[^a-z0-9]+", "-", ref.name.lower().translate(str.maketrans("æøå", "eoa"))).strip("-")
    filename = f"{'resultatrevision' if kind is ReportKind.RESULTS else 'beskaeftigelsesplan'}-{year}-{ref.code}-{name}"
    return Response(body, media_type=_MEDIA[format],
                    headers={"Content-Disposition": f'attachment; filename="{filename}.{format.value}"'})
