"""The JSON API, ``/api/v1``: goals, indicators, areas, values, follow-up, plans and exports.

Anonymous calls see what the public sees; ``Authorization: Bearer <token>`` acts as the token's
user under the same rules as the pages (``jobmaal.plans.policy``). Every figure comes through the
disclosure gate; errors are ``application/problem+json``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from jobmaal.analysis.objects import to_jsonable
from jobmaal.disclosure import SYMBOL, marker
from jobmaal.plans import User
from jobmaal.reference import all_areas
from jobmaal.reference import municipality as find_municipality
from jobmaal.web import api_models as m
from jobmaal.web.auth import token_user
from jobmaal.web.downloads import MEDIA_TYPES, ExportFormat, export_response
from jobmaal.web.rendering import services_of
from jobmaal.web.services import Services
from jobmaal.web.values import ValueQuery

router = APIRouter(prefix="/api/v1", tags=["v1"])
_bearer = HTTPBearer(auto_error=False, description="A personal API token (jobmaal tokens are 'jm_…').")
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Bad request"}, 401: {"description": "Bad or revoked token"},
    403: {"description": "Not allowed"}, 404: {"description": "Not found"},
    422: {"description": "Invalid parameters"}, 503: {"description": "No results yet"},
}


def viewer(request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> User:
    header = f"{credentials.scheme} {credentials.credentials}" if credentials else request.headers.get("authorization")
    return token_user(header, services_of(request))


Viewer = Annotated[User, Depends(viewer)]


def _run(services: Services) -> m.RunOut:
    r = services.run()
    return m.RunOut(run_id=r.run_id, computed_at=r.computed_at, synthetic=r.synthetic, source=r.source,
                    period_from=r.period_from, period_to=r.period_to)


@router.get("/goals", response_model=m.GoalsOut, responses=_ERRORS, summary="The minister's goals of a year")
def goals(request: Request, year: int | None = Query(None, ge=1900, le=2200)) -> m.GoalsOut:
    services = services_of(request)
    cat = services.catalog.year(year if year is not None else services.default_year())
    return m.GoalsOut(
        year=cat.year,
        letter=m.LetterOut(date=cat.letter.date, reference=cat.letter.reference, minister=cat.letter.minister)
        if cat.letter else None,
        goals=[m.GoalOut(number=g.number, key=g.key, title=m.TextOut(**g.title.model_dump()),
                         explanation=m.TextOut(**g.explanation.model_dump()), quantifiable=g.quantifiable,
                         indicators=list(g.indicators),
                         no_official_indicator=m.TextOut(**g.no_official_indicator.model_dump())
                         if g.no_official_indicator else None) for g in cat.goals],
        context_indicators=list(cat.context_indicators),
    )


@router.get("/years", response_model=list[int], responses=_ERRORS, summary="The years of the goal catalogue")
def years(request: Request) -> list[int]:
    return services_of(request).years()


def _indicator(services: Services, indicator_id: str) -> m.IndicatorOut:
    ind = services.catalog.indicator(indicator_id)
    return m.IndicatorOut(id=ind.id, title=m.TextOut(**ind.title.model_dump()),
                          description=m.TextOut(**ind.description.model_dump()), goal=ind.goal, unit=ind.unit.value,
                          direction=ind.direction.value, source=ind.source.value, period=ind.period.value,
                          breakdowns=list(ind.breakdowns), context=ind.context)


@router.get("/indicators", response_model=list[m.IndicatorOut], responses=_ERRORS, summary="Every indicator")
def indicators(request: Request) -> list[m.IndicatorOut]:
    services = services_of(request)
    return [_indicator(services, i) for i in sorted(services.catalog.indicators)]


@router.get("/indicators/{indicator_id}", response_model=m.IndicatorOut, responses=_ERRORS,
            summary="One indicator's definition")
def indicator(request: Request, indicator_id: str) -> m.IndicatorOut:
    return _indicator(services_of(request), indicator_id)


@router.get("/areas", response_model=list[m.AreaOut], responses=_ERRORS,
            summary="The country, regions, RAR areas and municipalities")
def areas(area_type: str | None = Query(None, pattern="^(country|region|rar|municipality)$")) -> list[m.AreaOut]:
    return [m.AreaOut(area_type=a.area_type.value, code=a.code, name=a.name, region_code=a.region_code,
                      rar_code=a.rar_code) for a in all_areas() if area_type is None or a.area_type.value == area_type]


def _float(x: Any) -> float | None:
    return None if x is None or x != x else float(x)


@router.get("/values", response_model=m.ValuesPage, responses=_ERRORS,
            summary="Indicator values after disclosure control, filtered and paginated")
async def values(  # async: a few ms of pandas, cheaper in the event loop than a thread hop under load
    request: Request,
    indicator: list[str] = Query(default=[], description="indicator ids (repeat for several; none: all)"),
    area: list[str] = Query(default=[], description="area codes, e.g. 101, 1084, R07, 000"),
    area_type: str | None = Query(None, pattern="^(country|region|rar|municipality)$"),
    period_from: dt.date | None = Query(None, description="first period, ISO date"),
    period_to: dt.date | None = Query(None, description="last period, ISO date"),
    breakdowns: bool = Query(False, description="include the breakdown rows"),
    limit: int = Query(1000, ge=1, le=10000),
    offset: int = Query(0, ge=0, le=100_000_000),
) -> Response:
    services = services_of(request)
    q = ValueQuery(indicators=tuple(indicator), areas=tuple(area), area_type=area_type, period_from=period_from,
                   period_to=period_to, breakdowns=breakdowns)
    total, records = services.values().records(q, offset, limit)
    items = []
    for r in records:
        hidden = bool(r["suppressed"])
        items.append({
            "indicator_id": r["indicator_id"], "area_type": r["area_type"], "area_code": r["area_code"],
            "period": r["period"], "breakdown": r["breakdown"], "breakdown_value": r["breakdown_value"],
            "value": _float(r["value"]), "numerator": _float(r["numerator"]), "denominator": _float(r["denominator"]),
            "suppressed": r["suppressed"] or None, "marker": SYMBOL if hidden else None,
            "explanation": {"da": r["explanation_da"], "en": r["explanation_en"]} if hidden else None,
        })
    nxt = None
    if offset + limit < total:
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"] + [
            ("offset", str(offset + limit))]
        nxt = f"{request.url.path}?{urlencode(params)}"
    body = {"run": _run(services).model_dump(mode="json"), "total": total, "limit": limit, "offset": offset,
            "next": nxt, "items": items}
    return JSONResponse(body)  # built directly: validating thousands of rows per call would cost more than the rest


@router.get("/followup/{municipality}", response_model=m.FollowupOut, responses=_ERRORS,
            summary="The follow-up of one municipality and year (the municipality page's figures)")
def followup(request: Request, municipality: str, who: Viewer, year: int | None = Query(None, ge=1900, le=2200)
             ) -> Any:
    services = services_of(request)
    code = find_municipality(municipality).code
    y = year if year is not None else services.default_year()
    services.catalog.year(y)
    fu = services.followup_one(who, code, y)
    mf = fu.municipality(code)
    index = services.values()
    policy = services.settings.policy
    hidden = []
    for ind in mf.indicators():
        checks = []
        if ind.latest is not None and ind.latest.value is None:
            checks.append(("latest", index.suppressed(ind.indicator_id, ind.area_code, ind.latest.period_to)))
        if ind.year_to_date is not None and ind.year_to_date.value is None:
            ytd = ind.year_to_date
            checks.append(("year_to_date", index.suppressed_in(ind.indicator_id, ind.area_code, ytd.period_from,
                                                               ytd.period_to)))
        for figure, status in checks:
            if status:
                da, en = marker(status, "da", policy), marker(status, "en", policy)
                assert da is not None and en is not None
                hidden.append({"indicator_id": ind.indicator_id, "figure": figure, "marker": da.symbol,
                               "explanation": {"da": da.text, "en": en.text}})
    for c in mf.conditions:  # framework conditions from register data pass the same threshold
        if c.suppressed and c.explanation is not None:
            hidden.append({"indicator_id": c.key, "figure": "condition", "marker": SYMBOL,
                           "explanation": {"da": c.explanation.da, "en": c.explanation.en}})
    return {"year": y, "run": _run(services).model_dump(mode="json"), "municipality": to_jsonable(mf),
            "suppressed": hidden}


@router.get("/export", responses={200: {"content": {t: {} for t in set(MEDIA_TYPES.values())},
                                        "description": "The file"}, **_ERRORS},
            response_class=Response, summary="Indicator values as CSV, CSV for Danish Excel, XLSX or JSON-stat 2.0")
def export(
    request: Request,
    format: ExportFormat = Query(ExportFormat.CSV),
    indicator: list[str] = Query(default=[]),
    area: list[str] = Query(default=[]),
    period_from: dt.date | None = None,
    period_to: dt.date | None = None,
    breakdowns: bool = False,
    lang: str = Query("da", pattern="^(da|en)$"),
) -> Response:
    q = ValueQuery(indicators=tuple(indicator), areas=tuple(area), period_from=period_from, period_to=period_to,
                   breakdowns=breakdowns)
    return export_response(services_of(request), format, q, lang)


# -- plans ----------------------------------------------------------------------------------------
@router.get("/me", response_model=m.MeOut, responses=_ERRORS, summary="Who the token belongs to")
def me(who: Viewer) -> m.MeOut:
    return m.MeOut(username=who.username, role=who.role.value, municipalities=sorted(who.municipalities))


@router.get("/plans", response_model=list[m.PlanSummaryOut], responses=_ERRORS,
            summary="The plans the caller may see (drafts only for those who may read them)")
def plans(request: Request, who: Viewer, year: int | None = Query(None, ge=1900, le=2200)) -> list[m.PlanSummaryOut]:
    return [m.PlanSummaryOut(municipality_code=p.municipality_code, year=p.year, version=p.version,
                             current_version=p.current_version, state=p.state.value, adopted_on=p.adopted_on,
                             saved_at=p.saved_at, is_demo=p.is_demo)
            for p in services_of(request).store.list_plans(who, year)]


@router.get("/plans/{municipality}/{year}", response_model=m.PlanOut, responses=_ERRORS,
            summary="A plan: the current version for those who may read drafts, else the newest adopted one")
def plan(request: Request, municipality: str, year: int, who: Viewer) -> m.PlanOut:
    p = services_of(request).store.get_plan(who, find_municipality(municipality).code, year)
    return m.PlanOut(municipality_code=p.municipality_code, year=p.year, version=p.version,
                     current_version=p.current_version, saved_at=p.saved_at, saved_by=p.saved_by, note=p.note,
                     is_demo=p.is_demo, content=p.content)


@router.put("/plans/{municipality}/{year}", response_model=m.SaveOut,
            responses={**_ERRORS, 409: {"description": "Someone saved a newer version first; nothing was saved"}},
            summary="Save a new version on top of base_version (optimistic locking)")
def save_plan(request: Request, municipality: str, year: int, body: m.PlanSaveIn, who: Viewer) -> m.SaveOut:
    result = services_of(request).store.save_plan(who, find_municipality(municipality).code, year, body.content,
                                                  body.base_version, body.note or "api")
    return m.SaveOut(version=result.version, warnings=list(result.warnings))


@router.get("/plans/{municipality}/{year}/versions", response_model=list[m.VersionOut], responses=_ERRORS,
            summary="Every saved version of a plan (for those who may read drafts)")
def versions(request: Request, municipality: str, year: int, who: Viewer) -> list[m.VersionOut]:
    return [m.VersionOut(version=v.version, state=v.state.value, adopted_on=v.adopted_on, saved_at=v.saved_at,
                         saved_by=v.saved_by, note=v.note)
            for v in services_of(request).store.list_versions(who, find_municipality(municipality).code, year)]
