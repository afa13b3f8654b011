"""Status bands: each band reached by a constructed series, and the worked example of docs/analysis.md."""

from __future__ import annotations

import numpy as np
import pytest

from jobmaal.analysis.labels import Comparison, Status, TargetKind
from jobmaal.analysis.projection import project
from jobmaal.analysis.status import assess_target, band, versus_last_year

# The worked example: 2019 is 2020 minus one point; four months of 2021 observed.
Y2020 = [40, 41, 42, 43, 44, 45, 44, 43, 42, 41, 40, 39]
Y2019 = [v - 1 for v in Y2020]
Y2021_SO_FAR = [41.5, 42.0, 43.5, 44.0]


def _series(this_year: list[float]) -> np.ndarray:
    return np.array(Y2019 + Y2020 + this_year + [np.nan] * (12 - len(this_year)), dtype=float)


def _assess(this_year: list[float], kind: TargetKind, target: float, higher: bool = True):
    values = _series(this_year)
    proj = project(values, np.full(len(values), 1000.0), 24, 23 + len(this_year), 12, True)
    return assess_target(proj, kind, target, percent=True, higher_is_better=higher)


def test_worked_example_matches_the_docs() -> None:
    a = _assess(Y2021_SO_FAR, TargetKind.AVERAGE_YEAR, 43.5)
    assert a.baseline == pytest.approx(42.0)  # the 2020 average
    assert a.so_far == pytest.approx(42.75)  # January–April 2021
    assert a.progress_so_far == pytest.approx(1.25)  # against January–April 2020 (41.5)
    assert a.attainment_percent == pytest.approx(83.33, abs=0.01)
    assert a.projection == pytest.approx(43.194, abs=0.001)
    assert a.projection_lower == pytest.approx(42.59, abs=0.01)
    assert a.projection_upper == pytest.approx(43.79, abs=0.01)
    assert a.ratio == pytest.approx(0.796, abs=0.001)
    assert a.status is Status.MODERATE_PROGRESS
    assert a.status.label.da == "Nogen fremgang" and a.status.label.en == "Moderate progress"


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (43.0, Status.ON_TRACK),  # projected 43.19 ≥ target: R > 1
        (43.5, Status.MODERATE_PROGRESS),  # R = 0.80
        (44.5, Status.LIMITED_PROGRESS),  # R = 1.19 / 2.5 = 0.48
    ],
)
def test_bands_from_the_same_series(target: float, expected: Status) -> None:
    assert _assess(Y2021_SO_FAR, TargetKind.AVERAGE_YEAR, target).status is expected


def test_moving_away_when_the_year_runs_below_last_year() -> None:
    worse = [v - 2 for v in Y2020[:4]]  # two points below last year
    a = _assess(worse, TargetKind.AVERAGE_YEAR, 43.0)
    assert a.ratio is not None and a.ratio < 0
    assert a.status is Status.MOVING_AWAY


def test_achieved_only_when_the_year_is_complete() -> None:
    full = [v + 2 for v in Y2020]
    a = _assess(full, TargetKind.AVERAGE_YEAR, 43.0)
    assert a.periods_observed == 12
    assert a.projection == pytest.approx(44.0)
    assert a.projection_lower == a.projection_upper == pytest.approx(44.0)
    assert a.status is Status.ACHIEVED
    # The same level in April is on track, not yet achieved.
    assert _assess(full[:4], TargetKind.AVERAGE_YEAR, 43.0).status is Status.ON_TRACK


def test_complete_year_missing_the_target_gets_a_band() -> None:
    full = [v + 0.5 for v in Y2020]  # average 42.5 against a target of 44 from 42: R = 0.25
    a = _assess(full, TargetKind.AVERAGE_YEAR, 44.0)
    assert a.ratio == pytest.approx(0.25)
    assert a.status is Status.LIMITED_PROGRESS


def test_level_at_year_end_follows_last_years_seasonal_pattern() -> None:
    # December 2020 was 39; the recent change is +1.17, so December 2021 is projected at 40.17.
    a = _assess(Y2021_SO_FAR, TargetKind.LEVEL_YEAR_END, 40.0)
    assert a.baseline == pytest.approx(39.0)
    assert a.projection == pytest.approx(40.1667, abs=1e-3)
    assert a.status is Status.ON_TRACK
    assert a.projection_lower is not None and a.projection_lower < 40.1667 < a.projection_upper


def test_change_target_in_percentage_points() -> None:
    a = _assess(Y2021_SO_FAR, TargetKind.CHANGE_VS_LAST_YEAR, 2.0)
    assert a.baseline == 0.0
    assert a.so_far == pytest.approx(1.25)
    assert a.projection == pytest.approx(1.194, abs=1e-3)
    assert a.ratio == pytest.approx(0.597, abs=1e-3)
    assert a.status is Status.LIMITED_PROGRESS


def test_lower_is_better_direction() -> None:
    # A falling share is progress when lower is better: target 41 from 42, projected 41.2 → R = 0.8.
    falling = [v - 1 for v in Y2020[:4]]
    a = _assess(falling, TargetKind.AVERAGE_YEAR, 41.0, higher=False)
    assert a.projection == pytest.approx(41.0)
    assert a.status is Status.ON_TRACK
    a = _assess(falling, TargetKind.AVERAGE_YEAR, 40.5, higher=False)
    assert a.ratio == pytest.approx(1.0 / 1.5)
    assert a.status is Status.MODERATE_PROGRESS
    assert _assess(Y2021_SO_FAR, TargetKind.AVERAGE_YEAR, 41.0, higher=False).status is Status.MOVING_AWAY


def test_a_target_below_the_baseline_is_held_or_missed() -> None:
    # Asking for no improvement: on track when met, moving away when missed.
    assert _assess(Y2021_SO_FAR, TargetKind.AVERAGE_YEAR, 41.0).status is Status.ON_TRACK
    worse = [v - 3 for v in Y2020[:4]]
    assert _assess(worse, TargetKind.AVERAGE_YEAR, 41.0).status is Status.MOVING_AWAY


def test_no_data_when_nothing_to_project_from() -> None:
    values = np.array([np.nan] * 24, dtype=float)
    proj = project(values, np.full(24, 1000.0), 12, 11, 12, True)
    a = assess_target(proj, TargetKind.AVERAGE_YEAR, 40.0, percent=True, higher_is_better=True)
    assert a.status is Status.NO_DATA
    assert a.projection is None


def test_band_thresholds() -> None:
    assert band(0.95) is Status.ON_TRACK
    assert band(0.9499) is Status.MODERATE_PROGRESS
    assert band(0.60) is Status.MODERATE_PROGRESS
    assert band(0.5999) is Status.LIMITED_PROGRESS
    assert band(0.0) is Status.LIMITED_PROGRESS
    assert band(-0.01) is Status.MOVING_AWAY


def test_versus_last_year() -> None:
    assert versus_last_year(40.5, 40.0, True) is Comparison.BETTER  # +1.25 %
    assert versus_last_year(40.2, 40.0, True) is Comparison.SAME  # +0.5 %
    assert versus_last_year(40.5, 40.0, False) is Comparison.WORSE
    assert versus_last_year(None, 40.0, True) is None
    assert versus_last_year(1.0, 0.0, True) is Comparison.BETTER


def test_every_status_has_danish_and_english_labels() -> None:
    assert Status.ON_TRACK.label.da == "På rette spor"
    assert Status.ACHIEVED.label.da == "Opfyldt" and Status.ACHIEVED.label.en == "Achieved"
    for status in Status:
        assert status.label.da and status.label.en and status.label.da != status.value
