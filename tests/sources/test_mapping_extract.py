"""Mapping files and the extraction of indicator values from small hand-made tables (answers inline)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from jobmaal.catalog import default_catalog
from jobmaal.errors import MappingError
from jobmaal.sources.areas import default_resolver
from jobmaal.sources.extract import extract
from jobmaal.sources.jobindsats import JobindsatsTable, Variable, parse_data
from jobmaal.sources.mapping import TableMapping, load_mappings

MAPS = load_mappings()
PCT = "Fuldtidspersoner i pct. af befolkningen 16-66 år"


def table(table_id: str, columns: list[tuple[str, str]], rows: list[list[Any]]) -> JobindsatsTable:
    return JobindsatsTable(table_id, tuple(Variable(n, lab) for n, lab in columns), tuple(tuple(r) for r in rows))


PTVA = [("area", "Område"), ("period", "Periode"), ("_ygrp_a02", "Ydelsesgrupper"), ("_kon", "Køn"),
        ("m0", "Antal personer"), ("m1", "Antal fuldtidspersoner"), ("m2", PCT)]


def run(t: JobindsatsTable, mapping: TableMapping | None = None, **kw: Any) -> Any:
    return extract(t, mapping or MAPS[t.table_id], default_catalog(), default_resolver(), **kw)


def test_shipped_mappings_cover_the_issue_tables() -> None:
    assert {"PTVA02", "Y01A02", "Y36A02", "Y60A02", "Y38A02", "Y07A02", "Y08A02", "Y09A02", "Y11A02", "Y12A02",
            "MM13", "MM17", "Y30R21"} <= set(MAPS)
    assert MAPS["Y60A02"].precedence > MAPS["Y36A02"].precedence > MAPS["PTVA02"].precedence


def test_ptva02_total_breakdowns_and_the_derived_denominator() -> None:
    t = table("PTVA02", PTVA, [
        ["Randers", "2021M03", "Ydelsesgrupper i alt", "Køn i alt", 12000, "10000", 15.6],
        ["Randers", "2021M03", "A-dagpenge", "Køn i alt", 2500, "1800", 2.8],
        ["Randers", "2021M03", "Ydelsesgrupper i alt", "Kvinder", 6100, "5100", "16,0"],
        ["Randers", "2021M03", "A-dagpenge", "Kvinder", 1200, "900", 2.8],  # a cross-tabulation: left out
        ["Randers", "2021M03", "Seniorpension", "Køn i alt", 300, "250", 0.4],  # no jobmaal group: left out
        ["Christiansø", "2021M03", "Ydelsesgrupper i alt", "Køn i alt", 5, "4", 7.1],  # not a jobmaal area
    ])
    got = run(t)
    rows = {(r["breakdown"], r["breakdown_value"]): r for r in got.values}
    assert set(rows) == {("", ""), ("benefit_group", "a_dagpenge"), ("sex", "female")}
    total = rows[("", "")]
    assert total["indicator_id"] == "public_support_fulltime_share"
    assert (total["area_type"], total["area_code"], total["period"]) == ("municipality", "730", dt.date(2021, 3, 1))
    assert total["value"] == 15.6 and total["numerator"] == 10000
    assert total["denominator"] == pytest.approx(10000 * 100 / 15.6)
    assert total["numerator_persons"] == 12000 and total["denominator_persons"] == round(10000 * 100 / 15.6)
    assert rows[("sex", "female")]["value"] == 16.0
    assert got.cross_rows == 1 and got.unmapped == {"Ydelsesgrupper=Seniorpension"}


def test_a_benefit_group_table_is_a_fixed_breakdown() -> None:
    cols = [("area", "Område"), ("period", "Periode"), ("m0", "Antal personer"), ("m1", "Antal fuldtidspersoner"),
            ("m2", PCT)]
    got = run(table("Y01A02", cols, [["Hele landet", "2021M01", 150000, 110000.5, 2.9]]))
    (row,) = got.values
    assert (row["area_type"], row["area_code"], row["breakdown"], row["breakdown_value"]) == \
        ("country", "000", "benefit_group", "a_dagpenge")
    assert row["numerator"] == 110000.5 and row["numerator_persons"] == 150000


def test_suppressed_figures_stay_missing() -> None:
    t = table("PTVA02", PTVA, [["Læsø", "2021M01", "Ydelsesgrupper i alt", "Køn i alt", "..", "..", ".."]])
    (row,) = run(t).values
    assert row["value"] is None and row["numerator"] is None and row["denominator"] is None
    assert row["numerator_persons"] is None


def test_mm13_share_with_numerator_and_denominator() -> None:
    cols = [("area", "Område"), ("period", "Periode")] + [(f"m{i}", lab) for i, lab in enumerate([
        "Antal 18-66 årige flygtninge og familiesammenførte til flygtninge",
        "Antal 18-66 årige beskæftigede flygtninge og familiesammenførte til flygtninge i måneden",
        "Andel 18-66 årige beskæftigede flygtninge og familiesammenførte til flygtninge i måneden, pct. (ministermål)",
    ])]
    got = run(table("MM13", cols, [["Aarhus", "2021M05", 4000, 1800, 45.0]]))
    (row,) = got.values  # the 190-hour measures are not in this table: that indicator is left out, and said so
    assert row["indicator_id"] == "mm13_refugees_employed_share"
    assert (row["value"], row["numerator"], row["denominator"]) == (45.0, 1800, 4000)
    assert (row["numerator_persons"], row["denominator_persons"]) == (1800, 4000)
    assert [a.split(" ")[0] for a in got.absent] == ["mm13_refugees_190h_share"]


def test_a_measure_missing_from_the_table_names_what_it_has() -> None:
    cols = [("area", "Område"), ("period", "Periode"), ("m0", "Antal personer"), ("m1", "Antal fuldtidspersoner")]
    with pytest.raises(MappingError, match=r"table Y01A02: no measure labelled \['Fuldtidspersoner i pct. af "
                                           r"befolkningen 16-66 år'\]; the table's variables: .*'Antal personer'"):
        run(table("Y01A02", cols, [["Randers", "2021M01", 10, 8]]))
    with pytest.raises(MappingError, match="none of the mapped measures"):
        run(table("Y01A02", [("area", "Område"), ("period", "Periode"), ("m0", "Antal ledige")],
                  [["Randers", "2021M01", 10]]))


def test_quarters_for_a_monthly_indicator_are_refused() -> None:
    t = table("PTVA02", PTVA, [["Randers", "2021Q1", "Ydelsesgrupper i alt", "Køn i alt", 1, "1", 1.0]])
    with pytest.raises(MappingError, match=r"2021Q1 is a quarter but public_support_fulltime_share is followed by "
                                           r"month.*l\(M:24\)"):
        run(t)


def test_an_unknown_area_is_an_error_unless_skipped() -> None:
    t = table("PTVA02", PTVA, [["Atlantis", "2021M01", "Ydelsesgrupper i alt", "Køn i alt", 1, "1", 1.0],
                               ["Randers", "2021M01", "Ydelsesgrupper i alt", "Køn i alt", 1, "1", 1.0]])
    with pytest.raises(MappingError, match=r"Data\[0\]: unknown area name 'Atlantis'"):
        run(t)
    got = run(t, skip_unknown_areas=True)
    assert got.skipped_areas == {"Atlantis"} and [r["area_code"] for r in got.values] == ["730"]


def test_a_dimension_without_a_total_is_refused() -> None:
    cols = [*PTVA, ("_alder", "Alder")]
    rows = [["Randers", "2021M01", "Ydelsesgrupper i alt", "Køn i alt", 1, "1", 1.0, "16-29 år"],
            ["Randers", "2021M01", "Ydelsesgrupper i alt", "Køn i alt", 1, "1", 1.0, "30-49 år"]]
    with pytest.raises(MappingError, match=r"dimension 'Alder' .* none is a total"):
        run(table("PTVA02", cols, rows))
    rows.append(["Randers", "2021M01", "Ydelsesgrupper i alt", "Køn i alt", 2, "2", 2.0, "Alder i alt"])
    (row,) = run(table("PTVA02", cols, rows)).values  # only the total of the unmapped dimension is kept
    assert row["numerator"] == 2


def test_benchmark_rows_with_long_labels() -> None:
    from .fake_data import Y30_MEASURES
    cols = [("area", "Area"), ("period", "Periode"), ("_ygrp_y30r21", "Ydelsesgrupper")] + \
        [(f"m{i}", lab) for i, lab in enumerate(Y30_MEASURES)]
    got = run(table("Y30R21", cols, [["Randers", "2023QMAT02", "Ydelsesgrupper i alt", 10100, 10000, 16.2, 16.0,
                                      0.2, 31]]))
    (row,) = got.expected
    assert got.values == []
    assert row["period_label"] == "2023QMAT02"
    assert (row["period_start"], row["period_end"]) == (dt.date(2022, 7, 1), dt.date(2023, 6, 30))
    assert (row["expected"], row["actual"], row["difference"], row["rank"]) == (16.2, 16.0, 0.2, 31)
    assert row["actual_minus_expected"] == pytest.approx(-0.2)
    assert row["expected_count"] == 10100 and row["area_code"] == "730" and row["breakdown"] == ""


def test_malformed_data_answers() -> None:
    with pytest.raises(Exception, match="Variables' or 'Data'"):
        parse_data("PTVA02", [{"Variabler": []}])
    with pytest.raises(Exception, match=r"Data\[0\] is not a list of 2 values"):
        parse_data("PTVA02", [{"Variables": [{"Name": "a", "Label": "A"}, {"Name": "b", "Label": "B"}],
                               "Data": [["x"]]}])


def test_a_mapping_file_with_mistakes_names_file_and_field(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(
        "table: XX01\ntitle: t\nindicators:\n  - indicator_id: no_such_indicator\n    value: V\n", encoding="utf-8")
    (tmp_path / "typo.yaml").write_text(
        "table: XX02\ntitle: t\nindicator:\n  - indicator_id: mm13_refugees_employed_share\n", encoding="utf-8")
    with pytest.raises(MappingError, match=r"typo.yaml: field 'indicator'"):
        load_mappings(tmp_path)
    (tmp_path / "typo.yaml").unlink()
    (tmp_path / "fixed.yaml").write_text(
        "table: XX03\ntitle: t\nfixed_breakdown: {breakdown: benefit_group, value: dagpenge}\n"
        "indicators:\n  - {indicator_id: public_support_fulltime_share, value: V}\n", encoding="utf-8")
    with pytest.raises(MappingError) as err:
        load_mappings(tmp_path)
    text = str(err.value)
    assert "bad.yaml: field 'indicators[0]': unknown indicator 'no_such_indicator'" in text
    assert "fixed.yaml: field 'fixed_breakdown': 'dagpenge' is not a value of breakdown 'benefit_group'" in text
