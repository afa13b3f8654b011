"""The one place exports pass disclosure control (or, in the secure zone, explicitly do not)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def gated_values(
    values: pd.DataFrame, results: Path, *, no_disclosure: bool, command: str
) -> tuple[pd.DataFrame, list[str]]:
    """Values ready for an export, and the extra columns it must carry (the suppression marker)."""
    from jobmaal import disclosure

    if no_disclosure:
        disclosure.log_bypass(results, command)  # type: ignore[attr-defined]
        return values, []
    disclosed = disclosure.disclose(values)  # type: ignore[attr-defined]
    return disclosed.frame, ["suppressed"]
