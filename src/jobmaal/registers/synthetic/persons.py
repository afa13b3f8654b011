"""Who the persons are: birth, sex, origin, permit, education, disability, and hidden traits.

Attributes follow the framework conditions of each person's first municipality. Codes
are small integers: residence basis and education index ``RESIDENCE_BASES`` and
``EDUCATIONS`` (-1 = unknown, written as null).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from jobmaal.registers.synthetic.calendar import NEVER, Calendar, add_months, year_start, years_of
from jobmaal.registers.synthetic.municipalities import MunicipalityParams

REFUGEE, FAMILY_REUNIFIED, OTHER_IMMIGRANT, NATIVE = 0, 1, 2, 3  # index into RESIDENCE_BASES
UNSKILLED, VOCATIONAL, HIGHER = 0, 1, 2  # index into EDUCATIONS
UNKNOWN = -1

# Persons born per year (thousands, survivors in 2019), a rough Danish age pyramid.
_BIRTH_YEARS = [(1940, 50), (1946, 70), (1950, 64), (1955, 68), (1966, 80), (1972, 68), (1983, 54),
                (1990, 64), (1996, 72), (2002, 66), (2012, 62)]
# First residence permits per year (relative): asylum peaks in 1995 (Bosnia) and 2015-16 (Syria);
# family reunification follows a year or two later.
_PERMITS = {
    REFUGEE: [(1960, 0.3), (1979, 0.3), (1980, 0.8), (1985, 1.8), (1994, 1.8), (1995, 3.0), (1996, 1.5),
              (2003, 1.5), (2004, 0.9), (2007, 0.9), (2008, 1.5), (2012, 1.5), (2013, 3.0), (2014, 6.0),
              (2015, 11.0), (2016, 7.5), (2017, 2.5), (2018, 1.5), (2019, 1.3), (2020, 0.6), (2021, 0.7),
              (2022, 1.0), (2023, 0.9)],
    FAMILY_REUNIFIED: [(1960, 0.2), (1984, 0.2), (1985, 1.0), (2003, 1.0), (2004, 0.6), (2013, 0.6),
                       (2014, 1.5), (2015, 3.5), (2016, 6.0), (2017, 4.0), (2018, 2.0), (2019, 1.2),
                       (2020, 0.6), (2021, 0.6)],
    OTHER_IMMIGRANT: [(1960, 0.6), (1989, 0.6), (1990, 1.0), (2004, 1.0), (2005, 1.5), (2024, 3.0)],
}
_FIRST_PERMIT_YEAR = 1960


def pick_rows(cumulative: np.ndarray, row: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Column drawn from row ``row[i]`` of (unnormalised) cumulative weights with uniform ``u[i]``.

    Row r is shifted by r, so that one ``searchsorted`` serves every row.
    """
    cdf = cumulative / cumulative[:, -1:]
    cdf[:, -1] = 1.0
    flat = (cdf + np.arange(len(cdf))[:, None]).ravel()
    row = np.asarray(row, dtype=np.int64)
    return np.searchsorted(flat, row + u, side="right") - row * cdf.shape[1]


def _expand(points: list[tuple[int, float]], years: np.ndarray) -> np.ndarray:
    """Piecewise-linear weights per year, constant beyond the ends."""
    xs, ys = zip(*points, strict=True)
    return np.interp(years, xs, ys)


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _logit(p: np.ndarray) -> np.ndarray:
    return np.log(p / (1.0 - p))


