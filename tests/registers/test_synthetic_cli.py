"""``jobmaal generate``: writes a register directory, refuses what it must not overwrite, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jobmaal.cli.app import main
from jobmaal.registers.schema import META_FILE, TABLES
from jobmaal.registers.store import read_meta, table_files

_SMALL = ["--persons", "600", "--start", "2019-01", "--end", "2019-12", "--quiet"]


def _run(argv: list[str]) -> None:
    """Run the CLI as the shell would: success may end in ``SystemExit(0)``."""
    try:
        main(argv)
    except SystemExit as exc:
        assert exc.code in (0, None), exc.code


def _fail(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    return err


def test_generate_writes_every_table_and_the_metadata(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "data"
    _run(["generate", "--out", str(out), "--seed", "4", *_SMALL])
    assert "Syntetiske data" in capsys.readouterr().out
    for name in TABLES:
        assert [p.name for p in table_files(out, name)] == ["part-00000.parquet"]
    meta = read_meta(out)
    assert meta["synthetic"] is True and meta["persons"] == 600 and meta["seed"] == 4
    assert (meta["start"], meta["end"]) == ("2019-01", "2019-12")
    assert meta["scale"] is None


def test_generate_replaces_earlier_synthetic_data(tmp_path: Path) -> None:
    out = tmp_path / "data"
    _run(["generate", "--out", str(out), "--seed", "4", *_SMALL])
    _run(["generate", "--out", str(out), "--seed", "5", *_SMALL])
    assert read_meta(out)["seed"] == 5
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_generate_refuses_a_folder_with_other_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "notes.md").write_text("mine", encoding="utf-8")
    err = _fail(["generate", "--out", str(out), *_SMALL], capsys)
    assert str(out) in err and "not empty" in err
    assert [p.name for p in out.iterdir()] == ["notes.md"]


def test_generate_never_overwrites_imported_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "real"
    out.mkdir()
    (out / META_FILE).write_text(json.dumps({"synthetic": False}), encoding="utf-8")
    err = _fail(["generate", "--out", str(out), *_SMALL], capsys)
    assert "real (imported) register data" in err
    assert json.loads((out / META_FILE).read_text(encoding="utf-8")) == {"synthetic": False}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "2019-13"], "--start '2019-13': expected a month as YYYY-MM"),
        (["--start", "2020-01", "--end", "2019-12"], "--start 2020-01 is after --end 2019-12"),
        (["--persons", "0"], "--persons 0"),
        (["--start", "1999-01"], "covers 2008-2030 only"),
    ],
)
def test_bad_options_give_one_line_naming_the_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str,
) -> None:
    err = _fail(["generate", "--out", str(tmp_path / "x"), "--quiet", *args], capsys)
    assert message in err
    assert not (tmp_path / "x").exists()
