"""Period labels of the official sources and their spans.

Jobindsats: ``2021M01`` (month), ``2021Q1`` (quarter), ``2021H1`` (half-year), ``2021`` (year) and
``2023QMAT02`` (rolling four quarters ending with the 2nd quarter of 2023, i.e. 2022-07-01 – 2023-06-30);
``2023MMAT06`` (rolling twelve months ending June 2023) is read the same way. StatBank also writes
quarters as ``2021K1``. jobmaal stores a period as the ISO date of its first day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from jobmaal.errors import SourceError

Kind = Literal["month", "quarter", "half_year", "year", "rolling_year"]

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(\d{4})M(\d{2})$"), "month"),
    (re.compile(r"^(\d{4})[QK]([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})H([12])$"), "half_year"),
    (re.compile(r"^(\d{4})$"), "year"),
    (re.compile(r"^(\d{4})QMAT(\d{2})$"), "qmat"),
    (re.compile(r"^(\d{4})MMAT(\d{2})$"), "mmat"),
)
# "l(M:24)": the latest 24 months (Q quarters, H half-years, Y years) as the Jobindsats API takes it.
LATEST_SPEC = re.compile(r"^l\((M|Q|H|Y|QMAT|MMAT):(\d{1,3})\)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PeriodSpan:
    label: str
    kind: Kind
    start: dt.date
    end: dt.date  # the last day, inclusive

    @property
    def month(self) -> dt.date:
        """The first day of the span's first month (jobmaal's ``period``)."""
        return self.start


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _shift_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + (day.month - 1) + months
    return dt.date(index // 12, index % 12 + 1, 1)


@lru_cache(maxsize=4096)
def parse_period(label: str) -> PeriodSpan:
    """The span of a period label; a ``SourceError`` names the label it cannot read."""
    text = str(label).strip()
    for pattern, kind in _PATTERNS:
        m = pattern.match(text.upper())
        if not m:
            continue
        year = int(m.group(1))
        if kind == "year":
            return PeriodSpan(text, "year", dt.date(year, 1, 1), dt.date(year, 12, 31))
        n = int(m.group(2))
        if kind == "month" and 1 <= n <= 12:
            return PeriodSpan(text, "month", dt.date(year, n, 1), _month_end(year, n))
        if kind == "quarter":
            first = 3 * (n - 1) + 1
            return PeriodSpan(text, "quarter", dt.date(year, first, 1), _month_end(year, first + 2))
        if kind == "half_year":
            first = 6 * (n - 1) + 1
            return PeriodSpan(text, "half_year", dt.date(year, first, 1), _month_end(year, first + 5))
        if kind == "qmat" and 1 <= n <= 4:
            end = _month_end(year, 3 * n)
            return PeriodSpan(text, "rolling_year", _shift_months(dt.date(year, 3 * n, 1), -11), end)
        if kind == "mmat" and 1 <= n <= 12:
            return PeriodSpan(text, "rolling_year", _shift_months(dt.date(year, n, 1), -11), _month_end(year, n))
    raise SourceError(f"unknown period {label!r}: expected e.g. 2021M01, 2021Q1, 2021H1, 2021 or 2023QMAT02")


def check_period_request(periods: list[str]) -> list[str]:
    """Validate what the user asks for: ``l(M:24)`` style specs or explicit labels; returns them cleaned."""
    out: list[str] = []
    for raw in periods:
        text = raw.strip()
        if not text:
            continue
        m = LATEST_SPEC.match(text)
        if m:
            out.append(f"l({m.group(1).upper()}:{int(m.group(2))})")
        else:
            out.append(parse_period(text).label.upper())
    if not out:
        raise SourceError("no periods given: use e.g. --periods 'l(M:24)' or --periods 2021M01,2021M02")
    return out
