"""Local indicators: values by form or CSV upload, validated, all or nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jobmaal.errors import PlanValidationError
from jobmaal.plans import PUBLIC, SYSTEM, LocalValueInput, PlanContent, PlanState, PlanStore, edits
from jobmaal.plans.local_csv import parse_local_values_csv


def _values(store: PlanStore, user: Any = SYSTEM) -> list[tuple[str, str, float]]:
    return [(v.indicator_key, v.period.isoformat(), v.value) for v in store.local_values(user, "730", 2021)]


def test_a_csv_upload_is_stored_and_a_second_upload_replaces_months(store: PlanStore, content: PlanContent,
                                                                   cast: Any) -> None:
    store.save_plan(SYSTEM, "730", 2021, content, 0)
    editor = cast.editor
    text = "indicator_key,period,value\nsatisfaction,2021-01-01,71.5\nsatisfaction,2021-02,73\n"
    assert store.import_local_values_csv(editor, "730", text, source="survey.csv") == 2
    assert _values(store) == [("satisfaction", "2021-01-01", 71.5), ("satisfaction", "2021-02-01", 73.0)]
    # Danish Excel: semicolons and decimal commas; a byte-order mark; replaces February.
    excel = "\ufeffindicator_key;period;value\r\nsatisfaction;2021-02-01;74,25\r\nsatisfaction;2021-03-01;75\r\n"
    assert store.import_local_values_csv(editor, "730", excel) == 2
    assert _values(store)[1:] == [("satisfaction", "2021-02-01", 74.25), ("satisfaction", "2021-03-01", 75.0)]
    entry = store.audit(SYSTEM, action="local_values.set")[-1]
    assert entry.before == {"satisfaction@2021-02-01": 73.0}
    assert entry.after["values"] == {"satisfaction@2021-02-01": 74.25, "satisfaction@2021-03-01": 75.0}
    assert store.local_values(editor, "730")[0].updated_by == "randers-editor"


BAD_CSV = [
    ("", "the file is empty"),
    ("key,period,value\nsatisfaction,2021-01-01,3\n", "missing column(s) ['indicator_key'], unknown column(s) ['key']"),
    ("indicator_key,period,value\n", "no values after the header"),
    ("indicator_key,period,value\nsatisfaction,2021-01-01,lots\n", "line 2, column 'value': 'lots' is not a number"),
    ("indicator_key,period,value\nsatisfaction,2021-13-01,3\n", "line 2, column 'period': '2021-13-01' is not a month"),
    ("indicator_key,period,value\nsatisfaction,2021-01-15,3\n", "not the first day of a month"),
    ("indicator_key,period,value\nsatisfaction,2021-01-01,3,4\n", "line 2: 4 fields, the header has 3"),
    ('indicator_key,period,value\nsatisfaction,2021-01-01,"3\n', "malformed CSV"),
    ("indicator_key,period,value\n,2021-01-01,inf\n", "column 'indicator_key': empty"),
]


@pytest.mark.parametrize(("text", "message"), BAD_CSV)
def test_a_malformed_csv_names_line_and_column(text: str, message: str) -> None:
    with pytest.raises(PlanValidationError) as info:
        parse_local_values_csv(text, "survey.csv")
    assert message in str(info.value)
    assert str(info.value).startswith("survey.csv refused")


def test_values_are_checked_against_the_plan_and_nothing_is_stored_on_error(store: PlanStore,
                                                                           content: PlanContent) -> None:
    store.save_plan(SYSTEM, "730", 2021, content, 0)
    store.set_local_values(SYSTEM, "730", [LocalValueInput("satisfaction", dt.date(2021, 1, 1), 60)])
    text = ("indicator_key,period,value\n"
            "satisfaction,2021-02-01,70\n"
            "satisfaction,2021-03-01,101\n"
            "waiting_days,2021-03-01,12\n"
            "satisfaction,2022-01-01,50\n"
            "satisfaction,2021-02-01,71\n")
    with pytest.raises(PlanValidationError) as info:
        store.import_local_values_csv(SYSTEM, "730", text, source="survey.csv")
    assert info.value.problems == [
        "survey.csv: line 3, value: 101 is outside 0–100 (percent) for local indicator 'satisfaction'",
        "survey.csv: line 4, indicator_key: 'waiting_days' is not a local indicator of the 2021 plan of 730 "
        "(defined: ['satisfaction']); define it in the plan first",
        "survey.csv: line 5, indicator_key: 'satisfaction' is not a local indicator of the 2022 plan of 730 "
        "(defined: none); define it in the plan first",
        "survey.csv: line 6: a second value for 'satisfaction' 2021-02-01 (first at survey.csv: line 2)",
    ]
    assert _values(store) == [("satisfaction", "2021-01-01", 60.0)]
    assert len(store.audit(SYSTEM, action="local_values.set")) == 1


def test_delete_values(store: PlanStore, content: PlanContent) -> None:
    store.save_plan(SYSTEM, "730", 2021, content, 0)
    store.set_local_values(SYSTEM, "730", [LocalValueInput("satisfaction", dt.date(2021, m, 1), 60 + m)
                                           for m in (1, 2, 3)])
    assert store.delete_local_values(SYSTEM, "730", "satisfaction", [dt.date(2021, 2, 1), dt.date(2021, 9, 1)]) == 1
    assert [p for _k, p, _v in _values(store)] == ["2021-01-01", "2021-03-01"]
    assert store.audit(SYSTEM, action="local_values.delete")[0].before == {"satisfaction@2021-02-01": 62.0}


def test_the_public_sees_values_of_adopted_local_indicators_only(store: PlanStore, content: PlanContent) -> None:
    store.save_plan(SYSTEM, "730", 2021, content, 0)
    store.set_local_values(SYSTEM, "730", [LocalValueInput("satisfaction", dt.date(2021, 1, 1), 60)])
    assert _values(store, PUBLIC) == []  # the plan is a draft
    store.save_plan(SYSTEM, "730", 2021, edits.with_state(content, PlanState.ADOPTED, dt.date(2020, 12, 1)), 1)
    assert _values(store, PUBLIC) == [("satisfaction", "2021-01-01", 60.0)]
