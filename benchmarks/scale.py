"""The engine's cost against the data's size, on DuckDB (with and without a memory limit) and PySpark local.

Usage:
    .venv/bin/python benchmarks/scale.py                         # small, medium, national; all engines
    .venv/bin/python benchmarks/scale.py --scales small,medium --no-spark-national
    .venv/bin/python benchmarks/scale.py --engines duckdb,duckdb-limit --memory-limit 4GB

For each scale (``/work/bench-data/<scale>``, generated with ``jobmaal generate --scale`` if missing)
it prints the rows in ``benefit_weeks`` and, per engine, the wall time of a full run (every indicator,
breakdown, area and month) and its peak memory, then the growth exponent of time against rows: the
slope of a least-squares line through (log rows, log seconds). A slope near 1 is linear growth.

Each run is a child process. Peak memory is the largest summed RSS of the child and all its
descendants (sampled every 0.2 s): for PySpark that includes the JVM the driver starts, which the
child's own rusage would miss. The child's rusage peak is printed beside it.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import psutil

BENCH_DATA = Path("/work/bench-data")
SCALES = ("small", "medium", "national")
ENGINES = ("duckdb", "duckdb-limit", "pyspark")

# One full run in a child process: argv = data, results, engine, memory limit, spark driver memory.
RUN = """
import sys
from pathlib import Path
from jobmaal.engine.backend import BackendSettings
from jobmaal.engine.runner import ComputeRequest, compute
data, results, engine, limit, driver_memory, *extra = sys.argv[1:]
if engine == "pyspark":
    from jobmaal.engine.backends.run import compute_on
    from jobmaal.engine.backends.target import BackendTarget
    conf = (("spark.driver.memory", driver_memory), ("spark.ui.enabled", "false"),
            ("spark.local.dir", str(Path(results).parent / "spark-tmp")), *(tuple(e.split("=", 1)) for e in extra))
    run = compute_on(ComputeRequest(Path(data), Path(results)), BackendTarget("pyspark", master="local[*]", conf=conf))
else:
    settings = BackendSettings(memory_limit=limit if engine == "duckdb-limit" else None)
    run = compute(ComputeRequest(Path(data), Path(results), settings=settings))
print(run.run_id)
"""


@dataclass(frozen=True)
class Measured:
    seconds: float
    tree_peak_mb: float  # the child and its descendants (the JVM for PySpark), summed
    rusage_peak_mb: float  # the child process alone


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += p.memory_info().rss
    return total


def run_measured(args: list[str], log: Path) -> Measured:
    peak = 0
    with log.open("w") as out:
        start = time.perf_counter()
        child = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)
        watched = psutil.Process(child.pid)
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                try:
                    peak = max(peak, _tree_rss(watched))
                except psutil.NoSuchProcess:
                    return
                done.wait(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"run failed ({os.waitstatus_to_exitcode(status)}); see {log}")
    return Measured(seconds, peak / 2**20, usage.ru_maxrss / 1024)


def ensure_data(scale: str, root: Path) -> Path:
    folder = root / scale
    if not (folder / "benefit_weeks").is_dir():
        print(f"generating {folder} …", flush=True)
        subprocess.run([sys.executable, "-m", "jobmaal.cli.app", "generate", "--scale", scale, "--out", str(folder),
                        "--quiet"], check=True)
    return folder


def benefit_week_rows(folder: Path) -> int:
    glob = str(folder / "benefit_weeks" / "*.parquet").replace("'", "''")
    return int(duckdb.sql(f"SELECT count(*) FROM read_parquet('{glob}')").fetchall()[0][0])


def growth_exponent(rows: list[int], seconds: list[float]) -> float | None:
    if len(rows) < 2:
        return None
    slope, _ = np.polyfit(np.log(rows), np.log(seconds), 1)
    return float(slope)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-root", type=Path, default=BENCH_DATA, help="folder holding small/medium/national")
    parser.add_argument("--scales", default=",".join(SCALES), help="comma-separated, of " + ", ".join(SCALES))
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated, of " + ", ".join(ENGINES))
    parser.add_argument("--memory-limit", default="4GB", help="DuckDB memory limit of the duckdb-limit engine")
    parser.add_argument("--spark-driver-memory", default="8g", help="PySpark local: the driver JVM's heap")
    parser.add_argument("--spark-conf", action="append", default=[], metavar="KEY=VALUE",
                        help="more Spark settings (repeatable); default spark.sql.shuffle.partitions=8")
    parser.add_argument("--no-spark-national", action="store_true", help="skip PySpark at national scale (long)")
    args = parser.parse_args()
    spark_conf = args.spark_conf or ["spark.sql.shuffle.partitions=8"]
    scales = [s for s in args.scales.split(",") if s]
    engines = [e for e in args.engines.split(",") if e]
    if unknown := (set(scales) - set(SCALES)) | (set(engines) - set(ENGINES)):
        parser.error(f"unknown scale or engine: {sorted(unknown)}")
    tmp = Path(tempfile.mkdtemp(prefix="jobmaal-scale-", dir=args.data_root))
    print(f"{os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GB; logs and results in {tmp}")
    label = {"duckdb": "DuckDB, no memory limit", "duckdb-limit": f"DuckDB, memory limit {args.memory_limit}",
             "pyspark": f"PySpark local[*], driver {args.spark_driver_memory}"}
    print(f"PySpark settings: {', '.join(spark_conf)}")
    points: dict[str, list[tuple[int, float]]] = {e: [] for e in engines}
    for scale in scales:
        folder = ensure_data(scale, args.data_root)
        rows = benefit_week_rows(folder)
        print(f"\n{scale}: {rows:,} rows in benefit_weeks ({folder})", flush=True)
        for engine in engines:
            if engine == "pyspark" and scale == "national" and args.no_spark_national:
                print(f"  {label[engine]:<42} skipped (--no-spark-national)")
                continue
            results = tmp / f"{scale}-{engine}.duckdb"
            cmd = [sys.executable, "-c", RUN, str(folder), str(results), engine, args.memory_limit,
                   args.spark_driver_memory, *(spark_conf if engine == "pyspark" else [])]
            m = run_measured(cmd, tmp / f"{scale}-{engine}.log")
            shutil.rmtree(tmp / "spark-tmp", ignore_errors=True)  # Spark's shuffle files (large at national scale)
            points[engine].append((rows, m.seconds))
            print(f"  {label[engine]:<42} {m.seconds:8.1f} s   peak RSS {m.tree_peak_mb:7.0f} MB "
                  f"(process tree; child alone {m.rusage_peak_mb:.0f} MB)   "
                  f"{rows / m.seconds / 1e6:6.3f} M rows/s", flush=True)
    print("\ngrowth exponent of time against rows (log-log least squares; 1 = linear):")
    for engine, pts in points.items():
        exponent = growth_exponent([r for r, _ in pts], [s for _, s in pts])
        shown = "n/a (fewer than two scales)" if exponent is None or math.isnan(exponent) else f"{exponent:.2f}"
        print(f"  {label[engine]:<42} {shown}   over {len(pts)} scale(s)")


if __name__ == "__main__":
    main()
