"""Benchmark of the reports (prints figures; asserts nothing).

1. One municipality's results report, in a warm process that already has the disclosed run (as the web
   server has it): the follow-up of the municipality, the report's content with its chart images, and
   the PDF. Target: under 2 seconds. Also the plan, HTML and XLSX, and the CPU time of each step.
2. The same from the command line in a new process (`jobmaal report … --out x.pdf`): cold (no disk cache
   of the disclosed run: it reads and discloses the run and writes the cache) and warm (the disclosed run
   read from the disk cache that the cold run wrote), each with the OS file cache warm.
3. `jobmaal report --all` for the 98 municipalities into a folder, in parallel. Target: under 3 minutes
   on 2 cores.

    .venv/bin/python benchmarks/reports.py --results /work/bench-data/reports/medium.duckdb --year 2021 \\
        [--municipality 101] [--db plans.sqlite] [--out /work/bench-data/reports/out] [--skip-all]

The load average is printed with the figures: on a shared machine, other work slows every step.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jobmaal.reports.make import plan_report, render, results_report
from jobmaal.reports.sources import followup_of, load_plans, load_run

JOBMAAL = str(Path(sys.executable).with_name("jobmaal"))


def timed(fn: Callable[[], Any], repeat: int = 3) -> tuple[Any, float, float]:
    """The result, and the median wall and CPU seconds over ``repeat`` runs."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return result, statistics.median(walls), statistics.median(cpus)


def run_child(args: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (the child and the workers it waited for) and peak RSS (MB) of a command."""
    with tempfile.TemporaryFile("w+") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            out.seek(0)
            raise SystemExit(f"command failed: {' '.join(args[:4])} …\n{out.read()[-3000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def warm(results: Path, year: int, code: str, db: str | None) -> None:
    from jobmaal.plans import PlanStore

    w = time.perf_counter()
    source = load_run(results, up_to_year=year)
    print(f"  read and disclose the run (once per process): {time.perf_counter() - w:6.2f} s")
    store = PlanStore(db) if db else None
    plans = load_plans(store, year)
    targets = plans.targets()
    render(results_report(source, year, code, plans=plans), "pdf")  # warm-up: imports, fonts, the JS engine

    def followup_one() -> Any:
        return followup_of(source, year, code, targets=targets[targets["municipality_code"] == code])

    fr, w_f, c_f = timed(followup_one)
    report, w_c, c_c = timed(lambda: results_report(source, year, code, plans=plans, fr=fr))
    _, w_p, c_p = timed(lambda: render(report, "pdf"))
    _, w_h, _c_h = timed(lambda: render(report, "html"))
    _, w_x, _c_x = timed(lambda: render(report, "xlsx"))
    _plan, w_pl, c_pl = timed(lambda: render(plan_report(source, year, code, plans=plans), "pdf"))
    print(f"  follow-up of {code} (models over all 98):      {w_f:6.2f} s wall {c_f:6.2f} s CPU")
    print(f"  report content with {len(report.sections())} chart images:        {w_c:6.2f} s wall {c_c:6.2f} s CPU")
    print(f"  PDF (WeasyPrint):                             {w_p:6.2f} s wall {c_p:6.2f} s CPU")
    print(f"  results report, total (follow-up → PDF):      {w_f + w_c + w_p:6.2f} s wall "
          f"{c_f + c_c + c_p:6.2f} s CPU   (target < 2 s)")
    print(f"  HTML instead of PDF: {w_h:5.2f} s; XLSX: {w_x:5.2f} s; the plan as PDF (with its baseline "
          f"follow-up): {w_pl:5.2f} s wall {c_pl:5.2f} s CPU")


def cold(results: Path, year: int, code: str, db: str | None, out: Path) -> None:
    from jobmaal.publication import cache_folder

    args = [JOBMAAL, "report", "--results", str(results), "--year", str(year), "-m", code,
            "--out", str(out / f"{code}.pdf"), "--quiet"]
    if db:
        args += ["--db", db]
    folder = cache_folder(Path(results))
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
    for label in ("cold: no disk cache, discloses the run up to the year", "warm: disclosed run from the disk cache",
                  "warm, again"):
        wall, cpu, rss = run_child(args)
        print(f"  jobmaal report -m {code} ({label}): {wall:6.2f} s wall, {cpu:6.2f} s CPU (with the chart "
              f"helper), peak RSS {rss:,.0f} MB; {load()}")


def all_reports(results: Path, year: int, db: str | None, out: Path, workers: int) -> None:
    folder = out / "all"
    shutil.rmtree(folder, ignore_errors=True)
    args = [JOBMAAL, "report", "--all", "--results", str(results), "--year", str(year), "--out", str(folder),
            "--format", "pdf", "--workers", str(workers), "--quiet"]
    if db:
        args += ["--db", db]
    wall, cpu, rss = run_child(args)
    pdfs = list(folder.glob("*.pdf"))
    size = sum(p.stat().st_size for p in pdfs) / 1e6
    print(f"  jobmaal report --all ({len(pdfs)} PDFs, {size:.1f} MB, {workers} workers): {wall:6.1f} s wall "
          f"(target < 180 s); {cpu:6.1f} s CPU in all processes ({cpu / max(len(pdfs), 1):.2f} s a report), "
          f"i.e. about {cpu / workers:.0f} s on {workers} otherwise idle cores; parent's peak RSS {rss:,.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results", type=Path, required=True)
    parser.add_argument("--year", type=int, default=2021)
    parser.add_argument("--municipality", default="101")
    parser.add_argument("--db", default=None, help="plan database URL (targets, texts); none by default")
    parser.add_argument("--out", type=Path, default=Path("/work/bench-data/reports/out"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-all", action="store_true")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"Reports benchmark: {args.results}, {args.year}, municipality {args.municipality}; {load()}")
    print("1. Warm process (the disclosed run in memory, as in the web server):")
    warm(args.results, args.year, args.municipality, args.db)
    print("2. Command line, one report:")
    cold(args.results, args.year, args.municipality, args.db, args.out)
    if not args.skip_all:
        print("3. Command line, all 98 municipalities:")
        all_reports(args.results, args.year, args.db, args.out, args.workers)
    print(f"Done; {load()}")


if __name__ == "__main__":
    main()
