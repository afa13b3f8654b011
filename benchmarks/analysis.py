"""Benchmark and verification of the follow-up analysis (prints figures; asserts nothing).

1. Planted effort: on synthetic data, the Spearman rank correlation between each municipality's
   estimated actual − expected (direction-adjusted, year so far) and the generator's planted effort, for
   the monthly share indicators. The issue asks for at least 0.8 on medium-scale data.
2. Speed: the follow-up of all 98 municipalities for one year (with series, seasonal adjustment,
   expected levels, projections), on the national-scale results. Target: under 10 seconds.

    .venv/bin/python benchmarks/analysis.py \\
        --effort-results /work/bench-data/results-medium.duckdb --effort-data /work/bench-data/medium \\
        --results /work/bench-data/results-national.duckdb [--data /work/bench-data/national] --year 2021
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from scipy.stats import spearmanr

from jobmaal.analysis import followup
from jobmaal.analysis.derive import conditions_from_registers, conditions_from_results, planted_effort
from jobmaal.analysis.results import read_results
from jobmaal.catalog import default_catalog

MONTHLY_SHARES = [i.id for i in default_catalog().indicators.values()
                  if i.unit == "percent" and i.period == "month"]


def effort_check(results: Path, data: Path, year: int) -> None:
    effort = planted_effort(data)
    if effort is None:
        print(f"{data}: no planted_effort in _jobmaal_meta.json; skipping the effort check")
        return
    res = read_results(results)
    result = followup(res, year, data_dir=data, indicators=MONTHLY_SHARES)
    print(f"\nPlanted effort ({results.name}, {year}, conditions from {result.conditions_source}):")
    print(f"  {'indicator':34} {'n':>3} {'year so far':>12} {'months (median)':>16}")
    for ind_id in MONTHLY_SHARES:
        rows = result.indicator_rows(ind_id)
        sign = {True: 1.0, False: -1.0}
        pairs = [(sign[i.direction == "higher_is_better"] * i.year_to_date.expected.difference, effort[m.code])
                 for m, i in rows if i.year_to_date and i.year_to_date.expected
                 and i.year_to_date.expected.difference is not None]
        if len(pairs) < 3:
            print(f"  {ind_id:34} {len(pairs):>3} {'–':>12}")
            continue
        rho = spearmanr([p[0] for p in pairs], [p[1] for p in pairs]).statistic
        monthly = _monthly(rows, effort)
        print(f"  {ind_id:34} {len(pairs):>3} {rho:>12.3f} {monthly:>16.3f}  {'ok' if rho >= 0.8 else 'BELOW 0.8'}")


def _monthly(rows: tuple, effort: dict[str, float]) -> float:
    """The median over the year's months of the same correlation on single months."""
    by_period: dict[object, list[tuple[float, float]]] = {}
    for m, ind in rows:
        sign = 1.0 if ind.direction == "higher_is_better" else -1.0
        for p in ind.series:
            if p.expected is not None and p.value is not None:
                by_period.setdefault(p.period, []).append((sign * (p.value - p.expected), effort[m.code]))
    rhos = [spearmanr([a for a, _ in v], [b for _, b in v]).statistic for v in by_period.values() if len(v) > 2]
    return statistics.median(rhos) if rhos else float("nan")


def speed(results: Path, data: Path | None, year: int, repeat: int) -> None:
    t0 = time.perf_counter()
    res = read_results(results)
    t_read = time.perf_counter() - t0
    t0 = time.perf_counter()
    if data is not None:
        conditions = conditions_from_registers(data, [year], res.values)
        source = "registers"
    else:
        conditions = conditions_from_results(res.values, [year])
        source = "results"
    t_cond = time.perf_counter() - t0
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = followup(res, year, conditions=conditions)
        times.append(time.perf_counter() - t0)
    n_series = sum(len(i.series) for m in result.municipalities for i in m.indicators())
    print(f"\nSpeed ({results}, {len(res.values):,} total rows, year {year}):")
    print(f"  read the results file (totals):          {t_read:6.2f} s")
    print(f"  framework conditions from {source:10}:    {t_cond:6.2f} s")
    print(f"  follow-up of all 98 municipalities:      {min(times):6.2f} s (best of {repeat}; "
          f"{len(result.municipalities)} municipalities, {n_series:,} series points)")
    print(f"  read + follow-up (conditions stored):    {t_read + min(times):6.2f} s  (target < 10 s)")
    print(f"  read + conditions + follow-up:           {t_read + t_cond + min(times):6.2f} s")

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--year", type=int, default=2021)
    parser.add_argument("--effort-results", type=Path, default=Path("/work/bench-data/results-medium.duckdb"))
    parser.add_argument("--effort-data", type=Path, default=Path("/work/bench-data/medium"))
    parser.add_argument("--results", type=Path, default=Path("/work/bench-data/results-national.duckdb"))
    parser.add_argument("--data", type=Path, default=None, help="register data of --results (conditions)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.effort_results.exists() and args.effort_data.exists():
        effort_check(args.effort_results, args.effort_data, args.year)
    else:
        print(f"no {args.effort_results} or {args.effort_data}: skipping the effort check")
    speed_results = args.results if args.results.exists() else args.effort_results
    if speed_results.exists():
        speed(speed_results, args.data, args.year, args.repeat)
    else:
        print(f"no {args.results}: skipping the speed figure")


if __name__ == "__main__":
    main()
