"""The StatBank client over real HTTP (CSV and JSON-stat) and framework conditions from its tables."""

from __future__ import annotations

import pytest

from jobmaal.errors import SourceError
from jobmaal.sources.conditions import conditions_from_statbank, load_specs, statbank_requests
from jobmaal.sources.statbank import StatbankClient, parse_jsonstat

from . import fake_data as fd
from .conftest import FAST
from .fake_apis import FakeApis

DATA = "/statbank/v1/data"


def client(apis: FakeApis) -> StatbankClient:
    return StatbankClient(apis.statbank_url, settings=FAST)


def test_tables_and_tableinfo(apis: FakeApis) -> None:
    c = client(apis)
    assert {t["id"] for t in c.tables()} == {"FOLK1A", "HFUDD11"}
    info, _ = c.tableinfo("FOLK1A")
    assert [v.id for v in info.variables] == ["OMRÅDE", "KØN", "ALDER", "CIVILSTAND", "Tid"]
    assert ("101", "101") in info.variables[0].values and info.variables[-1].time
    assert apis.requests[-1].body == {"table": "FOLK1A", "format": "JSON", "lang": "da"}


def test_csv_and_jsonstat_give_the_same_frame(apis: FakeApis) -> None:
    c = client(apis)
    variables = {"OMRÅDE": ["101", "730"], "ALDER": ["20", "21"], "Tid": ["2021K1"]}
    csv_frame, _ = c.data("FOLK1A", variables, "CSV")
    js_frame, _ = c.data("FOLK1A", variables, "JSONSTAT")
    assert list(csv_frame.columns) == ["OMRÅDE", "ALDER", "TID", "value"]
    assert len(csv_frame) == 4
    assert csv_frame.loc[(csv_frame.OMRÅDE == "730") & (csv_frame.ALDER == "21"), "value"].item() == \
        fd.folk1a("730", "TOT", "21", "2021K1")
    merged = csv_frame.merge(js_frame.drop(columns="CONTENTSCODE"), on=["OMRÅDE", "ALDER", "TID"])
    assert len(merged) == 4 and (merged.value_x == merged.value_y).all()
    assert apis.requests[-1].body["valuePresentation"] == "Code"


def test_503_then_success_and_a_malformed_answer(apis: FakeApis) -> None:
    apis.faults[DATA] = ["503", "malformed"]
    c = client(apis)
    with pytest.raises(SourceError, match="where CSV was expected"):
        c.data("FOLK1A", {"OMRÅDE": ["101"]})  # the 503 is retried, then the malformed body is refused
    assert apis.hits(DATA) == 2
    frame, _ = c.data("FOLK1A", {"OMRÅDE": ["101"]})
    assert len(frame) == 1


def test_jsonstat_with_the_wrong_number_of_values() -> None:
    bad = {"dataset": {"dimension": {"A": {"category": {"index": {"x": 0, "y": 1}}}, "id": ["A"], "size": [2]},
                       "value": [1]}}
    with pytest.raises(SourceError, match="1 values for 2 cells"):
        parse_jsonstat("T", bad)


def test_framework_conditions_from_statbank_tables(apis: FakeApis) -> None:
    specs = load_specs()
    requests = statbank_requests(specs, [2021])
    assert requests["FOLK1A"] == {"OMRÅDE": ["*"], "Tid": ["2021K1"], "KØN": ["TOT"], "CIVILSTAND": ["TOT"],
                                  "ALDER": ["*"]}
    c = client(apis)
    frames = {t: [c.data(t, v)[0]] for t, v in requests.items()}
    cond = conditions_from_statbank(frames, specs, [2021]).set_index("municipality_code")
    assert len(cond) == 98 and set(cond["year"]) == {2021}
    randers = cond.loc["730"]
    pop = sum(fd.folk1a("730", "TOT", str(a), "2021K1") for a in range(16, 67))
    young = sum(fd.folk1a("730", "TOT", str(a), "2021K1") for a in range(16, 30))
    assert randers["population_16_66"] == pop
    assert randers["age_16_29_share"] == pytest.approx(100 * young / pop)
    assert randers["unskilled_share"] == pytest.approx(fd.expected_unskilled("730"), abs=0.2)
