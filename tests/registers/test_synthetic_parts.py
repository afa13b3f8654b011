"""The generator's building blocks, with answers worked out by hand."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from jobmaal.registers.synthetic.calendar import Calendar, add_months, to_date, to_day
from jobmaal.registers.synthetic.municipalities import allocate, draw_municipalities
from jobmaal.registers.synthetic.options import GenerateOptions
from jobmaal.registers.synthetic.persons import pension_day, pick_rows
from jobmaal.registers.synthetic.spells import paint
from jobmaal.registers.synthetic.tables import fixed_strings, person_keys


def _days(*dates: str) -> np.ndarray:
    return np.array([to_day(dt.date.fromisoformat(d)) for d in dates])


def test_calendar_weeks_cover_the_period_from_the_monday_before() -> None:
    cal = Calendar(dt.date(2019, 1, 1), dt.date(2024, 12, 1))
    assert to_date(cal.monday0) == dt.date(2018, 12, 31)
    assert to_date(cal.end_day) == dt.date(2024, 12, 31)
    assert cal.n_weeks == 314 and to_date(int(cal.mondays[-1])) == dt.date(2024, 12, 30)
    assert cal.n_months == 72
    assert np.allclose(cal.week_month_share.sum(axis=0), 1.0)  # every day of every month in one week
    # The first week has 6 of its days (1-6 January) in January 2019.
    assert cal.week_month_share[0, 0] == pytest.approx(6 / 31)
    assert list(cal.first_week_from(_days("2018-12-31", "2019-01-01", "2019-01-07", "2018-12-24"))) == [0, 1, 1, -1]
    assert list(cal.month_of(_days("2018-12-31", "2019-01-01", "2024-12-31", "2025-01-01"))) == [-1, 0, 71, 72]


def test_add_months_keeps_the_day_or_takes_the_last_of_the_month() -> None:
    out = add_months(_days("2020-02-29", "2019-01-31", "2000-06-15"), np.array([12, 1, 16 * 12]))
    assert [to_date(int(d)).isoformat() for d in out] == ["2021-02-28", "2019-02-28", "2016-06-15"]


def test_pension_age_rises_from_65_to_67() -> None:
    born = _days("1953-05-10", "1954-03-01", "1954-09-01", "1955-03-01", "1960-02-29")
    assert [to_date(int(d)).isoformat() for d in pension_day(born)] == [
        "2018-05-10", "2019-09-01", "2020-09-01", "2021-09-01", "2027-02-28"]


def test_allocation_is_exact_and_gives_every_municipality_someone() -> None:
    weight = draw_municipalities(1).weight
    first = allocate(2_000, weight, seed=1)
    counts = np.bincount(first, minlength=len(weight))
    assert counts.sum() == 2_000 and counts.min() >= 1
    assert abs(counts[0] - 2_000 * weight[0]) <= 1  # København
    assert np.array_equal(first, allocate(2_000, weight, seed=1))
    assert not np.array_equal(first, allocate(2_000, weight, seed=2))


def test_pick_rows_draws_from_each_rows_own_weights() -> None:
    cumulative = np.array([[1.0, 1.0, 2.0], [0.0, 3.0, 3.0]])  # row 0: columns 0 and 2; row 1: column 1
    picks = pick_rows(cumulative, np.array([0, 0, 1, 1]), np.array([0.0, 0.99, 0.0, 0.99]))
    assert list(picks) == [0, 2, 1, 1]


def test_paint_cuts_spells_to_the_period_and_each_persons_limit() -> None:
    state = np.zeros((2, 6), dtype=np.int8)
    limit = np.array([6, 3])
    paint(state, np.array([0, 0, 1]), np.array([-2, 4, 1]), np.array([1, 9, 5]), np.array([1, 2, 3]), limit)
    assert state.tolist() == [[1, 0, 0, 0, 2, 2], [0, 3, 3, 0, 0, 0]]
    paint(state, np.array([0]), np.array([0]), np.array([5]), 4, limit)  # later groups win
    assert state[0].tolist() == [4, 4, 4, 4, 4, 2]


def test_person_keys_are_fixed_width_and_sort_in_person_order() -> None:
    keys = fixed_strings(person_keys(np.array([0, 9, 4_499_999]))).to_pylist()
    assert keys == ["P000000001", "P000000010", "P004500000"]


def test_chunks_split_the_persons_in_order() -> None:
    options = GenerateOptions.build("x", persons=250, chunk_persons=100)
    assert options.n_chunks == 3
    assert [options.chunk_bounds(c) for c in range(3)] == [(0, 100), (100, 200), (200, 250)]
