"""Fixtures for the plan tests: every store test runs on SQLite and on a real PostgreSQL server.

PostgreSQL: one throwaway cluster per pytest process (so per xdist worker), started with the
Debian binaries in a temporary directory on a free loopback port, as the ``postgres`` system
user when running as root (initdb refuses root). Each test gets the database migrated once at
the start, emptied after the test. Missing binaries FAIL the tests: run scripts/system-deps.sh.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import re
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from jobmaal.catalog.models import Direction
from jobmaal.plans import (
    LocalIndicator,
    LocalTarget,
    LocalUnit,
    PlanContent,
    PlanStore,
    Role,
    StoreSettings,
    Target,
    TargetKind,
    User,
)
from jobmaal.plans.principals import SYSTEM
from jobmaal.plans.tables import metadata

BACKENDS = ("sqlite", "postgresql")
TEST_DB = "jobmaal_test"  # migrated once; emptied after each test


# -- a clock the tests move by hand (throttling, audit dates) ---------------------------------------
class Clock:
    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock(dt.datetime(2020, 12, 1, 9, 0, tzinfo=dt.UTC))


def fast_settings(clock: Clock) -> StoreSettings:
    # Real Argon2id with a small cost, so tests that create many users stay quick.
    return StoreSettings(argon2_time_cost=1, argon2_memory_kib=1024, argon2_parallelism=1, clock=clock)


# -- PostgreSQL ------------------------------------------------------------------------------------
@dataclass
class PgServer:
    port: int
    bindir: Path
    datadir: Path
    workdir: Path

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def admin(self) -> psycopg.Connection:
        return psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="postgres",
                               autocommit=True)


def _pg_bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: [int(n) for n in re.findall(r"\d+", Path(p).parent.parent.name)])
    if not found:
        pytest.fail("PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin: "
                    "run scripts/system-deps.sh (installs Debian's postgresql package)", pytrace=False)
    return Path(found[-1]).parent


def _as_postgres(cmd: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root: run them as the postgres system user.
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(cmd: list[str], cwd: Path) -> None:
    done = subprocess.run(_as_postgres(cmd), cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.fail(f"{' '.join(cmd[:2])} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}", pytrace=False)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    bindir = _pg_bindir()
    workdir = Path(tempfile.mkdtemp(prefix="jobmaal-pg-"))
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres", "postgres")
    datadir = workdir / "data"
    _run([str(bindir / "initdb"), "-D", str(datadir), "-U", "postgres", "--auth=trust", "-E", "UTF8",
          "--locale=C", "--no-sync"], workdir)
    server: PgServer | None = None
    try:
        for _attempt in range(5):  # another process may grab the free port before the server binds it
            port = _free_port()
            options = (f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off "
                       "-c synchronous_commit=off -c full_page_writes=off -c shared_buffers=32MB "
                       "-c max_connections=120")
            started = subprocess.run(
                _as_postgres([str(bindir / "pg_ctl"), "-D", str(datadir), "-o", options, "-l",
                              str(workdir / "server.log"), "-w", "-t", "60", "start"]),
                cwd=workdir, capture_output=True, text=True, check=False)
            if started.returncode == 0:
                server = PgServer(port=port, bindir=bindir, datadir=datadir, workdir=workdir)
                break
        if server is None:
            log = (workdir / "server.log").read_text() if (workdir / "server.log").exists() else ""
            pytest.fail(f"could not start PostgreSQL from {bindir}:\n{log[-2000:]}", pytrace=False)
        with server.admin() as conn:
            conn.execute(f"CREATE DATABASE {TEST_DB}")
        migrated = PlanStore(server.url(TEST_DB))
        migrated.upgrade()
        migrated.close()
        yield server
    finally:
        subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(datadir), "-m", "immediate", "stop"]),
                       cwd=workdir, capture_output=True, check=False)
        shutil.rmtree(workdir, ignore_errors=True)


def _pg_database(server: PgServer, template: str) -> Iterator[str]:
    """A new database copied from ``template`` (used for the empty databases of the migration tests)."""
    name = f"t_{uuid.uuid4().hex[:16]}"
    with server.admin() as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
    try:
        yield server.url(name)
    finally:
        with server.admin() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _pg_reset(server: PgServer, database: str) -> None:
    """Empty every plan table. Emptying (~80 ms) is much faster than a new database per test (~500 ms)."""
    with server.admin() as conn:
        # Connections a test left open would block TRUNCATE: end them.
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     "WHERE datname = %s AND pid <> pg_backend_pid()", (database,))
    with psycopg.connect(host="127.0.0.1", port=server.port, user="postgres", dbname=database,
                         autocommit=True) as conn:
        conn.execute("SET lock_timeout = '20s'")
        conn.execute("SET session_replication_role = replica")  # lets TRUNCATE pass the audit log's guard
        conn.execute(f"TRUNCATE {', '.join(metadata.tables)} RESTART IDENTITY")


# -- SQLite ----------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite"
    store = PlanStore(f"sqlite:///{path}")
    store.upgrade()
    store.close()  # the last connection checkpoints the WAL into the file
    return path


# -- what the tests use ------------------------------------------------------------------------------
@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty plan database of the test's backend."""
    if backend == "sqlite":
        target = tmp_path / "plans.sqlite"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), target)
        yield f"sqlite:///{target}"
    else:
        server = request.getfixturevalue("pg_server")
        yield server.url(TEST_DB)
        _pg_reset(server, TEST_DB)


