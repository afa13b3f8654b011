"""Rules about the source's layout and each file's columns: tables present, columns exact, types usable."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from jobmaal.errors import RegisterError, ValidationFailed
from jobmaal.registers.schema import TABLES
from tests.registers.import_support import GOOD, run, source


def refused(src: Path, store: Path) -> list[str]:
    with pytest.raises(ValidationFailed) as failed:
        run(src, store)
    return failed.value.problems


def parquet_of(table: str, path: Path) -> pa.Table:
    """The good CSV of ``table`` as an Arrow table with the model's schema."""
    schema = TABLES[table].arrow_schema
    opts = pacsv.ConvertOptions(column_types=schema, strings_can_be_null=True)
    return pacsv.read_csv(path, convert_options=opts).cast(schema)


def test_missing_and_unknown_tables(tmp_path: Path) -> None:
    src = source(tmp_path)
    (src / "recruitment.csv").unlink()
    (src / "benefit_week").mkdir()  # a typo of benefit_weeks
    (src / "benefit_week" / "a.csv").write_text("x\n", encoding="utf-8")
    assert refused(src, tmp_path / "store") == [
        "benefit_week: benefit_week: hverken en tabel i modellen eller en understøttet fil / neither a table of the "
        "model (persons, residence, benefit_weeks, activities, employment_months, recruitment) nor a supported file",
        "recruitment: recruitment/: tabellen mangler / table missing: expected a folder recruitment/ of .parquet "
        "or .csv files, or recruitment.parquet or recruitment.csv",
    ]


def test_extra_column_is_a_problem_but_the_rows_are_still_checked(tmp_path: Path) -> None:
    src = source(tmp_path, {"activities": "person_key,activity_type,start_date,end_date,municipality_code,note\n"
                                          "0101801234,yoga,2020-09-01,2020-09-02,101,hi\n"})
    assert refused(src, tmp_path / "store") == [
        "activities: activities.csv, kolonne/column note: kolonnen hører ikke til modellen / column is not in the "
        "model (person_key, activity_type, start_date, end_date, municipality_code)",
        "activities: activities.csv linje/line 2, kolonne/column activity_type, værdi/value 'yoga': ikke en tilladt "
        "værdi / not an allowed value (ordinary_education, job_oriented_education, adult_apprenticeship, "
        "guidance_upskilling, company_internship, wage_subsidy)",
    ]


def test_missing_and_duplicated_columns(tmp_path: Path) -> None:
    src = source(tmp_path, {"employment_months": "person_key,month,unsupported_wage_hours,month\n"})
    assert refused(src, tmp_path / "store") == [
        "employment_months: employment_months.csv, kolonne/column month: kolonnen findes flere gange / column "
        "appears more than once",
        "employment_months: employment_months.csv, kolonne/column supported_wage_hours: kolonnen mangler; filens "
        "rækker er ikke kontrolleret / column missing; the file's rows were not checked",
    ]


def test_wrong_parquet_type_and_foreign_files_in_a_table_folder(tmp_path: Path) -> None:
    src = source(tmp_path)
    (src / "persons.csv").unlink()
    (src / "persons").mkdir()
    persons = parquet_of("persons", GOOD / "persons.csv")
    persons = persons.set_column(1, "birth_date", persons.column("birth_date").cast(pa.timestamp("s")))
    pq.write_table(persons, src / "persons" / "part-0.parquet")
    (src / "persons" / "notes.txt").write_text("hello", encoding="utf-8")
    (src / "persons" / "_SUCCESS").write_text("", encoding="utf-8")  # Spark's marker: ignored
    assert refused(src, tmp_path / "store") == [
        "persons: persons/notes.txt: hverken .parquet, .csv eller .csv.gz / neither .parquet, .csv nor .csv.gz",
        "persons: persons/part-0.parquet, kolonne/column birth_date, værdi/value TIMESTAMP: forkert type, "
        "forventet/expected DATE; filens rækker er ikke kontrolleret / the file's rows were not checked",
        # no flood of orphans: the other tables' keys are not checked against an incomplete persons
        "persons: persons: de andre tabellers personnøgler er ikke kontrolleret mod persons, da persons ikke kunne "
        "læses helt / the other tables' person keys were not checked against persons, since persons could not "
        "be read fully",
    ]


