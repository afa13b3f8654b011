"""Starting or joining a Spark session: local mode, a cluster master, spark-submit's, or Spark Connect.

PySpark and Java are optional dependencies: a missing one is a ``BackendError`` that says how to
install it, never an ImportError deep in a stack trace.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jobmaal.engine.backends.target import BackendTarget, redact
from jobmaal.errors import BackendError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

INSTALL_HINT = "pip install 'jobmaal[spark]'"

# Settings jobmaal needs on every Spark session. Arrow moves the lookup tables to the JVM and the
# partial aggregates back without Python workers, so executors need no Python and no jobmaal.
REQUIRED_CONF: dict[str, str] = {
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.sql.execution.arrow.pyspark.fallback.enabled": "false",
    "spark.sql.session.timeZone": "UTC",
}
# Defaults for a session jobmaal starts itself (the user's --spark-conf wins).
DEFAULT_CONF: dict[str, str] = {
    "spark.app.name": "jobmaal",
    "spark.ui.showConsoleProgress": "false",
}


def require_pyspark() -> None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise BackendError(f"PySpark er ikke installeret / PySpark is not installed: {INSTALL_HINT}") from None


def java_executable() -> Path | None:
    """The java that PySpark will launch: $JAVA_HOME/bin/java, else java on the PATH."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return Path(home) / "bin" / "java"
    found = shutil.which("java")
    return Path(found) if found else None


JAVA_HINT = "Debian: apt-get install default-jre-headless (or run scripts/system-deps.sh), or set JAVA_HOME"
MIN_JAVA = 17  # PySpark 4.0 runs on Java 17 and 21


def java_major(java: Path) -> int | None:
    """The major version ``java -version`` reports (``version "17.0.15"`` → 17; ``"1.8.0"`` → 8)."""
    try:
        out = subprocess.run([str(java), "-version"], capture_output=True, text=True, timeout=60).stderr
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def require_java() -> None:
    java = java_executable()
    if java is None:
        raise BackendError(f"Java mangler / Java is missing: PySpark needs a Java {MIN_JAVA}+ runtime; {JAVA_HINT}")
    major = java_major(java)
    if major is not None and major < MIN_JAVA:
        raise BackendError(f"{java}: Java {major} er for gammel / is too old: PySpark needs Java {MIN_JAVA}+; "
                           f"{JAVA_HINT}")


def _configure(builder: Any, conf: Mapping[str, str]) -> Any:
    for key, value in conf.items():
        builder = builder.config(key, value)
    return builder


def start_session(target: BackendTarget) -> tuple[SparkSession, bool]:
    """A session for the target and whether jobmaal started it (and so should stop it).

    A running session (spark-submit's, a notebook's, a test's) is joined and left running: one
    process can hold only one Spark context. Otherwise a new one starts on ``master``, or on
    Spark's own default (local[*], or what spark-defaults.conf says).
    """
    require_pyspark()
    from pyspark.sql import SparkSession

    if target.spark_connect:
        return _connect_session(target), True
    active = SparkSession.getActiveSession()
    if active is not None:
        for key, value in {**dict(target.conf), **REQUIRED_CONF}.items():
            try:
                active.conf.set(key, value)
            except Exception as exc:  # a launch-time (static) setting: Spark refuses it on a running session
                raise BackendError(f"--spark-conf {key}: kan ikke ændres i den kørende Spark-session / cannot "
                                   f"change on the running Spark session; give it to spark-submit ({exc})") from None
        return active, False
    require_java()
    builder = SparkSession.builder
    if target.master:
        builder = builder.master(target.master)
    session = _configure(builder, {**DEFAULT_CONF, **dict(target.conf), **REQUIRED_CONF}).getOrCreate()
    return session, True


def _connect_session(target: BackendTarget) -> SparkSession:
    from pyspark.sql import SparkSession

    assert target.url is not None
    try:
        builder = _configure(SparkSession.builder.remote(target.url), dict(target.conf))
        session = builder.getOrCreate()
        for key, value in REQUIRED_CONF.items():
            session.conf.set(key, value)
    except ImportError as exc:
        raise BackendError(
            f"Spark Connect kræver / needs pyspark[connect] ({exc.name or exc}): pip install 'pyspark[connect]'"
        ) from None
    except Exception as exc:  # grpc errors carry no common base class worth importing
        raise BackendError(f"{redact(target.url)}: Spark Connect-serveren svarer ikke / "
                           f"Spark Connect server not reachable: {str(exc).splitlines()[0]}") from None
    return session
