"""Errors as ``application/problem+json`` (RFC 9457) for the API, and as an error page for people.

A ``JobmaalError`` carries the user's mistake in one clear line; its class decides the status.
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import BaseModel, Field
from starlette.requests import Request
from starlette.responses import JSONResponse

from jobmaal.errors import (
    AccountLocked,
    AuthenticationFailed,
    CatalogError,
    Forbidden,
    JobmaalError,
    PlanConflict,
    PlanNotFound,
    PlanValidationError,
    ResultsError,
    UnknownAreaError,
)

log = logging.getLogger("jobmaal.web")
PROBLEM_JSON = "application/problem+json"


class Problem(BaseModel):
    """RFC 9457 problem details, with jobmaal's extensions for conflicts and validation."""

    type: str = Field("about:blank", description="a URI naming the kind of problem")
    title: str
    status: int
    detail: str
    instance: str | None = None
    problems: list[str] | None = Field(None, description="every problem found (validation)")
    message_da: str | None = Field(None, description="the conflict message in Danish")
    message_en: str | None = Field(None, description="the conflict message in English")
    current_version: int | None = Field(None, description="the plan's newest version (conflict)")


_STATUS: tuple[tuple[type[JobmaalError], int, str], ...] = (
    (PlanConflict, 409, "Conflict"),
    (PlanValidationError, 422, "Unprocessable Content"),
    (AccountLocked, 429, "Too Many Requests"),
    (AuthenticationFailed, 401, "Unauthorized"),
    (Forbidden, 403, "Forbidden"),
    (PlanNotFound, 404, "Not Found"),
    (UnknownAreaError, 404, "Not Found"),
    (CatalogError, 404, "Not Found"),
    (ResultsError, 503, "Service Unavailable"),
)


def status_of(exc: JobmaalError) -> tuple[int, str]:
    for cls, status, title in _STATUS:
        if isinstance(exc, cls):
            return status, title
    return 400, "Bad Request"


def problem_response(status: int, title: str, detail: str, request: Request | None = None,
                     headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    body = Problem(title=title, status=status, detail=detail,
                   instance=str(request.url.path) if request is not None else None, **extra)
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, media_type=PROBLEM_JSON,
                        headers=headers)


def jobmaal_problem(request: Request, exc: JobmaalError) -> JSONResponse:
    status, title = status_of(exc)
    extra: dict[str, Any] = {}
    headers = None
    if isinstance(exc, PlanConflict):
        extra = {"message_da": exc.message_da, "message_en": exc.message_en, "current_version": exc.current_version}
    if isinstance(exc, PlanValidationError):
        extra = {"problems": list(exc.problems)}
    if status == 401:
        headers = {"WWW-Authenticate": 'Bearer realm="jobmaal"'}
    return problem_response(status, title, str(exc), request, headers=headers, **extra)


def openapi_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """Every 4xx/5xx response in the OpenAPI document is ``application/problem+json`` with ``Problem``."""
    ref = {"$ref": "#/components/schemas/Problem"}
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = Problem.model_json_schema(
        ref_template="#/components/schemas/{model}")
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            responses = operation.get("responses", {})
            for code in ("400", "404", "422", "500", "503"):
                responses.setdefault(code, {"description": "Problem"})
            for code, response in responses.items():
                if code[0] in "45":
                    response["content"] = {PROBLEM_JSON: {"schema": ref}}
    # FastAPI's own validation-error schemas are no longer used by any response
    for name in ("HTTPValidationError", "ValidationError"):
        schema["components"]["schemas"].pop(name, None)
    return schema
