"""An independent check of disclosure control, by linear algebra on the whole constraint system.

Written apart from the gate's own machinery (no witnesses, no components): every relation is
listed from the table by plain loops; published cells are constants; a hidden cell is uniquely
determined exactly when its coordinate is zero in every vector of the null space of the relations
restricted to the hidden cells (``scipy.linalg.null_space``).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd
import scipy.linalg
from threadpoolctl import threadpool_limits

from jobmaal.disclosure import Geography

Key = tuple[str, str, str, str, str]  # family, period, area, breakdown, value
_TOL = 1e-8


def relations(
    table: pd.DataFrame, geo: Geography, kinds: dict[str, str], families: dict[str, str], denominators: bool
) -> tuple[list[Key], list[dict[Key, float]]]:
    """Every linear relation (cell → coefficient, summing to 0) among the cells of ``table``.

    Numerators: areas add up, breakdown values add up to the total. Denominators: areas add up,
    person-breakdown values add up to the total, and an event-breakdown cell equals its total.
    """
    keys = sorted({
        (families.get(r.indicator_id, r.indicator_id), str(r.period), r.area_code, r.breakdown, r.breakdown_value)
        for r in table.itertuples()
    })
    present = set(keys)
    rels: list[dict[Key, float]] = []

    def add(total: Key, parts: list[Key]) -> None:
        parts = [p for p in parts if p in present]
        if total in present and parts:
            rel: dict[Key, float] = defaultdict(float)
            rel[total] -= 1.0
            for p in parts:
                rel[p] += 1.0
            rels.append(dict(rel))

    slices = {(f, p, b, v) for f, p, _, b, v in keys}
    for f, p, b, v in slices:
        for region in geo.regions:
            add((f, p, region, b, v), [(f, p, m, b, v) for m, r in geo.region_of.items() if r == region])
        for rar in geo.rars:
            add((f, p, rar, b, v), [(f, p, m, b, v) for m, k in geo.rar_of.items() if k == rar])
        add((f, p, geo.country, b, v), [(f, p, r, b, v) for r in geo.regions])
        add((f, p, geo.country, b, v), [(f, p, k, b, v) for k in geo.rars])
    by_area = defaultdict(list)
    for key in keys:
        by_area[key[:3]].append(key)
    for (f, p, a), cells in by_area.items():
        total = (f, p, a, "", "")
        for bd in {k[3] for k in cells if k[3]}:
            values = [k for k in cells if k[3] == bd]
            if denominators and kinds.get(bd) == "event":
                for v in values:
                    add(total, [v])  # the same denominator
            else:
                add(total, values)
    return keys, rels


def determined(keys: list[Key], rels: list[dict[Key, float]], hidden: set[Key]) -> set[Key]:
    """The hidden cells whose value follows from the published ones."""
    cols = [k for k in keys if k in hidden]
    if not cols:
        return set()
    index = {k: i for i, k in enumerate(cols)}
    rows = [r for r in rels if any(k in index for k in r)]
    a = np.zeros((len(rows), len(cols)))
    for i, rel in enumerate(rows):
        for k, coef in rel.items():
            if k in index:
                a[i, index[k]] = coef
    if not rows:
        return set()
    with threadpool_limits(limits=1, user_api="blas"):  # small matrices: threads only cost
        basis = scipy.linalg.null_space(a)
    free = np.abs(basis).max(axis=1) > _TOL if basis.size else np.zeros(len(cols), dtype=bool)
    return {k for k, f in zip(cols, free, strict=True) if not f}


def cell_key(row: object, families: dict[str, str]) -> Key:
    ind = row.indicator_id  # type: ignore[attr-defined]
    return (families.get(ind, ind), str(row.period), row.area_code, row.breakdown,  # type: ignore[attr-defined]
            row.breakdown_value)  # type: ignore[attr-defined]


def leaks(
    table: pd.DataFrame, out: pd.DataFrame, geo: Geography, kinds: dict[str, str], threshold: int,
    families: dict[str, str] | None = None,
) -> list[str]:
    """Every small figure of ``table`` that can be derived from ``out``; empty when protected."""
    families = families or {}
    hidden = {cell_key(r, families) for r in out.itertuples() if r.suppressed}
    problems: list[str] = []
    for denominators in (False, True):
        keys, rels = relations(table, geo, kinds, families, denominators)
        fixed = determined(keys, rels, hidden)
        column = "denominator_persons" if denominators else "numerator_persons"
        for r in table.itertuples():
            n_small = 0 < r.numerator_persons < threshold
            d_small = pd.notna(r.denominator_persons) and 0 < r.denominator_persons < threshold
            protect = d_small if denominators else (n_small or d_small)
            key = cell_key(r, families)
            if protect and (key not in hidden or key in fixed):
                problems.append(f"{column} of {key} is {'shown' if key not in hidden else 'derivable'}")
    return problems