@pytest.fixture
def empty_db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database without any tables (for the migration tests)."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite'}"
    else:
        yield from _pg_database(request.getfixturevalue("pg_server"), "template0")


@pytest.fixture
def store(db_url: str, clock: Clock) -> Iterator[PlanStore]:
    s = PlanStore(db_url, settings=fast_settings(clock))
    yield s
    s.close()


@dataclass(frozen=True)
class Cast:
    """One stored user of each role; the editor and viewer have Randers (730), the other is Aarhus (751)."""

    admin: User
    ministry: User
    editor: User
    viewer: User
    two_editor: User  # Esbjerg and Fanø, a job centre serving two municipalities
    password: str = "correct horse battery"
    own: str = "730"
    other: str = "751"


@pytest.fixture
def cast(store: PlanStore) -> Cast:
    pw = Cast.password
    return Cast(
        admin=store.add_user(SYSTEM, "admin", pw, Role.ADMIN),
        ministry=store.add_user(SYSTEM, "star", pw, Role.MINISTRY),
        editor=store.add_user(SYSTEM, "randers-editor", pw, Role.EDITOR, ["730"]),
        viewer=store.add_user(SYSTEM, "randers-viewer", pw, Role.VIEWER, ["730"]),
        two_editor=store.add_user(SYSTEM, "esbjerg-editor", pw, Role.EDITOR, ["561", "563"]),
    )



@pytest.fixture
def content() -> PlanContent:
    """A valid 2021 plan: two strategy texts, three targets, one local indicator."""
    return PlanContent(
        strategies={"upskilling": "Flere ufaglærte i uddannelse.\nAnden linje.", "dignified_casework": "Tid."},
        targets=(
            Target(indicator_id="mm17_upskilling_share", kind=TargetKind.LEVEL_YEAR_END, value=3.5),
            Target(indicator_id="mm17_upskilling_starts", kind=TargetKind.AVERAGE_YEAR, value=40, comment="pr. md."),
            Target(indicator_id="mm13_refugees_employed_share", kind=TargetKind.CHANGE_VS_LAST_YEAR, value=-1.5),
        ),
        local_indicators=(
            LocalIndicator(key="satisfaction", name="Tilfredshed", unit=LocalUnit.PERCENT,
                           direction=Direction.HIGHER_IS_BETTER, goal="dignified_casework",
                           target=LocalTarget(kind=TargetKind.LEVEL_YEAR_END, value=80)),
        ),
    )
