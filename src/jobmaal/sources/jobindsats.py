"""Client of the Jobindsats API, version 2 (STAR's statistics portal).

The key comes from ``JOBINDSATS_API_KEY`` and is sent as the raw ``Authorization`` header (no
"Bearer"). Endpoints under the base URL (documented in docs/sources.md):

- ``GET  subjects/json``           → a list of subjects
- ``GET  tables/json``             → a list of tables (``TableID``, ``TableName``, ``SubjectID``, …)
- ``GET  tables/{id}/json``        → the table's metadata (areas, periods, measures, dimensions)
- ``POST data/{id}/json``          → ``[{"Variables": [{"Name", "Label"}, …], "Data": [[…], …]}]``
  with the body ``{"area": "*" | [names], "period": ["l(M:24)" | "2021M01", …], "<dimension>": [values]}``

A wrong or expired key is answered with a JSON object whose key is the message
"Forkert nøgle eller nøglen er udløbet."; it becomes a ``SourceKeyError``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jobmaal.errors import SourceError, SourceKeyError
from jobmaal.sources.cache import ResponseCache
from jobmaal.sources.http import HttpClient, HttpResponse, HttpSettings, snippet

DEFAULT_BASE_URL = "https://api.jobindsats.dk/v2"
KEY_ENV = "JOBINDSATS_API_KEY"
BASE_URL_ENV = "JOBINDSATS_BASE_URL"
SERVICE = "Jobindsats"
BAD_KEY_MESSAGE = "Forkert nøgle eller nøglen er udløbet."
_KEY_HINTS = ("forkert nøgle", "nøglen er udløbet")


@dataclass(frozen=True)
class Variable:
    name: str
    label: str


@dataclass(frozen=True)
class Dimension:
    name: str
    label: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class TableEntry:
    table_id: str
    name: str
    subject_id: str
    subject_name: str


@dataclass(frozen=True)
class TableInfo:
    table_id: str
    name: str
    areas: tuple[str, ...]
    periods: tuple[str, ...]
    measures: tuple[Variable, ...]
    dimensions: tuple[Dimension, ...]


@dataclass(frozen=True)
class JobindsatsTable:
    """A data answer: the variables (area, period, dimensions, measures) and the rows in their order."""

    table_id: str
    variables: tuple[Variable, ...]
    rows: tuple[tuple[Any, ...], ...]


def _get(obj: Mapping[str, Any], *names: str, default: Any = None) -> Any:
    lowered = {str(k).casefold(): v for k, v in obj.items()}
    for n in names:
        if n.casefold() in lowered:
            return lowered[n.casefold()]
    return default


def _key_problem(payload: Any) -> bool:
    if not isinstance(payload, dict):
        return False
    texts = [str(k) for k in payload] + [str(v) for v in payload.values() if isinstance(v, str)]
    return any(h in t.casefold() for t in texts for h in _KEY_HINTS)


def key_error(detail: str = BAD_KEY_MESSAGE) -> SourceKeyError:
    return SourceKeyError(f"Jobindsats afviste API-nøglen / rejected the API key: {detail!r}. Check "
                          f"{KEY_ENV} (a key is requested from jobindsats@star.dk; keys expire)")


def _checked_json(resp: HttpResponse) -> Any:
    """The JSON of a good answer; a bad key, another 4xx or a body that is not JSON raise clearly."""
    try:
        payload: Any = resp.json(SERVICE)
    except SourceError:
        if resp.status in (401, 403):
            raise key_error(f"HTTP {resp.status}") from None
        if resp.status != 200:
            raise SourceError(f"{SERVICE}: {resp.url} answered HTTP {resp.status}: "
                              f"{snippet(resp.text())!r}") from None
        raise
    if _key_problem(payload):
        raise key_error(next(iter(payload)) if isinstance(payload, dict) and payload else BAD_KEY_MESSAGE)
    if resp.status in (401, 403):
        raise key_error(f"HTTP {resp.status}")
    if resp.status != 200:
        raise SourceError(f"{SERVICE}: {resp.url} answered HTTP {resp.status}: {snippet(resp.text())!r}")
    return payload


def _malformed(url: str, what: str, payload: Any) -> SourceError:
    return SourceError(f"{SERVICE}: {url} answered in an unexpected shape ({what}): "
                       f"{snippet(repr(payload))!r}")


def parse_data(table_id: str, payload: Any, url: str = "") -> JobindsatsTable:
    """Check and read a data answer (a list whose first element has ``Variables`` and ``Data``)."""
    if not isinstance(payload, list) or not payload or not isinstance(payload[0], dict):
        raise _malformed(url, "expected a list whose first element is an object", payload)
    first = payload[0]
    raw_vars, raw_rows = _get(first, "Variables"), _get(first, "Data")
    if not isinstance(raw_vars, list) or not isinstance(raw_rows, list):
        raise _malformed(url, "the first element lacks 'Variables' or 'Data' lists", first)
    variables: list[Variable] = []
    for i, v in enumerate(raw_vars):
        if not isinstance(v, dict) or _get(v, "Name") is None or _get(v, "Label") is None:
            raise _malformed(url, f"Variables[{i}] lacks Name or Label", v)
        variables.append(Variable(str(_get(v, "Name")), str(_get(v, "Label"))))
    rows: list[tuple[Any, ...]] = []
    for i, r in enumerate(raw_rows):
        if not isinstance(r, list) or len(r) != len(variables):
            raise _malformed(url, f"Data[{i}] is not a list of {len(variables)} values", r)
        rows.append(tuple(r))
    return JobindsatsTable(table_id.upper(), tuple(variables), tuple(rows))


def parse_table_info(table_id: str, payload: Any, url: str = "") -> TableInfo:
    first = payload[0] if isinstance(payload, list) and payload else payload
    if not isinstance(first, dict):
        raise _malformed(url, "expected an object (or a list of one) with the table's metadata", payload)

    def strings(value: Any) -> tuple[str, ...]:
        if not isinstance(value, list):
            return ()
        out: list[str] = []
        for item in value:
            if isinstance(item, dict):
                inner = _get(item, "Values")
                out.extend(strings(inner) if isinstance(inner, list) else
                           [str(_get(item, "Name", "AreaName", "Label", default=""))])
            else:
                out.append(str(item))
        return tuple(o for o in out if o)

    measures = tuple(Variable(str(_get(m, "Name", default="")), str(_get(m, "Label", default="")))
                     if isinstance(m, dict) else Variable(str(m), str(m))
                     for m in (_get(first, "Measurements", "Measures") or []))
    dims = tuple(Dimension(str(_get(d, "Name", default="")), str(_get(d, "Label", default="")),
                           strings(_get(d, "Values", default=[])))
                 for d in (_get(first, "Dimensions") or []) if isinstance(d, dict))
    return TableInfo(
        table_id=str(_get(first, "TableID", "TableId", "Id", default=table_id)).upper(),
        name=str(_get(first, "TableName", "Name", default="")),
        areas=strings(_get(first, "Areas", "Area", default=[])),
        periods=strings(_get(first, "Periods", "Period", default=[])),
        measures=measures,
        dimensions=dims,
    )


class JobindsatsClient:
    """Subjects, tables, metadata and data from the Jobindsats API v2."""

    def __init__(self, api_key: str, base_url: str = DEFAULT_BASE_URL, *, settings: HttpSettings | None = None,
                 cache: ResponseCache | None = None, sleep: Any = None) -> None:
        if not api_key or not api_key.strip():
            raise SourceKeyError(f"no Jobindsats API key: set {KEY_ENV} (ingen nøgle / no key)")
        kwargs = {"sleep": sleep} if sleep is not None else {}
        self.http = HttpClient(base_url, service=SERVICE, settings=settings,
                               headers={"Authorization": api_key.strip()}, cache=cache, **kwargs)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, *, base_url: str | None = None,
                 settings: HttpSettings | None = None, cache: ResponseCache | None = None) -> JobindsatsClient:
        env = os.environ if environ is None else environ
        return cls(env.get(KEY_ENV, ""), base_url or env.get(BASE_URL_ENV) or DEFAULT_BASE_URL,
                   settings=settings, cache=cache)

    @property
    def base_url(self) -> str:
        return self.http.base_url

    def subjects(self) -> list[dict[str, Any]]:
        payload, resp = self.http.request("GET", "subjects/json", _checked_json)
        if not isinstance(payload, list):
            raise _malformed(resp.url, "expected a list of subjects", payload)
        return [p for p in payload if isinstance(p, dict)]

    def tables(self, subject: str | None = None) -> list[TableEntry]:
        payload, resp = self.http.request("GET", "tables/json", _checked_json)
        if not isinstance(payload, list):
            raise _malformed(resp.url, "expected a list of tables", payload)
        out = [TableEntry(str(_get(t, "TableID", "TableId", "Id", default="")).upper(),
                          str(_get(t, "TableName", "Name", default="")),
                          str(_get(t, "SubjectID", "SubjectId", default="")),
                          str(_get(t, "SubjectName", default="")))
               for t in payload if isinstance(t, dict)]
        if subject:
            s = subject.casefold()
            out = [t for t in out if s in (t.subject_id.casefold(), t.subject_name.casefold())]
        return out

    def table_info(self, table_id: str) -> tuple[TableInfo, HttpResponse]:
        payload, resp = self.http.request("GET", f"tables/{table_id.lower()}/json", _checked_json)
        return parse_table_info(table_id, payload, resp.url), resp

    def data_request(self, periods: Sequence[str], areas: Sequence[str] | str = "*",
                     dimensions: Mapping[str, Sequence[str]] | None = None) -> dict[str, Any]:
        area: Any = "*" if areas == "*" or list(areas) == ["*"] else list(areas)
        body: dict[str, Any] = {"area": area, "period": list(periods)}
        for name, values in (dimensions or {}).items():
            body[name] = list(values)
        return body

    def data(self, table_id: str, periods: Sequence[str], areas: Sequence[str] | str = "*",
             dimensions: Mapping[str, Sequence[str]] | None = None) -> tuple[JobindsatsTable, HttpResponse]:
        body = self.data_request(periods, areas, dimensions)

        def check(resp: HttpResponse) -> JobindsatsTable:
            return parse_data(table_id, _checked_json(resp), resp.url)

        return self.http.request("POST", f"data/{table_id.lower()}/json", check, json_body=body)
