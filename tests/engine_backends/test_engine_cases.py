"""The engine's hand-made correctness cases (``tests/engine``) on PySpark too.

Every case builder of ``tests/engine/cases.py`` is computed on DuckDB and on PySpark (local mode,
the session shared by the package): every row must agree (person counts equal, figures to 1e-9,
nulls alike), and every hand-worked check of the case's ``tests/engine`` module runs again on the
Spark values. A new check or case in ``tests/engine`` runs here without further work.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from ibis.backends import BaseBackend

from tests.engine.cases import CASES, case
from tests.engine_backends.conftest import assert_agree, duckdb_values, spark_values

Check = Callable[[pd.DataFrame], None]


def _checks() -> list[tuple[str, str, Check]]:
    """(case, check name, check) for every test function of every case's module; each takes ``values``."""
    out = []
    for c in CASES:
        module = importlib.import_module(c.module)
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("test_") and fn.__module__ == c.module:
                params = list(inspect.signature(fn).parameters)
                assert params == ["values"], f"{c.module}.{name} takes {params}; checks take only `values`"
                out.append((c.name, name, fn))
    return out


CHECKS = _checks()
Runs = Callable[[str], tuple[pd.DataFrame, pd.DataFrame]]


@pytest.fixture(scope="module")
def case_runs(spark: BaseBackend, tmp_path_factory: pytest.TempPathFactory) -> Runs:
    """(DuckDB values, PySpark values) of a case, each case computed once per module."""
    done: dict[str, tuple[pd.DataFrame, pd.DataFrame]] = {}

    def get(name: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        if name not in done:
            c = case(name)
            folder: Path = tmp_path_factory.mktemp(f"case-{name}")
            data = c.build().write(folder / "data")
            indicators = list(c.indicators)
            done[name] = (duckdb_values(data, folder / "duckdb.duckdb", indicators=indicators),
                          spark_values(spark, data, folder / "spark.duckdb", indicators=indicators))
        return done[name]

    return get


@pytest.mark.parametrize("name", [c.name for c in CASES])
def test_duckdb_and_spark_agree_on_every_row(name: str, case_runs: Runs) -> None:
    duck, sp = case_runs(name)
    merged = assert_agree(duck, sp)
    assert len(merged) == len(duck) > 0
    assert set(sp.indicator_id) == set(case(name).indicators)


def test_every_case_module_has_checks() -> None:
    assert {name for name, _, _ in CHECKS} == {c.name for c in CASES}


@pytest.mark.parametrize(("name", "check"), [(name, fn) for name, _, fn in CHECKS],
                         ids=[f"{name}-{check}" for name, check, _ in CHECKS])
def test_hand_worked_check_on_spark(name: str, check: Check, case_runs: Runs) -> None:
    check(case_runs(name)[1])
