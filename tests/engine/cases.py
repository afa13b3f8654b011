"""The hand-made registers of the engine's correctness tests, one builder per case.

Each test module of ``tests/engine`` computes its case on DuckDB and checks figures worked out by
hand; ``tests/engine_backends/test_engine_cases.py`` computes the same cases on PySpark and runs
the same checks there too (and compares every row with DuckDB's).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tests.engine.builder import Registers


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[], Registers]
    indicators: tuple[str, ...]
    module: str  # the tests/engine module holding the hand-worked checks


def public_support() -> Registers:
    r = Registers()
    # 101: a week straddling January/February 2021 (Mon 2021-01-25 .. Sun 01-31 is all January;
    # Mon 2021-03-29 .. Sun 04-04 has 3 days in March and 4 in April).
    r.person("a", "1980-05-10", municipality="101").week("a", "2021-01-25").week("a", "2021-03-29")
    # 147: birthdays on d1. Turns 67 on 2021-03-31 (out from March), turns 16 on 2021-03-31 (in from March).
    r.person("old", "1954-03-31", sex="male", municipality="147").week("old", "2021-03-01", group="foertidspension",
                                                                         municipality="147")
    r.person("young", "2005-03-31", municipality="147").week("young", "2021-03-01", group="uddannelseshjaelp",
                                                             municipality="147")
    # 151: born 29 February 2004: aged 16 on 2020-02-29 (leap year) — but is 17 only from 2021-03-01.
    r.person("leap", "2004-02-29", municipality="151")
    # 153 → 155 (same region 1084): moves on 2021-02-15, weeks paid by the new municipality after the move.
    r.person("mover", "1970-01-01", municipality="153").weeks("mover", "2021-02-01", 2, group="sygedagpenge",
                                                               municipality="153")
    r.move("mover", "155", "2021-02-15").weeks("mover", "2021-02-15", 2, group="sygedagpenge", municipality="155")
    # Anchor the data range: weeks from 2021-01 to 2021-04.
    r.week("a", "2021-04-26")
    return r


def upskilling() -> Registers:
    r = Registers()
    # p1 in 101: on cash benefit all quarter; two starts in February (Wed 3rd, Sat 20th) = one person.
    r.person("p1", "1985-06-01", education="unskilled").weeks("p1", "2021-01-04", 13)
    r.activity("p1", "ordinary_education", "2021-02-03", "2021-06-30")
    r.activity("p1", "job_oriented_education", "2021-02-20", "2021-02-26")
    # p2 in 147: benefit week 1 February only; the start on 8 February has no benefit week in its week.
    r.person("p2", "1975-01-01", sex="male", education="vocational", municipality="147")
    r.week("p2", "2021-02-01", group="a_dagpenge", municipality="147")
    r.activity("p2", "adult_apprenticeship", "2021-02-08", "2022-02-07", municipality="147")
    # p3 in 151: sickness benefit is not one of the four groups: neither counted nor in the denominator.
    r.person("p3", "1980-01-01", municipality="151").week("p3", "2021-02-01", group="sygedagpenge", municipality="151")
    r.activity("p3", "ordinary_education", "2021-02-02", "2021-05-01", municipality="151")
    # p4 in 153: starts on Sunday 31 January: the week of Monday 25 January counts. Guidance is not upskilling.
    r.person("p4", "1990-01-01", education=None, municipality="153")
    r.week("p4", "2021-01-25", group="a_dagpenge", municipality="153").week("p4", "2021-02-01", group="a_dagpenge",
                                                                          municipality="153")
    r.activity("p4", "ordinary_education", "2021-01-31", "2021-03-01", municipality="153")
    r.activity("p4", "guidance_upskilling", "2021-02-01", "2021-02-05", municipality="153")
    # p5 lives in 101, but the benefit week is paid by 155: the start counts in 155.
    r.person("p5", "1960-01-01", education="higher").week("p5", "2021-03-08", group="ledighedsydelse",
                                                          municipality="155")
    r.activity("p5", "adult_apprenticeship", "2021-03-10", "2021-09-10", municipality="101")
    return r


def refugees_disability_recruitment() -> Registers:
    r = Registers()
    r.person("anchor", "1950-01-01", municipality="860").week("anchor", "2021-01-04", municipality="860")
    r.week("anchor", "2021-12-27", municipality="860")
    # 101: a refugee working 100 h in January, none in February, 95 h in March.
    r.person("r1", "1990-01-01", basis="refugee", permit="2016-03-01").hours("r1", "2021-01-01", 100)
    r.hours("r1", "2021-03-01", 95).hours("r1", "2020-12-01", 89)
    # 101: permit 2003-12-31 (before 2004) is outside the population, whatever the hours.
    r.person("r2", "1990-01-01", basis="family_reunified_refugee", permit="2003-12-31").hours("r2", "2021-01-01", 160)
    # 147: permit on d1 of February counts from February; working 10 h then.
    r.person("r3", "1980-01-01", basis="refugee", permit="2021-02-28", municipality="147")
    r.hours("r3", "2021-02-01", 10)
    # 147: turns 18 in February.
    r.person("r4", "2003-02-15", basis="family_reunified_refugee", permit="2010-01-01", municipality="147")
    # 151: other immigrants are outside; a refugee with supported hours only is not employed.
    r.person("r5", "1980-01-01", basis="other_immigrant", permit="2010-01-01", municipality="151")
    r.hours("r5", "2021-01-01", 160)
    r.person("r6", "1980-01-01", basis="refugee", permit="2010-01-01", municipality="151")
    r.hours("r6", "2021-01-01", 0, 120)
    # 153: exactly 190 h in one month reaches the 190 h threshold.
    r.person("r7", "1980-01-01", basis="refugee", permit="2010-01-01", municipality="153")
    r.hours("r7", "2021-03-01", 190)
    # Disability, 2021 (d1 = 2021-12-31, hours in November):
    r.person("d1", "1980-01-01", disability=True, municipality="161").hours("d1", "2021-11-01", 0, 50)
    r.person("d2", "1980-01-01", disability=True, municipality="161").hours("d2", "2021-12-01", 150)
    r.person("d3", "1980-01-01", disability=False, municipality="161").hours("d3", "2021-11-01", 150)
    r.person("d4", "1980-01-01", disability=None, municipality="161")
    r.person("d5", "1956-12-31", disability=True, municipality="161").hours("d5", "2021-11-01", 150)  # 65 on d1
    # Recruitment survey.
    r.recruitment("R07", "2021-01-01", 100, 25).recruitment("R01", "2021-01-01", 50, 10)
    r.recruitment("R07", "2021-07-01", 0, 0)
    return r


CASES: tuple[Case, ...] = (
    Case("public_support", public_support, ("public_support_fulltime_share",), "tests.engine.test_public_support"),
    Case("upskilling", upskilling, ("mm17_upskilling_starts", "mm17_upskilling_share"),
         "tests.engine.test_upskilling"),
    Case("refugees_disability_recruitment", refugees_disability_recruitment,
         ("mm13_refugees_employed_share", "mm13_refugees_190h_share", "disability_employment_rate",
          "recruitment_unsuccessful_share"), "tests.engine.test_refugees_disability_recruitment"),
)


def case(name: str) -> Case:
    return next(c for c in CASES if c.name == name)


def compute_case(c: Case, folder: Path) -> pd.DataFrame:
    """Write the case's registers into ``folder``, compute its indicators on DuckDB, return the values."""
    from jobmaal.engine.results import read_values
    from jobmaal.engine.runner import ComputeRequest, compute

    data = c.build().write(folder / "data")
    results = folder / "results.duckdb"
    compute(ComputeRequest(data_dir=data, results=results, indicators=list(c.indicators)))
    return read_values(results)
