"""The chart helper process of the reports (``python -m jobmaal.reports.svg``), seen from the parent.

Imports nothing heavy, so that ``jobmaal report`` can start its helper before it imports the follow-up's
modules: the helper's chart engine and WeasyPrint then warm up on the other core meanwhile.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from typing import Any

from jobmaal.reports.model import PendingSvg
from jobmaal.reports.svg import svg


class ChartHelper:
    """A helper process with a started vl-convert engine (for a one-off command or the web server; close it
    when done).

    A plain child process (``python -m jobmaal.reports.svg``, which imports only vl-convert) talking JSON
    lines over pipes, one chart a line. ``draw`` returns at once and the charts arrive while the caller
    goes on (e.g. lays out the PDF): the helper draws on another core, and in another process, because
    vl-convert holds the GIL. Thread-safe: one batch at a time. If the helper fails, the charts are drawn
    in this process instead; with ``restart`` (a long-lived server) the next batch starts a new helper.
    With ``pdf`` (a one-off command) the helper also imports and warms up WeasyPrint while the command
    reads the run, and makes the PDF (``pdf``), laying it out while the charts are still drawn by another
    helper; ``charts=False`` skips the chart engine's warm-up; ``nice`` lowers the helper's priority, so
    that the command keeps its core while the helpers start.
    """

    def __init__(self, *, restart: bool = False, pdf: bool = False, charts: bool = True, nice: bool = False) -> None:
        self._lock = threading.Lock()
        self._restart = restart
        self._args = [*(["--pdf"] if pdf else []), *([] if charts else ["--no-charts"]), *(["--nice"] if nice else [])]
        self.renders_pdf = pdf
        self._proc: subprocess.Popen[str] | None = None
        self._failed = False
        self._start()

    def _start(self) -> None:
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "jobmaal.reports.svg", *self._args], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8")
        except OSError:
            self._proc, self._failed = None, True

    def _batch(self, specs: Sequence[dict[str, Any]]) -> Iterator[str]:
        """The charts one by one as the helper draws them, else drawn here (the caller holds the lock).

        A writer thread sends the specs while this one reads the replies, so the helper never waits for
        the next spec and neither side can block the other on a full pipe."""
        if self._proc is None and self._restart and not self._failed:
            self._start()
        proc, done = self._proc, 0
        if proc is not None and proc.stdin is not None and proc.stdout is not None:
            stdin, stdout = proc.stdin, proc.stdout

            def write() -> None:
                try:
                    for spec in specs:
                        stdin.write(json.dumps([spec]) + "\n")
                        stdin.flush()
                except (OSError, ValueError):
                    pass  # the reader sees the helper fail

            writer = threading.Thread(target=write, name="chart-helper-writer", daemon=True)
            writer.start()
            try:
                while done < len(specs):
                    drawn = json.loads(stdout.readline() or "{}").get("svgs")
                    if not (isinstance(drawn, list) and len(drawn) == 1):
                        break
                    done += 1
                    yield str(drawn[0])
            except (OSError, ValueError):
                pass
            if done < len(specs):  # a broken helper: the rest are drawn here; a server restarts it next time
                proc.kill()
                writer.join()
                self._stop()
            else:
                writer.join()
        for spec in specs[done:]:
            yield svg(spec)

    def svgs(self, specs: Sequence[dict[str, Any]]) -> list[str]:
        """Draw the charts and wait for them."""
        with self._lock:
            return list(self._batch(specs))

    def draw(self, specs: Sequence[dict[str, Any]]) -> list[PendingSvg]:
        """Start drawing the charts (a thread feeds the helper and waits for it); returns at once."""
        futures: list[Future[str]] = [Future() for _ in specs]

        def feed() -> None:
            with self._lock:
                n = 0
                try:
                    for image in self._batch(specs):
                        futures[n].set_result(image)
                        n += 1
                except BaseException as exc:  # handed to whoever waits for the charts
                    for future in futures[n:]:
                        future.set_exception(exc)

        threading.Thread(target=feed, name="chart-helper", daemon=True).start()
        return [PendingSvg(f) for f in futures]

    def pdf(self, html: str, identifier: bytes, charts: dict[str, PendingSvg] | None = None) -> bytes | None:
        """The PDF of a report's HTML made in the helper (``pdf=True``), or None if it failed.

        ``charts`` are the HTML's charts still being drawn (elsewhere), by address: the helper starts laying
        out the PDF at once and each chart is sent on as soon as it is drawn."""
        charts = charts or {}
        with self._lock:
            proc = self._proc
            if not self.renders_pdf or proc is None or proc.stdin is None or proc.stdout is None:
                return None
            try:
                request = {"pdf": html, "identifier": identifier.decode(), "charts": list(charts)}
                proc.stdin.write(json.dumps(request) + "\n")
                proc.stdin.flush()
                for url, chart in charts.items():
                    try:
                        sent: dict[str, str] = {"chart": url, "svg": chart.svg()}
                    except Exception as exc:  # the helper leaves the image out; pdf_bytes raises it
                        sent = {"chart": url, "error": f"{type(exc).__name__}: {exc}"}
                    proc.stdin.write(json.dumps(sent) + "\n")
                    proc.stdin.flush()
                made = json.loads(proc.stdout.readline() or "{}").get("pdf")
                if isinstance(made, str):
                    return base64.b64decode(made)
            except (OSError, ValueError):
                pass
            self._stop()
            return None

    def _stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            if proc.stdin is not None:
                proc.stdin.close()
            # An idle helper ends at once; one still warming up (e.g. the command failed early) is not waited for.
            proc.wait(timeout=0.5)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()
        finally:
            if proc.stdout is not None:
                proc.stdout.close()

    def close(self) -> None:
        with self._lock:
            self._failed = True  # no restart after closing
            self._stop()

    def __enter__(self) -> ChartHelper:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
