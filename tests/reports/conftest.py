"""Fixtures for the report tests: small synthetic registers, generated and computed for real once per
test session (shared by the xdist workers through a lock file), a plan store with a plan for
København, and the disclosed run, plans and follow-up that the reports are made from."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from jobmaal.analysis.objects import FollowupResult
from jobmaal.catalog.models import Direction
from jobmaal.cli.app import main
from jobmaal.plans import (
    SYSTEM,
    LocalIndicator,
    LocalTarget,
    LocalUnit,
    PlanContent,
    PlanState,
    PlanStore,
    Target,
    TargetKind,
)
from jobmaal.plans.local_csv import LocalValueInput
from jobmaal.reports.sources import PlanSource, RunSource, followup_of, load_plans, load_run

YEAR = 2021
CODE = "101"  # København: the largest municipality, so most of its figures are shown
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reports"


def run_cli(*args: str) -> int:
    """``jobmaal ARGS`` in this process; its exit status."""
    try:
        main(list(args))
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def _cli(*args: str) -> None:
    code = run_cli(*args)
    assert code == 0, f"jobmaal {' '.join(args)} exited with {code}"


@pytest.fixture(scope="session")
def results_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """10,000 synthetic persons over 2019–2021, computed: built once, by whichever worker comes first."""
    base = tmp_path_factory.getbasetemp()
    # Under xdist each worker has its own base temp inside the session's: share the session's.
    shared = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "jobmaal-reports-data"
    shared.mkdir(parents=True, exist_ok=True)
    results = shared / "results.duckdb"
    with (shared / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "done").exists():
            data = shared / "data"
            shutil.rmtree(data, ignore_errors=True)
            results.unlink(missing_ok=True)
            _cli("generate", "--out", str(data), "--persons", "10000", "--start", "2019-01", "--end", "2021-12",
                 "--workers", "1", "--quiet")
            _cli("compute", "--data", str(data), "--results", str(results), "--threads", "1")
            (shared / "done").write_text("ok")
    return results


STRATEGY_UPSKILLING = ("Jobcentret vil have flere ufaglærte ledige i uddannelse.\n\n"
                       "Vi samarbejder med erhvervsskolerne om korte kurser – også for ældre ledige på Østerbro.")


@pytest.fixture(scope="session")
def plan_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PlanStore]:
    """A SQLite plan store with a draft 2021 plan for København (targets, texts, a local indicator)."""
    path = tmp_path_factory.mktemp("plans") / "plans.sqlite"
    store = PlanStore(f"sqlite:///{path}")
    store.upgrade()
    content = PlanContent(
        state=PlanState.DRAFT,
        strategies={"upskilling": STRATEGY_UPSKILLING,
                    "refugees_self_supporting": "Virksomhedsrettet indsats for flygtninge fra første dag."},
        targets=(
            Target(indicator_id="mm17_upskilling_share", kind=TargetKind.AVERAGE_YEAR, value=16.5,
                   comment="Som i 2020 plus to point"),
            Target(indicator_id="mm13_refugees_employed_share", kind=TargetKind.LEVEL_YEAR_END, value=52.0),
            Target(indicator_id="mm13_refugees_190h_share", kind=TargetKind.CHANGE_VS_LAST_YEAR, value=1.5),
        ),
        local_indicators=(LocalIndicator(
            key="tilfredshed", name="Tilfredshed med sagsbehandlingen", description="Andel tilfredse i målingen.",
            unit=LocalUnit.PERCENT, direction=Direction.HIGHER_IS_BETTER, goal="dignified_casework",
            target=LocalTarget(kind=TargetKind.LEVEL_YEAR_END, value=80.0)),),
    )
    store.save_plan(SYSTEM, CODE, YEAR, content, base_version=0)
    store.set_local_values(SYSTEM, CODE, [LocalValueInput("tilfredshed", dt.date(2021, m, 1), 70.0 + m)
                                          for m in (3, 6, 9)])
    yield store
    store.close()


@pytest.fixture(scope="session")
def source(results_file: Path) -> RunSource:
    return load_run(results_file, up_to_year=YEAR)


@pytest.fixture(scope="session")
def plans(plan_store: PlanStore) -> PlanSource:
    return load_plans(plan_store, YEAR)


@pytest.fixture(scope="session")
def followup_all(source: RunSource, plans: PlanSource) -> FollowupResult:
    return followup_of(source, YEAR, None, targets=plans.targets())


@dataclass(frozen=True)
class Pdf:
    path: Path
    text: str  # whitespace collapsed to single spaces

    def has(self, fragment: str) -> bool:
        return normalise(fragment) in self.text


def normalise(text: str) -> str:
    """One space for any run of whitespace; none after a dash (a line may break after "januar–")."""
    text = re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()
    return re.sub(r"([–/]) ", r"\1", text)


def pdf_text(path: Path) -> str:
    """The PDF's text, as pdftotext (Debian poppler-utils) reads it."""
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return normalise(done.stdout)
