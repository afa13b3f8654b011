"""``jobmaal serve`` refuses bad settings with one clear line before it starts a server."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobmaal.cli.app import main


def _serve(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    with pytest.raises(SystemExit) as exc:
        main(["serve", *args])
    assert exc.value.code == 2
    return capsys.readouterr().err


def test_serve_refuses_a_missing_boundary_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _serve(capsys, "--results", str(tmp_path / "r.duckdb"), "--boundaries", str(tmp_path / "nope.geojson"))
    assert "--boundaries" in err and "nope.geojson" in err and "not found" in err


def test_serve_refuses_a_plan_store_without_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _serve(capsys, "--results", str(tmp_path / "r.duckdb"), "--db", str(tmp_path / "empty.sqlite"))
    assert "jobmaal db upgrade" in err


def test_serve_refuses_a_short_secret_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = tmp_path / "key"
    key.write_text("short")
    err = _serve(capsys, "--results", str(tmp_path / "r.duckdb"), "--secret-key-file", str(key))
    assert "at least 32 characters" in err
