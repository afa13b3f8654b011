"""Age start months: the one age rule the engine uses (frames compare k with age_start_k)."""

from __future__ import annotations

import datetime as dt

import ibis

from jobmaal.engine.months import age_start_k, month_end, month_index


def completed_years(birth: dt.date, day: dt.date) -> int:
    """Age in completed years on ``day``; a 29 February birthday falls on 1 March in other years."""
    years = day.year - birth.year
    return years - 1 if (day.month, day.day) < (birth.month, birth.day) else years


def first_month_of_age(birth: dt.date, age: int) -> int:
    k = month_index(birth)
    while completed_years(birth, month_end(k)) < age:
        k += 1
    return k


def test_age_start_k_is_the_first_month_whose_last_day_has_the_age() -> None:
    births = [dt.date(1960, 2, 29), dt.date(1964, 2, 29), dt.date(2000, 2, 29), dt.date(1999, 1, 31),
              dt.date(1980, 12, 31), dt.date(1980, 1, 1), dt.date(1975, 6, 30), dt.date(1975, 7, 1),
              dt.date(2003, 2, 28), dt.date(2004, 3, 1)]
    ages = [0, 1, 16, 18, 30, 50, 66, 67]
    rows = [(b, a) for b in births for a in ages]
    table = ibis.memtable({"birth": [b for b, _ in rows], "age": [a for _, a in rows]})
    con = ibis.duckdb.connect()
    try:
        got = []
        for age in ages:  # the age is a Python int in the engine (from the catalogue)
            part = table.filter(table.age == age)
            got += con.to_pyarrow(part.select("birth", "age", k=age_start_k(part.birth, age))).to_pylist()
    finally:
        con.disconnect()
    assert len(got) == len(rows)
    for row in got:
        assert row["k"] == first_month_of_age(row["birth"], row["age"]), row
