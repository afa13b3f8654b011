"""Small nested tables for the disclosure tests: made by hand or drawn by hypothesis.

Tables are built bottom-up from municipality counts, so every relation holds exactly: areas add
up to their region, RAR area and the country; breakdown values add up to the total (person
breakdowns in numerator and denominator, event breakdowns in the numerator only).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from hypothesis import strategies as st

from jobmaal.disclosure import CatalogFacts, Geography

COUNTRY = "000"
# One region and one RAR area over three municipalities (as RAR Nordjylland = Region Nordjylland).
GEO3 = Geography(region_of={"101": "1081", "102": "1081", "103": "1081"},
                 rar_of={"101": "R01", "102": "R01", "103": "R01"})

# Breakdowns used by the made-up tables: two person breakdowns and one event breakdown.
BREAKDOWNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "sex": ("person", ("male", "female")),
    "age_group": ("person", ("16-29", "30-49", "50-66")),
    "benefit_group": ("event", ("a_dagpenge", "kontanthjaelp", "sygedagpenge")),
}


def facts(families: dict[str, str] | None = None, sources: dict[str, str] | None = None) -> CatalogFacts:
    return CatalogFacts(
        sources=sources or {},
        families=families or {},
        breakdown_kinds={b: kind for b, (kind, _) in BREAKDOWNS.items()},
        cells={},
    )


@dataclass
class Spec:
    """What to build: a geography, the indicator's breakdowns and counts per municipality."""

    geography: Geography
    breakdowns: tuple[str, ...]
    share: bool  # a share (with denominator) or a count
    periods: int
    # per (period, municipality): numerator and denominator per breakdown cell
    cells: dict[tuple[int, str], dict[tuple[str, str], tuple[int, int | None]]] = field(default_factory=dict)


def _row(ind: str, area_type: str, code: str, period: dt.date, bd: str, bv: str, num: float,
         den: float | None) -> dict[str, object]:
    value = num if den is None else (100.0 * num / den if den > 0 else None)
    return dict(indicator_id=ind, area_type=area_type, area_code=code, period=period, breakdown=bd,
                breakdown_value=bv, value=value, numerator=float(num),
                denominator=None if den is None else float(den), numerator_persons=int(num),
                denominator_persons=None if den is None else int(den), run_id="test")


def build(spec: Spec, indicator: str = "x") -> pd.DataFrame:
    """Rows for every area (municipality, region, RAR area, country) and breakdown cell."""
    geo = spec.geography
    rows: list[dict[str, object]] = []
    for p in range(spec.periods):
        period = dt.date(2024, 1 + p, 1)
        munis = {m: spec.cells[(p, m)] for m in sorted(geo.region_of)}
        areas: list[tuple[str, str, list[str]]] = [("municipality", m, [m]) for m in munis]
        areas += [("region", r, [m for m in munis if geo.region_of[m] == r]) for r in sorted(geo.regions)]
        areas += [("rar", k, [m for m in munis if geo.rar_of[m] == k]) for k in sorted(geo.rars)]
        areas += [("country", COUNTRY, list(munis))]
        for area_type, code, members in areas:
            for key in munis[members[0]]:
                num = sum(munis[m][key][0] for m in members)
                dens = [munis[m][key][1] for m in members]
                den = None if dens[0] is None else sum(d for d in dens if d is not None)
                rows.append(_row(indicator, area_type, code, period, key[0], key[1], num, den))
    return pd.DataFrame(rows)


def split(rng: np.random.Generator, total: int, parts: int) -> list[int]:
    """A random split of ``total`` into ``parts`` non-negative integers."""
    cuts = np.sort(rng.integers(0, total + 1, size=parts - 1))
    return [int(x) for x in np.diff(np.concatenate([[0], cuts, [total]]))]


def muni_cells(rng: np.random.Generator, breakdowns: tuple[str, ...], share: bool, num: int,
               den: int) -> dict[tuple[str, str], tuple[int, int | None]]:
    """One municipality's cells, consistent with its totals."""
    cells: dict[tuple[str, str], tuple[int, int | None]] = {("", ""): (num, den if share else None)}
    for bd in breakdowns:
        kind, values = BREAKDOWNS[bd]
        nums = split(rng, num, len(values))
        if share and kind == "person":
            # keep numerator <= denominator within each cell
            extra = split(rng, den - num, len(values))
            dens: list[int | None] = [n + e for n, e in zip(nums, extra, strict=True)]
        else:
            dens = [den if share else None] * len(values)
        for v, n, d in zip(values, nums, dens, strict=True):
            cells[(bd, v)] = (n, d)
    return cells


@st.composite
def geographies(draw: st.DrawFn) -> Geography:
    n_regions = draw(st.integers(1, 3))
    n_rars = draw(st.integers(1, 3))
    n_munis = draw(st.integers(2, 7))
    regions = [f"10{81 + i}" for i in range(n_regions)]
    rars = [f"R0{1 + i}" for i in range(n_rars)]
    munis = [str(101 + i) for i in range(n_munis)]
    region_of = {m: draw(st.sampled_from(regions)) for m in munis}
    nested = draw(st.booleans())
    if nested:  # RAR areas inside regions, as in Denmark
        rar_of = {m: draw(st.sampled_from(rars)) + region_of[m][-1] for m in munis}
    else:
        rar_of = {m: draw(st.sampled_from(rars)) for m in munis}
    return Geography(region_of=region_of, rar_of=rar_of)


@st.composite
def specs(draw: st.DrawFn) -> Spec:
    geo = draw(geographies())
    breakdowns = tuple(b for b in BREAKDOWNS if draw(st.booleans()))
    share = draw(st.booleans())
    periods = draw(st.integers(1, 2))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    spec = Spec(geo, breakdowns, share, periods)
    small = st.integers(0, 12)
    for p in range(periods):
        for m in sorted(geo.region_of):
            num = draw(small)
            den = num + draw(st.integers(0, 25))
            spec.cells[(p, m)] = muni_cells(rng, breakdowns, share, num, den)
    return spec
