"""The disclosed values of one run, indexed once for the pages, the API and the downloads.

Everything here starts from ``jobmaal.publication.published`` (the disclosure gate) and only
filters what the gate published, by indicator, area, period and breakdown: no figure that the gate
hid can come out, and no figure is computed here. The frame is split by indicator and its columns
kept as arrays once per run, so that a request filters with a few numpy comparisons.
"""

from __future__ import annotations

import datetime as dt
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


_TEXT_COLUMNS = ("indicator_id", "area_type", "area_code", "breakdown", "breakdown_value", "suppressed",
                 "explanation_da", "explanation_en")
_FIGURE_COLUMNS = ("value", "numerator", "denominator")


@dataclass(frozen=True)
class _Part:
    frame: pd.DataFrame  # the gate's columns plus explanation_da / explanation_en
    area_type: np.ndarray
    period: np.ndarray  # datetime64[D]
    total: np.ndarray  # bool: the row is a total (no breakdown)
    by_area: dict[str, np.ndarray]  # area code → its row positions
    columns: dict[str, np.ndarray]  # plain object/float arrays for building JSON rows quickly


class ValuesIndex:
    """A run's disclosed values by indicator, the follow-up's input, and where figures are hidden."""

    def __init__(self, disclosed: DisclosedValues, run: RunInfo) -> None:
        self.run = run
        frame = disclosed.frame
        frame["explanation_da"] = disclosed.explanations("da").to_numpy()
        frame["explanation_en"] = disclosed.explanations("en").to_numpy()
        frame["period"] = pd.to_datetime(frame["period"])
        self._parts: dict[str, _Part] = {}
        for indicator_id, part in frame.groupby("indicator_id", sort=True):
            part = part.reset_index(drop=True)
            self._parts[str(indicator_id)] = _Part(
                frame=part, area_type=part["area_type"].to_numpy(dtype=object),
                period=part["period"].to_numpy().astype("datetime64[D]"),
                total=(part["breakdown"] == "").to_numpy(),
                by_area={str(a): np.asarray(rows) for a, rows in part.groupby("area_code").indices.items()},
                columns={**{c: part[c].to_numpy(dtype=object) for c in _TEXT_COLUMNS},
                         **{c: part[c].to_numpy(dtype="float64", na_value=np.nan) for c in _FIGURE_COLUMNS},
                         "period": part["period"].dt.strftime("%Y-%m-%d").to_numpy(dtype=object)})
        self.indicator_ids: tuple[str, ...] = tuple(self._parts)
        self.columns: list[str] = list(frame.columns)
        self.totals: Results = results_from_frame(disclosed.filter(breakdowns=False).frame, run)
        hidden = frame[(frame["suppressed"] != "") & (frame["breakdown"] == "")]
        # (indicator, area code, period) → "primary" / "secondary" for every hidden total
        self._hidden: dict[tuple[str, str, dt.date], str] = {
            (r.indicator_id, r.area_code, r.period.date()): r.suppressed for r in hidden.itertuples(index=False)
        }
        self.first_period = frame["period"].min().date() if len(frame) else None
        self.last_period = frame["period"].max().date() if len(frame) else None

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

    def _positions(self, q: ValueQuery) -> list[tuple[_Part, np.ndarray]]:
        ids = [i for i in (q.indicators or self.indicator_ids) if i in self._parts]
        out = []
        for i in ids:
            p = self._parts[i]
            if q.areas:  # the areas' rows by look-up: a request for one area never scans the others
                found = [p.by_area[a] for a in dict.fromkeys(q.areas) if a in p.by_area]
                rows = np.sort(np.concatenate(found)) if found else np.zeros(0, dtype=np.intp)
            else:
                rows = np.arange(len(p.frame))
            mask = np.ones(len(rows), dtype=bool) if q.breakdowns else p.total[rows]
            if q.area_type:
                mask &= p.area_type[rows] == q.area_type
            if q.period_from:
                mask &= p.period[rows] >= np.datetime64(q.period_from, "D")
            if q.period_to:
                mask &= p.period[rows] <= np.datetime64(q.period_to, "D")
            out.append((p, rows[mask]))
        return out

    def query(self, q: ValueQuery) -> pd.DataFrame:
        """The published rows matching ``q``, in indicator, area and period order; the columns of the
        gate (``suppressed`` included) plus the explanation of each hidden figure in Danish and English."""
        out = [p.frame.iloc[rows] for p, rows in self._positions(q)]
        if not out:
            return pd.DataFrame(columns=self.columns)
        return out[0] if len(out) == 1 else pd.concat(out, ignore_index=True)

    def records(self, q: ValueQuery, offset: int, limit: int) -> tuple[int, list[dict[str, object]]]:
        """The number of matching rows, and one page of them as plain dicts (for the JSON API)."""
        parts = self._positions(q)
        total = sum(len(rows) for _, rows in parts)
        records: list[dict[str, object]] = []
        skip = offset
        for p, rows in parts:
            if skip >= len(rows):
                skip -= len(rows)
                continue
            chosen = rows[skip:skip + limit - len(records)]
            skip = 0
            c = {name: col[chosen] for name, col in p.columns.items()}
            names = list(c)
            for values in zip(*(c[n] for n in names), strict=True):
                records.append(dict(zip(names, values, strict=True)))
            if len(records) >= limit:
                break
        return total, records
