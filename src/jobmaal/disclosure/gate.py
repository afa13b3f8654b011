"""The one gate every output passes: ``disclose(values) -> DisclosedValues``.

Web pages, the API, every export format and every report take ``DisclosedValues``, never raw
indicator values. Only this module makes them (``bypass`` makes an explicitly unprotected one
for ``jobmaal export --no-disclosure`` in the secure zone, and logs it). The person counts never
leave the gate.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from jobmaal.disclosure.cells import build_cells
from jobmaal.disclosure.facts import CatalogFacts, default_facts
from jobmaal.disclosure.frame import (
    FIGURE_COLUMNS,
    KEY_COLUMNS,
    check_areas,
    check_complete,
    check_duplicates,
    to_frame,
)
from jobmaal.disclosure.geography import Geography, reference_geography
from jobmaal.disclosure.markers import PRIMARY, SECONDARY, marker
from jobmaal.disclosure.policy import DEFAULT_POLICY, DisclosurePolicy
from jobmaal.disclosure.primary import primary_flags
from jobmaal.disclosure.secondary import suppress

log = logging.getLogger("jobmaal.disclosure")

_MADE_BY_GATE = object()
OUTPUT_COLUMNS: tuple[str, ...] = (*KEY_COLUMNS, *FIGURE_COLUMNS, "run_id", "suppressed")


class DisclosedValues:
    """Indicator values after disclosure control; the only thing outputs may publish.

    ``suppressed`` is "primary", "secondary" or ""; where it is not "", value, numerator and
    denominator are null. Filtering keeps the protection (it only removes published figures), so
    disclose the whole run once and filter afterwards.
    """

    __slots__ = ("_applied", "_frame", "_policy", "_responses")

    def __init__(
        self, frame: pd.DataFrame, policy: DisclosurePolicy, *, applied: bool, responses: np.ndarray,
        _made_by: object = None,
    ) -> None:
        if _made_by is not _MADE_BY_GATE:
            raise TypeError("DisclosedValues are made by jobmaal.disclosure.disclose() only")
        self._frame = frame
        self._policy = policy
        self._applied = applied
        self._responses = responses

    @property
    def frame(self) -> pd.DataFrame:
        """A copy of the values: the columns of ``OUTPUT_COLUMNS`` (no person counts)."""
        return self._frame.copy()

    def to_pandas(self) -> pd.DataFrame:
        return self.frame

    def to_arrow(self) -> pa.Table:
        return pa.Table.from_pandas(self._frame, preserve_index=False)

    @property
    def policy(self) -> DisclosurePolicy:
        return self._policy

    @property
    def disclosure_applied(self) -> bool:
        """False only for the logged secure-zone bypass (``jobmaal export --no-disclosure``)."""
        return self._applied

    def __len__(self) -> int:
        return len(self._frame)

    def __repr__(self) -> str:
        state = "disclosed" if self._applied else "NOT disclosed (secure-zone bypass)"
        return f"<DisclosedValues {len(self)} rows, {state}, threshold {self._policy.threshold}>"

    def filter(
        self,
        indicators: Iterable[str] | None = None,
        areas: Iterable[str] | None = None,
        periods: Iterable[Any] | None = None,
        breakdowns: bool = True,
    ) -> DisclosedValues:
        """A subset (still protected): only these indicators / area codes / periods; totals only if not breakdowns."""
        df = self._frame
        keep = np.ones(len(df), dtype=bool)
        if indicators is not None:
            keep &= df["indicator_id"].isin(list(indicators)).to_numpy()
        if areas is not None:
            keep &= df["area_code"].isin(list(areas)).to_numpy()
        if periods is not None:
            wanted = pd.to_datetime(pd.Series(list(periods)))
            keep &= pd.to_datetime(df["period"]).isin(wanted).to_numpy()
        if not breakdowns:
            keep &= (df["breakdown"] == "").to_numpy()
        return DisclosedValues(df[keep].reset_index(drop=True), self._policy, applied=self._applied,
                               responses=self._responses[keep], _made_by=_MADE_BY_GATE)

    def explanations(self, lang: str = "da") -> pd.Series:
        """Per row: the marker explanation in ``lang`` ("" where the figure is shown)."""
        out = np.full(len(self._frame), "", dtype=object)
        status = self._frame["suppressed"].to_numpy()
        for st in (PRIMARY, SECONDARY):
            for responses in (False, True):
                m = marker(st, lang, self._policy, responses=responses)
                sel = (status == st) & (self._responses == responses)
                if m is not None and sel.any():
                    out[sel] = m.text
        return pd.Series(out, index=self._frame.index, name="explanation")

    def summary(self) -> pd.DataFrame:
        """Per indicator and overall: rows, primary and secondary suppressed, and their shares."""
        df = self._frame
        counts = pd.crosstab(df["indicator_id"], df["suppressed"]).reindex(columns=["", PRIMARY, SECONDARY],
                                                                          fill_value=0)
        counts.loc["(all)"] = counts.sum()
        rows = counts.sum(axis=1)
        return pd.DataFrame({
            "rows": rows,
            "primary": counts[PRIMARY],
            "secondary": counts[SECONDARY],
            "primary_share": counts[PRIMARY] / rows.where(rows > 0),
            "secondary_share": counts[SECONDARY] / rows.where(rows > 0),
        })


def _output(df: pd.DataFrame, status: np.ndarray) -> pd.DataFrame:
    out = df[[c for c in OUTPUT_COLUMNS if c in df.columns and c != "suppressed"]].copy()
    if "run_id" not in out.columns:
        out["run_id"] = ""
    hidden = status != ""
    for col in FIGURE_COLUMNS:
        out[col] = out[col].mask(hidden)
    out["suppressed"] = status
    return out[list(OUTPUT_COLUMNS)]


def disclose(
    values: pd.DataFrame | pa.Table,
    policy: DisclosurePolicy | None = None,
    *,
    geography: Geography | None = None,
    facts: CatalogFacts | None = None,
) -> DisclosedValues:
    """Apply disclosure control to a whole results set (every area and breakdown of each indicator).

    Raises ``DisclosureError`` for values the gate cannot protect, e.g. a subset of the areas.
    """
    policy = policy or DEFAULT_POLICY
    geography = geography or reference_geography()
    facts = facts or default_facts()
    started = time.perf_counter()
    df = to_frame(values)
    check_areas(df, geography)
    check_duplicates(df)
    check_complete(df, geography, facts)
    flags = primary_flags(df, policy, facts)
    if len(df) == 0:
        status = np.zeros(0, dtype=object)
    else:
        cells = build_cells(df, flags, geography, facts)
        hidden, stats = suppress(cells)
        row_hidden = hidden[cells.row_cell]
        status = np.where(flags.primary, PRIMARY, np.where(row_hidden, SECONDARY, "")).astype(object)
        log.info("disclosure: %d rows, %d primary, %d secondary; %d singleton rounds, %d cells checked by "
                 "linear algebra, %d repairs, %.2f s", len(df), int(flags.primary.sum()),
                 int((row_hidden & ~flags.primary).sum()), stats.singleton_rounds,
                 stats.checked_by_linear_algebra, stats.repaired_cells, time.perf_counter() - started)
    return DisclosedValues(_output(df, status), policy, applied=True, responses=flags.responses_rule,
                           _made_by=_MADE_BY_GATE)


def restore(frame: pd.DataFrame, policy: DisclosurePolicy, responses: np.ndarray) -> DisclosedValues:
    """Values this gate disclosed earlier, read back from ``jobmaal.publication``'s cache file.

    For that cache only: the frame must be exactly ``DisclosedValues.frame`` of a ``disclose`` call with
    ``policy``, or the rows of some areas of it (as ``filter(areas=…)`` keeps them), and ``responses``
    their survey-responses flags (the cache keys its files by run, policy and the gate's own source, and
    checks the key on reading).
    """
    if list(frame.columns) != list(OUTPUT_COLUMNS) or len(responses) != len(frame):
        raise ValueError("not a disclosed frame")
    return DisclosedValues(frame, policy, applied=True, responses=np.asarray(responses, dtype=bool),
                           _made_by=_MADE_BY_GATE)


def _unprotected(values: pd.DataFrame | pa.Table, policy: DisclosurePolicy) -> DisclosedValues:
    """For ``bypass`` only: the values as they are (person counts still dropped), nothing suppressed."""
    df = to_frame(values)
    flags = primary_flags(df, policy, default_facts())
    status = np.full(len(df), "", dtype=object)
    return DisclosedValues(_output(df, status), policy, applied=False, responses=flags.responses_rule,
                           _made_by=_MADE_BY_GATE)
