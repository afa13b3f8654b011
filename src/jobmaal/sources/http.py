"""The HTTP base of the source clients: retries with back-off, a polite rate limit and a response cache.

Standard library only (``urllib``). What is retried: HTTP 5xx, 429, timeouts and dropped connections,
with exponential back-off (``Retry-After`` honoured up to ``max_backoff``). What is not: other 4xx
answers and bodies that do not parse, which a second try would not change. Each client decides what a
good answer is through a ``check`` function; only answers that pass it are cached.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from jobmaal import __version__
from jobmaal.errors import SourceError
from jobmaal.sources.cache import CachedResponse, ResponseCache
from jobmaal.sources.ratelimit import RateLimiter

T = TypeVar("T")

_RETRY_STATUS = frozenset({429, 500, 502, 503, 504}) | frozenset(range(505, 600))


@dataclass(frozen=True)
class HttpSettings:
    timeout: float = 60.0  # seconds per attempt (connect and each read)
    retries: int = 4  # further attempts after the first
    backoff: float = 1.0  # first wait; doubles per retry
    max_backoff: float = 30.0
    min_interval: float = 0.5  # polite: at most two requests a second per service


@dataclass(frozen=True)
class HttpResponse:
    method: str
    url: str
    status: int
    content_type: str
    body: bytes
    fetched_at: dt.datetime
    from_cache: bool = False

    def text(self) -> str:
        return self.body.decode("utf-8-sig", errors="replace")  # some services send a BOM

    def json(self, service: str) -> Any:
        try:
            return json.loads(self.text())
        except ValueError as exc:
            raise SourceError(f"{service}: {self.url} answered with a body that is not JSON "
                              f"(HTTP {self.status}): {snippet(self.text())!r}") from exc


def snippet(text: str, n: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= n else flat[:n] + "…"


@dataclass
class HttpStats:
    requests: int = 0  # attempts that went to the network
    retries: int = 0
    cache_hits: int = 0
    problems: list[str] = field(default_factory=list)


class HttpClient:
    """Requests to one service (``base_url``), with its headers, its cache and its rate limit."""

    def __init__(self, base_url: str, *, service: str, settings: HttpSettings | None = None,
                 headers: Mapping[str, str] | None = None, cache: ResponseCache | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.base_url = base_url.rstrip("/")
        self.service = service
        self.settings = settings or HttpSettings()
        self._headers = {"User-Agent": f"jobmaal/{__version__}", "Accept": "application/json, text/csv;q=0.9",
                         **(headers or {})}
        self.cache = cache
        self._sleep = sleep
        self.limiter = RateLimiter(self.settings.min_interval, sleep=sleep)
        self.stats = HttpStats()

    def url(self, path: str, params: Mapping[str, str] | None = None) -> str:
        url = f"{self.base_url}/{path.lstrip('/')}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        return url

    def request(self, method: str, path: str, check: Callable[[HttpResponse], T], *,
                params: Mapping[str, str] | None = None, json_body: Any = None) -> tuple[T, HttpResponse]:
        """Send the request (or read it from the cache) and return ``check(response)`` and the response."""
        method = method.upper()
        url = self.url(path, params)
        body = json.dumps(json_body, ensure_ascii=False).encode("utf-8") if json_body is not None else None
        if self.cache is not None:
            cached = self.cache.get(method, url, body)
            if cached is not None:
                resp = HttpResponse(method, url, cached.status, cached.content_type, cached.body,
                                    cached.fetched_at, from_cache=True)
                try:
                    value = check(resp)
                except SourceError:
                    pass  # a cache entry that no longer passes: ask the service
                else:
                    self.stats.cache_hits += 1
                    return value, resp
        resp = self._send(method, url, body)
        value = check(resp)
        if self.cache is not None and resp.status == 200:
            self.cache.put(method, url, body, CachedResponse(url, resp.status, resp.content_type, resp.body,
                                                             resp.fetched_at))
        return value, resp

    def _send(self, method: str, url: str, body: bytes | None) -> HttpResponse:
        s = self.settings
        headers = dict(self._headers)
        if body is not None:
            headers["Content-Type"] = "application/json; charset=utf-8"
        attempts = s.retries + 1
        problem = ""
        for attempt in range(attempts):
            if attempt:
                self.stats.retries += 1
            self.limiter.wait()
            self.stats.requests += 1
            retry_after: float | None = None
            try:
                req = urllib.request.Request(url, data=body, headers=headers, method=method)
                with urllib.request.urlopen(req, timeout=s.timeout) as raw:
                    content = raw.read()
                    return HttpResponse(method, url, raw.status, raw.headers.get("Content-Type", ""), content,
                                        dt.datetime.now(dt.UTC))
            except urllib.error.HTTPError as exc:
                content = _read_error_body(exc)
                if exc.code not in _RETRY_STATUS:
                    return HttpResponse(method, url, exc.code, exc.headers.get("Content-Type", "") if exc.headers
                                        else "", content, dt.datetime.now(dt.UTC))
                problem = f"HTTP {exc.code} {exc.reason}".strip()
                retry_after = _retry_after(exc.headers.get("Retry-After") if exc.headers else None)
            except TimeoutError:
                problem = f"no answer within {s.timeout:g} s (timeout)"
            except urllib.error.URLError as exc:
                if isinstance(exc.reason, TimeoutError):
                    problem = f"no answer within {s.timeout:g} s (timeout)"
                else:
                    problem = f"cannot connect: {exc.reason}"
            except (ConnectionError, http.client.HTTPException) as exc:
                problem = f"connection broken: {type(exc).__name__}: {exc}"
            self.stats.problems.append(problem)
            if attempt + 1 < attempts:
                delay = min(s.max_backoff, s.backoff * (2 ** attempt))
                if retry_after is not None:
                    delay = min(s.max_backoff, max(delay, retry_after))
                self._sleep(delay)
        raise SourceError(f"{self.service}: {method} {url} failed after {attempts} attempt(s): {problem}. "
                          "Prøv igen senere / try again later (or raise --retries / --timeout)")


def _read_error_body(exc: urllib.error.HTTPError) -> bytes:
    try:
        return exc.read() or b""
    except (OSError, http.client.HTTPException):
        return b""


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date: fall back to our own back-off
