"""Talking to the report service (``jobmaal report-service``) from ``jobmaal report``: standard library only,
so that a command whose report the service makes imports nothing heavy (see ``reports/service.py``).

One request per connection over a Unix socket: a JSON line out, a JSON line back.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from jobmaal.errors import ReportError
from jobmaal.package_digest import package_digest

SOCKET_ENV = "JOBMAAL_REPORT_SOCKET"
OFF_ENV = "JOBMAAL_REPORT_SERVICE"  # "off": never ask a service
START_TIMEOUT = 60.0


def socket_path() -> Path:
    """``$JOBMAAL_REPORT_SOCKET``, else ``report.sock`` in this user's own folder under ``$XDG_RUNTIME_DIR``
    (or the temporary folder)."""
    chosen = os.environ.get(SOCKET_ENV)
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    return Path(base) / f"jobmaal-{os.getuid()}" / "report.sock"


def code_fingerprint() -> str:
    """The installed jobmaal's files (names, sizes, times): a service running other code is not asked."""
    return package_digest("jobmaal", contents=False)


class ServiceUnavailable(Exception):
    """No service answers (none started, stopped, or it runs other code): make the report here."""


def call(message: dict[str, Any], *, path: Path | None = None, timeout: float = 300.0) -> dict[str, Any]:
    """Send one message and return the reply; ``ServiceUnavailable`` if no service answers."""
    where = path or socket_path()
    if not where.exists():
        raise ServiceUnavailable(f"no report service at {where}")
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(str(where))
            sock.sendall(json.dumps(message).encode("utf-8") + b"\n")
            with sock.makefile("rb") as replies:
                line = replies.readline()
    except OSError as exc:
        raise ServiceUnavailable(f"the report service at {where} does not answer ({exc})") from exc
    if not line:
        raise ServiceUnavailable(f"the report service at {where} closed the connection")
    reply: dict[str, Any] = json.loads(line)
    return reply


def make_report(request: dict[str, Any]) -> bytes | None:
    """The report's bytes made by the service, or None (no service, or it cannot: make it here).

    A user error (an unknown municipality, a plan database behind the schema) comes back as the same
    ``ReportError`` message the command would give."""
    if os.environ.get(OFF_ENV, "").lower() in ("off", "0", "no", "false"):
        return None
    try:
        reply = call({"report": request, "code": code_fingerprint()})
    except ServiceUnavailable:
        return None
    if "data" in reply:
        return base64.b64decode(reply["data"])
    if reply.get("user_error"):
        raise ReportError(str(reply["user_error"]))
    if reply.get("other_code"):
        print("jobmaal: the report service ran another version of jobmaal and has stopped; "
              "'jobmaal report-service start' starts it again", file=sys.stderr)
    elif reply.get("error"):
        print(f"jobmaal: the report service failed ({reply['error']}); making the report here", file=sys.stderr)
    return None  # other code, or a failure that the command reports better by trying itself


def status(path: Path | None = None) -> dict[str, Any] | None:
    try:
        return call({"status": True}, path=path, timeout=10.0)
    except ServiceUnavailable:
        return None


def start(*, idle_minutes: float, path: Path | None = None) -> dict[str, Any]:
    """Start the service in the background (detached from this terminal) and wait until it answers."""
    where = path or socket_path()
    running = status(where)
    if running is not None:
        return running
    env = {**os.environ, SOCKET_ENV: str(where)}
    log = log_path(where)
    # --detach: the service forks once more and this child ends at once, so the service is nobody's child.
    started = subprocess.run(
        [sys.executable, "-m", "jobmaal.reports.service", "--idle-minutes", str(idle_minutes), "--detach"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
        start_new_session=True, close_fds=True, check=False, text=True)
    if started.returncode != 0:
        raise ReportError(f"the report service did not start: {started.stderr.strip()[-500:]}")
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        answer = status(where)
        if answer is not None:
            return answer
        if log.exists() and "error" in log.read_text(encoding="utf-8", errors="replace").lower():
            break
        time.sleep(0.1)
    raise ReportError(f"the report service did not answer at {where} within {START_TIMEOUT:.0f} s; see {log}")


def log_path(socket: Path) -> Path:
    """Where a detached service writes what it has to say (next to its socket)."""
    return socket.with_suffix(".log")


def stop(path: Path | None = None) -> bool:
    """Ask the service to end; False if none was running."""
    try:
        call({"stop": True}, path=path, timeout=10.0)
    except ServiceUnavailable:
        return False
    return True
