"""The report service (``jobmaal report-service``): a ``jobmaal report`` command sends it its report and
gets the same file it would have made itself; errors read the same; a command running other code is
not answered (and the service makes way); the service stops when asked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from jobmaal.plans import PlanStore
from jobmaal.reports import service_client
from jobmaal.reports.one import DB_ENV_VAR, DEFAULT_DB_FILE, plan_db_choice
from tests.reports.conftest import normalise, pdf_text, run_cli


@pytest.fixture()
def service(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A report service of this test's own (socket in a short private path), stopped afterwards."""
    socket = tmp_path_factory.mktemp("svc") / "report.sock"
    monkeypatch.setenv(service_client.SOCKET_ENV, str(socket))
    monkeypatch.setenv(service_client.OFF_ENV, "on")
    assert run_cli("report-service", "start", "--idle-minutes", "5") == 0
    try:
        yield socket
    finally:
        service_client.stop(socket)


def test_the_service_makes_the_same_report_as_the_command(service: Path, results_file: Path, plan_store: PlanStore,
                                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["report", "--results", str(results_file), "--year", "2021", "-m", "København",
            "--db", str(plan_store.engine.url), "--quiet"]
    assert run_cli(*args, "--out", str(tmp_path / "served.pdf")) == 0
    state = service_client.status(service)
    assert state is not None and state["reports"] == 1  # the service made it, not the command
    with monkeypatch.context() as m:
        m.setenv(service_client.OFF_ENV, "off")
        assert run_cli(*args, "--out", str(tmp_path / "here.pdf")) == 0
    assert service_client.status(service)["reports"] == 1  # type: ignore[index]
    served, here = pdf_text(tmp_path / "served.pdf"), pdf_text(tmp_path / "here.pdf")
    assert "Resultatrevision 2021" in served and normalise(served) == normalise(here)
    # The plan and another format too; relative paths are the command's, not the service's.
    monkeypatch.chdir(results_file.parent)
    assert run_cli("report", "--kind", "plan", "--results", results_file.name, "--year", "2021", "-m", "101",
                "--out", str(tmp_path / "plan.html"), "--quiet") == 0
    assert "Beskæftigelsesplan 2021" in (tmp_path / "plan.html").read_text(encoding="utf-8")
    assert service_client.status(service)["reports"] == 2  # type: ignore[index]


def test_an_error_reads_the_same_from_the_service(service: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nothing.duckdb"
    code = run_cli("report", "--results", str(missing), "--year", "2021", "-m", "101", "--out",
                str(tmp_path / "x.pdf"), "--quiet")
    assert code == 2
    assert f"{missing}: results file not found" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_a_command_with_other_code_is_not_answered_and_the_service_makes_way(service: Path) -> None:
    reply = service_client.call({"report": {}, "code": "other"}, path=service)
    assert reply == {"other_code": True}
    assert service_client.status(service) is None  # ended, so that the next start runs the new code


def test_a_failing_request_is_answered_with_its_error_and_the_service_goes_on(service: Path) -> None:
    reply = service_client.call({"report": {"no such field": 1}, "code": service_client.code_fingerprint()},
                                path=service)
    assert "TypeError" in reply["error"]
    assert service_client.status(service) is not None


def test_stop_and_status(service: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("report-service", "status") == 0
    assert "report service" in capsys.readouterr().out
    assert run_cli("report-service", "stop") == 0
    assert "stopped" in capsys.readouterr().out
    assert run_cli("report-service", "status") == 1
    assert not service.exists()


def test_the_plan_database_is_chosen_as_the_plan_store_does(tmp_path: Path) -> None:
    from jobmaal.plans import database

    assert (DB_ENV_VAR, DEFAULT_DB_FILE) == (database.ENV_VAR, database.DEFAULT_DB_FILE)
    assert plan_db_choice(None, tmp_path, {}) is None  # no default file here: no plans
    (tmp_path / DEFAULT_DB_FILE).touch()
    assert plan_db_choice(None, tmp_path, {}) == str(tmp_path / DEFAULT_DB_FILE)
    assert plan_db_choice("plans.sqlite", tmp_path, {}) == str(tmp_path / "plans.sqlite")
    assert plan_db_choice(None, tmp_path, {DB_ENV_VAR: "postgresql://h/db"}) == "postgresql://h/db"


def test_a_path_that_is_not_a_socket_is_never_removed(tmp_path_factory: pytest.TempPathFactory,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from jobmaal.errors import ReportError
    from jobmaal.reports.service import _bind

    folder = tmp_path_factory.mktemp("svc")
    precious = folder / "report.sock"
    precious.write_text("a user's file")
    with pytest.raises(ReportError, match="not a socket"):
        _bind(precious)
    assert precious.read_text() == "a user's file"
    shared = tmp_path_factory.mktemp("shared")
    shared.chmod(0o777)
    with pytest.raises(ReportError, match="this user alone"):
        _bind(shared / "report.sock")
