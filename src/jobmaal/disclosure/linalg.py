"""Which hidden cells are still uniquely determined by the published ones: linear algebra.

For one system of relations ``A x = 0`` (rows: groups, columns: cells), published cells are
known constants, so the hidden cells satisfy ``A_H x_H = b``. A hidden cell x_j is determined
exactly when the unit vector e_j lies in the row space of A_H, i.e. when its *leverage* (the
squared norm of row j of an orthonormal basis of that row space) is 1. Hidden cells that share
no relation are independent, so the check runs per connected component.

A component of up to ``EXACT_MAX`` hidden cells is checked whole. In a larger one each open cell
is checked on its neighbourhood (the hidden cells up to two relations away) with every other cell
taken as known: a change that keeps those relations is a change of the whole system too, so
"undetermined" there is a proof; a cell that the neighbourhood cannot clear is reported as
determined, which at worst costs one more suppressed cell.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

_RANK_TOL = 1e-12
_LEVERAGE_TOL = 1e-6
EXACT_MAX = 250
NEIGHBOURHOOD_MAX = 250
NEIGHBOURHOOD_HOPS = 2


def determined_columns(a: np.ndarray) -> np.ndarray:
    """Per column of ``a``: is that variable fixed by ``a x = b``?"""
    m, n = a.shape
    if m == 0 or n == 0:
        return np.zeros(n, dtype=bool)
    import scipy.linalg  # here, not at the top: reading a disclosed run needs no SciPy

    q, r, _ = scipy.linalg.qr(a.T, mode="economic", pivoting=True)
    diag = np.abs(np.diag(r))
    rank = int((diag > _RANK_TOL * max(diag[0], 1.0) * max(m, n)).sum()) if len(diag) else 0
    if rank == 0:
        return np.zeros(n, dtype=bool)
    leverage = np.einsum("ij,ij->i", q[:, :rank], q[:, :rank])
    return leverage > 1.0 - _LEVERAGE_TOL


@dataclass(frozen=True)
class Finding:
    """Determined protected cells, and for each the relations of the component it was found in."""

    cells: np.ndarray
    groups: list[np.ndarray]


class _Local:
    """The hidden part of a system with local ids: rows (group, cell, coef), indexed both ways."""

    def __init__(self, gi: np.ndarray, ci: np.ndarray, coef: np.ndarray, ng: int, nc: int) -> None:
        self.gi, self.ci, self.coef = gi, ci, coef
        self.by_cell = np.argsort(ci, kind="stable")
        self.cell_start = np.searchsorted(ci[self.by_cell], np.arange(nc + 1))
        self.by_group = np.argsort(gi, kind="stable")
        self.group_start = np.searchsorted(gi[self.by_group], np.arange(ng + 1))

    def _gather(self, order: np.ndarray, start: np.ndarray, keys: np.ndarray) -> np.ndarray:
        if len(keys) == 0:
            return np.zeros(0, dtype=np.int64)
        return np.concatenate([order[start[k]:start[k + 1]] for k in keys])

    def groups_of(self, cells: np.ndarray) -> np.ndarray:
        return np.unique(self.gi[self._gather(self.by_cell, self.cell_start, cells)])

    def rows_of_groups(self, groups: np.ndarray) -> np.ndarray:
        return self._gather(self.by_group, self.group_start, groups)

    def matrix(self, rows: np.ndarray, cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Dense A over ``cells`` from ``rows`` (other cells dropped, i.e. taken as known)."""
        rows = rows[np.isin(self.ci[rows], cells)]
        lg, r = np.unique(self.gi[rows], return_inverse=True)
        col = np.searchsorted(cells, self.ci[rows])
        a = np.zeros((len(lg), len(cells)))
        a[r, col] = self.coef[rows]
        return a, lg

    def neighbourhood(self, cell: int) -> np.ndarray:
        cells = np.array([cell])
        frontier = cells
        for _ in range(NEIGHBOURHOOD_HOPS):
            reached = np.unique(self.ci[self.rows_of_groups(self.groups_of(frontier))])
            new = np.setdiff1d(reached, cells)
            if len(new) == 0:
                break
            if len(cells) + len(new) > NEIGHBOURHOOD_MAX:
                new = new[: NEIGHBOURHOOD_MAX - len(cells)]
            cells = np.union1d(cells, new)
            frontier = new
            if len(cells) >= NEIGHBOURHOOD_MAX:
                break
        return cells


def find_determined(
    m_group: np.ndarray,
    m_cell: np.ndarray,
    m_coef: np.ndarray,
    hidden: np.ndarray,
    protect: np.ndarray,
) -> Finding:
    """Protected hidden cells fixed by the relations given as membership rows (group, cell, coef).

    Only components holding a protected cell are examined. Returns every determined protected
    cell (in large components: every one not proved undetermined), each with the groups of its
    component.
    """
    keep = hidden[m_cell]
    g, c, coef = m_group[keep], m_cell[keep], m_coef[keep]
    if len(c) == 0 or not protect[c].any():
        return Finding(np.zeros(0, dtype=np.int64), [])
    cu, ci = np.unique(c, return_inverse=True)
    gu, gi = np.unique(g, return_inverse=True)
    nc, ng = len(cu), len(gu)
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix((np.ones(len(ci)), (ci, nc + gi)), shape=(nc + ng, nc + ng))
    _, labels = connected_components(graph, directed=False)
    comp_of_row = labels[ci]
    wanted = np.zeros(labels.max() + 1, dtype=bool)
    wanted[labels[:nc][protect[cu]]] = True
    rows = np.flatnonzero(wanted[comp_of_row])
    rows = rows[np.argsort(comp_of_row[rows], kind="stable")]
    bounds = np.flatnonzero(np.diff(comp_of_row[rows])) + 1
    local = _Local(gi, ci, coef, ng, nc)
    found_cells: list[int] = []
    found_groups: list[np.ndarray] = []
    # Many small factorisations: BLAS threads only add overhead (and fight on a busy machine).
    with threadpool_limits(limits=1, user_api="blas"):
        for chunk in np.split(rows, bounds) if len(rows) else []:
            _check_component(local, chunk, cu, gu, protect, found_cells, found_groups)
    return Finding(np.asarray(found_cells, dtype=np.int64), found_groups)


def _check_component(
    local: _Local, chunk: np.ndarray, cu: np.ndarray, gu: np.ndarray, protect: np.ndarray,
    found_cells: list[int], found_groups: list[np.ndarray],
) -> None:
    """One component (its membership rows ``chunk``): append its determined protected cells."""
    comp_cells = np.unique(local.ci[chunk])
    is_open = protect[cu[comp_cells]]
    if len(comp_cells) <= EXACT_MAX:
        a, _ = local.matrix(chunk, comp_cells)
        fixed = comp_cells[determined_columns(a) & is_open]
    else:
        fixed_list = []
        for cell in comp_cells[is_open]:
            hood = local.neighbourhood(int(cell))
            a, _ = local.matrix(local.rows_of_groups(local.groups_of(hood)), hood)
            if determined_columns(a)[np.searchsorted(hood, cell)]:
                fixed_list.append(cell)
        fixed = np.asarray(fixed_list, dtype=np.int64)
    if len(fixed):
        comp_groups = gu[np.unique(local.gi[chunk])]
        for cell in cu[fixed]:
            found_cells.append(int(cell))
            found_groups.append(comp_groups)
