"""Benchmark of the synthetic generator: rows per second, wall time and peak memory; optional effort check.

    .venv/bin/python benchmarks/generate.py --scale medium            # → /work/bench-data/medium
    .venv/bin/python benchmarks/generate.py --scale national          # → /work/bench-data/national
    .venv/bin/python benchmarks/generate.py --check-effort /work/bench-data/medium   # no generation

Peak memory is the largest sum of the RSS of this process and its worker processes,
sampled every 0.1 s (psutil), next to each process's own peak from getrusage.

The effort check computes the monthly share indicators per municipality with DuckDB
(the definitions of docs/indicators.md, written directly in SQL), regresses them on
framework conditions derived from the same data (weighted least squares across the 98
municipalities), and prints the rank correlation between the residual (better than
expected) and the planted effort in ``_jobmaal_meta.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import sys
import threading
import time
from pathlib import Path

import duckdb
import numpy as np
import psutil
from scipy.stats import spearmanr

from jobmaal.registers.store import table_glob
from jobmaal.registers.synthetic import SCALE_PERSONS, GenerateOptions, Scale, generate

BENCH_DATA = Path("/work/bench-data")


class PeakRss:
    """Samples the summed RSS of this process and all its descendants in a background thread."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval, self.peak, self._stop = interval, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):  # a worker that just ended
                    total += proc.memory_info().rss
            self.peak = max(self.peak, total)
            time.sleep(self.interval)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def bench(scale: Scale, out: Path, workers: int, seed: int) -> None:
    options = GenerateOptions.build(out, scale=scale, seed=seed)
    print(f"generating {scale.value}: {options.persons:,} persons, {options.n_chunks} chunk(s), "
          f"{workers} worker(s) → {out}", flush=True)
    done = [0]

    def progress(persons: int, total: int) -> None:
        done[0] += persons
        print(f"  {done[0]:>10,} / {total:,} persons  {time.perf_counter() - start:7.1f} s", flush=True)

    with PeakRss() as peak:
        start = time.perf_counter()
        meta = generate(options, workers=workers, progress=progress)
        seconds = time.perf_counter() - start
    rows = {name: info["rows"] for name, info in meta["tables"].items()}
    total = sum(rows.values())
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\nscale {scale.value}, persons {options.persons:,}, workers {workers}")
    for name, n in sorted(rows.items()):
        print(f"  {name:18s} {n:>13,} rows")
    print(f"wall time              {seconds:10.1f} s")
    print(f"rows per second        {total / seconds:13,.0f}  (all tables, {total:,} rows)")
    print(f"benefit_weeks per sec  {rows['benefit_weeks'] / seconds:13,.0f}")
    print(f"peak RSS, all processes {peak.peak / 2**20:9.0f} MB  (sampled sum of this process and its workers)")
    print(f"peak RSS, per process  {own:10.0f} MB main, {child:.0f} MB largest worker (getrusage)")
    print(f"size on disk           {size / 2**20:10.0f} MB")


# --- the effort check -------------------------------------------------------------------------------

