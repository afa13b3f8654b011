"""Benchmark of the disclosure gate: suppression rates and time on a whole results set.

Usage:
    .venv/bin/python benchmarks/disclosure.py [RESULTS.duckdb ...] [--months 72] [--seed 1]

With results files (``jobmaal compute`` output; e.g. /work/bench-data/results-medium.duckdb and
results-national.duckdb) it reads the latest run of each. Without, or when a file is missing, it
generates a random table of the realistic shape: every catalogue indicator for every area, month
and breakdown cell (about 1.5 million rows for 72 months), with counts scaled to each
municipality's population so that small municipalities and rare breakdown cells have small counts.
Prints, per indicator and overall, the share of rows suppressed (primary, secondary) and the time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from jobmaal.catalog import Catalog, Indicator, default_catalog
from jobmaal.disclosure import disclose
from jobmaal.reference import COUNTRY_CODE, municipalities

# Per indicator: (numerator per inhabitant per period, denominator per inhabitant or None, persons per unit).
_RATES: dict[str, tuple[float, float | None, float]] = {
    "public_support_fulltime_share": (0.11, 0.64, 1.3),
    "mm17_upskilling_starts": (0.00035, None, 1.0),
    "mm17_upskilling_share": (0.00035, 0.045, 1.0),
    "mm13_refugees_employed_share": (0.0045, 0.010, 1.0),
    "mm13_refugees_190h_share": (0.0030, 0.010, 1.0),
    "disability_employment_rate": (0.0015, 0.003, 1.0),
}


def _periods(kind: str, months: int) -> list[dt.date]:
    first = dt.date(2019, 1, 1)
    all_months = [dt.date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1)
                  for i in range(months)]
    if kind == "year":
        return [d for d in all_months if d.month == 1]
    if kind == "half_year":
        return [d for d in all_months if d.month in (1, 7)]
    return all_months


def _split(rng: np.random.Generator, totals: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Split each total (rounded) over the weights: shape (len(totals), len(weights))."""
    return rng.multinomial(np.round(totals).astype(np.int64), weights / weights.sum()).astype(np.float64)


Cells = list[tuple[str, str, np.ndarray, np.ndarray | None, np.ndarray, np.ndarray | None]]


def _muni_cells(
    rng: np.random.Generator, ind: Indicator, catalog: Catalog, pop: np.ndarray, periods: list[dt.date],
    base: tuple[np.ndarray, np.ndarray | None] | None = None,
) -> tuple[Cells, tuple[np.ndarray, np.ndarray | None]]:
    """Per (period, municipality, cell): numerator, denominator, numerator and denominator persons."""
    num_rate, den_rate, per_unit = _RATES[ind.id]
    n_p, n_m = len(periods), len(pop)
    noise = rng.gamma(20.0, 1 / 20.0, size=(n_p, n_m))
    if base is not None:  # linked indicator: same numerator or same denominator
        num_t, den_t = base
    else:
        den_t = rng.poisson(den_rate * pop * noise) if den_rate else None
        num_t = rng.poisson(num_rate * pop * noise).astype(np.float64)
    cells: list[tuple[str, str, np.ndarray, np.ndarray | None]] = [("", "", num_t, den_t)]
    for bd_id in ind.breakdowns:
        bd = catalog.breakdowns[bd_id]
        w = rng.dirichlet(np.full(len(bd.values), 1.5))
        if bd_id == "benefit_group":
            w = np.sort(w)[::-1] ** 2  # a few large benefit groups, many small ones
        nums = _split(rng, num_t.ravel(), w).reshape(n_p, n_m, -1)
        if den_t is not None and bd.kind.value == "person":
            dens = _split(rng, den_t.ravel(), w).reshape(n_p, n_m, -1)
        else:
            dens = None
        for k, value in enumerate(bd.values):
            cells.append((bd_id, value, nums[:, :, k], den_t if dens is None else dens[:, :, k]))
    out = []
    for bd_id, value, num, den in cells:
        num_persons = np.ceil(num * per_unit)
        out.append((bd_id, value, num, den, num_persons, den))
    return out, (num_t, den_t)


def _frame(ind_id: str, area_type: str, codes: list[str], periods: list[dt.date], cells: Cells) -> pd.DataFrame:
    parts = []
    for bd_id, value, num, den, num_p, den_p in cells:
        n_p, n_a = num.shape
        share = np.where(den > 0, 100.0 * num / np.where(den > 0, den, 1), np.nan) if den is not None else num
        parts.append(pd.DataFrame({
            "indicator_id": ind_id,
            "area_type": area_type,
            "area_code": np.tile(np.asarray(codes), n_p),
            "period": np.repeat(np.asarray(periods), n_a),
            "breakdown": bd_id,
            "breakdown_value": value,
            "value": share.ravel().astype(np.float64),
            "numerator": num.ravel(),
            "denominator": den.ravel().astype(np.float64) if den is not None else np.nan,
            "numerator_persons": num_p.ravel().astype(np.int64),
            "denominator_persons": den_p.ravel().astype(np.float64) if den_p is not None else np.nan,
        }))
    return pd.concat(parts, ignore_index=True)


