"""Days, weeks and months as integers, so that all date work is vectorised NumPy.

A day is the number of days since 1970-01-01 (Arrow's date32). Week ``w`` is the week
whose Monday is ``monday0 + 7 w``; negative weeks lie before the period (burn-in of spells
that are already running on the first day).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

import numpy as np

_EPOCH = dt.date(1970, 1, 1)
NEVER = np.int32(2**31 - 1)  # "no such day" (no permit, never leaves)


def to_day(value: dt.date) -> int:
    return (value - _EPOCH).days


def to_date(day: int) -> dt.date:
    return _EPOCH + dt.timedelta(days=int(day))


def years_of(days: np.ndarray) -> np.ndarray:
    """Calendar year of each day."""
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def day_of_year(days: np.ndarray) -> np.ndarray:
    """0-based day within its year."""
    d = days.astype("datetime64[D]")
    return (d - d.astype("datetime64[Y]").astype("datetime64[D]")).astype(np.int64)


def add_months(days: np.ndarray, months: np.ndarray | int) -> np.ndarray:
    """The same day of the month ``months`` later (the month's last day when it has no such day)."""
    d = days.astype("datetime64[D]")
    month = d.astype("datetime64[M]")
    dom = (d - month.astype("datetime64[D]")).astype(np.int64)
    target = month + np.asarray(months, dtype=np.int64)
    length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(np.int64)
    out = target.astype("datetime64[D]") + np.minimum(dom, length - 1)
    return out.astype(np.int64)


def year_start(years: np.ndarray) -> np.ndarray:
    """1 January of each year, as days."""
    return (np.asarray(years, dtype=np.int64) - 1970).astype("datetime64[Y]").astype("datetime64[D]").astype(
        np.int64
    )


@dataclass(frozen=True)
class Calendar:
    """The weeks and months of a generated period.

    The weeks are every Monday-to-Sunday week that overlaps the period, so the first
    week may start in the month before it (as DREAM has it): the days of such a week
    that fall in the period still count.
    """

    first_month: dt.date
    last_month: dt.date

    @cached_property
    def start_day(self) -> int:
        return to_day(self.first_month)

    @cached_property
    def end_day(self) -> int:
        """The last day of the last month."""
        nxt = dt.date(self.last_month.year + self.last_month.month // 12, self.last_month.month % 12 + 1, 1)
        return to_day(nxt) - 1

    @cached_property
    def monday0(self) -> int:
        # 1970-01-01 was a Thursday, so day d is a Monday when (d - 4) % 7 == 0.
        return self.start_day - (self.start_day - 4) % 7

    @cached_property
    def n_weeks(self) -> int:
        return (self.end_day - self.monday0) // 7 + 1

    @cached_property
    def mondays(self) -> np.ndarray:
        return (self.monday0 + 7 * np.arange(self.n_weeks)).astype(np.int32)

    @cached_property
    def month_starts(self) -> np.ndarray:
        """First day of each month, plus the day after the last month (length ``n_months + 1``)."""
        first = np.datetime64(self.first_month, "M")
        n = (np.datetime64(self.last_month, "M") - first).astype(int) + 2
        return (first + np.arange(n)).astype("datetime64[D]").astype(np.int64).astype(np.int32)

    @property
    def n_months(self) -> int:
        return len(self.month_starts) - 1

    def monday_of(self, week: np.ndarray) -> np.ndarray:
        return self.monday0 + 7 * np.asarray(week, dtype=np.int64)

    def first_week_from(self, days: np.ndarray) -> np.ndarray:
        """The first week whose Monday is on or after each day (may be negative or past the end)."""
        return -((self.monday0 - np.asarray(days, dtype=np.int64)) // 7)

    def month_of(self, days: np.ndarray) -> np.ndarray:
        """Month index of each day (-1 before the period, ``n_months`` after it)."""
        return np.searchsorted(self.month_starts, days, side="right") - 1

    @cached_property
    def week_month_share(self) -> np.ndarray:
        """(weeks × months) float32: the share of month m's days that lie in week w."""
        days = self.mondays[:, None] + np.arange(7)[None, :]
        month = self.month_of(days)
        share = np.zeros((self.n_weeks, self.n_months), dtype=np.float32)
        lengths = np.diff(self.month_starts).astype(np.float32)
        inside = (month >= 0) & (month < self.n_months)
        rows = np.broadcast_to(np.arange(self.n_weeks)[:, None], days.shape)[inside]
        np.add.at(share, (rows, month[inside]), 1.0 / lengths[month[inside]])
        return share
