"""The public pages: front page, indicator page, municipality page, and the language switch."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from jobmaal.errors import JobmaalError
from jobmaal.reference import municipality
from jobmaal.web import i18n
from jobmaal.web.auth import LANG_COOKIE, language, session_user
from jobmaal.web.contexts.front import front_page
from jobmaal.web.contexts.indicator import IndicatorQuery, indicator_page
from jobmaal.web.contexts.municipality import municipality_page
from jobmaal.web.i18n import LANGUAGES
from jobmaal.web.rendering import cached_page, cached_response, render, services_of
from jobmaal.web.security import safe_next

router = APIRouter(include_in_schema=False)


def _year(request: Request, year: int | None) -> int:
    services = services_of(request)
    if year is None:
        return services.default_year()
    services.catalog.year(year)  # CatalogError (404) for a year without goals
    return year


@router.api_route("/", methods=["GET", "HEAD"])
async def front(request: Request, year: int | None = None) -> Response:
    hit = cached_response(request)
    if hit is not None:
        return hit
    return await run_in_threadpool(_front, request, year)


def _front(request: Request, year: int | None) -> Response:
    services = services_of(request)
    viewer = session_user(request, services)
    y = _year(request, year)
    lang = language(request)

    def build() -> Response:
        page = front_page(services, viewer, y, lang)
        return render(request, "front.html", page, title=i18n.text("goals_of_year", lang, year=y))

    return cached_page(request, viewer, build)


@router.api_route("/indicator/{indicator_id}", methods=["GET", "HEAD"])
async def indicator(request: Request, indicator_id: str, year: int | None = None, region: str = "",
                    rar: str = "", cluster: str = "", sort: str = "name", order: str = "asc", colour: str = "",
                    compare: list[str] = Query(default=[])) -> Response:
    hit = cached_response(request)
    if hit is not None:
        return hit
    q = IndicatorQuery(region=region, rar=rar, cluster=cluster, sort=sort, order=order, colour=colour,
                       compare=tuple(compare))
    return await run_in_threadpool(_indicator, request, indicator_id, year, q)


def _indicator(request: Request, indicator_id: str, year: int | None, q: IndicatorQuery) -> Response:
    services = services_of(request)
    viewer = session_user(request, services)
    y = _year(request, year)
    lang = language(request)

    def build() -> Response:
        page = indicator_page(services, viewer, y, indicator_id, q, lang, request.url.path)
        return render(request, "indicator.html", page, title=page.title)

    return cached_page(request, viewer, build)


@router.get("/municipality")
def choose_municipality(code: str = "") -> Response:
    """The municipality picker's form (works without script): go to the chosen municipality's page."""
    try:
        found = municipality(code)
    except JobmaalError:
        return RedirectResponse("/", status_code=303)
    return RedirectResponse(f"/municipality/{found.code}", status_code=303)


@router.api_route("/municipality/{code}", methods=["GET", "HEAD"])
async def municipality_view(request: Request, code: str, year: int | None = None) -> Response:
    hit = cached_response(request)
    if hit is not None:
        return hit
    return await run_in_threadpool(_municipality, request, code, year)


def _municipality(request: Request, code: str, year: int | None) -> Response:
    services = services_of(request)
    viewer = session_user(request, services)
    y = _year(request, year)
    lang = language(request)

    def build() -> Response:
        page = municipality_page(services, viewer, code, y, lang)
        return render(request, "municipality.html", page,
                      title=i18n.text("municipality_page_title", lang, name=page.name))

    return cached_page(request, viewer, build)


@router.get("/language/{lang}")
def switch_language(lang: str, next: str = "/") -> Response:
    response = RedirectResponse(safe_next(next), status_code=303)
    if lang in LANGUAGES:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, httponly=True, samesite="lax")
    return response
