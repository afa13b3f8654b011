"""Exports read back with real clients: pandas (CSV, both dialects), openpyxl (XLSX), pyjstat (JSON-stat 2.0)."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from pyjstat import pyjstat

from jobmaal.cli.app import main
from jobmaal.publication import published

AREAS = ["730", "000"]


@pytest.fixture(scope="module")
def expected(results_file: Path) -> pd.DataFrame:
    """What the gate publishes for the exported areas (totals)."""
    frame = published(results_file).filter(areas=AREAS, breakdowns=False).frame
    frame["period"] = pd.to_datetime(frame["period"])
    return frame.sort_values(["indicator_id", "area_type", "area_code", "period"]).reset_index(drop=True)


def _export(results: Path, out: Path, fmt: str, *extra: str) -> None:
    args = ["export", "--results", str(results), "--out", str(out), "--format", fmt, *extra]
    for a in AREAS:
        args += ["--area", a]
    try:
        main(args)
    except SystemExit as exc:
        assert exc.code in (0, None)


def test_csv_plain_and_danish_excel_read_back_alike(results_file: Path, tmp_path: Path,
                                                    expected: pd.DataFrame) -> None:
    _export(results_file, tmp_path / "plain.csv", "csv")
    _export(results_file, tmp_path / "excel.csv", "csv-da")
    plain = pd.read_csv(tmp_path / "plain.csv", dtype={"area_code": str}, keep_default_na=False, na_values=[""])
    raw = (tmp_path / "excel.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark for Excel
    assert b";" in raw.splitlines()[0] and b"\r\n" in raw
    excel = pd.read_csv(tmp_path / "excel.csv", sep=";", decimal=",", encoding="utf-8-sig", dtype={"area_code": str},
                        keep_default_na=False, na_values=[""])
    assert list(excel.columns) == list(plain.columns)
    pd.testing.assert_frame_equal(plain, excel)
    assert len(plain) == len(expected)
    assert plain["value"].to_numpy() == pytest.approx(expected["value"].to_numpy(), nan_ok=True)
    hidden = plain[plain["suppressed"].fillna("") != ""]
    assert len(hidden) > 0 and hidden["value"].isna().all()  # a suppressed figure is empty, never 0
    shares = excel.loc[excel["value"].notna() & (excel["value"] % 1 != 0), "value"]
    assert len(shares) > 0  # decimal commas were read as numbers


def test_xlsx_has_typed_cells_and_a_definitions_sheet(results_file: Path, tmp_path: Path,
                                                      expected: pd.DataFrame) -> None:
    out = tmp_path / "values.xlsx"
    _export(results_file, out, "xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Data", "Definitioner", "Om data"]
    ws = wb["Data"]
    header = [c.value for c in ws[1]]
    assert header[:6] == ["Indikator-id", "Indikator", "Områdetype", "Områdekode", "Område", "Periode"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(expected)
    value_col, marker_col = header.index("Værdi"), header.index("Diskretioneret")
    assert all(isinstance(r[5], dt.datetime) for r in rows)  # a date cell, not text
    shown = [r for r in rows if r[value_col] is not None]
    assert shown and all(isinstance(r[value_col], int | float) for r in shown)  # number cells, never text
    hidden = [r for r in rows if r[marker_col] == "[d]"]
    assert hidden and all(r[value_col] is None for r in hidden)
    defs = {r[0]: r for r in wb["Definitioner"].iter_rows(min_row=2, values_only=True)}
    assert set(defs) == set(expected["indicator_id"])
    assert defs["mm17_upskilling_share"][3] == "procent"
    frame = pd.read_excel(out, sheet_name="Data")
    assert frame["Værdi"].dtype == float


def test_jsonstat_reads_back_with_pyjstat(results_file: Path, tmp_path: Path, expected: pd.DataFrame) -> None:
    out = tmp_path / "values.json"
    _export(results_file, out, "jsonstat", "--lang", "en")
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["version"] == "2.0" and doc["class"] == "dataset"
    assert doc["id"] == ["indicator", "area", "period"]
    frame = pyjstat.Dataset.read(out.read_text(encoding="utf-8")).write("dataframe", naming="id")
    assert len(frame) == doc["size"][0] * doc["size"][1] * doc["size"][2]
    got = frame.dropna(subset=["value"]).set_index(["indicator", "area", "period"])["value"]
    want = expected.dropna(subset=["value"]).assign(period=expected["period"].dt.strftime("%Y-%m-%d"))
    want = want.set_index(["indicator_id", "area_code", "period"])["value"]
    assert len(got) == len(want)
    assert got.sort_index().to_numpy() == pytest.approx(want.sort_index().to_numpy())
    hidden = expected[expected["suppressed"] != ""]
    assert len(doc["status"]) == len(hidden) and set(doc["status"].values()) == {"[d]"}
    for pos in doc["status"]:
        assert doc["value"][int(pos)] is None
    assert any("Suppressed" in note for note in doc["note"])


def test_csv_text_refuses_an_unknown_dialect(expected: pd.DataFrame) -> None:
    from jobmaal.exports.csv_export import csv_text

    with pytest.raises(ValueError, match="dialect"):
        csv_text(expected.assign(breakdown=""), False, dialect="semicolon")
    text = csv_text(expected.assign(breakdown="", breakdown_value=""), False, ["suppressed"], dialect="excel-da")
    assert pd.read_csv(io.StringIO(text.lstrip("\ufeff")), sep=";", decimal=",").shape[0] == len(expected)
