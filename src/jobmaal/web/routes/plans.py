"""Logging in and out, and editing a plan: one form per change, each based on the version the editor saw.

Every POST checks the CSRF token first, then the store decides (``jobmaal.plans.policy``) whether the
user, reloaded from the store on this request, may do it. A save on a stale version gets the
store's conflict message in the page, and nothing is overwritten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from jobmaal.errors import AuthenticationFailed, PlanConflict, PlanValidationError
from jobmaal.plans import (
    PUBLIC,
    Action,
    LocalIndicator,
    LocalTarget,
    LocalUnit,
    PlanContent,
    PlanState,
    Target,
    TargetKind,
    authorize,
)
from jobmaal.plans import edits as plan_edits
from jobmaal.reference import municipality
from jobmaal.web import i18n
from jobmaal.web.auth import language, session_user
from jobmaal.web.contexts.plan import plan_page
from jobmaal.web.rendering import render, services_of
from jobmaal.web.security import check_csrf, csrf_token, safe_next

router = APIRouter(include_in_schema=False)


@router.get("/login")
def login_form(request: Request, next: str = "") -> Response:
    csrf_token(request)
    return render(request, "login.html", {"next": safe_next(next, ""), "error": ""},
                  title=i18n.text("login", language(request)), extra={"needs_csrf": True})


@router.post("/login")
def login(request: Request, username: str = Form(""), password: str = Form(""), next: str = Form(""),
          csrf_token_: str = Form("", alias="csrf_token")) -> Response:
    check_csrf(request, csrf_token_)
    services = services_of(request)
    try:
        user = services.store.authenticate(username, password)
    except AuthenticationFailed as exc:
        return render(request, "login.html", {"next": safe_next(next, ""), "error": str(exc)}, status=401,
                      title=i18n.text("login", language(request)), extra={"needs_csrf": True})
    request.session.clear()  # a new session on login: nothing from before carries over
    request.session["uid"] = user.id
    request.state.user = user
    csrf_token(request)
    default = "/"
    if user.municipalities:
        default = f"/plan/{sorted(user.municipalities)[0]}/{services.default_year()}"
    return RedirectResponse(safe_next(next, default), status_code=303)


@router.post("/logout")
def logout(request: Request, csrf_token_: str = Form("", alias="csrf_token")) -> Response:
    check_csrf(request, csrf_token_)
    request.session.clear()
    return RedirectResponse("/", status_code=303)


def _plan_url(code: str, year: int) -> str:
    return f"/plan/{code}/{year}"


@router.get("/plan/{code}/{year}")
def plan_view(request: Request, code: str, year: int, saved: int | None = None) -> Response:
    services = services_of(request)
    viewer = session_user(request, services)
    ref = municipality(code)
    if viewer is PUBLIC:
        return RedirectResponse(f"/login?next={quote(_plan_url(ref.code, year))}", status_code=303)
    authorize(viewer, Action.PLAN_READ_DRAFT, ref.code)  # Forbidden → 403: never another municipality's draft
    lang = language(request)
    page = plan_page(services, viewer, ref.code, year, lang, saved_version=saved)
    return render(request, "plan.html", page, title=i18n.text("plan_page_title", lang, name=ref.name, year=year))


def _number(text: str, field: str) -> float:
    cleaned = text.strip().replace("\u2212", "-").replace(" ", "")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")  # Danish: 1.234,5
    try:
        return float(cleaned)
    except ValueError:
        raise PlanValidationError([f"{field}: {text!r} is not a number"], header="form refused") from None


def _edit(request: Request, code: str, year: int, csrf: str, base_version: int,
          change: Callable[[PlanContent], PlanContent], note: str) -> Response:
    check_csrf(request, csrf)
    services = services_of(request)
    viewer = session_user(request, services)
    ref = municipality(code)
    lang = language(request)
    title = i18n.text("plan_page_title", lang, name=ref.name, year=year)
    try:
        result = services.store.edit_plan(viewer, ref.code, year, base_version, change, note=note)
    except PlanConflict as exc:
        message = exc.message_en if lang == "en" else exc.message_da
        page = plan_page(services, viewer, ref.code, year, lang, conflict=message)
        return render(request, "plan.html", page, status=409, title=title)
    except PlanValidationError as exc:
        page = plan_page(services, viewer, ref.code, year, lang, problems=tuple(exc.problems))
        return render(request, "plan.html", page, status=422, title=title)
    return RedirectResponse(f"{_plan_url(ref.code, year)}?saved={result.version}#saved", status_code=303)


@router.post("/plan/{code}/{year}/target")
def save_target(request: Request, code: str, year: int, base_version: int = Form(...), indicator_id: str = Form(...),
                kind: TargetKind = Form(TargetKind.LEVEL_YEAR_END), value: str = Form(""), comment: str = Form(""),
                csrf_token_: str = Form("", alias="csrf_token")) -> Response:
    if not value.strip():
        def change(c: PlanContent) -> PlanContent:
            return plan_edits.without_target(c, indicator_id)
    else:
        target = Target(indicator_id=indicator_id, kind=kind, value=_number(value, f"targets.{indicator_id}.value"),
                        comment=comment.strip() or None)

        def change(c: PlanContent) -> PlanContent:
            return plan_edits.with_target(c, target)
    return _edit(request, code, year, csrf_token_, base_version, change, f"web: target {indicator_id}")


@router.post("/plan/{code}/{year}/strategy")
def save_strategy(request: Request, code: str, year: int, base_version: int = Form(...), goal: str = Form(...),
                  text: str = Form(""), csrf_token_: str = Form("", alias="csrf_token")) -> Response:
    return _edit(request, code, year, csrf_token_, base_version,
                 lambda c: plan_edits.with_strategy(c, goal, text.replace("\r\n", "\n")), f"web: strategy {goal}")


@router.post("/plan/{code}/{year}/local")
def save_local(request: Request, code: str, year: int, base_version: int = Form(...), key: str = Form(...),
               name: str = Form(...), description: str = Form(""), unit: LocalUnit = Form(...),
               direction: str = Form(...), goal: str = Form(...), target_kind: str = Form(""),
               target_value: str = Form(""), csrf_token_: str = Form("", alias="csrf_token")) -> Response:
    target = None
    if target_value.strip():
        target = LocalTarget(kind=TargetKind(target_kind or TargetKind.LEVEL_YEAR_END.value),
                             value=_number(target_value, f"local_indicators.{key}.target.value"))
    try:
        local = LocalIndicator(key=key.strip(), name=name.strip(), description=description, unit=unit,
                               direction=direction, goal=goal, target=target)  # type: ignore[arg-type]
    except ValueError as exc:
        raise PlanValidationError([f"local_indicators.{key}: {exc}"], header="form refused") from None
    return _edit(request, code, year, csrf_token_, base_version,
                 lambda c: plan_edits.with_local_indicator(c, local), f"web: local indicator {key}")


@router.post("/plan/{code}/{year}/local/delete")
def delete_local(request: Request, code: str, year: int, base_version: int = Form(...), key: str = Form(...),
                 csrf_token_: str = Form("", alias="csrf_token")) -> Response:
    return _edit(request, code, year, csrf_token_, base_version,
                 lambda c: plan_edits.without_local_indicator(c, key), f"web: remove local indicator {key}")


@router.post("/plan/{code}/{year}/state")
def save_state(request: Request, code: str, year: int, base_version: int = Form(...), state: PlanState = Form(...),
               adopted_on: str = Form(""), csrf_token_: str = Form("", alias="csrf_token")) -> Response:
    day = None
    if state is PlanState.ADOPTED:
        try:
            day = dt.date.fromisoformat(adopted_on.strip())
        except ValueError:
            raise PlanValidationError([f"adopted_on: {adopted_on!r} is not a date (YYYY-MM-DD)"],
                                      header="form refused") from None
    return _edit(request, code, year, csrf_token_, base_version,
                 lambda c: plan_edits.with_state(c, state, day), f"web: state {state.value}")


@router.post("/plan/{code}/{year}/values")
def upload_values(request: Request, code: str, year: int, values_csv: str = Form(""),
                  csrf_token_: str = Form("", alias="csrf_token")) -> Response:
    check_csrf(request, csrf_token_)
    services = services_of(request)
    viewer = session_user(request, services)
    ref = municipality(code)
    lang = language(request)
    try:
        services.store.import_local_values_csv(viewer, ref.code, values_csv, source="web-upload.csv")
    except PlanValidationError as exc:
        page = plan_page(services, viewer, ref.code, year, lang, problems=tuple(exc.problems))
        return render(request, "plan.html", page, status=422,
                      title=i18n.text("plan_page_title", lang, name=ref.name, year=year))
    return RedirectResponse(f"{_plan_url(ref.code, year)}#local", status_code=303)
