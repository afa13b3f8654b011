from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from jobmaal.engine.results import read_values
from jobmaal.engine.runner import ComputeRequest, compute
from tests.engine.builder import Registers

Compute = Callable[..., pd.DataFrame]


@pytest.fixture
def run_engine(tmp_path: Path) -> Compute:
    """Write registers, compute the named indicators, return their values as a DataFrame."""

    def run(regs: Registers, indicators: list[str], **kw: object) -> pd.DataFrame:
        data = regs.write(tmp_path / "data")
        results = tmp_path / "results.duckdb"
        compute(ComputeRequest(data_dir=data, results=results, indicators=indicators, **kw))  # type: ignore[arg-type]
        return read_values(results)

    return run


def pick(df: pd.DataFrame, indicator: str, area: str, period: str, breakdown: str = "", value: str = "") -> pd.Series:
    rows = df[(df.indicator_id == indicator) & (df.area_code == area) & (df.period.astype(str) == period)
              & (df.breakdown == breakdown) & (df.breakdown_value == value)]
    assert len(rows) == 1, f"expected one row for {indicator} {area} {period} {breakdown}={value}, got {len(rows)}"
    return rows.iloc[0]
