"""The secure-zone bypass (``jobmaal export --no-disclosure``) is logged, announced and marked."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from jobmaal.disclosure import bypass, bypass_log_path, log_bypass
from tests.disclosure.tables import GEO3, Spec, build


def test_log_bypass_appends_one_line_per_use(tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    results = tmp_path / "results.duckdb"
    with caplog.at_level(logging.WARNING, logger="jobmaal.disclosure"):
        path = log_bypass(results, "jobmaal export --no-disclosure", out=tmp_path / "all.csv")
        log_bypass(results, "jobmaal export --no-disclosure --format xlsx", echo=False)
    assert path == tmp_path / "results.duckdb.no-disclosure.log" == bypass_log_path(results)
    entries = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [e["command"] for e in entries] == ["jobmaal export --no-disclosure",
                                              "jobmaal export --no-disclosure --format xlsx"]
    assert entries[0]["out"] == str((tmp_path / "all.csv").resolve()) and entries[1]["out"] is None
    assert entries[0]["user"] and entries[0]["at"].endswith("+00:00")
    assert len([r for r in caplog.records if "bypassed" in r.getMessage()]) == 2
    err = capsys.readouterr().err
    assert err.count("ADVARSEL: diskretionering er slået fra") == 1
    assert "must not leave the secure zone" in err and str(path) in err


def test_bypass_returns_unprotected_values_marked_as_such(tmp_path: Path) -> None:
    spec = Spec(GEO3, (), False, 1, {(0, m): {("", ""): (n, None)} for m, n in
                                      {"101": 3, "102": 10, "103": 20}.items()})
    values = bypass(build(spec), tmp_path / "r.duckdb", "jobmaal export --no-disclosure", echo=False)
    assert not values.disclosure_applied and "NOT disclosed" in repr(values)
    frame = values.frame
    assert (frame.suppressed == "").all() and frame.loc[frame.area_code == "101", "numerator"].iloc[0] == 3.0
    assert "numerator_persons" not in frame.columns
    assert (tmp_path / "r.duckdb.no-disclosure.log").is_file()
