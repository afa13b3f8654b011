"""Invariants of the synthetic registers, checked with DuckDB on the small preset."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from jobmaal.catalog.models import ACTIVITY_TYPES, BENEFIT_GROUPS, RESIDENCE_BASES
from jobmaal.reference import municipalities, rar_areas
from jobmaal.registers.schema import EDUCATIONS, SEXES
from jobmaal.registers.store import table_files
from tests.registers.synthetic_support import connect, one, small_registers


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_registers(tmp_path_factory)


@pytest.fixture(scope="module")
def con(data: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = connect(data)
    codes = [m.code for m in municipalities()]
    connection.execute("CREATE TABLE codes AS SELECT unnest($1::VARCHAR[]) AS code", [codes])
    yield connection
    connection.close()


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def test_benefit_weeks_start_on_mondays_only(con: duckdb.DuckDBPyConnection) -> None:
    assert one(con, "SELECT count(*) FROM benefit_weeks WHERE isodow(week_start) <> 1") == 0
    assert one(con, "SELECT min(week_start) FROM benefit_weeks").isoformat() == "2018-12-31"
    assert one(con, "SELECT max(week_start) FROM benefit_weeks").isoformat() == "2024-12-30"


def test_no_duplicate_person_weeks(con: duckdb.DuckDBPyConnection) -> None:
    assert one(con, "SELECT count(*) - count(DISTINCT (person_key, week_start)) FROM benefit_weeks") == 0


def test_no_benefit_week_before_16_after_pension_age_or_outside_residence(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute("""
        SELECT count(*) FILTER (WHERE b.week_start < p.birth_date + INTERVAL 16 YEAR),
               count(*) FILTER (WHERE b.week_start >= p.birth_date + INTERVAL 67 YEAR)
        FROM benefit_weeks b JOIN persons p USING (person_key)""").fetchone()
    assert rows == (0, 0)
    outside = one(con, """
        SELECT count(*) FROM benefit_weeks b
        WHERE NOT EXISTS (SELECT 1 FROM residence r WHERE r.person_key = b.person_key
                          AND r.valid_from <= b.week_start AND (r.valid_to IS NULL OR b.week_start < r.valid_to))""")
    assert outside == 0


def test_codes_are_valid(con: duckdb.DuckDBPyConnection) -> None:
    assert one(con, f"SELECT count(*) FROM benefit_weeks WHERE benefit_group NOT IN {_in(BENEFIT_GROUPS)}") == 0
    assert one(con, f"SELECT count(*) FROM activities WHERE activity_type NOT IN {_in(ACTIVITY_TYPES)}") == 0
    assert one(con, f"SELECT count(*) FROM persons WHERE sex NOT IN {_in(SEXES)}") == 0
    assert one(con, f"SELECT count(*) FROM persons WHERE education NOT IN {_in(EDUCATIONS)}") == 0
    assert one(con, f"SELECT count(*) FROM persons WHERE residence_basis NOT IN {_in(RESIDENCE_BASES)}") == 0
    for table in ("benefit_weeks", "activities", "residence"):
        bad = one(con, f"SELECT count(*) FROM {table} WHERE municipality_code NOT IN (SELECT code FROM codes)")
        assert bad == 0, table
    assert one(con, f"SELECT count(*) FROM recruitment WHERE rar_code NOT IN {_in(tuple(rar_areas()))}") == 0


def test_every_group_type_and_municipality_occurs(con: duckdb.DuckDBPyConnection) -> None:
    assert one(con, "SELECT count(DISTINCT benefit_group) FROM benefit_weeks") == len(BENEFIT_GROUPS)
    assert one(con, "SELECT count(DISTINCT activity_type) FROM activities") == len(ACTIVITY_TYPES)
    assert one(con, "SELECT count(DISTINCT municipality_code) FROM residence") == 98
    assert one(con, "SELECT count(DISTINCT residence_basis) FROM persons") == len(RESIDENCE_BASES)


def test_no_orphan_person_keys_and_unique_persons(con: duckdb.DuckDBPyConnection) -> None:
    assert one(con, "SELECT count(*) - count(DISTINCT person_key) FROM persons") == 0
    for table in ("residence", "benefit_weeks", "activities", "employment_months"):
        orphans = one(con, f"SELECT count(*) FROM {table} WHERE person_key NOT IN (SELECT person_key FROM persons)")
        assert orphans == 0, table
    # Everyone lived in Denmark in the period.
    assert one(con, "SELECT count(DISTINCT person_key) FROM residence") == 20_000


def test_activities_end_on_or_after_their_start(con: duckdb.DuckDBPyConnection) -> None:
    assert one(con, "SELECT count(*) FROM activities WHERE end_date < start_date") == 0
    assert one(con, "SELECT count(*) FROM activities") > 2_000


def test_residence_periods_do_not_overlap(con: duckdb.DuckDBPyConnection) -> None:
    assert one(con, "SELECT count(*) FROM residence WHERE valid_to IS NOT NULL AND valid_to <= valid_from") == 0
    overlaps = one(con, """
        SELECT count(*) FROM (
            SELECT valid_from, lag(valid_to) OVER w AS prev_to, lag(valid_from) OVER w AS prev_from
            FROM residence WINDOW w AS (PARTITION BY person_key ORDER BY valid_from))
        WHERE prev_from IS NOT NULL AND (prev_to IS NULL OR prev_to > valid_from)""")
    assert overlaps == 0
    movers = one(con, "SELECT count(*) FROM (SELECT person_key FROM residence GROUP BY 1 HAVING count(*) > 1)")
    assert 1_000 < movers < 10_000
    assert one(con, "SELECT count(*) FROM residence WHERE valid_to IS NOT NULL AND valid_to > DATE '2025-01-01'") == 0


def test_benefit_weeks_mostly_follow_the_residence_municipality(con: duckdb.DuckDBPyConnection) -> None:
    same = one(con, """
        SELECT avg(CASE WHEN r.municipality_code = b.municipality_code THEN 1.0 ELSE 0 END)
        FROM benefit_weeks b JOIN residence r ON r.person_key = b.person_key
          AND r.valid_from <= b.week_start AND (r.valid_to IS NULL OR b.week_start < r.valid_to)""")
    assert 0.99 < same < 1.0  # a few weeks after a move the old municipality is still responsible


def test_activities_mostly_start_in_a_benefit_week_of_their_municipality(con: duckdb.DuckDBPyConnection) -> None:
    matched = one(con, """
        SELECT avg(CASE WHEN b.person_key IS NOT NULL THEN 1.0 ELSE 0 END) FROM activities a
        LEFT JOIN benefit_weeks b ON b.person_key = a.person_key
          AND b.week_start = date_trunc('week', a.start_date)::DATE AND b.municipality_code = a.municipality_code""")
    assert 0.9 < matched < 1.0


def test_employment_months_are_first_days_with_hours(con: duckdb.DuckDBPyConnection) -> None:
    assert one(con, "SELECT count(*) FROM employment_months WHERE day(month) <> 1") == 0
    assert one(con, "SELECT count(*) - count(DISTINCT (person_key, month)) FROM employment_months") == 0
    assert one(con, """SELECT count(*) FROM employment_months WHERE unsupported_wage_hours < 0
                       OR supported_wage_hours < 0 OR unsupported_wage_hours + supported_wage_hours <= 0""") == 0
    full_time = one(con, "SELECT median(unsupported_wage_hours) FROM employment_months "
                         "WHERE unsupported_wage_hours > 0")
    assert 140 < full_time < 170
    # Supported hours come from fleksjob and wage subsidies.
    flex = one(con, """SELECT avg(CASE WHEN e.supported_wage_hours > 0 THEN 1.0 ELSE 0 END)
                       FROM benefit_weeks b JOIN employment_months e ON e.person_key = b.person_key
                         AND e.month = date_trunc('month', b.week_start + 3)
                       WHERE b.benefit_group = 'fleksjob'""")
    assert flex > 0.95


def test_ages_span_16_to_74_with_birthdays_in_the_period(con: duckdb.DuckDBPyConnection) -> None:
    oldest = one(con, "SELECT min(birth_date) FROM persons")
    youngest = one(con, "SELECT max(birth_date) FROM persons")
    assert oldest.isoformat() > "1944-01-01" and youngest.isoformat() <= "2008-12-31"
    birthday = "SELECT count(*) FROM persons WHERE birth_date + INTERVAL {} YEAR BETWEEN '2019-01-02' AND '2024-12-31'"
    turn_16, turn_67 = one(con, birthday.format(16)), one(con, birthday.format(67))
    assert turn_16 > 1_000 and turn_67 > 1_000


def test_disability_known_for_a_survey_subset_and_lower_employment(con: duckdb.DuckDBPyConnection) -> None:
    known = one(con, "SELECT avg(CASE WHEN disability IS NOT NULL THEN 1.0 ELSE 0 END) FROM persons")
    assert 0.05 <= known <= 0.10
    rates = dict(con.execute("""
        SELECT p.disability, avg(CASE WHEN e.person_key IS NOT NULL THEN 1.0 ELSE 0 END)
        FROM persons p LEFT JOIN employment_months e ON e.person_key = p.person_key AND e.month = DATE '2022-11-01'
        WHERE p.disability IS NOT NULL AND date_diff('year', p.birth_date, DATE '2022-12-31') BETWEEN 16 AND 64
        GROUP BY 1""").fetchall())
    assert rates[True] < rates[False] - 0.15


def test_refugee_permits_peak_in_2015_16_and_some_are_before_2004(con: duckdb.DuckDBPyConnection) -> None:
    by_year = dict(con.execute("""SELECT year(first_residence_permit_date), count(*) FROM persons
                                  WHERE residence_basis = 'refugee' GROUP BY 1""").fetchall())
    peak = by_year.get(2015, 0) + by_year.get(2016, 0)
    assert peak > 3 * (by_year.get(2011, 0) + by_year.get(2012, 0))
    assert sum(n for y, n in by_year.items() if y < 2004) > 50
    assert one(con, "SELECT count(*) FROM persons WHERE first_residence_permit_date < birth_date") == 0
    natives = "SELECT count(*) FROM persons WHERE residence_basis = 'native'"
    assert one(con, natives + " AND first_residence_permit_date IS NOT NULL") == 0


def test_recruitment_has_every_rar_area_and_half_year(con: duckdb.DuckDBPyConnection) -> None:
    assert one(con, "SELECT count(*) FROM recruitment") == 8 * 12
    assert one(con, "SELECT count(*) FROM recruitment WHERE strftime(period_start, '%m-%d') NOT IN ('01-01', '07-01')"
               ) == 0
    assert one(con, "SELECT count(*) FROM recruitment WHERE unsuccessful > attempts OR unsuccessful < 0") == 0
    share = "SELECT sum(unsuccessful) / sum(attempts) FROM recruitment WHERE period_start = DATE '{}'"
    shortage, covid = one(con, share.format("2022-01-01")), one(con, share.format("2020-01-01"))
    assert shortage > covid + 0.15


@pytest.mark.parametrize(("table", "column"), [("benefit_weeks", "week_start"), ("employment_months", "month")])
def test_dated_tables_are_in_year_blocks_of_person_sorted_rows(data: Path, table: str, column: str) -> None:
    """Each file: one range of persons, its rows year by year, by person and date within a year, and no
    row group spanning two years (so that reading a few months skips the other years)."""
    previous = ""
    for path in table_files(data, table):
        rows = pq.read_table(path, columns=["person_key", column])
        keys = rows.column("person_key").to_pylist()
        dates = rows.column(column).to_pylist()
        triples = [(d.year, k, d) for k, d in zip(keys, dates, strict=True)]
        assert triples == sorted(triples)
        assert min(keys) > previous
        previous = max(keys)
        meta = pq.ParquetFile(path).metadata
        position = rows.schema.get_field_index(column)
        date_column = [meta.row_group(0).column(j).path_in_schema for j in range(meta.num_columns)].index(column)
        assert position >= 0
        for i in range(meta.num_row_groups):
            stats = meta.row_group(i).column(date_column).statistics
            assert stats.min.year == stats.max.year
