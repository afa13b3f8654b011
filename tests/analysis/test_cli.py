"""``jobmaal followup`` and ``jobmaal conditions`` on a real DuckDB results file."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from jobmaal.cli.app import main
from jobmaal.engine.results import Run, write_run
from jobmaal.engine.schema import INDICATOR_VALUES_SCHEMA

from ._build import conditions, share_values

SHARE = "mm13_refugees_employed_share"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("cli")
    cond = conditions()
    # A whole run as the disclosure gate requires it: the MM13 pair shares its denominator.
    values = pd.concat([share_values(cond, seed=4),
                        share_values(cond, indicator="mm13_refugees_190h_share", seed=6),
                        share_values(cond, indicator="public_support_fulltime_share", intercept=-1.6, seed=5,
                                     denominators=(5000, 20000))], ignore_index=True)
    values = _with_breakdown_cells(values)
    values["period"] = values["period"].dt.date
    values["numerator_persons"] = values["numerator"].round().astype("int64")
    values["denominator_persons"] = values["denominator"].round().astype("int64")
    values.loc[values["area_code"] == "101", ["value"]] = np.nan  # as if the denominator were 0 …
    values.loc[values["area_code"] == "101", ["numerator", "denominator"]] = 0.0
    table = pa.Table.from_pandas(values[list(INDICATOR_VALUES_SCHEMA.names)], schema=INDICATOR_VALUES_SCHEMA,
                                 preserve_index=False)
    results = root / "results.duckdb"
    write_run(results, Run("test-run", dt.datetime(2022, 1, 10, tzinfo=dt.UTC), "fp", True, "0", dt.date(2019, 1, 1),
                           dt.date(2021, 12, 1), "registers"), table)
    cond_path = root / "conditions.csv"
    cond.to_csv(cond_path, index=False)
    targets = root / "targets.csv"
    targets.write_text("indicator_id,municipality_code,year,kind,value\n"
                       f"{SHARE},147,2021,average_year,10\n", encoding="utf-8")
    return {"results": results, "conditions": cond_path, "targets": targets}


def _with_breakdown_cells(totals: pd.DataFrame) -> pd.DataFrame:
    """Every breakdown cell of the catalogue, splitting the totals evenly: the gate discloses whole runs."""
    from jobmaal.catalog import default_catalog

    cat = default_catalog()
    parts = [totals]
    for ind_id, rows in totals.groupby("indicator_id"):
        for name in cat.indicator(str(ind_id)).breakdowns:
            bd = cat.breakdowns[name]
            for value in bd.values:
                cell = rows.copy()
                cell["breakdown"], cell["breakdown_value"] = name, value
                cell["numerator"] = rows["numerator"] / len(bd.values)
                if bd.kind == "person":
                    cell["denominator"] = rows["denominator"] / len(bd.values)
                cell["value"] = 100 * cell["numerator"] / cell["denominator"]
                parts.append(cell)
    return pd.concat(parts, ignore_index=True)


def _ok(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    try:
        main(list(args))
    except SystemExit as exc:
        assert exc.code in (0, None), capsys.readouterr().err
    return capsys.readouterr().out


def test_municipality_table(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    out = _ok(capsys, "followup", "--results", str(files["results"]), "--municipality", "147", "--year", "2021",
              "--conditions", str(files["conditions"]), "--targets", str(files["targets"]))
    assert "Opfølgning 2021: 147 Frederiksberg" in out and "syntetiske data" in out
    assert "3. Flere flygtninge og familiesammenførte skal være selvforsørgende" in out
    assert "Opfyldt" in out  # a complete year above its target of 10 %
    assert "Intet mål" in out


def test_municipality_csv_and_json(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    base = ["followup", "--results", str(files["results"]), "--municipality", "101", "--year", "2021",
            "--conditions", str(files["conditions"])]
    rows = list(csv.DictReader(io.StringIO(_ok(capsys, *base, "--format", "csv"))))
    share = next(r for r in rows if r["indicator_id"] == SHARE)
    assert share["latest_value"] == "" and share["expected"] == "" and share["rank"] == ""  # 101 has no value
    assert share["country"] != "" and share["status"] == "no_target"
    data = json.loads(_ok(capsys, *base, "--format", "json"))
    assert data["municipality"]["code"] == "101" and data["synthetic"] is True
    ind = next(i for g in data["municipality"]["goals"] for i in g["indicators"] if i["indicator_id"] == SHARE)
    assert ind["latest"]["value"] is None and len(ind["series"]) == 36


def test_indicator_lists_all_98(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    base = ["followup", "--results", str(files["results"]), "--year", "2021", "--indicator", SHARE,
            "--conditions", str(files["conditions"])]
    rows = list(csv.DictReader(io.StringIO(_ok(capsys, *base, "--format", "csv"))))
    assert len(rows) == 98
    assert sorted(int(r["rank"]) for r in rows if r["rank"]) == list(range(1, 98))
    table = _ok(capsys, *base, "--lang", "en")
    assert "851 Aalborg" in table and "No target" in table


def test_bad_targets_file_is_one_clear_error(files: dict[str, Path], tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "targets.csv"
    bad.write_text("indicator_id,municipality_code,year,kind,value\nx,101,2021,average_year,1\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["followup", "--results", str(files["results"]), "--municipality", "101", "--year", "2021",
              "--targets", str(bad), "--conditions", str(files["conditions"])])
    assert exc.value.code == 2
    assert "row 2 field 'indicator_id': unknown indicator 'x'" in capsys.readouterr().err


def test_conditions_from_results(files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cond.csv"
    clusters = tmp_path / "clusters.csv"
    _ok(capsys, "conditions", "--results", str(files["results"]), "--year", "2021", "--out", str(out),
        "--clusters-out", str(clusters))
    frame = pd.read_csv(out, dtype={"municipality_code": str})
    assert len(frame) == 98 and "refugee_share" in frame.columns
    assert len(pd.read_csv(clusters)) == 98