@dataclass
class Persons:
    index: np.ndarray  # global 0-based index, the key is "P" + 9 digits of index + 1
    mun0: np.ndarray  # first municipality (index into MunicipalityParams)
    birth: np.ndarray  # day
    female: np.ndarray
    basis: np.ndarray  # int8, index into RESIDENCE_BASES or UNKNOWN
    permit: np.ndarray  # day of the first residence permit, NEVER when none
    education: np.ndarray  # int8, index into EDUCATIONS or UNKNOWN
    disability: np.ndarray  # int8: UNKNOWN, 0 or 1
    frail: np.ndarray  # latent poor health / distance from work (standard-normal-ish)
    insured: np.ndarray  # member of an unemployment insurance fund (a-kasse)
    arrival: np.ndarray  # first day of residence in Denmark (birth or permit)
    pension: np.ndarray  # day the state pension age is reached
    skilled_from: np.ndarray  # day a vocational or higher education is completed, NEVER if not

    @property
    def n(self) -> int:
        return len(self.index)

    @property
    def refugee(self) -> np.ndarray:
        return (self.basis == REFUGEE) | (self.basis == FAMILY_REUNIFIED)

    @property
    def immigrant(self) -> np.ndarray:
        return self.refugee | (self.basis == OTHER_IMMIGRANT)

    @property
    def unskilled(self) -> np.ndarray:
        """Unskilled or unknown education (unknown is mostly foreign education without recognition)."""
        return self.education <= UNSKILLED

    def unskilled_on(self, person: np.ndarray, days: np.ndarray) -> np.ndarray:
        """Without a completed vocational or higher education on the given days."""
        return days < self.skilled_from[person]

    def age_on(self, days: np.ndarray | int) -> np.ndarray:
        """Approximate age in years (fractional) on the given day(s)."""
        return (np.asarray(days) - self.birth) / 365.25


def pension_day(birth: np.ndarray) -> np.ndarray:
    """The day of the state pension age: 65 for those born before 1954, rising to 67 (born 1955 H2+)."""
    b = birth.astype(np.int64)
    d54, d54h2, d55, d55h2 = (int(x) for x in year_start(np.array([1954, 1954, 1955, 1955])))
    d54h2 += 181
    d55h2 += 181
    months = np.select([b < d54, b < d54h2, b < d55, b < d55h2], [780, 786, 792, 798], default=804)
    return add_months(b, months)


def _draw_births(rng: np.random.Generator, cal: Calendar, tilt: np.ndarray, mun: np.ndarray) -> np.ndarray:
    """Birth days so that everyone is 16-74 at some time in the period; ``tilt`` > 0 favours the young."""
    lo_day = int(add_months(np.array([cal.start_day]), -75 * 12)[0]) + 1  # at most 74 on the first day
    hi_day = int(add_months(np.array([cal.end_day]), -16 * 12)[0])  # at least 16 on the last day
    years = np.arange(int(years_of(np.array([lo_day]))[0]), int(years_of(np.array([hi_day]))[0]) + 1)
    base = _expand(_BIRTH_YEARS, years)
    weights = base[None, :] * np.exp(tilt[:, None] * (years[None, :] - 1975) / 30.0)
    year_idx = pick_rows(np.cumsum(weights, axis=1), mun, rng.random(len(mun)))
    first = np.maximum(year_start(years[year_idx]), lo_day)
    last = np.minimum(year_start(years[year_idx] + 1) - 1, hi_day)
    return (first + np.floor(rng.random(len(mun)) * (last - first + 1))).astype(np.int32)


def _draw_permits(rng: np.random.Generator, cal: Calendar, basis: np.ndarray, birth: np.ndarray) -> np.ndarray:
    """First residence permit day by cohort weights, never before birth nor after the period."""
    permit = np.full(len(basis), NEVER, dtype=np.int32)
    end_year = int(years_of(np.array([cal.end_day]))[0])
    years = np.arange(_FIRST_PERMIT_YEAR, end_year + 1)
    birth_year = years_of(birth)
    for code, points in _PERMITS.items():
        idx = np.flatnonzero(basis == code)
        if len(idx) == 0:
            continue
        cdf = np.concatenate([[0.0], np.cumsum(_expand(points, years))])
        lo = cdf[np.clip(birth_year[idx] - _FIRST_PERMIT_YEAR, 0, len(years))]
        u = lo + rng.random(len(idx)) * (cdf[-1] - lo)
        year = years[np.clip(np.searchsorted(cdf, u, side="right") - 1, 0, len(years) - 1)]
        first = np.maximum(year_start(year), birth[idx])
        last = np.minimum(year_start(year + 1) - 1, cal.end_day)
        permit[idx] = first + np.floor(rng.random(len(idx)) * np.maximum(last - first + 1, 1))
    return permit


