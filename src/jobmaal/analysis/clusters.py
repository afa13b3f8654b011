"""Comparable municipalities ("klynger"): a deterministic clustering of the framework conditions.

Method (docs/analysis.md): each variable is standardised across the 98 municipalities (mean 0,
standard deviation 1; a missing value counts as the mean), then Ward's hierarchical clustering
(deterministic: no random start) is cut into ``k`` clusters. ``method="kmeans"`` is offered as an
alternative: k-means with k-means++ starts from a fixed seed, best of ``n_init`` runs. Either way the
clusters are numbered 1..k in the order of their lowest municipality code, so the numbers do not depend
on the algorithm's internals. A cluster file overrides the computed clusters.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from jobmaal.analysis.conditions import model_variables
from jobmaal.errors import AnalysisInputError
from jobmaal.reference import municipalities

DEFAULT_K = 6
DEFAULT_SEED = 20210101


def standardise(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """z-scores per column; a missing value, or a column without spread, becomes 0."""
    x = frame[columns].to_numpy(dtype="float64")
    mean = np.nanmean(x, axis=0)
    std = np.nanstd(x, axis=0)
    std[~np.isfinite(std) | (std == 0)] = 1.0
    z = (x - mean) / std
    z[~np.isfinite(z)] = 0.0
    return z


def _renumber(codes: list[str], labels: np.ndarray) -> list[str]:
    first: dict[int, str] = {}
    for code, lab in sorted(zip(codes, labels.tolist(), strict=True)):
        first.setdefault(lab, code)
    order = {lab: i + 1 for i, lab in enumerate(sorted(first, key=lambda lab: first[lab]))}
    return [str(order[lab]) for lab in labels.tolist()]


def _ward(z: np.ndarray, k: int) -> np.ndarray:
    from scipy.cluster.hierarchy import fcluster, linkage

    return fcluster(linkage(z, method="ward"), t=k, criterion="maxclust")


def _kmeans(z: np.ndarray, k: int, seed: int, n_init: int) -> np.ndarray:
    from scipy.cluster.vq import kmeans2

    rng = np.random.default_rng(seed)
    best: tuple[float, np.ndarray] | None = None
    for _ in range(n_init):
        centres, labels = kmeans2(z, k, minit="++", seed=rng, iter=100)
        inertia = float(((z - centres[labels]) ** 2).sum())
        if best is None or inertia < best[0] - 1e-12:
            best = (inertia, labels)
    assert best is not None
    return best[1]


def compute_clusters(conditions: pd.DataFrame, k: int = DEFAULT_K, method: str = "ward",
                     seed: int = DEFAULT_SEED, n_init: int = 20) -> pd.Series:
    """Cluster label ("1".."k") per municipality code, from one year's conditions (indexed by code)."""
    if method not in ("ward", "kmeans"):
        raise ValueError(f"unknown clustering method {method!r}; use 'ward' or 'kmeans'")
    frame = conditions.sort_index()
    columns = model_variables(frame)
    codes = [str(c) for c in frame.index]
    if not columns or len(codes) <= k:
        return pd.Series(["1"] * len(codes), index=codes, name="cluster")
    z = standardise(frame, columns)
    labels = _ward(z, k) if method == "ward" else _kmeans(z, k, seed, n_init)
    return pd.Series(_renumber(codes, np.asarray(labels)), index=codes, name="cluster")


def read_clusters(path: Path | str) -> pd.Series:
    """A cluster file: CSV with ``municipality_code,cluster``, every municipality exactly once."""
    path = Path(path)
    where = str(path)
    if not path.exists():
        raise AnalysisInputError([f"{where}: file not found"], header="cluster file refused")
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    problems: list[str] = []
    for col in ("municipality_code", "cluster"):
        if col not in raw.columns:
            problems.append(f"{where}: missing column {col!r}")
    for col in raw.columns:
        if col not in ("municipality_code", "cluster", "name"):
            problems.append(f"{where}: unknown column {col!r}; allowed: municipality_code, cluster, name")
    if problems:
        raise AnalysisInputError(problems, header=f"{where}: cluster file refused")
    known = {m.code for m in municipalities()}
    seen: dict[str, int] = {}
    out: dict[str, str] = {}
    for i, rec in enumerate(raw.to_dict("records")):
        row_no = i + 2
        code = rec["municipality_code"].strip()
        code = code.zfill(3) if code.isdigit() and len(code) < 3 else code
        label = rec["cluster"].strip()
        if code not in known:
            problems.append(f"{where}: row {row_no} field 'municipality_code': unknown municipality {code!r}")
        elif code in seen:
            problems.append(f"{where}: row {row_no} field 'municipality_code': {code} also on row {seen[code]}")
        if not label:
            problems.append(f"{where}: row {row_no} field 'cluster': empty")
        seen.setdefault(code, row_no)
        out[code] = label
    lacking = sorted(known - set(out))
    if lacking:
        problems.append(f"{where}: {len(lacking)} municipalities have no cluster: {lacking[:10]}"
                        + (" …" if len(lacking) > 10 else ""))
    if problems:
        raise AnalysisInputError(problems, header=f"{where}: cluster file refused")
    return pd.Series(out, name="cluster").sort_index()
