"""``/api/docs``: the OpenAPI document as a plain page, rendered on the server (no script, no CDN)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import Response

from jobmaal.web.rendering import render

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    where: str
    required: bool
    schema: str
    description: str


@dataclass(frozen=True, slots=True)
class Operation:
    method: str
    path: str
    summary: str
    parameters: tuple[Parameter, ...]
    body: str
    responses: tuple[str, ...]


def _schema_text(schema: dict[str, object]) -> str:
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " | ".join(_schema_text(s) for s in schema["anyOf"])  # type: ignore[union-attr]
    if schema.get("type") == "array":
        return f"[{_schema_text(schema.get('items', {}))}]"  # type: ignore[arg-type]
    text = str(schema.get("type", "object"))
    if "format" in schema:
        text += f" ({schema['format']})"
    if "enum" in schema:
        text += " " + "/".join(str(v) for v in schema["enum"])  # type: ignore[union-attr]
    return text


@router.get("/api/docs")
def api_docs(request: Request) -> Response:
    spec = request.app.openapi()
    operations = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            params = tuple(Parameter(p["name"], p["in"], p.get("required", False), _schema_text(p.get("schema", {})),
                                     p.get("description", "")) for p in op.get("parameters", []))
            body = ""
            if "requestBody" in op:
                body = _schema_text(op["requestBody"]["content"]["application/json"]["schema"])
            operations.append(Operation(method.upper(), path, op.get("summary", ""), params, body,
                                        tuple(sorted(op.get("responses", {})))))
    return render(request, "apidocs.html", {"title": spec["info"]["title"], "version": spec["info"]["version"],
                                            "description": spec["info"].get("description", ""),
                                            "operations": operations}, title="API")
