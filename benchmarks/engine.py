"""Engine speed and memory at scale (printed, never asserted).

Usage: python benchmarks/engine.py --national /work/bench-data/national --medium /work/bench-data/medium

Prints, in one run: the floor (one DuckDB pass counting benefit weeks by municipality and month),
a hand-written single DuckDB query for public_support_fulltime_share, the engine's total for every
indicator, breakdown and area level, peak memory, recomputing the last month only, and the engine
against a straightforward pandas implementation at medium scale. Each step runs in its own child
process so that its peak RSS is its own.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import python_snippet, run_measured

ROOT = Path(__file__).resolve().parents[1]

FLOOR = """
import duckdb, sys
con = duckdb.connect()
con.execute("SET preserve_insertion_order=false")
n = con.execute(f"SELECT count(*) FROM (SELECT municipality_code, date_trunc('month', week_start) m, count(*) "
                f"FROM read_parquet('{sys.argv[1]}/benefit_weeks/*.parquet') GROUP BY ALL)").fetchall()[0][0]
print(n)
"""

HAND_WRITTEN = """
import duckdb, sys
d = sys.argv[1]
con = duckdb.connect()
con.execute("SET preserve_insertion_order=false")
sql = f'''
WITH w AS (
  SELECT person_key, municipality_code, week_start,
         least(7, day(last_day(week_start)) - day(week_start) + 1) AS d1days
  FROM read_parquet('{d}/benefit_weeks/*.parquet')),
parts AS (
  SELECT person_key, municipality_code, date_trunc('month', week_start) AS m, d1days AS days FROM w
  UNION ALL
  SELECT person_key, municipality_code, date_trunc('month', week_start) + INTERVAL 1 MONTH, 7 - d1days
  FROM w WHERE d1days < 7),
num AS (
  SELECT municipality_code, m, sum(days / day(last_day(m))) AS fulltime
  FROM parts JOIN read_parquet('{d}/persons/*.parquet') p USING (person_key)
  -- completed years on d1 by the integer trick (yyyymmdd(d1) - yyyymmdd(birth)) // 10000
  WHERE ((year(last_day(m)) * 10000 + month(last_day(m)) * 100 + day(last_day(m)))
         - (year(p.birth_date) * 10000 + month(p.birth_date) * 100 + day(p.birth_date))) // 10000 BETWEEN 16 AND 66
  GROUP BY ALL)
SELECT count(*), sum(fulltime) FROM num'''
print(con.execute(sql).fetchall())
"""

ENGINE = """
import sys, datetime as dt
from pathlib import Path
from jobmaal.engine.runner import ComputeRequest, compute
from jobmaal.engine.backend import BackendSettings
data, results = Path(sys.argv[1]), Path(sys.argv[2])
kw = {}
if len(sys.argv) > 3 and sys.argv[3] != "-":
    m = dt.date.fromisoformat(sys.argv[3])
    kw = dict(period_from=m, period_to=m)
settings = BackendSettings(memory_limit=sys.argv[4]) if len(sys.argv) > 4 and sys.argv[4] else BackendSettings()
run = compute(ComputeRequest(data, results, settings=settings, **kw))
print(run.run_id, run.period_from, run.period_to)
"""

PANDAS = """
import sys
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from tests.engine.pandas_reference import compute_all
print(len(compute_all(Path(sys.argv[1]))))
"""

LAST_MONTH = """
import duckdb, sys
print(duckdb.connect(sys.argv[1], read_only=True).execute("SELECT max(period_to) FROM runs").fetchall()[0][0])
"""


def _line(label: str, seconds: float, rss: float, extra: str = "") -> None:
    print(f"{label:<58} {seconds:8.1f} s   peak RSS {rss:7.0f} MB  {extra}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--national", type=Path, help="national-scale register directory")
    parser.add_argument("--medium", type=Path, help="medium-scale register directory")
    parser.add_argument("--memory-limit", default=None, help="DuckDB memory limit for the engine, e.g. 2GB")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="jobmaal-bench-"))

    if args.national:
        d = str(args.national)
        floor = run_measured(python_snippet(FLOOR, d))
        _line("floor: count benefit_weeks by municipality and month", floor.seconds, floor.peak_rss_mb)
        hand = run_measured(python_snippet(HAND_WRITTEN, d))
        _line("hand-written query, public_support_fulltime_share", hand.seconds, hand.peak_rss_mb)
        results = tmp / "national.duckdb"
        full = run_measured(python_snippet(ENGINE, d, str(results), "-", args.memory_limit or ""))
        _line("engine: every indicator, breakdown and area level", full.seconds, full.peak_rss_mb)
        last = run_measured(python_snippet(LAST_MONTH, str(results))).stdout.strip()
        month = run_measured(python_snippet(ENGINE, d, str(results), last))
        _line(f"engine: recompute the last month only ({last})", month.seconds, month.peak_rss_mb)
        print(f"ratio engine / hand-written query: {full.seconds / hand.seconds:.2f} (target ≤ 3)")
        print(f"ratio engine / floor: {full.seconds / floor.seconds:.2f}")
        print(f"ratio last month / full run: {month.seconds / full.seconds:.1%} (target ≤ 10 %)")
        print(f"engine peak RSS: {full.peak_rss_mb / 1024:.2f} GB (target ≤ 3 GB)")

    if args.medium:
        d = str(args.medium)
        eng = run_measured(python_snippet(ENGINE, d, str(tmp / "medium.duckdb")))
        _line("medium: engine, everything", eng.seconds, eng.peak_rss_mb)
        pd_run = run_measured(python_snippet(PANDAS, d, str(ROOT)))
        _line("medium: pandas reference, monthly totals only", pd_run.seconds, pd_run.peak_rss_mb)
        print(f"ratio pandas / engine at medium scale: {pd_run.seconds / eng.seconds:.1f}× (target ≥ 5×)")


if __name__ == "__main__":
    main()