_SQL = """
CREATE TEMP TABLE months AS
  SELECT m::DATE AS m, last_day(m)::DATE AS d1 FROM range(DATE '{start}', DATE '{end}' + INTERVAL 1 MONTH,
                                                     INTERVAL 1 MONTH) t(m);
CREATE TEMP TABLE p AS SELECT * FROM read_parquet('{persons}');
CREATE TEMP TABLE r AS SELECT * FROM read_parquet('{residence}');
-- residents per municipality and month, with the person attributes the conditions need
CREATE TEMP TABLE pop AS
  SELECT months.m, r.municipality_code AS mun, p.person_key, p.education, p.residence_basis,
         p.first_residence_permit_date AS permit,
         date_diff('year', p.birth_date, months.d1)
           - (strftime(months.d1, '%m%d') < strftime(p.birth_date, '%m%d'))::INT AS age
  FROM months JOIN r ON r.valid_from <= months.d1 AND (r.valid_to IS NULL OR months.d1 < r.valid_to)
  JOIN p USING (person_key);
CREATE TEMP TABLE support AS
  WITH w AS (SELECT municipality_code AS mun, week_start,
                    least(7, date_diff('day', week_start, last_day(week_start)) + 1) AS first_days
             FROM read_parquet('{weeks}')),
  parts AS (SELECT mun, date_trunc('month', week_start)::DATE AS m, first_days AS days FROM w
            UNION ALL SELECT mun, (date_trunc('month', week_start) + INTERVAL 1 MONTH)::DATE, 7 - first_days
            FROM w WHERE first_days < 7)
  SELECT mun, m, sum(days / day(last_day(m))) AS num FROM parts GROUP BY ALL;
CREATE TEMP TABLE unemployed AS
  SELECT person_key, municipality_code AS mun, week_start, date_trunc('month', week_start)::DATE AS m
  FROM read_parquet('{weeks}')
  WHERE benefit_group IN ('a_dagpenge', 'kontanthjaelp', 'uddannelseshjaelp', 'ledighedsydelse');
CREATE TEMP TABLE upskilling AS
  WITH starts AS (
    SELECT DISTINCT u.person_key, u.mun, date_trunc('month', a.start_date)::DATE AS m
    FROM read_parquet('{activities}') a JOIN unemployed u ON u.person_key = a.person_key
     AND u.week_start = date_trunc('week', a.start_date)::DATE
    WHERE a.activity_type IN ('ordinary_education', 'job_oriented_education', 'adult_apprenticeship'))
  SELECT d.mun, d.m, coalesce(s.num, 0) AS num, d.den FROM
    (SELECT mun, m, count(DISTINCT person_key) AS den FROM unemployed GROUP BY ALL) d
    LEFT JOIN (SELECT mun, m, count(DISTINCT person_key) AS num FROM starts GROUP BY ALL) s USING (mun, m);
CREATE TEMP TABLE refugees AS
  WITH e AS (SELECT person_key, month, unsupported_wage_hours AS h FROM read_parquet('{employment}')
             WHERE person_key IN (SELECT person_key FROM p
                                  WHERE residence_basis IN ('refugee', 'family_reunified_refugee')))
  SELECT pop.mun, pop.m, count(*) AS den,
         count(*) FILTER (WHERE e0.h > 0) AS num_employed,
         count(*) FILTER (WHERE coalesce(e0.h, 0) + coalesce(e1.h, 0) + coalesce(e2.h, 0) >= 190) AS num_190h
  FROM pop LEFT JOIN e e0 ON e0.person_key = pop.person_key AND e0.month = pop.m
  LEFT JOIN e e1 ON e1.person_key = pop.person_key AND e1.month = pop.m - INTERVAL 1 MONTH
  LEFT JOIN e e2 ON e2.person_key = pop.person_key AND e2.month = pop.m - INTERVAL 2 MONTH
  WHERE pop.residence_basis IN ('refugee', 'family_reunified_refugee') AND pop.permit >= DATE '2004-01-01'
    AND pop.permit <= last_day(pop.m) AND pop.age BETWEEN 18 AND 66
  GROUP BY ALL;
CREATE TEMP TABLE conditions AS
  SELECT mun, m, count(*) AS residents,
         avg((education = 'unskilled')::INT) AS unskilled,
         avg((residence_basis IN ('refugee', 'family_reunified_refugee'))::INT) AS refugees,
         avg((residence_basis = 'other_immigrant')::INT) AS immigrants,
         avg((age < 30)::INT) AS young, avg((age >= 50)::INT) AS old
  FROM pop WHERE age BETWEEN 16 AND 66 GROUP BY ALL;
"""

INDICATORS = {  # name: +1 if higher is better, -1 if lower is better
    "public_support_fulltime_share": -1,
    "mm17_upskilling_share": +1,
    "mm13_refugees_employed_share": +1,
    "mm13_refugees_190h_share": +1,
}


