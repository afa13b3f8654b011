"""The synthetic registers behave like Denmark: asserted on aggregates of the small preset with DuckDB."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import pytest
from scipy.stats import spearmanr

from jobmaal.reference import municipalities
from jobmaal.registers.store import read_meta
from tests.registers.synthetic_support import connect, one, small_registers

# Full-time persons per benefit group and month: each week's days split between the months they fall in.
_FULLTIME = """
CREATE TABLE fulltime AS
WITH w AS (SELECT benefit_group, municipality_code, week_start,
                  least(7, date_diff('day', week_start, last_day(week_start)) + 1) AS first_days
           FROM benefit_weeks),
parts AS (SELECT benefit_group, municipality_code, date_trunc('month', week_start)::DATE AS month,
                 first_days AS days FROM w
          UNION ALL
          SELECT benefit_group, municipality_code, (date_trunc('month', week_start) + INTERVAL 1 MONTH)::DATE,
                 7 - first_days FROM w WHERE first_days < 7)
SELECT benefit_group, municipality_code, month, sum(days / day(last_day(month))) AS persons
FROM parts GROUP BY ALL
"""


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_registers(tmp_path_factory)


@pytest.fixture(scope="module")
def con(data: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = connect(data)
    connection.execute(_FULLTIME)
    yield connection
    connection.close()


def _fulltime(con: duckdb.DuckDBPyConnection, group: str) -> dict[dt.date, float]:
    rows = con.execute("SELECT month, sum(persons) FROM fulltime WHERE benefit_group = ? GROUP BY 1", [group])
    return dict(rows.fetchall())


def test_covid_shock_in_unemployment_insurance_and_recovery(con: duckdb.DuckDBPyConnection) -> None:
    adp = _fulltime(con, "a_dagpenge")
    assert adp[dt.date(2020, 4, 1)] > 1.3 * adp[dt.date(2019, 4, 1)]
    assert adp[dt.date(2020, 2, 1)] < 1.15 * adp[dt.date(2019, 2, 1)]  # the rise starts in March
    year = {y: np.mean([v for k, v in adp.items() if k.year == y]) for y in (2019, 2020, 2022)}
    assert year[2022] < 0.75 * year[2020] and year[2022] < year[2019]


def test_winter_unemployment_above_summer(con: duckdb.DuckDBPyConnection) -> None:
    adp = _fulltime(con, "a_dagpenge")
    winter = np.mean([adp[dt.date(y, m, 1)] for y in (2019, 2023, 2024) for m in (1, 2)])
    summer = np.mean([adp[dt.date(y, m, 1)] for y in (2019, 2023, 2024) for m in (5, 6, 9)])
    assert winter > 1.08 * summer


def test_upskilling_starts_stop_in_spring_2020_and_peak_in_august_september_january(
    con: duckdb.DuckDBPyConnection,
) -> None:
    starts = dict(con.execute("""
        SELECT date_trunc('month', start_date)::DATE, count(*) FROM activities
        WHERE activity_type IN ('ordinary_education', 'job_oriented_education', 'adult_apprenticeship')
        GROUP BY 1""").fetchall())
    spring_2020 = sum(starts.get(dt.date(2020, m, 1), 0) for m in (4, 5))
    spring_2019 = sum(starts.get(dt.date(2019, m, 1), 0) for m in (4, 5))
    assert spring_2020 < 0.1 * spring_2019
    normal_years = (2019, 2022, 2023, 2024)
    peak = np.mean([starts.get(dt.date(y, m, 1), 0) for y in normal_years for m in (1, 8, 9)])
    rest = np.mean([starts.get(dt.date(y, m, 1), 0) for y in normal_years for m in (3, 4, 5, 6, 10, 11)])
    assert peak > 1.6 * rest
    # Other activity types run through the year.
    others = dict(con.execute("""
        SELECT month(start_date), count(*) FROM activities WHERE year(start_date) = 2019
          AND activity_type IN ('guidance_upskilling', 'company_internship', 'wage_subsidy') GROUP BY 1""").fetchall())
    assert min(others[m] for m in (3, 4, 5, 10, 11)) > 0.5 * max(others.values())


def test_refugee_employment_rises_with_years_since_permit(con: duckdb.DuckDBPyConnection) -> None:
    rates = dict(con.execute("""
        WITH months AS (SELECT m::DATE AS m FROM range(DATE '2019-01-01', DATE '2025-01-01', INTERVAL 1 MONTH) t(m)),
        pm AS (
            SELECT p.person_key, months.m,
                   date_diff('day', p.first_residence_permit_date, months.m) / 365.25 AS years
            FROM persons p JOIN months ON p.first_residence_permit_date < months.m
            WHERE p.residence_basis IN ('refugee', 'family_reunified_refugee')
              AND date_diff('year', p.birth_date, months.m) BETWEEN 20 AND 60)
        SELECT CASE WHEN years < 1 THEN 0 WHEN years < 2 THEN 1 WHEN years < 4 THEN 2 WHEN years < 7 THEN 3
                    ELSE 4 END AS bin,
               avg(CASE WHEN e.unsupported_wage_hours > 0 THEN 1.0 ELSE 0 END)
        FROM pm LEFT JOIN employment_months e ON e.person_key = pm.person_key AND e.month = pm.m
        WHERE years < 15 GROUP BY 1""").fetchall())
    assert rates[0] < 0.25 < rates[3]
    assert rates[0] < rates[1] < rates[2] < rates[3]


def test_all_twelve_groups_with_plausible_volumes(con: duckdb.DuckDBPyConnection) -> None:
    volume = dict(con.execute("SELECT benefit_group, sum(persons) FROM fulltime GROUP BY 1").fetchall())
    assert len(volume) == 12
    ranked = sorted(volume, key=volume.__getitem__, reverse=True)
    assert ranked[0] == "foertidspension"
    assert ranked[-1] == "revalidering"
    assert {"a_dagpenge", "kontanthjaelp"} <= set(ranked[:4])
    residents = one(con, """
        SELECT count(*) FROM residence r JOIN persons p USING (person_key)
        WHERE r.valid_from <= DATE '2022-06-30' AND (r.valid_to IS NULL OR r.valid_to > DATE '2022-06-30')
          AND date_diff('year', p.birth_date, DATE '2022-06-30') BETWEEN 16 AND 66""")
    on_support = one(con, "SELECT sum(persons) / 12 FROM fulltime WHERE year(month) = 2022")
    assert 0.14 < on_support / residents < 0.24


def test_pensions_are_stable_spells_and_dagpenge_spells_are_short(con: duckdb.DuckDBPyConnection) -> None:
    weeks = dict(con.execute("""
        SELECT benefit_group, avg(n) FROM (
            SELECT person_key, benefit_group, count(*) AS n FROM benefit_weeks WHERE year(week_start) = 2022
            GROUP BY ALL) GROUP BY 1""").fetchall())
    assert weeks["foertidspension"] > 45 and weeks["fleksjob"] > 35
    assert weeks["a_dagpenge"] < 25 and weeks["sygedagpenge"] < 15
    longest_sick = one(con, """
        SELECT max(n) FROM (SELECT count(*) AS n FROM (
            SELECT person_key, week_start - 7 * row_number() OVER (PARTITION BY person_key ORDER BY week_start)::INT
                   AS spell FROM benefit_weeks WHERE benefit_group = 'sygedagpenge') GROUP BY person_key, spell)""")
    assert longest_sick <= 22 + 22  # a spell of at most 22 weeks; two can touch


def test_municipality_sizes_follow_the_population(con: duckdb.DuckDBPyConnection) -> None:
    residents = dict(con.execute("""SELECT municipality_code, count(*) FROM residence
                                    WHERE valid_from <= DATE '2019-01-01' GROUP BY 1""").fetchall())
    codes = [m.code for m in municipalities()]
    population = np.array([m.population for m in municipalities()], dtype=float)
    counts = np.array([residents.get(c, 0) for c in codes], dtype=float)
    assert np.corrcoef(population, counts)[0, 1] > 0.99


def test_planted_effort_and_local_unemployment_drive_public_support(
    con: duckdb.DuckDBPyConnection, data: Path,
) -> None:
    meta = read_meta(data)
    codes = sorted(meta["planted_effort"])
    support = dict(con.execute("SELECT municipality_code, sum(persons) FROM fulltime WHERE year(month) = 2022 "
                               "GROUP BY 1").fetchall())
    residents = dict(con.execute("""
        SELECT r.municipality_code, count(*) * 12 FROM residence r JOIN persons p USING (person_key)
        WHERE r.valid_from <= DATE '2022-06-30' AND (r.valid_to IS NULL OR r.valid_to > DATE '2022-06-30')
          AND date_diff('year', p.birth_date, DATE '2022-06-30') BETWEEN 16 AND 66 GROUP BY 1""").fetchall())
    share = np.array([support.get(c, 0) / residents[c] for c in codes])
    effort = np.array([meta["planted_effort"][c] for c in codes])
    unemployment = np.array([meta["framework_conditions"][c]["local_unemployment"] for c in codes])
    assert spearmanr(effort, share)[0] < -0.35
    assert spearmanr(unemployment, share)[0] > 0.15
