"""The application factory: ``create_app(settings)`` wires the routes, middleware and error handling."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import Response

from jobmaal import __version__
from jobmaal.errors import JobmaalError
from jobmaal.web import i18n
from jobmaal.web.apidocs import router as apidocs_router
from jobmaal.web.auth import language
from jobmaal.web.problems import jobmaal_problem, openapi_problems, problem_response, status_of
from jobmaal.web.rendering import render
from jobmaal.web.report_charts import ReportCharts
from jobmaal.web.routes import api, assets, downloads, pages, plans, reports
from jobmaal.web.security import SecurityHeaders
from jobmaal.web.services import Services
from jobmaal.web.settings import WebSettings

log = logging.getLogger("jobmaal.web")
_HTTP_TITLES = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
                405: "Method Not Allowed", 409: "Conflict", 422: "Unprocessable Content", 500: "Internal Server Error"}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error_page(request: Request, status: int, detail: str) -> Response:
    lang = language(request)
    key = {403: "forbidden", 404: "not_found"}.get(status)
    heading = i18n.text(key, lang) if key else i18n.text("error", lang)
    return render(request, "error.html", {"status": status, "heading": heading, "detail": detail}, status=status,
                  title=f"{status} {heading}")


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(JobmaalError)
    async def jobmaal_error(request: Request, exc: JobmaalError) -> Response:
        if _is_api(request):
            return jobmaal_problem(request, exc)
        return _error_page(request, status_of(exc)[0], str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        problems = [f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in exc.errors()]
        detail = "; ".join(problems)
        if _is_api(request):
            return problem_response(422, "Unprocessable Content", detail, request, problems=problems)
        return _error_page(request, 400, detail)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        title = _HTTP_TITLES.get(exc.status_code, "Error")
        if _is_api(request):
            return problem_response(exc.status_code, title, str(exc.detail), request, headers=exc.headers)
        return _error_page(request, exc.status_code, str(exc.detail))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        detail = "an unexpected error; it has been logged"
        if _is_api(request):
            return problem_response(500, "Internal Server Error", detail, request)
        return _error_page(request, 500, detail)


def create_app(settings: WebSettings, *, services: Services | None = None) -> FastAPI:
    """The ASGI app. ``services`` may be given to share a plan store or caches (tests, benchmarks)."""
    services = services or Services(settings)
    report_charts = ReportCharts()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            report_charts.close()  # the chart helper process ends with the server

    app = FastAPI(
        title="jobmaal API", version=__version__,
        description=("Follow-up of Denmark's employment-policy goals: goals, indicators, areas, disclosed values, "
                     "the follow-up per municipality, plans and exports. Errors are application/problem+json."),
        docs_url=None, redoc_url=None, openapi_url="/api/openapi.json", lifespan=lifespan,
    )
    app.state.services = services
    app.state.report_charts = report_charts
    app.state.settings = settings

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            app.openapi_schema = openapi_problems(schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    app.include_router(api.router)
    app.include_router(apidocs_router)
    app.include_router(pages.router)
    app.include_router(plans.router)
    app.include_router(downloads.router)
    app.include_router(reports.router)
    app.include_router(assets.router)
    app.mount("/static", StaticFiles(packages=[("jobmaal.web", "static")]), name="static")
    _install_error_handlers(app)
    app.add_middleware(SessionMiddleware, secret_key=settings.secret_key, session_cookie="jobmaal_session",
                       max_age=settings.session_max_age, same_site="lax", https_only=settings.https_only_cookies)
    app.add_middleware(SecurityHeaders)  # outermost: error responses get the headers too
    return app
