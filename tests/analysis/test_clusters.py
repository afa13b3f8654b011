"""Comparable municipalities: deterministic clusters, stable for a seed; a cluster file overrides them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from jobmaal.analysis.clusters import compute_clusters, read_clusters
from jobmaal.errors import AnalysisInputError

from ._build import CODES, conditions


def _cond() -> pd.DataFrame:
    return conditions().set_index("municipality_code")


def test_ward_is_deterministic_and_independent_of_row_order() -> None:
    cond = _cond()
    first = compute_clusters(cond, k=6)
    shuffled = compute_clusters(cond.sample(frac=1.0, random_state=3), k=6)
    assert first.equals(shuffled.sort_index())
    assert set(first) == {str(i) for i in range(1, 7)}
    assert list(first.index) == sorted(CODES)
    # Numbered in the order of their lowest municipality code: 101 is always in cluster 1.
    assert first["101"] == "1"


def test_kmeans_is_stable_for_a_seed() -> None:
    cond = _cond()
    a = compute_clusters(cond, k=5, method="kmeans", seed=42)
    b = compute_clusters(cond, k=5, method="kmeans", seed=42)
    assert a.equals(b)
    assert a.nunique() == 5


def test_clusters_group_municipalities_with_similar_conditions() -> None:
    cond = _cond()
    # Two obvious groups: ten municipalities far away on every variable.
    far = CODES[:10]
    cond.loc[far, :] = cond.loc[far, :] + 40
    labels = compute_clusters(cond, k=2)
    assert labels[far].nunique() == 1
    assert labels.drop(far).nunique() == 1
    assert labels[far].iloc[0] != labels.drop(far).iloc[0]


def test_unknown_method_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown clustering method"):
        compute_clusters(_cond(), method="dbscan")


def test_a_cluster_file_overrides(tmp_path: Path) -> None:
    path = tmp_path / "clusters.csv"
    path.write_text("municipality_code,cluster\n" + "".join(f"{c},{'A' if c < '500' else 'B'}\n" for c in CODES),
                    encoding="utf-8")
    labels = read_clusters(path)
    assert labels["101"] == "A" and labels["851"] == "B"
    assert len(labels) == 98


def test_a_bad_cluster_file_names_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "clusters.csv"
    rows = [f"{c},1" for c in CODES[:-1]] + ["999,2", "101,3", "147,"]
    path.write_text("municipality_code,cluster\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(AnalysisInputError) as err:
        read_clusters(path)
    text = str(err.value)
    assert "row 99 field 'municipality_code': unknown municipality '999'" in text
    assert "row 100 field 'municipality_code': 101 also on row 2" in text
    assert "row 101 field 'cluster': empty" in text
    assert f"have no cluster: ['{CODES[-1]}']" in text
