"""Files jobmaal serves itself: vega, vega-lite and vega-embed (from vl-convert), and the boundary file."""

from __future__ import annotations

import hashlib
from functools import cache

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response

from jobmaal.errors import ResultsError
from jobmaal.web.rendering import services_of

router = APIRouter(include_in_schema=False)


@cache
def vega_bundle() -> tuple[bytes, str]:
    """vega + vega-lite + vega-embed in one script, bundled by vl-convert (no network, no CDN)."""
    import vl_convert

    body = vl_convert.javascript_bundle().encode("utf-8")
    return body, hashlib.sha256(body).hexdigest()[:16]


@router.get("/vendor/vega.js")
def vega(request: Request) -> Response:
    body, etag = vega_bundle()
    if request.headers.get("if-none-match") == f'"{etag}"':
        return Response(status_code=304)
    return Response(body, media_type="text/javascript; charset=utf-8",
                    headers={"Cache-Control": "public, max-age=86400", "ETag": f'"{etag}"'})


@router.get("/geo/boundaries.json")
def boundaries(request: Request) -> Response:
    path = services_of(request).settings.boundaries
    if path is None:
        return Response(status_code=404)
    if not path.is_file():
        raise ResultsError(f"{path}: boundary file not found (--boundaries)")
    return FileResponse(path, media_type="application/geo+json", headers={"Cache-Control": "public, max-age=3600"})