def test_empty_file_and_invalid_utf8_line(tmp_path: Path) -> None:
    src = source(tmp_path, {"recruitment": ""})
    (src / "residence.csv").write_bytes(b"person_key,municipality_code,valid_from,valid_to\n"
                                        b"0101801234,101,2000-01-01,\n0202852345,7\xff1,2015-10-01,\n"
                                        b"0303903456,461,2012-05-15,\n0404754567,860,2016-03-01,\n")
    problems = refused(src, tmp_path / "store")
    assert problems[0].startswith("residence: residence.csv linje/line 3, kolonne/column municipality_code, "
                                  "værdi/value (invalid encoding: Invalid unicode")
    assert problems[1:] == ["recruitment: recruitment.csv: filen er tom / the file is empty"]


def test_widened_parquet_types_are_accepted(tmp_path: Path) -> None:
    src = source(tmp_path)
    (src / "recruitment.csv").unlink()
    table = parquet_of("recruitment", GOOD / "recruitment.csv")
    table = table.set_column(2, "attempts", table.column("attempts").cast(pa.int32()))
    pq.write_table(table, src / "recruitment.parquet")
    summary = run(src, tmp_path / "store")
    stored = pq.read_table(tmp_path / "store" / "recruitment")
    assert summary.rows["recruitment"] == 2 and stored.schema.field("attempts").type == pa.int64()


def test_source_must_exist(tmp_path: Path) -> None:
    with pytest.raises(RegisterError, match="source directory not found"):
        run(tmp_path / "nowhere", tmp_path / "store")


def test_many_broken_lines_are_capped_and_the_lines_after_them_numbered_right(tmp_path: Path) -> None:
    lines = ["person_key,week_start,benefit_group,municipality_code"]
    for i in range(25):  # lines 2, 4, …, 50 have a field too many; lines 3, 5, … are Tuesdays
        lines.append("0202852345,2020-03-16,kontanthjaelp,730,extra")
        lines.append(f"0101801234,2020-03-{10 + i % 2 * 7},a_dagpenge,101" if i < 2 else "0101801234,,a_dagpenge,101")
    src = source(tmp_path, {"benefit_weeks": "\n".join(lines) + "\n"})
    problems = refused(src, tmp_path / "store")
    broken = [p for p in problems if "the line cannot be read" in p]
    assert len(broken) == 21 and broken[-1].endswith("25 i alt / in all (20 vist / shown) [csv_broken_line]")
    assert [int(p.split("linje/line ")[1].split(",")[0]) for p in broken[:20]] == list(range(2, 42, 2))
    assert ("benefit_weeks: benefit_weeks.csv linje/line 3, kolonne/column week_start, værdi/value "
            "'2020-03-10 Tuesday': ugens start er ikke en mandag / week_start is not a Monday") in problems
    missing = [p for p in problems if "required value missing" in p]
    assert [int(p.split("linje/line ")[1].split(",")[0]) for p in missing[:3]] == [7, 9, 11]


def test_parquet_problems_name_the_1_based_row(tmp_path: Path) -> None:
    src = source(tmp_path)
    (src / "employment_months.csv").unlink()
    (src / "employment_months").mkdir()
    good = parquet_of("employment_months", GOOD / "employment_months.csv")
    pq.write_table(good, src / "employment_months" / "a.parquet")
    bad = pa.table({"person_key": ["0101801234", "0303903456", "0404754567"],
                    "month": pa.array([dt.date(2021, 1, 1)] * 3, pa.date32()),
                    "unsupported_wage_hours": [1.0, float("nan"), 2.0],
                    "supported_wage_hours": [0.0, 0.0, float("-inf")]})
    pq.write_table(bad, src / "employment_months" / "b.parquet")
    assert refused(src, tmp_path / "store") == [
        "employment_months: employment_months/b.parquet række/row 2, kolonne/column unsupported_wage_hours, "
        "værdi/value 'nan': timer skal være et endeligt tal >= 0 / hours must be a finite number >= 0",
        "employment_months: employment_months/b.parquet række/row 3, kolonne/column supported_wage_hours, "
        "værdi/value '-inf': timer skal være et endeligt tal >= 0 / hours must be a finite number >= 0",
    ]
