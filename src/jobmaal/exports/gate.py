"""The one place exports take their figures: through disclosure control, or — secure zone only — not."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from jobmaal.disclosure import log_bypass
from jobmaal.engine.results import read_values
from jobmaal.publication import published


def export_values(
    results: Path,
    *,
    run_id: str | None,
    indicators: Sequence[str] | None,
    areas: Sequence[str] | None,
    breakdowns: bool,
    no_disclosure: bool,
    command: str,
    out: Path | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """The values to export and the extra columns to write (the suppression marker).

    The gate protects a whole run (suppressed cells can only be hidden consistently across every
    area and breakdown), so the run is disclosed first and filtered afterwards.
    """
    if no_disclosure:
        log_bypass(results, command, out=out)
        values = read_values(results, run_id=run_id, indicators=list(indicators or []) or None,
                             areas=list(areas or []) or None, breakdowns=breakdowns)
        return values, []
    disclosed = published(results, run_id).filter(indicators=indicators or None, areas=areas or None,
                                                  breakdowns=breakdowns)
    return disclosed.frame, ["suppressed"]
