"""Month indices: every period rule becomes integer arithmetic on k = year * 12 + month - 1.

The engine never compares dates month by month; it maps dates to month indices once and
turns "resident on d1", "aged 16–66 on d1" and "permit on or before d1" into intervals of k.
That keeps the same expressions exact on every backend and lets counts be taken by
interval arithmetic instead of expanding persons × months.
"""

from __future__ import annotations

import calendar
import datetime as dt

import ibis
import ibis.expr.types as ir

# A month index beyond any data ("still living there", "no upper age").
K_INFINITY = 10_000 * 12


def month_index(d: dt.date) -> int:
    return d.year * 12 + d.month - 1


def month_start(k: int) -> dt.date:
    return dt.date(k // 12, k % 12 + 1, 1)


def month_end(k: int) -> dt.date:
    year, month = k // 12, k % 12 + 1
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def k_of(date: ir.DateValue) -> ir.IntegerValue:
    """The month index of a date column."""
    return (date.year().cast("int64") * 12 + date.month().cast("int64") - 1).name("k")


def is_leap(year: ir.IntegerValue) -> ir.BooleanValue:
    return ((year % 4) == 0) & (((year % 100) != 0) | ((year % 400) == 0))


def days_in_month(year: ir.IntegerValue, month: ir.IntegerValue) -> ir.IntegerValue:
    thirty = month.isin([4, 6, 9, 11])
    february = month == 2
    return ibis.cases(
        (february, is_leap(year).ifelse(29, 28)),
        (thirty, 30),
        else_=31,
    ).cast("int64")


def age_start_k(birth_date: ir.DateValue, age: int) -> ir.IntegerValue:
    """The first month index k at whose last day (d1) a person born on ``birth_date`` is ``age``.

    Age is completed years on d1. The birthday month's last day is on or after the birthday,
    except for a 29 February birth in a year where February has 28 days: that person turns
    ``age`` on 1 March (the day after 28 February), so in the next month's index.
    """
    year = birth_date.year().cast("int64")
    month = birth_date.month().cast("int64")
    day = birth_date.day().cast("int64")
    base = (year + age) * 12 + month - 1
    late_leap_day = (month == 2) & (day == 29) & ~is_leap(year + age)
    return base + late_leap_day.ifelse(1, 0)
