"""A one-off report discloses only the periods up to its year: the same suppression as the whole run."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from jobmaal.reports.sources import RunSource, load_run


def test_period_window_is_suppressed_exactly_as_the_whole_run(results_file: Path, source: RunSource) -> None:
    window = load_run(results_file, up_to_year=2020)
    whole = source.disclosed.frame
    whole = whole[pd.to_datetime(whole["period"]) <= pd.Timestamp(2020, 12, 1)]
    keys = ["indicator_id", "area_type", "area_code", "period", "breakdown", "breakdown_value"]
    left = window.disclosed.frame.sort_values(keys).reset_index(drop=True)
    right = whole.sort_values(keys).reset_index(drop=True)
    assert len(left) == len(right) > 100_000
    assert (left["suppressed"] != "").sum() > 1_000
    pd.testing.assert_frame_equal(left[[*keys, "suppressed", "value"]], right[[*keys, "suppressed", "value"]])