def draw_persons(
    rng: np.random.Generator, cal: Calendar, mp: MunicipalityParams, mun0: np.ndarray, first_index: int
) -> Persons:
    """Draw one chunk of persons living first in ``mun0``."""
    n = len(mun0)
    birth = _draw_births(rng, cal, mp.young_tilt, mun0)
    female = rng.random(n) < 0.497

    u = rng.random(n)
    p_ref, p_oth = mp.refugee[mun0], mp.immigrant[mun0]
    basis = np.select(
        [u < 0.65 * p_ref, u < p_ref, u < p_ref + p_oth, u < p_ref + p_oth + 0.001],
        [REFUGEE, FAMILY_REUNIFIED, OTHER_IMMIGRANT, UNKNOWN],
        default=NATIVE,
    ).astype(np.int8)
    permit = _draw_permits(rng, cal, basis, birth)
    refugee = (basis == REFUGEE) | (basis == FAMILY_REUNIFIED)
    other = basis == OTHER_IMMIGRANT

    # Education: the highest a person will complete, and the age they complete it at; the persons
    # table holds what is completed by the end of the period, so the young are mostly unskilled.
    age_end = (cal.end_day - birth) / 365.25
    logit_unsk = _logit(mp.unskilled[mun0]) + 0.35 * (age_end >= 60) + 1.0 * refugee + 0.2 * other
    unsk = rng.random(n) < _logistic(logit_unsk)
    higher = rng.random(n) < np.clip(mp.higher[mun0] + 0.05 * ((age_end >= 25) & (age_end < 45)), 0, 1)
    eventual = np.where(unsk, UNSKILLED, np.where(higher, HIGHER, VOCATIONAL)).astype(np.int8)
    p_unknown = np.select([refugee, other, basis == UNKNOWN], [0.28, 0.2, 0.5], default=0.004)
    eventual[rng.random(n) < p_unknown] = UNKNOWN
    done_age = np.where(eventual == HIGHER, 22, 19) + np.minimum(3 * rng.exponential(size=n), 16)
    skilled_from = np.where(eventual >= VOCATIONAL, add_months(birth, np.floor(done_age * 12).astype(np.int64)),
                            NEVER).astype(np.int32)
    education = np.where((eventual >= VOCATIONAL) & (skilled_from > cal.end_day), UNSKILLED, eventual)
    education = education.astype(np.int8)
    unskilled = eventual <= UNSKILLED

    frail = (rng.standard_normal(n) + 0.35 * unskilled + 0.25 * refugee).astype(np.float32)
    age_mid = ((cal.start_day + cal.end_day) / 2 - birth) / 365.25
    disabled = rng.random(n) < _logistic(-1.9 + 1.1 * frail + 0.02 * (age_mid - 45))
    disability = np.where(rng.random(n) < 0.07, disabled, UNKNOWN).astype(np.int8)
    p_insured = _logistic(1.5 - 1.1 * unskilled - 0.6 * refugee - 0.4 * other + 0.3 * (eventual == HIGHER)
                          - 0.3 * frail - 0.8 * (age_end < 27))
    insured = rng.random(n) < p_insured

    has_permit = permit != NEVER
    arrival = np.where(has_permit, permit, birth).astype(np.int32)
    return Persons(
        index=np.arange(first_index, first_index + n, dtype=np.int64),
        mun0=mun0,
        birth=birth,
        female=female,
        basis=basis,
        permit=permit,
        education=education,
        disability=disability,
        frail=frail,
        insured=insured,
        arrival=arrival,
        pension=pension_day(birth).astype(np.int32),
        skilled_from=skilled_from,
    )
