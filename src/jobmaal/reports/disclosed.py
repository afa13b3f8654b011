"""Which of a report's figures the disclosure gate hid, and how each printed figure looks.

The follow-up is fed the disclosed values, so a hidden figure reaches the report as ``None``; this
module tells a hidden figure (the marker ``[d]`` with its explanation) from one that simply does not
exist (a dash), by looking the cell up in the ``DisclosedValues`` the report was made from.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable

import numpy as np
import pandas as pd

from jobmaal.disclosure import SYMBOL, DisclosedValues
from jobmaal.reports import fmt
from jobmaal.reports.model import Shown

Key = tuple[str, str, str, str, dt.date]  # indicator, area, breakdown, breakdown value, period


def as_date(x: object) -> dt.date:
    ts = pd.Timestamp(x)  # type: ignore[arg-type]
    return dt.date(ts.year, ts.month, ts.day)


# The only figures a report reads straight from the disclosed values (the benefit-group table); the rest
# comes from the follow-up. Keeping just these rows keeps a batch job small.
FRAME_INDICATORS = ("public_support_fulltime_share",)
FRAME_COLUMNS = ("indicator_id", "area_code", "breakdown", "breakdown_value", "period", "numerator", "suppressed")


class Suppressions:
    """The suppressed cells of some areas, and the explanations used so far (for the legend)."""

    def __init__(self, disclosed: DisclosedValues, areas: Iterable[str], lang: str) -> None:
        sub = disclosed.filter(areas=list(dict.fromkeys(areas)))
        self._load(sub.frame, sub.explanations(lang).to_numpy(), lang)

    @classmethod
    def from_rows(cls, frame: pd.DataFrame, explanations: np.ndarray, lang: str) -> Suppressions:
        """From rows of ``DisclosedValues.frame`` (some areas) and their ``explanations(lang)``."""
        self = cls.__new__(cls)
        self._load(frame, explanations, lang)
        return self

    def _load(self, frame: pd.DataFrame, texts: np.ndarray, lang: str) -> None:
        self.lang = lang
        kept = frame[frame["indicator_id"].isin(FRAME_INDICATORS)].loc[:, list(FRAME_COLUMNS)]
        kept["period"] = pd.to_datetime(kept["period"])
        for col in ("indicator_id", "area_code", "breakdown", "breakdown_value", "suppressed"):
            kept[col] = kept[col].astype("category")  # a few distinct texts: small to hold and to pickle
        self.frame = kept.reset_index(drop=True)
        hidden = frame["suppressed"].to_numpy() != ""
        rows = frame.loc[hidden, ["indicator_id", "area_code", "breakdown", "breakdown_value", "period",
                                  "suppressed"]]
        self._cells: dict[Key, tuple[str, str]] = {}
        for (ind, area, bd, bdv, period, status), text in zip(rows.itertuples(index=False, name=None),
                                                              texts[hidden], strict=True):
            # Interned: the same few texts repeat in every cell, and a pickled job then holds each once.
            self._cells[(sys.intern(str(ind)), str(area), sys.intern(str(bd)), sys.intern(str(bdv)),
                         as_date(period))] = (sys.intern(str(status)), sys.intern(str(text)))
        self.used: dict[str, None] = {}  # explanations printed, in order of first use

    def status(self, indicator: str, area: str, period: dt.date, breakdown: str = "",
               breakdown_value: str = "") -> tuple[str, str] | None:
        return self._cells.get((indicator, area, breakdown, breakdown_value, period))

    def worst(self, indicator: str, area: str, periods: Iterable[dt.date], breakdown: str = "",
              breakdown_value: str = "") -> tuple[str, str] | None:
        """The strongest suppression among ``periods`` (primary before secondary), or None."""
        found = [s for p in periods if (s := self.status(indicator, area, p, breakdown, breakdown_value))]
        if not found:
            return None
        return next((s for s in found if s[0] == "primary"), found[0])

    def marker(self, status: tuple[str, str], unit: str = "") -> Shown:
        self.used.setdefault(status[1], None)
        return Shown(text=SYMBOL, value=None, suppressed=status[0], note=status[1], unit=unit)

    def figure(self, value: float | None, unit: str, *, indicator: str = "", area: str = "",
               periods: Iterable[dt.date] = (), signed: bool = False, as_change: bool = False) -> Shown:
        """A figure as printed: the number; else the marker if any of its cells is hidden; else a dash."""
        if value is not None:
            text = fmt.change(value, unit, self.lang) if as_change else fmt.figure(value, unit, self.lang,
                                                                                   signed=signed)
            return Shown(text=text, value=value, unit=unit)
        if indicator:
            status = self.worst(indicator, area, periods)
            if status is not None:
                return self.marker(status, unit)
        return Shown(text=fmt.MISSING, value=None, unit=unit)


def suppressions_for(disclosed: DisclosedValues | Suppressions, areas: Iterable[str], lang: str) -> Suppressions:
    """``disclosed`` as a lookup for ``areas``; a ``Suppressions`` given is used as is (its legend reset)."""
    if isinstance(disclosed, Suppressions):
        if disclosed.lang != lang:
            raise ValueError(f"suppressions made for language {disclosed.lang!r}, report in {lang!r}")
        disclosed.used = {}
        return disclosed
    return Suppressions(disclosed, areas, lang)


def plain(value: float | None, unit: str, lang: str, *, signed: bool = False, as_change: bool = False,
          css: str = "") -> Shown:
    """A derived figure that the gate never hides itself (country, cluster, expected level, targets)."""
    text = fmt.change(value, unit, lang) if as_change else fmt.figure(value, unit, lang, signed=signed)
    return Shown(text=text, value=value, unit=unit, css=css)


def text(value: str) -> Shown:
    return Shown(text=value or fmt.MISSING)
