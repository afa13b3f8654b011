"""Security headers on every response, and CSRF protection of every form.

CSRF: a random token per session (synchroniser token), put in every form and compared in constant
time; and a POST whose Origin (or Referer) names another site is refused outright. The session
cookie is HttpOnly and SameSite=Lax on top of that.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jobmaal.errors import Forbidden

# No inline script anywhere (charts read their spec from <script type="application/json">, which is
# data, not script, and vega runs with its CSP-safe expression interpreter); nothing from other hosts.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)


class SecurityHeaders:
    """Pure ASGI middleware (no per-request task overhead) that adds the headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class CsrfFailed(Forbidden):
    """A form without the session's CSRF token, or posted from another site."""


def csrf_token(request: Request) -> str:
    """The session's token (made on first use); every form carries it in ``csrf_token``."""
    token = request.session.get("csrf")
    if not isinstance(token, str) or len(token) < 32:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def _same_origin(request: Request) -> bool:
    source = request.headers.get("origin") or request.headers.get("referer")
    if not source or source == "null":
        return source != "null"  # no header: an old browser or a tool; the token decides
    parts = urlsplit(source)
    return (parts.scheme, parts.netloc) == (request.url.scheme, request.url.netloc)


def check_csrf(request: Request, submitted: str | None) -> None:
    expected = request.session.get("csrf")
    if not _same_origin(request):
        raise CsrfFailed("the form was posted from another site (Origin/Referer); nothing was changed")
    if not isinstance(expected, str) or not submitted or not hmac.compare_digest(expected, submitted):
        raise CsrfFailed("the form's security token is missing or out of date (CSRF); reload the page and try again")


def safe_next(target: str | None, default: str = "/") -> str:
    """A redirect target only on this site (no open redirect): a path, never a scheme or host."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target
