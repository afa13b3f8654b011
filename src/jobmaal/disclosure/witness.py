"""Fast, exact certificates that a hidden cell can *not* be derived: witnesses.

A hidden cell is undetermined when some change of the hidden cells keeps every relation true and
changes that cell (a null vector of the relations, zero on the published cells). Every consistent
table is built from municipality cells, so such changes can be built from them:

- *single*: change municipality m by a vector d over the breakdown cells; its region, its RAR
  area and the country change by d too;
- *pair*: change m1 by +d and m2 by −d; a region (RAR area) changes only where the two differ,
  and the country does not change.

d must keep the breakdown relations of the changed areas (total = sum of each breakdown's values)
and may only touch cells hidden in every changed area. For such a support set U, a value v can
carry a non-zero d when another value of its breakdown is in U (d = e_v − e_w), or when the total
and at least one value of every breakdown are in U (then the total and one value per breakdown
change by the same amount). Cells absent from the block are treated as hidden: that only adds free
variables, and a witness there is still one for the real relations.

Witnesses only ever *prove* that a cell is safe; cells without one go to the exact linear-algebra
check (``linalg``). In heavily suppressed blocks witnesses settle nearly every cell, so the costly
check runs on little.
"""

from __future__ import annotations

import numpy as np

from jobmaal.disclosure.cells import CellSystem

_CHUNK_ELEMENTS = 8_000_000  # booleans per pair array: bounds memory


def _star(u: np.ndarray, members: list[np.ndarray], value_bd: np.ndarray, total_pos: int) -> np.ndarray:
    """Per support set (last axis: breakdown cells), where a consistent change d can be non-zero.

    ``members``: per breakdown, the positions of its values; ``value_bd``: each position's breakdown.
    """
    if total_pos < 0:  # no total: no breakdown relation binds the values
        return u
    if not members:
        w = np.zeros_like(u)
        w[..., total_pos] = u[..., total_pos]
        return w
    cnt = np.stack([u[..., idx].sum(axis=-1, dtype=np.int16) for idx in members], axis=-1)
    t_free = u[..., total_pos] & (cnt >= 1).all(axis=-1)
    w = u & ((cnt >= 2)[..., value_bd] | t_free[..., None])
    w[..., total_pos] = t_free
    return w


def _pairs(m: int) -> tuple[np.ndarray, np.ndarray]:
    """All ordered pairs (i, j), i != j, grouped by i: shapes (m * (m - 1),)."""
    if m < 2:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    k = np.arange(m - 1)[None, :]
    j = k + (k >= np.arange(m)[:, None])
    return np.repeat(np.arange(m), m - 1), j.ravel()


def _family(s: CellSystem, cells: np.ndarray, blocks: np.ndarray, bdvs: np.ndarray, hid: np.ndarray,
            out: np.ndarray) -> None:
    if len(bdvs) == 0 or len(cells) == 0:
        return
    v_pos = np.full(len(s.bdv_total), -1, dtype=np.int64)
    v_pos[bdvs] = np.arange(len(bdvs))
    cells = cells[v_pos[s.cell_bdv[cells]] >= 0]
    b_pos = np.searchsorted(blocks, s.cell_block[cells])
    n_a, n_v = len(s.area_level), len(bdvs)

    is_total = s.bdv_total[bdvs]
    total_pos = int(np.flatnonzero(is_total)[0]) if is_total.any() else -1
    bd_local, value_bd = np.unique(s.bdv_breakdown[bdvs[~is_total]], return_inverse=True)
    value_pos = np.flatnonzero(~is_total)
    members = [value_pos[value_bd == b] for b in range(len(bd_local))]
    value_bd_full = np.zeros(n_v, dtype=np.int64)
    value_bd_full[~is_total] = value_bd

    mun = np.flatnonzero(s.area_level == 3)
    reg, rar = s.area_region[mun], s.area_rar[mun]
    pi, pj = _pairs(len(mun))
    diff_reg, diff_rar = reg[pi] != reg[pj], rar[pi] != rar[pj]
    per_block = max(len(pi), 1) * n_v
    step = max(1, _CHUNK_ELEMENTS // per_block)

    for start in range(0, len(blocks), step):
        chunk = slice(start, min(start + step, len(blocks)))
        sel = (b_pos >= chunk.start) & (b_pos < chunk.stop)
        h = np.ones((chunk.stop - chunk.start, n_a, n_v), dtype=bool)  # absent cells are free
        h[b_pos[sel] - chunk.start, s.cell_area[cells[sel]], v_pos[s.cell_bdv[cells[sel]]]] = hid[cells[sel]]
        w = np.zeros_like(h)

        # single municipality: it, its region, its RAR area and the country change alike
        ws = _star(h[:, mun] & h[:, reg] & h[:, rar] & h[:, [0]], members, value_bd_full, total_pos)
        w[:, mun] |= ws
        w[:, 0] |= ws.any(axis=1)
        w_reg = w_rar = ws  # a single municipality also changes its region and RAR area
        if len(pi):
            hm = h[:, mun]
            u = hm[:, pi] & hm[:, pj]
            u &= ~diff_reg[None, :, None] | (h[:, reg[pi]] & h[:, reg[pj]])
            u &= ~diff_rar[None, :, None] | (h[:, rar[pi]] & h[:, rar[pj]])
            wp = _star(u, members, value_bd_full, total_pos)
            shape = (h.shape[0], len(mun), len(mun) - 1, n_v)
            w[:, mun] |= wp.reshape(shape).any(axis=2)
            w_reg = w_reg | (wp & diff_reg[None, :, None]).reshape(shape).any(axis=2)
            w_rar = w_rar | (wp & diff_rar[None, :, None]).reshape(shape).any(axis=2)
        for parent, own in ((reg, w_reg), (rar, w_rar)):
            for code in np.unique(parent):
                w[:, code] |= own[:, parent == code].any(axis=1)
        out[cells[sel]] |= w[b_pos[sel] - chunk.start, s.cell_area[cells[sel]], v_pos[s.cell_bdv[cells[sel]]]]


def witnessed(
    s: CellSystem, hidden: np.ndarray, den_hidden: np.ndarray, blocks: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per cell: proved undetermined in the numerator system, and in the denominator system.

    Only cells of the blocks where ``blocks`` is True are examined.
    """
    w_num = np.zeros(s.n_cells, dtype=bool)
    w_den = np.zeros(s.n_cells, dtype=bool)
    in_blocks = blocks[s.cell_block]
    cell_family = s.block_family[s.cell_block]
    if len(s.area_level) == 0 or not (s.area_level == 3).any():
        return w_num, w_den
    for fam in np.unique(s.block_family[blocks]):
        fam_blocks = np.flatnonzero(blocks & (s.block_family == fam))
        cells = np.flatnonzero(in_blocks & (cell_family == fam))
        bdvs = np.unique(s.cell_bdv[cells])
        _family(s, cells, fam_blocks, bdvs, hidden, w_num)
        # denominators: event cells are aliases of their total and take no part
        _family(s, cells, fam_blocks, bdvs[~s.bdv_event[bdvs]], den_hidden, w_den)
    return w_num & hidden, w_den & den_hidden