def _frames(data: Path) -> dict[str, dict[tuple[str, object], tuple[float, float]]]:
    meta = json.loads((data / "_jobmaal_meta.json").read_text(encoding="utf-8"))
    con = duckdb.connect()
    con.execute(_SQL.format(
        start=meta["period_from"], end=meta["period_to"], persons=table_glob(data, "persons"),
        residence=table_glob(data, "residence"), weeks=table_glob(data, "benefit_weeks"),
        activities=table_glob(data, "activities"), employment=table_glob(data, "employment_months")))
    out: dict[str, dict[tuple[str, object], tuple[float, float]]] = {}
    den = {(mun, m): n for mun, m, n in con.execute("SELECT mun, m, residents FROM conditions").fetchall()}
    # Every municipality-month has residents; support is 0 where nobody was on a benefit.
    num = {(mun, m): x for mun, m, x in con.execute("SELECT mun, m, num FROM support").fetchall()}
    out["public_support_fulltime_share"] = {key: (num.get(key, 0.0), d) for key, d in den.items()}
    out["mm17_upskilling_share"] = {(mun, m): (num, d)
                                    for mun, m, num, d in con.execute("SELECT * FROM upskilling").fetchall()}
    ref = con.execute("SELECT mun, m, num_employed, num_190h, den FROM refugees").fetchall()
    out["mm13_refugees_employed_share"] = {(mun, m): (a, d) for mun, m, a, _, d in ref}
    out["mm13_refugees_190h_share"] = {(mun, m): (b, d) for mun, m, _, b, d in ref}
    cond = con.execute("SELECT mun, m, unskilled, refugees, immigrants, young, old FROM conditions").fetchall()
    out["_conditions"] = {(mun, m): tuple(row) for mun, m, *row in cond}  # type: ignore[misc]
    return out


def check_effort(data: Path, year: int) -> None:
    """Print the rank correlation of actual-minus-expected with the planted effort, per indicator."""
    from jobmaal.reference import municipalities

    meta = json.loads((data / "_jobmaal_meta.json").read_text(encoding="utf-8"))
    codes = sorted(meta["planted_effort"])
    effort = np.array([meta["planted_effort"][c] for c in codes])
    rar_of = {m.code: m.rar_code for m in municipalities()}
    rest = {c: [o for o in codes if rar_of[o] == rar_of[c] and o != c] or [o for o in codes if o != c] for c in codes}
    frames = _frames(data)
    cond, support = frames["_conditions"], frames["public_support_fulltime_share"]
    months = sorted({m for (_, m) in cond if getattr(m, "year", None) == year})
    print(f"\neffort check on {data} ({meta['persons']:,} persons), the months of {year}:")
    print("rank correlation of (actual - expected) × direction with the planted effort; framework R²")
    for name, sign in INDICATORS.items():
        per_month, r2s, total = [], [], np.zeros(len(codes))
        for m in months:
            num = {c: support.get((c, m), (0.0, 0.0))[0] for c in codes}
            pop = {c: support.get((c, m), (0.0, 0.0))[1] for c in codes}
            # The level of public support in the rest of the RAR area: the local labour market.
            rar = [sum(num[o] for o in rest[c]) / max(sum(pop[o] for o in rest[c]), 1) for c in codes]
            x = np.array([[1.0, *cond.get((c, m), (0.0,) * 5), rar[i]] for i, c in enumerate(codes)])
            nd = np.array([frames[name].get((c, m), (0.0, 0.0)) for c in codes], dtype=float)
            ok = nd[:, 1] > 0
            y, w = nd[ok, 0] / nd[ok, 1], nd[ok, 1]
            sw = np.sqrt(w)
            beta = np.linalg.lstsq(x[ok] * sw[:, None], y * sw, rcond=None)[0]
            resid = y - x[ok] @ beta
            mean = np.average(y, weights=w)
            r2s.append(1 - np.average(resid**2, weights=w) / np.average((y - mean) ** 2, weights=w))
            per_month.append(spearmanr(sign * resid, effort[ok])[0])
            total[ok] += resid
        print(f"  {name:30s} per month: median {np.median(per_month):.3f} (lowest {min(per_month):.3f}); "
              f"residual summed over the year {spearmanr(sign * total, effort)[0]:.3f}; "
              f"framework R² median {np.median(r2s):.2f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=[s.value for s in Scale], help="generate this preset")
    parser.add_argument("--out", type=Path, help="output folder (default /work/bench-data/<scale>)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check-effort", type=Path, metavar="DIR", help="run the effort check on DIR")
    parser.add_argument("--year", type=int, default=2022, help="year of the effort check")
    args = parser.parse_args(argv)
    if not args.scale and not args.check_effort:
        parser.error("give --scale and/or --check-effort")
    if args.scale:
        scale = Scale(args.scale)
        out = args.out or BENCH_DATA / scale.value
        print(f"{SCALE_PERSONS[scale]:,} persons preset", file=sys.stderr)
        bench(scale, out, args.workers, args.seed)
    if args.check_effort:
        check_effort(args.check_effort, args.year)


if __name__ == "__main__":
    main()
