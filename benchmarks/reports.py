"""Benchmark of the reports (prints figures; asserts nothing).

1. One municipality's results report, in a warm process that already has the disclosed run (as the web
   server has it): the follow-up of the municipality, the report's content with its chart images, and
   the PDF. Target: under 2 seconds. Also the plan, HTML and XLSX, and the CPU time of each step.
2. The same from the command line (`jobmaal report … --out x.pdf`): in a new process that makes the report
   itself, cold (no disk cache: it discloses the run, fits the follow-up of all 98 and caches both) and
   warm (both read from the disk cache the cold run wrote), with the OS file cache warm; then with a
   report service running (`jobmaal report-service start`), which makes the command's report.
3. `jobmaal report --all` for the 98 municipalities into a folder, in parallel. Target: under 3 minutes
   on 2 cores.
4. The download from the web server, as a user gets it: `jobmaal serve` is started (it warms up: the
   disclosed run, the follow-up models, the chart helper, WeasyPrint), and the municipality page's report
   link is fetched over HTTP: the wall time of each request, and the CPU time of the server and its chart
   helper meanwhile.

    .venv/bin/python benchmarks/reports.py --results /work/bench-data/reports/medium.duckdb --year 2021 \\
        [--municipality 101] [--db plans.sqlite] [--out /work/bench-data/reports/out] [--skip-all] \\
        [--only warm,cli,all,web]

The load average is printed with the figures: on a shared machine, other work slows every step.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil

from jobmaal.analysis.followup import followup_from, prepare_followup
from jobmaal.analysis.results import results_from_frame
from jobmaal.reports.helper import ChartHelper
from jobmaal.reports.make import plan_report, render, results_report
from jobmaal.reports.sources import followup_of, load_plans, load_run

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import stop_server

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


def run_child(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (the child and the workers it waited for) and peak RSS (MB) of a command."""
    with tempfile.TemporaryFile("w+") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env)
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
    totals = source.disclosed.filter(breakdowns=False).frame
    models = prepare_followup(results_from_frame(totals, source.run), year, policy=source.disclosed.policy)
    _, w_m, c_m = timed(lambda: followup_from(models, code, targets))
    report, w_c, c_c = timed(lambda: results_report(source, year, code, plans=plans, fr=fr))
    _, w_p, c_p = timed(lambda: render(report, "pdf"))
    _, w_h, _c_h = timed(lambda: render(report, "html"))
    _, w_x, _c_x = timed(lambda: render(report, "xlsx"))
    _plan, w_pl, c_pl = timed(lambda: render(plan_report(source, year, code, plans=plans), "pdf"))
    print(f"  follow-up of {code} (followup_of: the models read from the disk cache, else fitted over all 98): "
          f"{w_f:6.2f} s wall {c_f:6.2f} s CPU")
    print(f"  follow-up of {code} from kept models (server): {w_m:6.2f} s wall {c_m:6.2f} s CPU")
    print(f"  report content with {len(report.sections())} chart images:        {w_c:6.2f} s wall {c_c:6.2f} s CPU "
          "(charts drawn in this process)")
    print(f"  PDF (WeasyPrint):                             {w_p:6.2f} s wall {c_p:6.2f} s CPU")
    print(f"  results report, total (follow-up → PDF):      {w_f + w_c + w_p:6.2f} s wall "
          f"{c_f + c_c + c_p:6.2f} s CPU   (everything in this process, one after the other)")
    with ChartHelper(restart=True) as helper:  # as the web server: charts drawn while the PDF is laid out
        render(results_report(source, year, code, plans=plans, fr=fr, chart_helper=helper), "pdf")
        assert helper._proc is not None
        drawer = psutil.Process(helper._proc.pid)

        def overlapped() -> bytes:
            return render(results_report(source, year, code, plans=plans, fr=fr, chart_helper=helper), "pdf")

        helper_cpu = sum(drawer.cpu_times()[:2])
        _, w_o, c_o = timed(overlapped)
        helper_cpu = (sum(drawer.cpu_times()[:2]) - helper_cpu) / 3
    print(f"  content + PDF, charts in a chart helper meanwhile: {w_o:6.2f} s wall {c_o:6.2f} s CPU here "
          f"+ {helper_cpu:4.2f} s in the helper; with the follow-up from kept models: {w_m + w_o:5.2f} s wall "
          "(target < 2 s)")
    print(f"  HTML instead of PDF: {w_h:5.2f} s; XLSX: {w_x:5.2f} s; the plan as PDF (with its baseline "
          f"follow-up): {w_pl:5.2f} s wall {c_pl:5.2f} s CPU")


