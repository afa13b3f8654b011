"""Which hidden cells are still uniquely determined by the published ones: linear algebra.

For one system of relations ``A x = 0`` (rows: groups, columns: cells), published cells are
known constants, so the hidden cells satisfy ``A_H x_H = b``. A hidden cell x_j is determined
exactly when the unit vector e_j lies in the row space of A_H, i.e. when its *leverage* (the
squared norm of row j of an orthonormal basis of that row space) is 1. Hidden cells that share
no relation are independent, so the check runs per connected component.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.linalg
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

_RANK_TOL = 1e-12
_LEVERAGE_TOL = 1e-6


def determined_columns(a: np.ndarray) -> np.ndarray:
    """Per column of ``a``: is that variable fixed by ``a x = b``?"""
    m, n = a.shape
    if m == 0 or n == 0:
        return np.zeros(n, dtype=bool)
    q, r, _ = scipy.linalg.qr(a.T, mode="economic", pivoting=True)
    diag = np.abs(np.diag(r))
    rank = int((diag > _RANK_TOL * max(diag[0], 1.0) * max(m, n)).sum()) if len(diag) else 0
    if rank == 0:
        return np.zeros(n, dtype=bool)
    leverage = np.einsum("ij,ij->i", q[:, :rank], q[:, :rank])
    return leverage > 1.0 - _LEVERAGE_TOL


@dataclass(frozen=True)
class Finding:
    """Determined protected cells, and for each the component (its relations) it was found in."""

    cells: np.ndarray
    groups: list[np.ndarray]


def find_determined(
    m_group: np.ndarray,
    m_cell: np.ndarray,
    m_coef: np.ndarray,
    hidden: np.ndarray,
    protect: np.ndarray,
) -> Finding:
    """Protected hidden cells fixed by the relations given as membership rows (group, cell, coef).

    Returns one determined cell per component (the first), with the groups of that component.
    """
    keep = hidden[m_cell]
    g, c, coef = m_group[keep], m_cell[keep], m_coef[keep]
    if len(c) == 0:
        return Finding(np.zeros(0, dtype=np.int64), [])
    cu, ci = np.unique(c, return_inverse=True)
    gu, gi = np.unique(g, return_inverse=True)
    nc, ng = len(cu), len(gu)
    graph = coo_matrix((np.ones(len(ci)), (ci, nc + gi)), shape=(nc + ng, nc + ng))
    _, labels = connected_components(graph, directed=False)
    comp_of_row = labels[ci]
    wanted = np.zeros(labels.max() + 1, dtype=bool)
    wanted[labels[:nc][protect[cu]]] = True
    rows = np.flatnonzero(wanted[comp_of_row])
    rows = rows[np.argsort(comp_of_row[rows], kind="stable")]
    bounds = np.flatnonzero(np.diff(comp_of_row[rows])) + 1
    found_cells: list[int] = []
    found_groups: list[np.ndarray] = []
    for chunk in np.split(rows, bounds) if len(rows) else []:
        lc, cols = np.unique(ci[chunk], return_inverse=True)
        lg, rows_ = np.unique(gi[chunk], return_inverse=True)
        a = np.zeros((len(lg), len(lc)))
        a[rows_, cols] = coef[chunk]
        fixed = determined_columns(a) & protect[cu[lc]]
        if fixed.any():
            found_cells.append(int(cu[lc[np.argmax(fixed)]]))
            found_groups.append(gu[lg])
    return Finding(np.asarray(found_cells, dtype=np.int64), found_groups)
