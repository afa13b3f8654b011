"""Follow-up analysis: comparisons, comparable municipalities, expected level, targets and status.

The one entry point is ``followup``; it returns the typed objects in ``objects.py``.
"""

from jobmaal.analysis.followup import followup
from jobmaal.analysis.labels import Comparison, Status, TargetKind
from jobmaal.analysis.objects import (
    ExpectedLevel,
    Figure,
    FollowupResult,
    GoalFollowup,
    IndicatorFollowup,
    MunicipalityFollowup,
    SeriesPoint,
    TargetAssessment,
    to_jsonable,
)
from jobmaal.analysis.results import Results, RunInfo, read_results, read_run_info, results_from_frame

__all__ = [
    "Comparison",
    "ExpectedLevel",
    "Figure",
    "FollowupResult",
    "GoalFollowup",
    "IndicatorFollowup",
    "MunicipalityFollowup",
    "Results",
    "RunInfo",
    "SeriesPoint",
    "Status",
    "TargetAssessment",
    "TargetKind",
    "followup",
    "read_results",
    "read_run_info",
    "results_from_frame",
    "to_jsonable",
]
