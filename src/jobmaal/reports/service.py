"""The report service: a long-lived process that makes ``jobmaal report``'s reports (opt-in).

A new ``jobmaal report`` process spends most of its time on things that are the same for every report:
starting Python and importing pandas and the plan store, starting the chart engine (vl-convert's
JavaScript engine) and importing WeasyPrint (about 3.5 CPU-seconds in all, more than two cores can do in
2 s). ``jobmaal report-service start`` starts this process once, in the background: it imports and warms
up everything, keeps a chart helper, and then makes each report that a ``jobmaal report -m …`` command
sends it (``reports/service_client.py``), with exactly the code the command would run
(``reports/one.py``). It ends after ``--idle-minutes`` without a request, on ``jobmaal report-service
stop``, or when asked by a command running other code (an upgraded jobmaal) — that command then makes
its report itself.

The socket lives in a folder only its user may enter (``$XDG_RUNTIME_DIR/jobmaal-<uid>/`` or the
temporary folder's), and the service answers only its own user (the peer's credentials are checked): it
reads files with that user's rights, as the command would. ``python -m jobmaal.reports.service`` runs it
in the foreground.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import datetime as dt
import json
import os
import socket
import stat
import struct
import sys
from pathlib import Path
from typing import Any

from jobmaal.errors import JobmaalError, ReportError
from jobmaal.reports.service_client import SOCKET_ENV, code_fingerprint, log_path, socket_path


def _private_folder(folder: Path) -> None:
    """Create the socket's folder for this user alone, or refuse one that others may use."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    st = folder.stat()
    if st.st_uid != os.getuid() or st.st_mode & 0o077:
        raise ReportError(f"{folder}: the report service's folder must belong to this user alone (mode 700)")


def _bind(path: Path) -> socket.socket:
    _private_folder(path.parent)
    if path.exists() or path.is_symlink():
        if not stat.S_ISSOCK(path.lstat().st_mode):
            raise ReportError(f"{path}: exists and is not a socket; choose another path ({SOCKET_ENV})")
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            probe.connect(str(path))
        except OSError:
            path.unlink()  # left by a service that ended without cleaning up
        else:
            raise ReportError(f"a report service already answers at {path}")
        finally:
            probe.close()
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    os.chmod(path, 0o600)
    server.listen(8)
    return server


def _peer_uid(conn: socket.socket) -> int:
    """The connecting process's user (Linux); elsewhere the private folder is the only guard."""
    if not hasattr(socket, "SO_PEERCRED"):
        return os.getuid()
    _pid, uid, _gid = struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))
    return int(uid)


class Service:
    """The warmed-up state: a chart helper, WeasyPrint, the report modules, and what it has made."""

    def __init__(self) -> None:
        from jobmaal.reports import one  # the report modules, imported once
        from jobmaal.reports.helper import ChartHelper
        from jobmaal.reports.layout import warm_up

        self._one = one
        # What make_one imports on first use (pandas, the plan store, the follow-up, the templates), so that
        # the first report is as quick as the next.
        from jobmaal.analysis import followup  # noqa: F401
        from jobmaal.catalog import default_catalog
        from jobmaal.plans import PlanStore  # noqa: F401
        from jobmaal.reports import make, pdf, sources  # noqa: F401

        default_catalog()
        warm_up()
        self.helper = ChartHelper(restart=True)
        self.code = code_fingerprint()
        self.started = dt.datetime.now().isoformat(timespec="seconds")
        self.reports = 0

    def answer(self, message: dict[str, Any]) -> dict[str, Any]:
        if message.get("status"):
            return {"pid": os.getpid(), "started": self.started, "reports": self.reports, "code": self.code}
        if "report" not in message:
            return {"error": "unknown request"}
        if message.get("code") != self.code:
            return {"other_code": True}
        try:
            request = self._one.OneReport.from_json(message["report"])
            data = self._one.make_one(request, chart_helper=self.helper)
        except JobmaalError as exc:
            return {"user_error": str(exc)}
        except Exception as exc:  # the command makes the report itself and reports the failure its way
            return {"error": f"{type(exc).__name__}: {exc}"}
        self.reports += 1
        return {"data": base64.b64encode(data).decode("ascii")}

    def close(self) -> None:
        self.helper.close()


def serve(path: Path, idle_minutes: float) -> None:
    server = _bind(path)
    service = None
    try:
        service = Service()
        server.settimeout(idle_minutes * 60.0)
        print(f"jobmaal report service {os.getpid()} at {path}", file=sys.stderr, flush=True)
        while True:
            try:
                conn, _ = server.accept()
            except TimeoutError:
                return  # idle long enough
            with conn:
                conn.settimeout(None)
                if _peer_uid(conn) != os.getuid():
                    continue
                with conn.makefile("rb") as incoming:
                    line = incoming.readline()
                try:
                    message = json.loads(line)
                except ValueError:
                    message = {}
                stopping = bool(message.get("stop")) or (
                    "report" in message and message.get("code") != service.code)  # newer code asks: make way
                reply = {"stopping": True} if message.get("stop") else service.answer(message)
                with contextlib.suppress(OSError):  # the command went away: nothing to tell it
                    conn.sendall(json.dumps(reply).encode("utf-8") + b"\n")
            if stopping:
                return
    finally:
        server.close()
        path.unlink(missing_ok=True)
        if service is not None:
            service.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m jobmaal.reports.service", description=__doc__.splitlines()[0])
    parser.add_argument("--idle-minutes", type=float, default=30.0, help="end after this long without a request")
    parser.add_argument("--detach", action="store_true", help="run in the background (the log next to the socket)")
    args = parser.parse_args(argv)
    path = socket_path()
    if args.detach:
        _private_folder(path.parent)
        if os.fork() > 0:
            os._exit(0)  # the starter waits only for this; the service goes on in the grandchild
        log = os.open(log_path(path), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(log, 2)
        os.close(log)
    try:
        serve(path, args.idle_minutes)
    except Exception as exc:
        print(f"jobmaal report service: error: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        raise SystemExit(1) from exc


if __name__ == "__main__":
    main()
