"""Read the gate's input (pandas or pyarrow) and refuse what it cannot protect.

The gate must see whole results: every area and every breakdown cell of an indicator, and every
member of a family of linked indicators. Suppression computed on a filtered subset would differ
from the pattern of the whole, and two outputs could then be combined to recover a hidden figure.
Filtering by period is safe (no constraint crosses periods); everything else is filtered *after*
the gate, on the ``DisclosedValues``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from jobmaal.disclosure.facts import CatalogFacts
from jobmaal.disclosure.geography import Geography
from jobmaal.errors import DisclosureError, UnknownAreaError

KEY_COLUMNS: tuple[str, ...] = ("indicator_id", "area_type", "area_code", "period", "breakdown", "breakdown_value")
FIGURE_COLUMNS: tuple[str, ...] = ("value", "numerator", "denominator")
PERSON_COLUMNS: tuple[str, ...] = ("numerator_persons", "denominator_persons")
REQUIRED: tuple[str, ...] = KEY_COLUMNS + FIGURE_COLUMNS + PERSON_COLUMNS
AFTER_GATE_HINT = "disclose the whole run and filter the DisclosedValues afterwards (DisclosedValues.filter)"


def to_frame(values: Any) -> pd.DataFrame:
    """The input as a DataFrame with the required columns, keys as strings, figures as floats."""
    if isinstance(values, pa.Table):
        values = values.to_pandas()
    if not isinstance(values, pd.DataFrame):
        raise DisclosureError(f"disclosure gate: expected a pandas DataFrame or pyarrow Table, got "
                              f"{type(values).__name__}")
    missing = [c for c in REQUIRED if c not in values.columns]
    if missing:
        raise DisclosureError(f"disclosure gate: indicator values lack column(s) {missing}")
    df = values.reset_index(drop=True)
    for col in KEY_COLUMNS:
        nulls = df[col].isna().to_numpy()
        if nulls.any():
            raise DisclosureError(f"disclosure gate: row {int(np.argmax(nulls))}: column {col!r} is empty")
    out = {c: df[c] for c in df.columns}
    for col in FIGURE_COLUMNS + PERSON_COLUMNS:
        out[col] = pd.to_numeric(df[col], errors="raise").astype("float64")
    return pd.DataFrame(out)


def check_areas(df: pd.DataFrame, geo: Geography) -> None:
    """Every area code is known and of its stated type."""
    types = geo.area_types()
    pairs = df[["area_type", "area_code"]].drop_duplicates()
    for area_type, code in pairs.itertuples(index=False):
        known = types.get(code)
        if known is None:
            row = int(np.argmax((df["area_code"] == code).to_numpy()))
            raise UnknownAreaError(f"disclosure gate: row {row}: unknown area code {code!r} "
                                   f"(area_type {area_type!r})")
        if known != area_type:
            raise DisclosureError(f"disclosure gate: area {code!r} has area_type {area_type!r}; expected {known!r}")


def check_duplicates(df: pd.DataFrame) -> None:
    dup = df.duplicated(list(KEY_COLUMNS)).to_numpy()
    if dup.any():
        row = int(np.argmax(dup))
        key = ", ".join(f"{c}={df.at[row, c]!s}" for c in KEY_COLUMNS)
        raise DisclosureError(f"disclosure gate: row {row}: a second row for {key}")


def check_complete(df: pd.DataFrame, geo: Geography, facts: CatalogFacts) -> None:
    """Refuse a subset of areas, breakdown cells or linked indicators (see the module docstring)."""
    present = set(df["indicator_id"].unique())
    for ind in sorted(present):
        missing = [m for m in facts.members(facts.family(ind)) if m not in present]
        if missing:
            raise DisclosureError(
                f"disclosure gate: indicator {ind!r} shares figures with {missing}, which are missing from "
                f"the values; the gate needs them together: {AFTER_GATE_HINT}"
            )
    areas = df[["indicator_id", "area_type", "area_code"]].drop_duplicates()
    expected = {"municipality": geo.municipalities, "region": geo.regions, "rar": geo.rars}
    for (ind, area_type), codes in areas.groupby(["indicator_id", "area_type"])["area_code"]:
        want = expected.get(str(area_type))
        if want is not None and set(codes) != want:
            lacking = sorted(want - set(codes))
            raise DisclosureError(
                f"disclosure gate: indicator {ind!r} has {len(set(codes))} of {len(want)} {area_type} areas "
                f"(lacking e.g. {lacking[:3]}); {AFTER_GATE_HINT}"
            )
    cells = df[["indicator_id", "breakdown", "breakdown_value"]].drop_duplicates()
    for ind, group in cells.groupby("indicator_id"):
        want_cells = facts.cells.get(str(ind))
        if want_cells is None:
            continue
        have = set(zip(group["breakdown"], group["breakdown_value"], strict=True))
        lacking_cells = sorted(want_cells - have)
        if lacking_cells:
            raise DisclosureError(
                f"disclosure gate: indicator {ind!r} lacks breakdown cell(s) {lacking_cells[:3]}; {AFTER_GATE_HINT}"
            )
