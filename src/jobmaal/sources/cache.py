"""A local response cache: one file per request, so a repeated fetch does not ask the service again.

The key is a hash of the method, the full URL and the request body. The API key is never part of
the key or the file: the data are public, and a cache folder must be safe to share or delete.
Only answers that the client has checked (status 200, a body that parses) are stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CachedResponse:
    url: str
    status: int
    content_type: str
    body: bytes
    fetched_at: dt.datetime


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/jobmaal/http`` (``~/.cache/jobmaal/http`` when unset)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "jobmaal" / "http"


def cache_key(method: str, url: str, body: bytes | None) -> str:
    h = hashlib.sha256()
    for part in (method.upper().encode(), url.encode("utf-8"), body or b""):
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()


class ResponseCache:
    """Responses on disk under ``directory``; entries older than ``ttl`` are treated as missing."""

    def __init__(self, directory: Path | str, ttl: dt.timedelta = dt.timedelta(hours=12)) -> None:
        self.directory = Path(directory)
        self.ttl = ttl
        self.hits = 0

    def _paths(self, key: str) -> tuple[Path, Path]:
        folder = self.directory / key[:2]
        return folder / f"{key}.json", folder / f"{key}.body"

    def get(self, method: str, url: str, body: bytes | None, *, now: dt.datetime | None = None
            ) -> CachedResponse | None:
        meta_path, body_path = self._paths(cache_key(method, url, body))
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            content = body_path.read_bytes()
            fetched_at = dt.datetime.fromisoformat(meta["fetched_at"])
        except (OSError, ValueError, KeyError):
            return None  # missing or half-written: ask the service
        now = now or dt.datetime.now(dt.UTC)
        if now - fetched_at > self.ttl:
            return None
        self.hits += 1
        return CachedResponse(meta["url"], int(meta["status"]), meta.get("content_type", ""), content, fetched_at)

    def put(self, method: str, url: str, body: bytes | None, response: CachedResponse) -> None:
        meta_path, body_path = self._paths(cache_key(method, url, body))
        meta_path.parent.mkdir(parents=True, exist_ok=True)
        meta = {"method": method.upper(), "url": url, "status": response.status,
                "content_type": response.content_type, "fetched_at": response.fetched_at.isoformat()}
        # Body first, metadata last and each by rename: a reader never sees metadata without its body.
        _atomic_write(body_path, response.body)
        _atomic_write(meta_path, json.dumps(meta, ensure_ascii=False).encode("utf-8"))


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
