"""Who is asking: the session's user (reloaded from the plan store on every request) or a token's user."""

from __future__ import annotations

from starlette.requests import Request

from jobmaal.errors import AuthenticationFailed, PlanNotFound
from jobmaal.plans import PUBLIC, User
from jobmaal.web.i18n import DEFAULT_LANG, LANGUAGES
from jobmaal.web.services import Services

LANG_COOKIE = "jobmaal_lang"


def session_user(request: Request, services: Services) -> User:
    """The logged-in user, read again from the store (a disabled account or changed municipalities
    take effect at once); PUBLIC when nobody is logged in or the account is gone or disabled."""
    cached = getattr(request.state, "user", None)
    if cached is not None:
        return cached
    user = PUBLIC
    uid = request.session.get("uid")
    if isinstance(uid, int):
        try:
            found = services.store.user_by_id(uid)
        except PlanNotFound:
            found = None
        if found is not None and found.active:
            user = found
        else:
            request.session.clear()
    request.state.user = user
    return user


def token_user(authorization: str | None, services: Services) -> User:
    """``Authorization: Bearer jm_…`` → the token's user; no header → PUBLIC; a bad token → 401."""
    if not authorization:
        return PUBLIC
    scheme, _, secret = authorization.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise AuthenticationFailed("the Authorization header must be 'Bearer <API token>'")
    return services.store.authenticate_token(secret.strip())


def language(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    return lang if lang in LANGUAGES else DEFAULT_LANG
