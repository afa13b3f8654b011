"""The engine against an independent pandas implementation, on small synthetic registers.

The pandas reference works by dates and days; the engine by month indices and intervals.
They must agree on every monthly total, every area and every month.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from jobmaal.engine.backend import BackendSettings
from jobmaal.engine.results import read_values
from jobmaal.engine.runner import ComputeRequest, compute
from jobmaal.registers.synthetic import GenerateOptions, generate
from tests.engine.pandas_reference import compute_all


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    tmp = tmp_path_factory.mktemp("xcheck")
    data = tmp / "small"
    # A smaller population than the small preset, two years: the reference is slow by design.
    generate(GenerateOptions.build(data, persons=6000, seed=5, start="2020-01", end="2021-12"))
    results = tmp / "r.duckdb"
    # Ranges of 2,500 persons: the comparison also checks that partial results add up exactly.
    compute(ComputeRequest(data, results, settings=BackendSettings(chunk_persons=2500)))
    engine = read_values(results, breakdowns=False)
    engine["period"] = pd.to_datetime(engine.period).dt.date
    ref = compute_all(data)
    merged = ref.merge(engine, on=["indicator_id", "area_type", "area_code", "period"], how="left",
                       suffixes=("_ref", ""), validate="one_to_one")
    assert len(merged) > 1000
    return merged


@pytest.mark.parametrize("column", ["numerator", "denominator", "value", "numerator_persons"])
def test_engine_equals_reference(both: pd.DataFrame, column: str) -> None:
    ref, eng = both[f"{column}_ref"].astype(float), both[column].astype(float)
    same = np.isclose(ref, eng, rtol=1e-9, atol=1e-9) | (ref.isna() & eng.isna())
    wrong = both.loc[~same, ["indicator_id", "area_type", "area_code", "period", f"{column}_ref", column]]
    assert wrong.empty, f"{len(wrong)} differences, e.g.\n{wrong.head(10).to_string()}"


def test_every_indicator_is_compared(both: pd.DataFrame) -> None:
    assert set(both.indicator_id) == {
        "public_support_fulltime_share", "mm17_upskilling_starts", "mm17_upskilling_share",
        "mm13_refugees_employed_share", "mm13_refugees_190h_share",
    }
    assert set(both.area_type) == {"municipality", "region", "rar", "country"}
    assert both[both.indicator_id == "mm17_upskilling_starts"].value_ref.sum() > 0