def cold(results: Path, year: int, code: str, db: str | None, out: Path) -> None:
    from jobmaal.publication import cache_folder
    from jobmaal.reports import service_client

    def args_for(municipality: str) -> list[str]:
        args = [JOBMAAL, "report", "--results", str(results), "--year", str(year), "-m", municipality,
                "--out", str(out / f"{municipality}.pdf"), "--quiet"]
        return args + (["--db", db] if db else [])

    own = {**os.environ, service_client.OFF_ENV: "off"}  # the command makes the report itself
    folder = cache_folder(Path(results))
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
    for label in ("cold: no disk cache: discloses the run up to the year, fits the follow-up of all 98, caches "
                  "both", "warm: disclosed run and follow-up from the disk cache", "warm, again", "warm, again"):
        wall, cpu, rss = run_child(args_for(code), own)
        print(f"  jobmaal report -m {code} ({label}): {wall:6.2f} s wall, {cpu:6.2f} s CPU (with its helpers), "
              f"peak RSS {rss:,.0f} MB; {load()}")
    with tempfile.TemporaryDirectory(prefix="jm-") as tmp:  # a report service of the benchmark's own
        env = {**os.environ, service_client.SOCKET_ENV: f"{tmp}/report.sock", service_client.OFF_ENV: "on"}
        w = time.perf_counter()
        subprocess.run([JOBMAAL, "report-service", "start"], env=env, check=True, capture_output=True)
        print(f"  jobmaal report-service start: {time.perf_counter() - w:5.2f} s (imports, chart engine, WeasyPrint)")
        state = service_client.status(Path(tmp) / "report.sock")
        assert state is not None
        service = psutil.Process(int(state["pid"]))
        try:
            for municipality in (code, code, code, "851", "751"):
                before = _tree_cpu(service)
                wall, cpu, _rss = run_child(args_for(municipality), env)
                print(f"  jobmaal report -m {municipality} with the report service running: {wall:5.2f} s wall "
                      f"(target < 2 s), {cpu:5.2f} s CPU in the command + {_tree_cpu(service) - before:5.2f} s in "
                      "the service and its chart helper")
        finally:
            service_client.stop(Path(tmp) / "report.sock")


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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _tree_cpu(proc: Any) -> float:
    """CPU seconds of a process and its living children (the server and its chart helper)."""
    total = 0.0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def web(results: Path, year: int, code: str, db: str | None, requests: int = 5) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if db is None:  # an empty plan store (the server needs one)
            db = f"sqlite:///{tmp}/plans.sqlite"
            subprocess.run([JOBMAAL, "db", "upgrade", "--db", db], check=True, capture_output=True)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        log = Path(tmp) / "serve.log"
        started = time.perf_counter()
        with log.open("w") as out:
            proc = subprocess.Popen([JOBMAAL, "serve", "--results", str(results), "--db", db, "--port", str(port)],
                                    stdout=out, stderr=subprocess.STDOUT)
        try:
            while True:
                if proc.poll() is not None:
                    raise SystemExit(f"jobmaal serve ended:\n{log.read_text()[-3000:]}")
                try:
                    urllib.request.urlopen(f"{base}/api/v1/goals", timeout=5).read()
                    break
                except OSError:
                    time.sleep(0.2)
            print(f"  jobmaal serve: ready after {time.perf_counter() - started:5.1f} s (warm-up: disclosure, "
                  f"follow-up models, chart helper, WeasyPrint); {load()}")
            server = psutil.Process(proc.pid)

            def fetch(path: str) -> tuple[float, float, int]:
                cpu = _tree_cpu(server)
                w = time.perf_counter()
                with urllib.request.urlopen(base + path, timeout=120) as response:
                    body = response.read()
                return time.perf_counter() - w, _tree_cpu(server) - cpu, len(body)

            def report(label: str, path: str, repeat: int) -> None:
                walls, cpus, size = [], [], 0
                for _ in range(repeat):
                    wall, cpu, size = fetch(path)
                    walls.append(wall)
                    cpus.append(cpu)
                spread = f" (of {min(walls):.2f}–{max(walls):.2f})" if repeat > 1 else ""
                print(f"  {label}: {statistics.median(walls):5.2f} s wall{spread}, "
                      f"{statistics.median(cpus):5.2f} s CPU (server + chart helper), {size / 1e3:,.0f} kB")

            pdf = f"/report/{code}/{year}"
            report(f"GET {pdf}, the first download of {code} (its follow-up read from the models)", pdf, 1)
            report(f"GET {pdf}, again ({requests} ×; target < 2 s)", pdf, requests)
            report(f"GET /report/851/{year}, first download of another municipality (Aalborg)",
                   f"/report/851/{year}", 1)
            report("the same as HTML", f"{pdf}?format=html", 3)
            report("the same as XLSX", f"{pdf}?format=xlsx", 3)
            report("the employment plan as PDF", f"{pdf}?kind=plan", 3)
            print(f"  {load()}")
        finally:
            stop_server(proc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results", type=Path, required=True)
    parser.add_argument("--year", type=int, default=2021)
    parser.add_argument("--municipality", default="101")
    parser.add_argument("--db", default=None, help="plan database URL (targets, texts); none by default")
    parser.add_argument("--out", type=Path, default=Path("/work/bench-data/reports/out"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-all", action="store_true")
    parser.add_argument("--only", default="warm,cli,all,web", help="which parts, comma-separated")
    args = parser.parse_args()
    parts = set(args.only.split(","))
    if args.skip_all:
        parts.discard("all")
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"Reports benchmark: {args.results}, {args.year}, municipality {args.municipality}; {load()}")
    if "warm" in parts:
        print("1. Warm process (the disclosed run in memory, as in the web server):")
        warm(args.results, args.year, args.municipality, args.db)
    if "cli" in parts:
        print("2. Command line, one report:")
        cold(args.results, args.year, args.municipality, args.db, args.out)
    if "all" in parts:
        print("3. Command line, all 98 municipalities:")
        all_reports(args.results, args.year, args.db, args.out, args.workers)
    if "web" in parts:
        print("4. The web server's download (HTTP):")
        web(args.results, args.year, args.municipality, args.db)
    print(f"Done; {load()}")


if __name__ == "__main__":
    main()
