"""The disclosed values of one run, indexed once for the pages and the API.

Everything here starts from ``jobmaal.publication.published`` (the disclosure gate) and only
filters: no figure that the gate hid can come out, and no figure is computed here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from jobmaal.analysis.results import Results, RunInfo, results_from_frame
from jobmaal.disclosure import DisclosedValues


@dataclass(frozen=True)
class ValueQuery:
    indicators: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    area_type: str | None = None
    period_from: dt.date | None = None
    period_to: dt.date | None = None
    breakdowns: bool = False


class ValuesIndex:
    """A run's disclosed values split by indicator, the follow-up's input, and where figures are hidden."""

    def __init__(self, disclosed: DisclosedValues, run: RunInfo) -> None:
        self.run = run
        self.disclosed = disclosed
        frame = disclosed.frame
        self.indicator_ids: tuple[str, ...] = tuple(sorted(frame["indicator_id"].unique()))
        self._by_indicator = {i: disclosed.filter(indicators=[i]) for i in self.indicator_ids}
        totals = disclosed.filter(breakdowns=False)
        self.totals: Results = results_from_frame(totals.frame, run)
        t = totals.frame
        hidden = t[t["suppressed"] != ""]
        # (indicator, area code, period) → "primary" / "secondary" for every hidden total
        self._hidden: dict[tuple[str, str, dt.date], str] = {
            (r.indicator_id, r.area_code, pd.Timestamp(r.period).date()): r.suppressed
            for r in hidden.itertuples(index=False)
        }
        periods = pd.to_datetime(frame["period"])
        self.first_period = periods.min().date() if len(frame) else None
        self.last_period = periods.max().date() if len(frame) else None

    def suppressed(self, indicator_id: str, area_code: str, period: dt.date) -> str:
        """The gate's status of one total ("" when shown or missing)."""
        return self._hidden.get((indicator_id, area_code, period), "")

    def suppressed_in(self, indicator_id: str, area_code: str, first: dt.date, last: dt.date) -> str:
        """The status of the first hidden total of an area in a span of periods ("" if none)."""
        day = first  # spans are at most a year: step through its months
        while day <= last:
            status = self._hidden.get((indicator_id, area_code, day), "")
            if status:
                return status
            day = (pd.Timestamp(day) + pd.DateOffset(months=1)).date()
        return ""

    def query(self, q: ValueQuery) -> DisclosedValues:
        """The disclosed values matching ``q`` (indicators, areas, area type, period range, breakdowns)."""
        ids = [i for i in (q.indicators or self.indicator_ids) if i in self._by_indicator]
        parts = [self._by_indicator[i] for i in ids]
        if not parts:
            return self.disclosed.filter(indicators=[])
        sub = parts[0] if len(parts) == 1 else self.disclosed.filter(indicators=ids)
        areas: Sequence[str] | None = list(q.areas) if q.areas else None
        if q.area_type:
            frame = sub.frame
            wanted = frame.loc[frame["area_type"] == q.area_type, "area_code"].unique()
            areas = [a for a in wanted if areas is None or a in areas]
        periods = None
        if q.period_from or q.period_to:
            frame = sub.frame
            p = pd.to_datetime(frame["period"]).dt.date.to_numpy()
            keep = np.ones(len(p), dtype=bool)
            if q.period_from:
                keep &= p >= q.period_from
            if q.period_to:
                keep &= p <= q.period_to
            periods = sorted(set(p[keep]))
        return sub.filter(areas=areas, periods=periods, breakdowns=q.breakdowns)
