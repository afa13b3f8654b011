"""Client of Statistics Denmark's StatBank API (``https://api.statbank.dk/v1``; no key needed).

Endpoints (POST with a JSON body, as the API recommends):

- ``tables``    ``{"lang": "da", "format": "JSON"}`` → a list of ``{"id", "text", "unit", "updated", …}``
- ``tableinfo`` ``{"table": "FOLK1A", "format": "JSON", "lang": "da"}`` → ``{"id", "text", "variables":
  [{"id": "OMRÅDE", "text": …, "time": false, "values": [{"id": "101", "text": "København"}, …]}, …]}``
- ``data``      ``{"table": "FOLK1A", "format": "CSV" | "JSONSTAT", "lang": "da", "valuePresentation":
  "Code", "variables": [{"code": "OMRÅDE", "values": ["*"]}, …]}`` → semicolon CSV with one column per
  variable and ``INDHOLD``, or a JSON-stat dataset (1.x wrapped in ``"dataset"`` or 2.0).

Both data formats are read into one long frame: a column per variable (its id in upper case, e.g.
``OMRÅDE``, ``TID``; cells are codes) and ``value``.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from jobmaal.errors import SourceError
from jobmaal.sources.cache import ResponseCache
from jobmaal.sources.http import HttpClient, HttpResponse, HttpSettings, snippet
from jobmaal.sources.numbers import NotANumber, number

DEFAULT_BASE_URL = "https://api.statbank.dk/v1"
BASE_URL_ENV = "STATBANK_BASE_URL"
SERVICE = "StatBank"
VALUE_COLUMN = "value"


@dataclass(frozen=True)
class StatbankVariable:
    id: str
    text: str
    time: bool
    values: tuple[tuple[str, str], ...]  # (code, label)


@dataclass(frozen=True)
class StatbankTableInfo:
    table_id: str
    text: str
    unit: str
    updated: str
    variables: tuple[StatbankVariable, ...]


def _ok_json(resp: HttpResponse) -> Any:
    if resp.status != 200:
        text = resp.text()
        raise SourceError(f"{SERVICE}: {resp.url} answered HTTP {resp.status}: {snippet(text)!r}")
    payload = resp.json(SERVICE)
    if isinstance(payload, dict) and ("errorTypeCode" in payload or "message" in payload) and \
            "variables" not in payload and "dataset" not in payload and "value" not in payload:
        raise SourceError(f"{SERVICE}: {resp.url} refused the request: {payload.get('message', payload)!r}")
    return payload


def parse_csv(table_id: str, text: str, url: str = "") -> pd.DataFrame:
    """StatBank CSV (semicolon, header of variable ids, last column ``INDHOLD``) → the long frame."""
    if text.lstrip().startswith(("{", "[", "<")):
        raise SourceError(f"{SERVICE}: {url} answered with {text.lstrip()[:1]!r}… where CSV was expected: "
                          f"{snippet(text)!r}")
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    rows = [r for r in reader if r]
    if not rows or len(rows[0]) < 2 or rows[0][-1].strip().upper() != "INDHOLD":
        raise SourceError(f"{SERVICE}: {url}: table {table_id}: the CSV has no header ending in INDHOLD: "
                          f"{snippet(text)!r}")
    header = [h.strip().upper() for h in rows[0][:-1]]
    records: list[list[Any]] = []
    for i, r in enumerate(rows[1:], start=2):
        if len(r) != len(header) + 1:
            raise SourceError(f"{SERVICE}: {url}: table {table_id} CSV line {i} has {len(r)} fields, "
                              f"expected {len(header) + 1}")
        records.append([c.strip() for c in r[:-1]] + [_num(r[-1], table_id, f"CSV line {i}")])
    return pd.DataFrame(records, columns=[*header, VALUE_COLUMN])


def _num(text: Any, table_id: str, where: str) -> float | None:
    try:
        return number(text)
    except NotANumber:
        raise SourceError(f"{SERVICE}: table {table_id} {where}: {text!r} is not a number") from None


def parse_jsonstat(table_id: str, payload: Any, url: str = "") -> pd.DataFrame:
    """A JSON-stat dataset (2.0, or 1.x wrapped in ``"dataset"``) → the long frame (category codes)."""
    ds = payload.get("dataset") if isinstance(payload, dict) and "dataset" in payload else payload
    if not isinstance(ds, dict) or "dimension" not in ds or "value" not in ds:
        raise SourceError(f"{SERVICE}: {url}: table {table_id}: not a JSON-stat dataset: {snippet(repr(payload))!r}")
    dims = ds["dimension"]
    ids = ds.get("id") or dims.get("id")
    sizes = ds.get("size") or dims.get("size")
    if not isinstance(ids, list) or not isinstance(sizes, list) or len(ids) != len(sizes):
        raise SourceError(f"{SERVICE}: {url}: table {table_id}: JSON-stat without matching 'id' and 'size'")
    codes: list[list[str]] = []
    for dim_id, size in zip(ids, sizes, strict=True):
        index = ((dims.get(dim_id) or {}).get("category") or {}).get("index")
        if isinstance(index, dict):
            ordered = sorted(index, key=lambda k: index[k])
        elif isinstance(index, list):
            ordered = [str(x) for x in index]
        else:  # a single category may come without an index
            ordered = list(((dims.get(dim_id) or {}).get("category") or {}).get("label", {}))
        if len(ordered) != size:
            raise SourceError(f"{SERVICE}: {url}: table {table_id}: dimension {dim_id} has {len(ordered)} "
                              f"categories but size {size}")
        codes.append(ordered)
    total = 1
    for s in sizes:
        total *= s
    raw = ds["value"]
    if isinstance(raw, dict):  # the sparse form {"index": value}
        values: list[Any] = [raw.get(str(i)) for i in range(total)]
    elif isinstance(raw, list) and len(raw) == total:
        values = raw
    else:
        count = len(raw) if isinstance(raw, list) else "?"
        raise SourceError(f"{SERVICE}: {url}: table {table_id}: JSON-stat has {count} values for {total} cells")
    records = [[*combo, _num(v, table_id, f"value[{i}]")]
               for i, (combo, v) in enumerate(zip(itertools.product(*codes), values, strict=True))]
    return pd.DataFrame(records, columns=[*(str(i).upper() for i in ids), VALUE_COLUMN])


class StatbankClient:
    def __init__(self, base_url: str = DEFAULT_BASE_URL, *, settings: HttpSettings | None = None,
                 cache: ResponseCache | None = None, lang: str = "da", sleep: Any = None) -> None:
        kwargs = {"sleep": sleep} if sleep is not None else {}
        self.http = HttpClient(base_url, service=SERVICE, settings=settings, cache=cache, **kwargs)
        self.lang = lang

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, *, base_url: str | None = None,
                 settings: HttpSettings | None = None, cache: ResponseCache | None = None) -> StatbankClient:
        env = os.environ if environ is None else environ
        return cls(base_url or env.get(BASE_URL_ENV) or DEFAULT_BASE_URL, settings=settings, cache=cache)

    @property
    def base_url(self) -> str:
        return self.http.base_url

    def tables(self, subjects: Sequence[str] = ()) -> list[dict[str, Any]]:
        body: dict[str, Any] = {"lang": self.lang, "format": "JSON"}
        if subjects:
            body["subjects"] = list(subjects)
        payload, resp = self.http.request("POST", "tables", _ok_json, json_body=body)
        if not isinstance(payload, list):
            raise SourceError(f"{SERVICE}: {resp.url}: expected a list of tables: {snippet(repr(payload))!r}")
        return [t for t in payload if isinstance(t, dict)]

    def tableinfo(self, table_id: str) -> tuple[StatbankTableInfo, HttpResponse]:
        body = {"table": table_id, "format": "JSON", "lang": self.lang}
        payload, resp = self.http.request("POST", "tableinfo", _ok_json, json_body=body)
        if not isinstance(payload, dict) or not isinstance(payload.get("variables"), list):
            raise SourceError(f"{SERVICE}: {resp.url}: table {table_id}: no 'variables' in the table info: "
                              f"{snippet(repr(payload))!r}")
        variables = tuple(
            StatbankVariable(str(v.get("id", "")), str(v.get("text", "")), bool(v.get("time", False)),
                             tuple((str(x.get("id", "")), str(x.get("text", ""))) for x in v.get("values") or []
                                   if isinstance(x, dict)))
            for v in payload["variables"] if isinstance(v, dict))
        return StatbankTableInfo(str(payload.get("id", table_id)), str(payload.get("text", "")),
                                 str(payload.get("unit", "")), str(payload.get("updated", "")), variables), resp

    def data_request(self, table_id: str, variables: Mapping[str, Sequence[str]], fmt: str = "CSV") -> dict[str, Any]:
        return {"table": table_id, "format": fmt.upper(), "lang": self.lang, "valuePresentation": "Code",
                "variables": [{"code": k, "values": list(v)} for k, v in variables.items()]}

    def data(self, table_id: str, variables: Mapping[str, Sequence[str]], fmt: str = "CSV"
             ) -> tuple[pd.DataFrame, HttpResponse]:
        body = self.data_request(table_id, variables, fmt)
        return self.http.request("POST", "data", lambda resp: parse_data(table_id, resp, fmt), json_body=body)


def parse_data(table_id: str, resp: HttpResponse, fmt: str) -> pd.DataFrame:
    if resp.status != 200:
        raise SourceError(f"{SERVICE}: {resp.url} answered HTTP {resp.status}: {snippet(resp.text())!r}")
    return parse_body(table_id, resp.text(), fmt, resp.url)


def parse_body(table_id: str, text: str, fmt: str, url: str = "") -> pd.DataFrame:
    """A data answer (as text) in ``fmt`` ("CSV" or "JSONSTAT") → the long frame."""
    if fmt.upper() == "CSV":
        return parse_csv(table_id, text, url)
    try:
        payload = json.loads(text.lstrip("\ufeff"))
    except ValueError as exc:
        raise SourceError(f"{SERVICE}: {url}: table {table_id}: the answer is not JSON: {snippet(text)!r}") from exc
    return parse_jsonstat(table_id, payload, url)
