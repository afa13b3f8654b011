"""``jobmaal db|users|plans|targets|audit`` end to end through the real entry point."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from jobmaal.cli.app import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        main(list(argv))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


PLAN_YAML = """\
municipality: '730'
year: 2021
version: 0
strategies:
  upskilling: Flere ufaglærte i uddannelse
targets:
  - {indicator_id: mm17_upskilling_share, kind: level_year_end, value: 3.5}
local_indicators:
  - {key: satisfaction, name: Tilfredshed, unit: percent, direction: higher_is_better, goal: dignified_casework}
"""


def test_the_plan_commands_end_to_end(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    db = ["--db", db_url]
    code, out, _ = run(capsys, "db", "upgrade", *db)
    assert code == 0 and "already at schema revision 0001" in out

    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    code, out, _ = run(capsys, "users", "add", "anna", "--role", "editor", "-m", "730", "-m", "710",
                       "--password-stdin", *db)
    assert (code, out) == (0, "added user anna (editor for 710, 730)\n")
    code, out, _ = run(capsys, "users", "list", *db)
    assert "anna" in out and "710 730" in out
    assert run(capsys, "users", "disable", "anna", *db)[:2] == (0, "disabled user anna\n")
    assert "NO (disabled)" in run(capsys, "users", "list", *db)[1]

    plan_file = tmp_path / "randers.yaml"
    plan_file.write_text(PLAN_YAML, encoding="utf-8")
    assert run(capsys, "plans", "import", str(plan_file), *db)[:2] == (0, f"saved version 1 from {plan_file}\n")
    code, out, _ = run(capsys, "plans", "show", "-m", "730", "-y", "2021", *db)
    assert code == 0
    assert "Beskæftigelsesplan 2021 — Randers (730)" in out
    assert "mm17_upskilling_share: level_year_end = 3.5" in out
    assert "lokal / local satisfaction: Tilfredshed [percent]" in out

    exported = tmp_path / "export.yaml"
    assert run(capsys, "plans", "export", "-m", "730", "-y", "2021", "-o", str(exported), *db)[0] == 0
    exported.write_text(exported.read_text(encoding="utf-8").replace("value: 3.5", "value: 4.0"), encoding="utf-8")
    assert run(capsys, "plans", "import", str(exported), "--note", "mere", *db)[1].startswith("saved version 2")
    code, out, _ = run(capsys, "plans", "versions", "-m", "730", "-y", "2021", *db)
    assert "mere" in out and "cli:" in out
    code, out, _ = run(capsys, "plans", "diff", "-m", "730", "-y", "2021", "--from", "1", "--to", "2", *db)
    assert out.startswith("targets.mm17_upskilling_share:\n") and '"value": 4.0' in out

    values = tmp_path / "values.csv"
    values.write_text("indicator_key;period;value\nsatisfaction;2021-01-01;71,5\n", encoding="utf-8")
    code, out, _ = run(capsys, "plans", "values-import", str(values), "-m", "730", *db)
    assert out == f"stored 1 value(s) from {values}\n"

    targets = tmp_path / "targets.csv"
    assert run(capsys, "targets", "export", "-y", "2021", "-o", str(targets), *db)[0] == 0
    assert targets.read_text().splitlines() == ["indicator_id,municipality_code,year,kind,value",
                                                "mm17_upskilling_share,730,2021,level_year_end,4.0"]

    code, out, _ = run(capsys, "audit", "--action", "plan.*", "--format", "json", *db)
    entries = [json.loads(line) for line in out.splitlines()]
    assert [e["after"]["version"] for e in entries] == [1, 2]
    assert entries[1]["before"]["content"]["targets"][0]["value"] == 3.5
    code, out, _ = run(capsys, "audit", "--user", "nobody", *db)
    assert code == 0 and "plan.save" not in out
    code, out, _ = run(capsys, "audit", "-m", "730", "--since", "2000-01-01", *db)
    assert "local_values.set" in out and "user.add" not in out


def test_errors_are_one_clear_message_and_exit_code_2(db_url: str, empty_db_url: str, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("municipality: 730\nyear: 2021\nversion: 0\ntargets:\n"
                   "  - {indicator_id: nope, kind: level_year_end, value: 1}\n", encoding="utf-8")
    code, out, err = run(capsys, "plans", "import", str(bad), "--db", db_url)
    assert code == 2 and out == ""
    assert err.startswith("jobmaal: error: plan 730/2021 refused: 1 problem(s)")
    assert "targets[0].indicator_id: unknown indicator 'nope'" in err
    code, _, err = run(capsys, "plans", "show", "-m", "730", "-y", "2021", "--db", db_url)
    assert (code, err) == (2, "jobmaal: error: no plan for municipality 730 in 2021\n")
    code, _, err = run(capsys, "users", "list", "--db", empty_db_url)
    assert code == 2 and "run 'jobmaal db upgrade --db" in err
    code, _, err = run(capsys, "audit", "--since", "yesterday", "--db", db_url)
    assert code == 2 and "not an ISO date" in err
