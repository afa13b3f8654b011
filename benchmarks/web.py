"""Bounded load on the web application over loopback: requests per second and p50/p95/p99 latency.

Starts ``jobmaal serve`` (one uvicorn process) on a free 127.0.0.1 port, warms it, then for each
scenario runs CONCURRENCY clients for DURATION seconds (each client sends its next request when the
previous one is answered) and stops by itself. Only loopback addresses are ever contacted.

    .venv/bin/python benchmarks/web.py [--results FILE] [--db FILE] [--clients 50] [--seconds 30]

Without --results it generates and computes small synthetic data under /work/bench-data/web/.
Scenarios:
- municipality page: GET /municipality/{code} for 10 municipalities (a visitor's view: served from
  the rendered-page cache after the first request of each);
- municipality page, rendered: the same with a query that makes every request a new page (the
  follow-up is cached, the page context, charts and template are built each time);
- values API: GET /api/v1/values for a random indicator, municipality and year (never cached).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import stop_server

CODES = ["101", "147", "461", "561", "563", "615", "730", "751", "825", "851"]
INDICATORS = ["mm17_upskilling_share", "mm13_refugees_employed_share", "public_support_fulltime_share",
              "mm17_upskilling_starts", "disability_employment_rate"]
MUNICIPALITIES = [*CODES, "153", "157", "173", "230", "259", "330", "410", "479", "540", "607", "657", "707"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _jobmaal(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "jobmaal.cli.app", *args], check=True)


def _default_data() -> tuple[Path, Path]:
    root = Path("/work/bench-data/web")
    data, results, db = root / "data", root / "results.duckdb", root / "plans.sqlite"
    if not results.exists():
        root.mkdir(parents=True, exist_ok=True)
        _jobmaal("generate", "--out", str(data), "--scale", "small", "--start", "2019-01", "--end", "2021-12",
                 "--quiet")
        _jobmaal("compute", "--data", str(data), "--results", str(results))
    return results, db


def _prepare_db(db: Path) -> None:
    from jobmaal.plans import PlanStore, seed_demo

    store = PlanStore(str(db))
    store.upgrade()
    seed_demo(store)
    store.close()


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class _Connection:
    """A minimal keep-alive HTTP/1.1 client: the load generator shares the 2 cores with the server, so it
    must cost as little as possible (httpx spends more CPU per request than the server's cached page)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                          "Accept-Encoding: gzip\r\n\r\n".encode("latin-1"))
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
        if "content-length" in headers:
            await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip(), 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        if headers.get("connection") == "close":
            self.writer.close()
            self.writer = None
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def _load(port: int, make_url, clients: int, seconds: float) -> tuple[int, int, list[float], float]:  # type: ignore[no-untyped-def]
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def worker(n: int) -> None:
        nonlocal errors
        rng = random.Random(n)
        conn = _Connection("127.0.0.1", port)
        i = 0
        try:
            while time.perf_counter() < deadline:
                url = make_url(rng, n, i)
                i += 1
                started = time.perf_counter()
                try:
                    ok = await conn.get(url) == 200
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    ok = False
                    conn.close()
                    conn = _Connection("127.0.0.1", port)
                latencies.append(time.perf_counter() - started)
                errors += not ok
        finally:
            conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker(n) for n in range(clients)))
    return len(latencies), errors, latencies, time.perf_counter() - started


def _report(name: str, n: int, errors: int, latencies: list[float], elapsed: float) -> None:
    ms = [x * 1000 for x in latencies]
    print(f"{name:<34} {n:>7} req  {n / elapsed:>7.1f} req/s   p50 {_percentile(ms, .50):>6.1f} ms   "
          f"p95 {_percentile(ms, .95):>6.1f} ms   p99 {_percentile(ms, .99):>6.1f} ms   "
          f"mean {statistics.fmean(ms):>6.1f} ms   errors {errors}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results", type=Path)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    if not 1 <= args.clients <= 200 or not 1 <= args.seconds <= 120:
        raise SystemExit("keep the load bounded: 1–200 clients, 1–120 seconds")
    results, db = _default_data() if args.results is None else (args.results, args.db or args.results.with_suffix(
        ".plans.sqlite"))
    _prepare_db(db)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(Path(results).with_suffix(".serve.log"), "w", encoding="utf-8")  # noqa: SIM115 (closed below)
    server = subprocess.Popen([sys.executable, "-m", "jobmaal.cli.app", "serve", "--results", str(results), "--db",
                               str(db), "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=log, text=True)
    try:
        started = time.perf_counter()
        while True:
            if server.poll() is not None:
                raise SystemExit(f"the server stopped; see {log.name}")
            try:
                if httpx.get(base + "/api/v1/years", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.perf_counter() - started > 600:
                raise SystemExit("the server did not start within 10 minutes")
            time.sleep(0.5)
        print(f"server ready after {time.perf_counter() - started:.1f} s (disclosure control and follow-up "
              f"warmed); {args.clients} clients × {args.seconds:.0f} s per scenario, loopback only", flush=True)
        cold = []
        for code in CODES:  # the first view of each municipality computes its follow-up
            t = time.perf_counter()
            httpx.get(f"{base}/municipality/{code}", timeout=120).raise_for_status()
            cold.append(time.perf_counter() - t)
        print(f"first view of a municipality page (follow-up computed): median {statistics.median(cold):.2f} s, "
              f"max {max(cold):.2f} s", flush=True)
        scenarios = {
            "municipality page (visitor)": lambda rng, n, i: f"/municipality/{rng.choice(CODES)}",
            "municipality page (rendered)": lambda rng, n, i: f"/municipality/{rng.choice(CODES)}?v={n}-{i}",
            "values API": lambda rng, n, i: (
                f"/api/v1/values?indicator={rng.choice(INDICATORS)}&area={rng.choice(MUNICIPALITIES)}"
                f"&period_from={rng.choice([2019, 2020, 2021])}-01-01&period_to=2021-12-31"),
        }
        for name, make_url in scenarios.items():
            asyncio.run(_load(port, make_url, min(args.clients, 10), 2.0))  # warm-up, not reported
            _report(name, *asyncio.run(_load(port, make_url, args.clients, args.seconds)))
    finally:
        stop_server(server)
        log.close()


if __name__ == "__main__":
    main()
