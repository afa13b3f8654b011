"""Status against a target: the Open SDG / Eurostat progress method adapted to monthly data.

Open SDG (Statistics Canada, after Eurostat) compares the observed growth rate with the rate required
to reach the target on time, R = observed / required, and labels R ≥ 95 % on track, 60–95 % moderate
progress, 0–60 % limited progress and R < 0 moving away; a target met is achieved. Here the horizon is
one year of monthly data, so the observed rate is the projection of the year so far (``projection.py``,
which compares like periods and keeps the seasonal pattern): R = (projected − baseline) / (target −
baseline), with the baseline the same measure last year. The year's status is "achieved" only once the
year is complete and the target met. Without a target the status is "no target", and the indicator is
compared with last year (±1 % relative change, Eurostat's no-target threshold) and the expected level.
"""

from __future__ import annotations

import math

from jobmaal.analysis.labels import Comparison, Status, TargetKind
from jobmaal.analysis.objects import TargetAssessment
from jobmaal.analysis.projection import Projection

ON_TRACK = 0.95
MODERATE = 0.60
LAST_YEAR_THRESHOLD = 0.01  # relative change that counts as better or worse than last year


def band(ratio: float) -> Status:
    """Open SDG's bands of the ratio of observed to required progress."""
    if ratio >= ON_TRACK:
        return Status.ON_TRACK
    if ratio >= MODERATE:
        return Status.MODERATE_PROGRESS
    if ratio >= 0:
        return Status.LIMITED_PROGRESS
    return Status.MOVING_AWAY


def _change(level: float | None, base: float | None, percent: bool) -> float | None:
    """A change in the target's terms: percentage points for shares, percent for counts."""
    if level is None or base is None:
        return None
    if percent:
        return level - base
    return 100.0 * (level / base - 1.0) if base > 0 else None


def assess_target(proj: Projection, kind: TargetKind, target: float, *, percent: bool,
                  higher_is_better: bool, level: float = 0.90, comment: str | None = None) -> TargetAssessment:
    """Attainment so far, projection to the year's end with an interval, and the status of one target."""
    sign = 1.0 if higher_is_better else -1.0
    if kind == TargetKind.LEVEL_YEAR_END:
        baseline, projection, sd = proj.baseline_level, proj.level_end, proj.level_end_sd
        so_far, progress = proj.latest, proj.latest_change
    elif kind == TargetKind.AVERAGE_YEAR:
        baseline, projection, sd = proj.baseline_average, proj.average, proj.average_sd
        so_far = proj.year_to_date
        progress = (proj.year_to_date - proj.last_year_to_date
                    if proj.year_to_date is not None and proj.last_year_to_date is not None else None)
    else:  # a change of the year's average against last year's average
        baseline = 0.0
        projection = _change(proj.average, proj.baseline_average, percent)
        sd = proj.average_sd
        if sd is not None and not percent:
            sd = 100.0 * sd / proj.baseline_average if proj.baseline_average else None
        so_far = _change(proj.year_to_date, proj.last_year_to_date, percent)
        progress = so_far
    lower, upper = proj.interval(sd, projection, level)
    if percent and kind != TargetKind.CHANGE_VS_LAST_YEAR:
        lower, upper = (None if v is None else min(max(v, 0.0), 100.0) for v in (lower, upper))

    required = None if baseline is None else target - baseline
    attainment = 100.0 * progress / required if progress is not None and required else None
    ratio: float | None = None
    if projection is None or baseline is None:
        status = Status.NO_DATA
    else:
        met = sign * (projection - target) >= 0
        if proj.complete and met:
            status = Status.ACHIEVED
        elif sign * (target - baseline) <= 0:
            # The target asks for no improvement: holding it is on track, missing it is moving away.
            status = Status.ON_TRACK if met else Status.MOVING_AWAY
        else:
            ratio = (projection - baseline) / (target - baseline)
            status = band(ratio)
    return TargetAssessment(
        kind=kind, target=target, comment=comment, baseline=baseline, so_far=so_far,
        progress_so_far=progress, attainment_percent=_finite(attainment), projection=projection,
        projection_lower=lower, projection_upper=upper, ratio=_finite(ratio),
        periods_observed=proj.observed, periods_in_year=proj.per_year, status=status,
    )


def versus_last_year(value: float | None, last_year: float | None, higher_is_better: bool) -> Comparison | None:
    """Better, the same or worse than the same periods last year (±1 % relative change)."""
    if value is None or last_year is None:
        return None
    diff = (value - last_year) * (1.0 if higher_is_better else -1.0)
    scale = abs(last_year)
    rel = diff / scale if scale > 0 else (math.copysign(1.0, diff) if diff != 0 else 0.0)
    if rel >= LAST_YEAR_THRESHOLD:
        return Comparison.BETTER
    if rel <= -LAST_YEAR_THRESHOLD:
        return Comparison.WORSE
    return Comparison.SAME


def _finite(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None
