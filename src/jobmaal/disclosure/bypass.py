"""The one way around the gate: ``jobmaal export --no-disclosure``, for the secure zone only.

Every use is appended to a log file next to the results file (``<results>.no-disclosure.log``,
one JSON object per line), logged through ``logging`` as a warning, and announced on stderr.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import logging
import os
import socket
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa

from jobmaal.disclosure.gate import DisclosedValues, _unprotected
from jobmaal.disclosure.policy import DEFAULT_POLICY, DisclosurePolicy

log = logging.getLogger("jobmaal.disclosure")

LOG_SUFFIX = ".no-disclosure.log"


def bypass_log_path(results: Path | str) -> Path:
    results = Path(results)
    return results.with_name(results.name + LOG_SUFFIX)


def bypass_warning(log_path: Path, policy: DisclosurePolicy = DEFAULT_POLICY) -> str:
    t = policy.threshold
    return (
        f"ADVARSEL: diskretionering er slået fra (--no-disclosure). Filen kan indeholde tal, der bygger på "
        f"færre end {t} personer, og må ikke forlade det sikre miljø. Brugen er logget i {log_path}.\n"
        f"WARNING: disclosure control is off (--no-disclosure). The file may contain figures based on fewer "
        f"than {t} persons and must not leave the secure zone. This use is logged in {log_path}."
    )


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return f"uid:{os.getuid()}" if hasattr(os, "getuid") else "unknown"


def log_bypass(
    results: Path | str,
    command: str,
    *,
    out: Path | str | None = None,
    policy: DisclosurePolicy = DEFAULT_POLICY,
    echo: bool = True,
) -> Path:
    """Record one use of the bypass; returns the log file. Prints the warning on stderr when ``echo``."""
    path = bypass_log_path(results)
    entry = {
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "user": _user(),
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "command": command,
        "results": str(Path(results).resolve()),
        "out": str(Path(out).resolve()) if out is not None else None,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
    log.warning("disclosure control bypassed (--no-disclosure) by %s: %s → %s; logged in %s",
                entry["user"], command, entry["out"], path)
    if echo:
        print(bypass_warning(path, policy), file=sys.stderr)
    return path


def bypass(
    values: pd.DataFrame | pa.Table,
    results: Path | str,
    command: str,
    *,
    out: Path | str | None = None,
    policy: DisclosurePolicy = DEFAULT_POLICY,
    echo: bool = True,
) -> DisclosedValues:
    """Unprotected values for the secure zone (``disclosure_applied`` is False), after logging the use."""
    log_bypass(results, command, out=out, policy=policy, echo=echo)
    return _unprotected(values, policy)