def _aggregate(cells: Cells, index: pd.Series) -> tuple[list[str], Cells]:
    """Sum municipality cells to a higher level: index maps each municipality to its area."""
    codes = sorted(index.unique())
    onehot = np.stack([(index.to_numpy() == c).astype(np.float64) for c in codes], axis=1)
    agg: Cells = []
    for bd_id, value, num, den, num_p, den_p in cells:
        agg.append((bd_id, value, num @ onehot, None if den is None else den @ onehot, num_p @ onehot,
                    None if den_p is None else den_p @ onehot))
    return codes, agg


def synthetic_results(months: int = 72, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    catalog = default_catalog()
    munis = municipalities()
    pop = np.array([m.population for m in munis], dtype=np.float64)
    codes = [m.code for m in munis]
    region = pd.Series([m.region_code for m in munis])
    rar = pd.Series([m.rar_code for m in munis])
    frames: list[pd.DataFrame] = []
    bases: dict[str, tuple[np.ndarray, np.ndarray | None]] = {}
    links = {"mm17_upskilling_share": "mm17_upskilling_starts", "mm13_refugees_190h_share":
             "mm13_refugees_employed_share"}
    for ind in catalog.indicators.values():
        periods = _periods(ind.period.value, months)
        if ind.id == "recruitment_unsuccessful_share":
            frames.append(_recruitment(rng, ind.id, periods))
            continue
        base = None
        if ind.id in links:
            num_b, den_b = bases[links[ind.id]]
            own_num, own_den = _RATES[ind.id][0], _RATES[ind.id][1]
            if ind.id == "mm17_upskilling_share":  # same numerator, own denominator
                noise = rng.gamma(20.0, 1 / 20.0, size=num_b.shape)
                base = (num_b, np.maximum(rng.poisson(own_den * pop * noise), num_b))
            else:  # same denominator, own numerator
                base = (rng.binomial(den_b.astype(np.int64), own_num / own_den).astype(np.float64), den_b)
        cells, bases[ind.id] = _muni_cells(rng, ind, catalog, pop, periods, base)
        frames.append(_frame(ind.id, "municipality", codes, periods, cells))
        for area_type, index in (("region", region), ("rar", rar), ("country", pd.Series([COUNTRY_CODE] * len(munis)))):
            agg_codes, agg = _aggregate(cells, index)
            frames.append(_frame(ind.id, area_type, agg_codes, periods, agg))
    df = pd.concat(frames, ignore_index=True)
    df["run_id"] = "synthetic"
    return df


def _recruitment(rng: np.random.Generator, ind_id: str, periods: list[dt.date]) -> pd.DataFrame:
    from jobmaal.reference import rar_areas

    rars = sorted(rar_areas())
    attempts = rng.poisson(np.where(np.array(rars) == "R08", 6, 400), size=(len(periods), len(rars))).astype(float)
    unsuccessful = rng.binomial(attempts.astype(np.int64), 0.25).astype(float)
    rar_df = _frame(ind_id, "rar", rars, periods, [("", "", unsuccessful, attempts, unsuccessful, attempts)])
    country = _frame(ind_id, "country", [COUNTRY_CODE], periods,
                     [("", "", unsuccessful.sum(1, keepdims=True), attempts.sum(1, keepdims=True),
                       unsuccessful.sum(1, keepdims=True), attempts.sum(1, keepdims=True))])
    out = pd.concat([rar_df, country], ignore_index=True)
    out["numerator_persons"] = np.nan
    out["denominator_persons"] = np.nan
    return out


def read_results(path: Path) -> pd.DataFrame:
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.sql("select * from indicator_values where run_id = "
                       "(select run_id from runs order by computed_at desc limit 1)").df()
    finally:
        con.close()


def run(name: str, values: pd.DataFrame) -> None:
    print(f"\n== {name}: {len(values):,} rows")
    started = time.perf_counter()
    disclosed = disclose(values)
    took = time.perf_counter() - started
    summary = disclosed.summary()
    with pd.option_context("display.width", 140, "display.float_format", "{:.1%}".format):
        print(summary.to_string())
    print(f"disclose(): {took:.2f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", nargs="*", type=Path)
    parser.add_argument("--months", type=int, default=72)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    found = [p for p in args.results if p.is_file()]
    for p in args.results:
        if not p.is_file():
            print(f"{p}: not found, skipped", file=sys.stderr)
    for path in found:
        started = time.perf_counter()
        values = read_results(path)
        print(f"read {path} in {time.perf_counter() - started:.2f} s")
        run(str(path), values)
    if not found:
        started = time.perf_counter()
        values = synthetic_results(args.months, args.seed)
        print(f"generated a synthetic results table in {time.perf_counter() - started:.2f} s")
        run(f"synthetic, {args.months} months, seed {args.seed}", values)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
