"""Run a command in a child process and report its wall time and its own peak memory (RSS)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_rss_mb: float
    stdout: str


def run_measured(args: list[str], env: dict[str, str] | None = None) -> Measured:
    """Wall time and the child's peak RSS, from wait4's rusage for that child alone."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=out, stderr=err, env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        sys.stderr.write(stdout + stderr)
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(args[:3])} …")
    return Measured(seconds, usage.ru_maxrss / 1024, stdout)


def python_snippet(code: str, *args: str) -> list[str]:
    return [sys.executable, "-c", code, *args]


def stop_server(proc: subprocess.Popen) -> None:  # type: ignore[type-arg]
    """Stop a server the benchmark started: terminate, and kill it if it has not ended after 20 s."""
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
