"""Time profiles: seasonality, trends, the covid shock and the suspended effort in spring 2020.

Each function takes days (usually Mondays) and returns a multiplier around 1. Before the
first and after the last point of a timeline the multiplier stays at the end value, so
burn-in weeks before the period and later years behave like the nearest known time.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from jobmaal.registers.synthetic.calendar import day_of_year, to_day

Timeline = list[tuple[str, float]]


def timeline(days: np.ndarray, points: Timeline) -> np.ndarray:
    """Piecewise-linear multiplier through (ISO date, value) points."""
    xs = [to_day(dt.date.fromisoformat(d)) for d, _ in points]
    return np.interp(days, xs, [v for _, v in points])


def season(days: np.ndarray, peak_doy: float, amplitude: float) -> np.ndarray:
    """1 + amplitude at day-of-year ``peak_doy``, 1 - amplitude half a year later."""
    return 1.0 + amplitude * np.cos(2 * np.pi * (day_of_year(days) - peak_doy) / 365.25)


def bump(days: np.ndarray, centre_doy: float, width: float, height: float) -> np.ndarray:
    """1 + a Gaussian bump of ``height`` around ``centre_doy`` (days)."""
    dist = (day_of_year(days) - centre_doy + 182) % 365 - 182
    return 1.0 + height * np.exp(-0.5 * (dist / width) ** 2)


def by_month(days: np.ndarray, weights: tuple[float, ...]) -> np.ndarray:
    """Multiplier per calendar month (12 weights, normalised to average 1)."""
    w = np.asarray(weights) / np.mean(weights)
    month = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) % 12
    return w[month]


# Unemployment insurance (a-dagpenge): winter peak, graduates in July/August, the covid shock
# (lay-offs from 11 March 2020), recovery in 2021-22 to a low in 2022, slightly up after.
_ADP_TREND: Timeline = [("2019-01-01", 1.0), ("2019-12-31", 1.0), ("2021-06-30", 0.92), ("2022-06-30", 0.76),
                        ("2023-06-30", 0.86), ("2024-12-31", 0.92)]
_ADP_COVID: Timeline = [("2020-03-02", 1.0), ("2020-03-09", 4.0), ("2020-04-06", 3.0), ("2020-04-27", 1.8),
                        ("2020-06-01", 1.3), ("2020-11-30", 1.3), ("2021-01-04", 1.4), ("2021-03-01", 1.2),
                        ("2021-05-31", 1.0)]
# The dagpenge period was extended in 2020: spells that started around then lasted longer.
_ADP_COVID_DURATION: Timeline = [("2019-10-01", 1.0), ("2020-01-01", 1.35), ("2020-07-01", 1.35),
                                 ("2020-10-01", 1.2), ("2021-04-01", 1.0)]


def adp_entry(days: np.ndarray) -> np.ndarray:
    return (season(days, 343, 0.30) * bump(days, 195, 14, 0.35) * timeline(days, _ADP_TREND)
            * timeline(days, _ADP_COVID))


def adp_duration(days: np.ndarray) -> np.ndarray:
    # Spells that start before or in winter last until the spring upturn.
    return season(days, 320, 0.15) * timeline(days, _ADP_COVID_DURATION)


_CASH_TREND: Timeline = [("2019-01-01", 1.05), ("2024-12-31", 0.88)]
_CASH_COVID: Timeline = [("2020-03-02", 1.0), ("2020-03-16", 1.4), ("2020-06-01", 1.15), ("2020-12-31", 1.0)]


def cash_entry(days: np.ndarray) -> np.ndarray:
    """Kontanthjælp, uddannelseshjælp and selvforsørgelsesydelse: more in winter and after school ends."""
    return season(days, 15, 0.10) * bump(days, 220, 12, 0.2) * timeline(days, _CASH_TREND) * timeline(
        days, _CASH_COVID)


_SICK_EVENTS: Timeline = [("2020-03-02", 1.0), ("2020-03-16", 1.6), ("2020-05-04", 1.1), ("2020-06-01", 1.0),
                          ("2021-12-06", 1.0), ("2022-01-10", 1.5), ("2022-02-28", 1.0)]


def sick_entry(days: np.ndarray) -> np.ndarray:
    """Sygedagpenge: winter flu peak, covid in spring 2020, omicron in January 2022."""
    return season(days, 31, 0.25) * timeline(days, _SICK_EVENTS)


def resource_entry(days: np.ndarray) -> np.ndarray:
    return timeline(days, [("2019-01-01", 1.0), ("2024-12-31", 1.2)])


def rehab_entry(days: np.ndarray) -> np.ndarray:
    return timeline(days, [("2019-01-01", 1.0), ("2024-12-31", 0.8)])


# The employment effort was suspended from 12 March 2020; activities restarted from late May.
_SUSPENSION: Timeline = [("2020-03-02", 1.0), ("2020-03-09", 0.5), ("2020-03-16", 0.03), ("2020-05-18", 0.03),
                         ("2020-05-25", 0.3), ("2020-06-15", 0.7), ("2020-08-03", 1.0), ("2020-12-14", 1.0),
                         ("2020-12-21", 0.75), ("2021-02-22", 0.75), ("2021-03-01", 1.0)]
# Education starts in August/September and January; little in July and December.
_UPSKILLING_MONTHS = (2.2, 1.2, 0.9, 0.8, 0.7, 0.5, 0.2, 2.6, 2.0, 1.0, 0.9, 0.4)
_ACTIVITY_MONTHS = (1.1, 1.1, 1.1, 1.0, 1.0, 0.9, 0.5, 0.9, 1.1, 1.1, 1.1, 0.7)


def upskilling_start(days: np.ndarray) -> np.ndarray:
    return by_month(days, _UPSKILLING_MONTHS) * timeline(days, _SUSPENSION)


def activity_start(days: np.ndarray) -> np.ndarray:
    return by_month(days, _ACTIVITY_MONTHS) * timeline(days, _SUSPENSION)
