"""One set of hand-made registers holding the engine's edge cases, for every indicator at once."""

from __future__ import annotations

from tests.engine.builder import Registers


def edge_cases() -> Registers:
    r = Registers()
    # The data range: weeks from January to December 2021.
    r.person("anchor", "1950-01-01", municipality="860").week("anchor", "2021-01-04", municipality="860")
    r.week("anchor", "2021-12-27", municipality="860")
    # Public support. 101: a week within January, one straddling March/April (3 + 4 days), one in April.
    r.person("a", "1980-05-10", municipality="101").week("a", "2021-01-25").week("a", "2021-03-29")
    r.week("a", "2021-04-26")
    # 147: birthdays on d1 — turns 67 on 2021-03-31 (out), turns 16 on 2021-03-31 (in).
    r.person("old", "1954-03-31", sex="male", municipality="147").week("old", "2021-03-01", group="foertidspension",
                                                                         municipality="147")
    r.person("young", "2005-03-31", municipality="147").week("young", "2021-03-01", group="uddannelseshjaelp",
                                                             municipality="147")
    # 151: born on a leap day.
    r.person("leap", "2004-02-29", municipality="151")
    # 153 → 155 on 2021-02-15 (same region): benefit weeks in both municipalities in one month.
    r.person("mover", "1970-01-01", municipality="153").weeks("mover", "2021-02-01", 2, group="sygedagpenge",
                                                               municipality="153")
    r.move("mover", "155", "2021-02-15").weeks("mover", "2021-02-15", 2, group="sygedagpenge", municipality="155")
    # Upskilling. 161: two starts in May while on a-dagpenge (one person, counted once).
    r.person("u1", "1990-06-01", sex="male", municipality="161").weeks("u1", "2021-05-03", 6, group="a_dagpenge",
                                                                        municipality="161")
    r.activity("u1", "ordinary_education", "2021-05-05", "2021-08-31", municipality="161")
    r.activity("u1", "job_oriented_education", "2021-05-20", "2021-05-28", municipality="161")
    # 161: a skilled person starting on the Sunday of a week on cash benefit.
    r.person("u2", "1985-01-01", education="vocational", municipality="161")
    r.week("u2", "2021-06-07", group="kontanthjaelp", municipality="161")
    r.activity("u2", "adult_apprenticeship", "2021-06-13", "2022-06-12", municipality="161")
    # 163: the start falls in the week after the benefit week — not a start while unemployed.
    r.person("u3", "1975-01-01", education="higher", municipality="163")
    r.week("u3", "2021-06-07", group="ledighedsydelse", municipality="163")
    r.activity("u3", "ordinary_education", "2021-06-14", "2021-12-31", municipality="163")
    # 165: sickness benefit is not in the MM17 groups; a wage subsidy is not upskilling.
    r.person("u4", "1975-01-01", municipality="165").week("u4", "2021-06-07", group="sygedagpenge", municipality="165")
    r.activity("u4", "ordinary_education", "2021-06-08", "2021-12-31", municipality="165")
    r.activity("u4", "wage_subsidy", "2021-06-09", "2021-12-31", municipality="165")
    # 167: unknown education; a start on Wednesday 1 September in the week of Monday 30 August.
    r.person("u5", "1995-01-01", education=None, municipality="167")
    r.week("u5", "2021-08-30", group="a_dagpenge", municipality="167")
    r.activity("u5", "ordinary_education", "2021-09-01", "2022-06-30", municipality="167")
    # Refugees (MM13). 101: 100 h in January, none in February, 95 h in March.
    r.person("r1", "1990-01-01", basis="refugee", permit="2016-03-01").hours("r1", "2021-01-01", 100)
    r.hours("r1", "2021-03-01", 95).hours("r1", "2020-12-01", 89)
    # 101: a permit from before 2004 is outside the population.
    r.person("r2", "1990-01-01", basis="family_reunified_refugee", permit="2003-12-31").hours("r2", "2021-01-01", 160)
    # 147: permit on d1 of February; turns 18 in February.
    r.person("r3", "1980-01-01", basis="refugee", permit="2021-02-28", municipality="147").hours("r3", "2021-02-01", 10)
    r.person("r4", "2003-02-15", basis="family_reunified_refugee", permit="2010-01-01", municipality="147")
    # 151: another immigrant (outside), a refugee with supported hours only (not employed).
    r.person("r5", "1980-01-01", basis="other_immigrant", permit="2010-01-01", municipality="151")
    r.hours("r5", "2021-01-01", 160)
    r.person("r6", "1980-01-01", basis="refugee", permit="2010-01-01", municipality="151")
    r.hours("r6", "2021-01-01", 0, 120)
    # 153: exactly 190 h in one month.
    r.person("r7", "1980-01-01", basis="refugee", permit="2010-01-01", municipality="153")
    r.hours("r7", "2021-03-01", 190)
    # Disability, 2021 (d1 = 31 December, hours in November). 173.
    r.person("d1", "1980-01-01", disability=True, municipality="173").hours("d1", "2021-11-01", 0, 50)
    r.person("d2", "1980-01-01", disability=True, municipality="173").hours("d2", "2021-12-01", 150)
    r.person("d3", "1980-01-01", disability=False, municipality="173").hours("d3", "2021-11-01", 150)
    r.person("d4", "1980-01-01", disability=None, municipality="173")
    r.person("d5", "1956-12-31", disability=True, municipality="173").hours("d5", "2021-11-01", 150)  # 65 on d1
    # Recruitment survey: two RAR areas, and a half-year with no attempts (a null share).
    r.recruitment("R07", "2021-01-01", 100, 25).recruitment("R01", "2021-01-01", 50, 10)
    r.recruitment("R07", "2021-07-01", 0, 0)
    return r
