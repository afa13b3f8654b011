"""Secondary suppression: hide enough other cells that no primary-suppressed figure can be derived.

Method (deterministic, documented in docs/disclosure.md):

1. *Singletons*. A relation (a total and its parts) with exactly one hidden cell gives that cell
   away by subtraction. For every such relation, hide its smallest published part (or the total
   when no part is published): non-zero cells before zero cells, then the smallest numerator
   (persons), then the smallest denominator, then the cell order. All such relations are handled
   at once, vectorised, and the step repeats until no relation has exactly one hidden cell: a
   fixed point across both area hierarchies and the breakdowns.
2. *Proof per primary cell*. Singletons are not the only way to derive a cell: several relations
   can be combined (e.g. a cycle through the region and the RAR hierarchy). Every primary cell
   must be proved undetermined: first by a *witness* (``witness``: a change of one or two
   municipalities that keeps every relation and moves the cell), and the few cells without one
   by linear algebra on their component (``linalg``). Numerators are checked over all relations;
   denominators over the relations that hold for denominators, where an event-breakdown cell's
   denominator *is* its total's (so a hidden total whose event cells are shown has a published
   denominator).
3. *Repair*. For each cell not proved undetermined, hide the best published cell (as in 1) of a
   relation containing it, then go back to 1, checking again only the blocks that changed. Hiding
   only ever removes information, so this ends, at the latest when whole relations are hidden
   (which never determine anything).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from jobmaal.disclosure.cells import CellSystem
from jobmaal.disclosure.linalg import Finding, find_determined
from jobmaal.disclosure.witness import witnessed


@dataclass(frozen=True)
class SecondaryStats:
    singleton_rounds: int
    repair_rounds: int
    repaired_cells: int
    checked_by_linear_algebra: int  # protected cells that no witness settled


def _preference(s: CellSystem, cells: np.ndarray) -> tuple[np.ndarray, ...]:
    """Sort keys, least significant first (for ``np.lexsort``): smaller is hidden first."""
    return cells, s.den_size[cells], s.size[cells], s.size[cells] == 0


def close_singletons(s: CellSystem, hidden: np.ndarray) -> int:
    """Step 1, in place on ``hidden``; returns the number of rounds."""
    rounds = 0
    while True:
        hid = hidden[s.m_cell]
        count = np.bincount(s.m_group, weights=hid, minlength=s.n_groups)
        single = count == 1
        if not single.any():
            return rounds
        sel = single[s.m_group] & ~hid
        g, c, tot = s.m_group[sel], s.m_cell[sel], s.m_total[sel]
        order = np.lexsort((*_preference(s, c), tot, g))
        g_sorted = g[order]
        first = np.ones(len(order), dtype=bool)
        first[1:] = g_sorted[1:] != g_sorted[:-1]
        hidden[c[order][first]] = True
        rounds += 1


def denominator_hidden(s: CellSystem, hidden: np.ndarray) -> np.ndarray:
    """Cells whose denominator is unknown: hidden, not an event cell, and no event cell of theirs shown."""
    ev = s.group_event[s.m_group] & ~s.m_total
    shown_events = np.bincount(
        s.group_total[s.m_group[ev]], weights=~hidden[s.m_cell[ev]], minlength=s.n_cells
    )
    return hidden & ~s.event_cell & (shown_events == 0)


class _Index:
    """Membership rows by cell and by group, for the (few) repairs."""

    def __init__(self, s: CellSystem) -> None:
        self.by_cell = np.argsort(s.m_cell, kind="stable")
        self.cell_start = np.searchsorted(s.m_cell[self.by_cell], np.arange(s.n_cells + 1))
        self.by_group = np.argsort(s.m_group, kind="stable")
        self.group_start = np.searchsorted(s.m_group[self.by_group], np.arange(s.n_groups + 1))

    def groups_of(self, s: CellSystem, cell: int) -> np.ndarray:
        return s.m_group[self.by_cell[self.cell_start[cell]:self.cell_start[cell + 1]]]

    def rows_of(self, groups: np.ndarray) -> np.ndarray:
        if len(groups) == 0:
            return np.zeros(0, dtype=np.int64)
        return np.concatenate([self.by_group[self.group_start[g]:self.group_start[g + 1]] for g in groups])

    def event_children(self, s: CellSystem, cell: int) -> np.ndarray:
        rows = self.by_cell[self.cell_start[cell]:self.cell_start[cell + 1]]
        own = s.m_group[rows[s.m_total[rows]]]
        own = own[s.group_event[own]]
        child_rows = self.rows_of(own)
        return s.m_cell[child_rows[~s.m_total[child_rows]]]


def _best(s: CellSystem, candidates: np.ndarray, is_total: np.ndarray, extra: np.ndarray | None = None) -> int:
    keys = (*_preference(s, candidates), is_total) + ((extra,) if extra is not None else ())
    return int(candidates[np.lexsort(keys)[0]])


def _repair_numerator(s: CellSystem, idx: _Index, found: Finding, hidden: np.ndarray) -> None:
    for cell, comp_groups in zip(found.cells, found.groups, strict=True):
        for groups in (idx.groups_of(s, int(cell)), comp_groups):
            rows = idx.rows_of(groups)
            rows = rows[~hidden[s.m_cell[rows]]]
            if len(rows):
                hidden[_best(s, s.m_cell[rows], s.m_total[rows])] = True
                break
        else:
            raise RuntimeError(f"disclosure: cell {cell} is determined but its relations are all hidden")


def _repair_denominator(s: CellSystem, idx: _Index, found: Finding, hidden: np.ndarray) -> None:
    den_hidden = denominator_hidden(s, hidden)
    for cell, comp_groups in zip(found.cells, found.groups, strict=True):
        for groups in (idx.groups_of(s, int(cell)), comp_groups):
            groups = groups[s.group_den[groups]]
            rows = idx.rows_of(groups)
            rows = rows[~den_hidden[s.m_cell[rows]]]
            if not len(rows):
                continue
            cand = s.m_cell[rows]
            # Hiding a total's denominator means hiding its shown event cells too: count them.
            children = [idx.event_children(s, int(c)) for c in cand]
            extra = np.array([int((~hidden[ch]).sum()) + int(not hidden[c]) for c, ch in zip(cand, children,
                                                                                            strict=True)])
            pick = _best(s, cand, s.m_total[rows], extra)
            hidden[pick] = True
            hidden[idx.event_children(s, pick)] = True
            den_hidden[pick] = not s.event_cell[pick]  # its event cells are hidden now too
            break
        else:
            raise RuntimeError(f"disclosure: denominator of cell {cell} is determined but cannot be hidden")


def suppress(s: CellSystem, max_rounds: int = 10_000) -> tuple[np.ndarray, SecondaryStats]:
    """The hidden cells (primary and secondary), and how they were found."""
    hidden = s.primary.copy()
    singleton_rounds = close_singletons(s, hidden)
    coef = s.m_coef
    den_rows = s.group_den[s.m_group]
    dirty = np.ones(s.n_blocks, dtype=bool)
    idx: _Index | None = None
    repairs = 0
    la_cells = 0
    for round_ in range(max_rounds):
        den_hidden = denominator_hidden(s, hidden)
        w_num, w_den = witnessed(s, hidden, den_hidden, dirty)
        in_dirty = dirty[s.cell_block]
        open_num = s.primary & hidden & ~w_num & in_dirty
        open_den = s.den_protect & den_hidden & ~w_den & in_dirty
        la_cells += int(open_num.sum() + open_den.sum())
        rows = dirty[s.cell_block[s.m_cell]]
        num = find_determined(s.m_group[rows], s.m_cell[rows], coef[rows], hidden, open_num)
        rows &= den_rows
        den = find_determined(s.m_group[rows], s.m_cell[rows], coef[rows], den_hidden, open_den)
        if len(num.cells) == 0 and len(den.cells) == 0:
            return hidden, SecondaryStats(singleton_rounds, round_, repairs, la_cells)
        idx = idx or _Index(s)
        before = hidden.copy()
        _repair_numerator(s, idx, num, hidden)
        _repair_denominator(s, idx, den, hidden)
        repairs += int((hidden & ~before).sum())
        singleton_rounds += close_singletons(s, hidden)
        dirty[:] = False
        dirty[s.cell_block[hidden & ~before]] = True
    raise RuntimeError("disclosure: secondary suppression did not converge")
