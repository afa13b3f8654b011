"""Fetching: ask a source for tables and keep every answer in the fetch store.

For a Jobindsats table with a mapping file, the table's metadata is read first, so that every value
of a dimension the mapping turns into a breakdown (benefit group, sex, …) is asked for by the
dimension's API name; the mapping's ``default_periods`` apply when no periods are given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from jobmaal.sources.areas import request_name
from jobmaal.sources.extract import norm
from jobmaal.sources.jobindsats import Dimension, JobindsatsClient
from jobmaal.sources.mapping import TableMapping
from jobmaal.sources.periods import check_period_request
from jobmaal.sources.statbank import StatbankClient
from jobmaal.sources.store import FetchStore


@dataclass(frozen=True)
class FetchResult:
    source: str
    table: str
    path: Path
    rows: int
    from_cache: bool


def _breakdown_filters(mapping: TableMapping | None, info_dims: Sequence[Dimension]) -> dict[str, list[str]]:
    """Every value of each dimension the mapping turns into a breakdown, by the dimension's API name."""
    if mapping is None:
        return {}
    out: dict[str, list[str]] = {}
    for bd in mapping.breakdown_dimensions:
        wanted = {norm(x) for x in bd.labels}
        for d in info_dims:
            if norm(d.label) in wanted and d.values and d.name:
                out[d.name] = list(d.values)
    return out


def fetch_jobindsats(client: JobindsatsClient, store: FetchStore, tables: Sequence[str], *,
                     periods: Sequence[str] | None = None, areas: Sequence[str] = ("*",),
                     dimensions: Mapping[str, Sequence[str]] | None = None,
                     mappings: Mapping[str, TableMapping] | None = None) -> list[FetchResult]:
    area_names = ["*"] if list(areas) in ([], ["*"]) else [request_name(a) for a in areas]
    out: list[FetchResult] = []
    for raw in tables:
        table = raw.strip().upper()
        mapping = (mappings or {}).get(table)
        info, info_resp = client.table_info(table)
        store.save(source="jobindsats", kind="tableinfo", table=table, base_url=client.base_url, request=None,
                   response=info_resp)
        dims = {**_breakdown_filters(mapping, info.dimensions), **{k: list(v) for k, v in (dimensions or {}).items()}}
        wanted = check_period_request(list(periods) if periods else
                                      list(mapping.default_periods if mapping else ("l(M:24)",)))
        data, resp = client.data(table, wanted, area_names, dims)
        path = store.save(source="jobindsats", kind="data", table=table, base_url=client.base_url,
                          request=client.data_request(wanted, area_names, dims), response=resp)
        out.append(FetchResult("jobindsats", table, path, len(data.rows), resp.from_cache))
    return out


def fetch_statbank(client: StatbankClient, store: FetchStore, table: str, variables: Mapping[str, Sequence[str]],
                   fmt: str = "CSV") -> FetchResult:
    table = table.strip().upper()
    frame, resp = client.data(table, variables, fmt)
    path = store.save(source="statbank", kind="data", table=table, base_url=client.base_url,
                      request=client.data_request(table, variables, fmt), response=resp)
    return FetchResult("statbank", table, path, len(frame), resp.from_cache)
