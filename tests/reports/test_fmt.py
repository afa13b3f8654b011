"""Danish and English number, period and date formats."""

from __future__ import annotations

import datetime as dt

from jobmaal.reports import fmt


def test_danish_numbers_use_a_decimal_comma_and_thousands_dots() -> None:
    assert fmt.number(1234567.891, 1) == "1.234.567,9"
    assert fmt.number(-3.14159, 2) == "\u22123,14"
    assert fmt.number(3.1, 1, signed=True) == "+3,1"
    assert fmt.number(-0.04, 1, signed=True) == "0,0"  # never "−0,0"
    assert fmt.number(None) == fmt.number(float("nan")) == "–"
    assert fmt.percent(12.84) == "12,8\u00a0%"
    assert fmt.points(3.1) == "3,1\u00a0procentpoint"
    assert fmt.change(-0.7, "percent") == "\u22120,7\u00a0pct.point"
    assert fmt.figure(1234.4, "full_time_persons") == "1.234" and fmt.figure(11.34, "persons") == "11,3"


def test_english_numbers() -> None:
    assert fmt.number(1234567.891, 1, "en") == "1,234,567.9"
    assert fmt.percent(12.84, "en") == "12.8%"
    assert fmt.points(1.0, "en") == "1.0\u00a0percentage point" and fmt.points(2, "en").endswith("points")


def test_periods_spans_and_dates() -> None:
    d = dt.date(2021, 3, 1)
    assert fmt.period(d, "month") == "marts 2021" and fmt.period(d, "month", "en") == "March 2021"
    assert fmt.period(dt.date(2021, 7, 1), "half_year") == "2. halvår 2021"
    assert fmt.period(dt.date(2021, 7, 1), "half_year", "en") == "H2 2021"
    assert fmt.span(dt.date(2021, 1, 1), dt.date(2021, 9, 1), "month") == "januar–september 2021"
    assert fmt.span(dt.date(2020, 12, 1), dt.date(2021, 2, 1), "month") == "december 2020–februar 2021"
    assert fmt.span(dt.date(2021, 1, 1), dt.date(2021, 7, 1), "half_year") == "1.–2. halvår 2021"
    assert fmt.date(dt.date(2020, 6, 15)) == "15. juni 2020" and fmt.date(dt.date(2020, 6, 15), "en") == "15 June 2020"
