"""Rendering a page context with its template, and the cache of pages for visitors who are not logged in."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from functools import cache
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from jobmaal.plans import Role, User
from jobmaal.reference import municipalities
from jobmaal.web import i18n
from jobmaal.web.auth import language, session_user
from jobmaal.web.security import csrf_token
from jobmaal.web.services import Services


@cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("jobmaal.web", "templates"), autoescape=select_autoescape(["html"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals["municipality_list"] = municipalities
    return env


def services_of(request: Request) -> Services:
    return request.app.state.services  # type: ignore[no-any-return]


def switch_language_url(request: Request, lang: str) -> str:
    other = "en" if lang == "da" else "da"
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return f"/language/{other}?{urlencode({'next': target})}"


def render(request: Request, template: str, page: Any, *, status: int = 200, title: str = "",
           extra: dict[str, Any] | None = None) -> HTMLResponse:
    services = services_of(request)
    lang = language(request)
    user = session_user(request, services)
    logged_in = user.role is not Role.PUBLIC
    html = environment().get_template(template).render(
        page=page, lang=lang, title=title, user=user if logged_in else None,
        csrf=csrf_token(request) if logged_in or (extra or {}).get("needs_csrf") else "",
        t=lambda key, **kw: i18n.text(key, lang, **kw), switch_url=switch_language_url(request, lang),
        path=request.url.path, **(extra or {}),
    )
    return HTMLResponse(html, status_code=status, headers={"Content-Language": lang})


def page_key(request: Request) -> tuple[object, ...] | None:
    """The key of a visitor's page in the page cache, or None when the page is personal (a session)."""
    if request.session:
        return None
    services = services_of(request)
    return (request.url.path, tuple(sorted(request.query_params.multi_items())), language(request),
            services.run().run_id, services.plans_stamp())


def _cached(request: Request, body: bytes, packed: bytes) -> Response:
    # compressed once when cached: a 200 kB page is ~25 kB on the wire and costs nothing per request
    headers = {"Content-Language": language(request), "Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        return HTMLResponse(packed, headers={**headers, "Content-Encoding": "gzip"})
    return HTMLResponse(body, headers=headers)


def cached_response(request: Request) -> Response | None:
    """A visitor's page straight from the cache (no thread, no follow-up, no template), or None."""
    key = page_key(request)
    if key is None:
        return None
    hit = services_of(request).pages.peek(key)
    if not hit or not hit[0]:
        return None
    return _cached(request, *hit)


def cached_page(request: Request, viewer: User, build: Callable[[], Response]) -> Response:
    """Visitors who are not logged in see the same page for the same URL, language, run and plans:
    keep the rendered bytes (a logged-in user's pages depend on the user and are never kept)."""
    key = page_key(request)
    if viewer.role is not Role.PUBLIC or key is None:
        return build()
    services = services_of(request)
    holder: dict[str, Response] = {}

    def make() -> tuple[bytes, bytes]:
        response = build()
        holder["response"] = response
        if response.status_code != 200:
            return b"", b""
        body = bytes(response.body)
        return body, gzip.compress(body, compresslevel=6, mtime=0)

    body, packed = services.pages.get(key, make)
    if "response" in holder:
        return holder["response"]
    if not body:
        return build()
    return _cached(request, body, packed)
