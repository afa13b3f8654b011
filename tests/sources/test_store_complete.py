"""The fetch store (what was read, from where, when) and the completion of an official run's cells."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from jobmaal.catalog import default_catalog
from jobmaal.errors import SourceError
from jobmaal.sources.complete import complete_cells
from jobmaal.sources.http import HttpResponse
from jobmaal.sources.store import FetchStore, fingerprint


def response(body: str, when: dt.datetime) -> HttpResponse:
    return HttpResponse("POST", "http://x/v2/data/mm13/json", 200, "application/json", body.encode("utf-8"), when)


def test_save_and_read_back(tmp_path: Path) -> None:
    store = FetchStore(tmp_path)
    t1, t2 = dt.datetime(2021, 7, 1, 8, tzinfo=dt.UTC), dt.datetime(2021, 8, 1, 8, tzinfo=dt.UTC)
    later = store.save(source="jobindsats", kind="data", table="mm13", base_url="http://x/v2",
                       request={"area": "*", "period": ["2021M06"]}, response=response('[{"a": "ø"}]', t2))
    store.save(source="jobindsats", kind="data", table="MM13", base_url="http://x/v2", request=None,
               response=response("[1]", t1))
    store.save(source="jobindsats", kind="tableinfo", table="MM13", base_url="http://x/v2", request=None,
               response=response("[]", t1))
    fetches = store.fetches("jobindsats")
    assert [f.fetched_at for f in fetches] == [t1, t2]  # oldest first; metadata answers are not data
    assert fetches[1].path == later and fetches[1].json() == [{"a": "ø"}] and fetches[1].table == "MM13"
    record = json.loads(later.read_text(encoding="utf-8"))
    assert record["source_name"] == "Jobindsats.dk" and record["request"]["period"] == ["2021M06"]
    assert fingerprint(fetches) == fingerprint(list(reversed(fetches)))
    assert fingerprint(fetches[:1]) != fingerprint(fetches)


def test_an_edited_answer_is_refused(tmp_path: Path) -> None:
    store = FetchStore(tmp_path)
    path = store.save(source="statbank", kind="data", table="FOLK1A", base_url="http://x", request=None,
                      response=response("OMRÅDE;INDHOLD\n101;5\n", dt.datetime(2021, 1, 1, tzinfo=dt.UTC)))
    record = json.loads(path.read_text(encoding="utf-8"))
    record["body"] = record["body"].replace("5", "6")
    path.write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(SourceError, match="does not match its checksum"):
        store.fetches()
    with pytest.raises(SourceError, match="no fetch store"):
        FetchStore(tmp_path / "missing").fetches()


def test_unpublished_cells_and_linked_indicators_are_added_as_missing() -> None:
    row = {"indicator_id": "mm13_refugees_employed_share", "area_type": "municipality", "area_code": "730",
           "period": dt.date(2021, 6, 1), "breakdown": "", "breakdown_value": "", "value": 40.4, "numerator": 404.0,
           "denominator": 1000.0, "numerator_persons": 404, "denominator_persons": 1000}
    values, added = complete_cells([row], default_catalog())
    keys = {(r["indicator_id"], r["area_code"], r["breakdown"], r["breakdown_value"]) for r in values}
    # 2 linked indicators × 112 areas × (total + 2 sexes + 3 age groups), one of them published
    assert added == len(values) - 1 == 2 * 112 * 6 - 1
    assert ("mm13_refugees_190h_share", "730", "", "") in keys and ("mm13_refugees_employed_share", "000", "sex",
                                                                     "female") in keys
    assert values[0] is row
    assert all(r["value"] is None and r["numerator_persons"] is None for r in values[1:])
