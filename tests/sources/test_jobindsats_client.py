"""The Jobindsats client over real HTTP against the local fake service: shapes, key, retries, cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobmaal.errors import SourceError, SourceKeyError
from jobmaal.sources.cache import ResponseCache
from jobmaal.sources.http import HttpSettings
from jobmaal.sources.jobindsats import JobindsatsClient

from .conftest import FAST, SHORT
from .fake_apis import API_KEY, FakeApis

DATA = "/jobindsats/v2/data/ptva02/json"


def client(apis: FakeApis, key: str = API_KEY, cache: ResponseCache | None = None,
           settings: HttpSettings = FAST) -> JobindsatsClient:
    return JobindsatsClient(key, apis.jobindsats_url, settings=settings, cache=cache)


def test_lists_subjects_tables_and_metadata_with_the_raw_key(apis: FakeApis) -> None:
    c = client(apis)
    assert c.subjects()[0]["SubjectName"] == "Alle ydelser under ét"
    ids = [t.table_id for t in c.tables()]
    assert {"PTVA02", "MM13", "Y30R21"} <= set(ids)
    assert [t.table_id for t in c.tables(subject="nothing such")] == []
    info, _ = c.table_info("PTVA02")
    assert info.periods[0] == "2020M01" and info.periods[-1] == "2021M06"
    assert "Fuldtidspersoner i pct. af befolkningen 16-66 år" in [m.label for m in info.measures]
    assert [(d.name, d.label) for d in info.dimensions] == [("_ygrp_a02", "Ydelsesgrupper"), ("_kon", "Køn")]
    assert "Århus" in info.areas
    # the key is sent as the raw Authorization header, no "Bearer"
    assert {r.headers.get("Authorization") for r in apis.requests} == {API_KEY}


def test_data_in_the_documented_shape(apis: FakeApis) -> None:
    table, resp = client(apis).data("PTVA02", ["l(M:3)"], ["Randers", "Hele landet"], {"_kon": ["Mænd"]})
    assert [v.label for v in table.variables][:4] == ["Område", "Periode", "Ydelsesgrupper", "Køn"]
    assert {r[1] for r in table.rows} == {"2021M04", "2021M05", "2021M06"}
    assert {r[0] for r in table.rows} == {"Randers", "Hele landet"}
    assert {r[3] for r in table.rows} == {"Mænd"}
    assert apis.requests[-1].body == {"area": ["Randers", "Hele landet"], "period": ["l(M:3)"], "_kon": ["Mænd"]}
    assert resp.status == 200 and not resp.from_cache


@pytest.mark.parametrize("fault", ["badkey", "badkey401"])
def test_a_wrong_or_expired_key_is_a_clear_error(apis: FakeApis, fault: str) -> None:
    apis.faults[DATA] = [fault]
    with pytest.raises(SourceKeyError, match="Forkert nøgle eller nøglen er udløbet") as err:
        client(apis).data("PTVA02", ["2021M01"])
    assert "JOBINDSATS_API_KEY" in str(err.value)
    assert apis.hits(DATA) == 1  # a key problem is not retried


def test_the_service_refusing_our_key_is_not_cached(apis: FakeApis, tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "cache")
    with pytest.raises(SourceKeyError):
        client(apis, key="expired", cache=cache).data("PTVA02", ["2021M01"])
    table, resp = client(apis, cache=cache).data("PTVA02", ["2021M01"])
    assert not resp.from_cache and len(table.rows) > 100


def test_no_key_at_all() -> None:
    with pytest.raises(SourceKeyError, match="JOBINDSATS_API_KEY"):
        JobindsatsClient.from_env({})


def test_503_then_success_is_retried(apis: FakeApis) -> None:
    apis.faults[DATA] = ["503"]
    c = client(apis)
    table, _ = c.data("PTVA02", ["2021M01"], ["Randers"])
    assert len(table.rows) == 1
    assert apis.hits(DATA) == 2 and c.http.stats.retries == 1
    assert c.http.stats.problems == ["HTTP 503 Service Unavailable"]


def test_503_every_time_gives_up_with_a_clear_error(apis: FakeApis) -> None:
    apis.faults[DATA] = ["503", "503", "503"]
    with pytest.raises(SourceError, match=r"failed after 3 attempt\(s\): HTTP 503"):
        client(apis).data("PTVA02", ["2021M01"])
    assert apis.hits(DATA) == 3


def test_a_timeout_is_retried_and_then_answered(apis: FakeApis) -> None:
    apis.faults[DATA], apis.delay = ["timeout"], 3.0
    c = client(apis, settings=SHORT)
    table, _ = c.data("PTVA02", ["2021M01"], ["Randers"])
    assert table.rows[0][0] == "Randers"
    assert "timeout" in c.http.stats.problems[0]


def test_timeouts_every_time_name_the_timeout(apis: FakeApis) -> None:
    apis.faults[DATA], apis.delay = ["timeout", "timeout", "timeout"], 3.0
    with pytest.raises(SourceError, match=r"3 attempt\(s\): no answer within 1 s \(timeout\)"):
        client(apis, settings=SHORT).data("PTVA02", ["2021M01"])


def test_a_malformed_body_is_a_clear_error_and_not_retried(apis: FakeApis) -> None:
    apis.faults[DATA] = ["malformed"]
    with pytest.raises(SourceError, match="not JSON"):
        client(apis).data("PTVA02", ["2021M01"])
    assert apis.hits(DATA) == 1


def test_a_refused_request_names_the_answer(apis: FakeApis) -> None:
    with pytest.raises(SourceError, match=r"HTTP 400: .*Ukendt periode: 1999M01"):
        client(apis).data("PTVA02", ["1999M01"])


def test_the_cache_answers_a_repeated_request(apis: FakeApis, tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "cache")
    first, r1 = client(apis, cache=cache).data("MM13", ["2021M01"])
    again, r2 = client(apis, cache=cache).data("MM13", ["2021M01"])
    assert again == first and not r1.from_cache and r2.from_cache
    assert apis.hits("/data/mm13/") == 1
    _, r3 = client(apis, cache=cache).data("MM13", ["2021M02"])  # another request: asked
    assert not r3.from_cache and apis.hits("/data/mm13/") == 2
    assert not list((tmp_path / "cache").rglob("*key*")) and API_KEY not in "".join(
        p.read_text(encoding="utf-8", errors="replace") for p in (tmp_path / "cache").rglob("*.json"))
