"""Status and comparison codes with their Danish and English labels.

The codes are stable strings (used in JSON, CSV and CSS classes); the labels are what people read.
"""

from __future__ import annotations

from enum import StrEnum

from jobmaal.catalog import Text


class Status(StrEnum):
    """Progress towards a target (Open SDG / Eurostat categories, plus "no target" and "no data")."""

    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    MODERATE_PROGRESS = "moderate_progress"
    LIMITED_PROGRESS = "limited_progress"
    MOVING_AWAY = "moving_away"
    NO_TARGET = "no_target"
    NO_DATA = "no_data"  # a target, but no figures to judge it by (e.g. suppressed or not yet published)

    @property
    def label(self) -> Text:
        return STATUS_LABELS[self]


STATUS_LABELS: dict[Status, Text] = {
    Status.ACHIEVED: Text(da="Opfyldt", en="Achieved"),
    Status.ON_TRACK: Text(da="På rette spor", en="On track"),
    Status.MODERATE_PROGRESS: Text(da="Nogen fremgang", en="Moderate progress"),
    Status.LIMITED_PROGRESS: Text(da="Begrænset fremgang", en="Limited progress"),
    Status.MOVING_AWAY: Text(da="Bevæger sig væk fra målet", en="Moving away"),
    Status.NO_TARGET: Text(da="Intet mål", en="No target"),
    Status.NO_DATA: Text(da="Ingen data", en="No data"),
}


class Comparison(StrEnum):
    """Better or worse than a benchmark, respecting the indicator's direction."""

    BETTER = "better"
    SAME = "same"
    WORSE = "worse"


LAST_YEAR_LABELS: dict[Comparison, Text] = {
    Comparison.BETTER: Text(da="Bedre end sidste år", en="Better than last year"),
    Comparison.SAME: Text(da="Som sidste år", en="As last year"),
    Comparison.WORSE: Text(da="Dårligere end sidste år", en="Worse than last year"),
}
EXPECTED_LABELS: dict[Comparison, Text] = {
    Comparison.BETTER: Text(da="Bedre end forventet", en="Better than expected"),
    Comparison.SAME: Text(da="Som forventet", en="As expected"),
    Comparison.WORSE: Text(da="Dårligere end forventet", en="Worse than expected"),
}


class TargetKind(StrEnum):
    LEVEL_YEAR_END = "level_year_end"
    AVERAGE_YEAR = "average_year"
    CHANGE_VS_LAST_YEAR = "change_vs_last_year"

    @property
    def label(self) -> Text:
        return TARGET_KIND_LABELS[self]


TARGET_KIND_LABELS: dict[TargetKind, Text] = {
    TargetKind.LEVEL_YEAR_END: Text(da="Niveau ved årets udgang", en="Level at year end"),
    TargetKind.AVERAGE_YEAR: Text(da="Gennemsnit over året", en="Average over the year"),
    TargetKind.CHANGE_VS_LAST_YEAR: Text(da="Ændring i forhold til sidste år", en="Change against last year"),
}
