"""Shares published outside the indicator gate: the framework conditions derived from register data.

A framework condition is a share of a composition, e.g. refugees in percent of the residents aged 16-66
of a municipality. It is computed from person counts, and only the share is published. The rule (the
same threshold and zero rule as the gate, ``small_counts``), per share n / d:

- *primary*: hidden when the numerator n, the denominator d or the complement d − n is small. The
  complement counts because a published share and a known denominator give it (100 % − x; the residents
  aged 16-66 are the denominator of ``public_support_fulltime_share``, which is published).
- *secondary*: shares over the same denominator form a group, and the group's rest d − Σ n follows from
  its shares (the 30-49 year olds beside the 16-29 and 50-66 year olds). When the rest is small and no
  share of the group is hidden, one more is hidden: the one with the smallest non-zero numerator (then
  the first in the group's order). One hidden share leaves the rest undetermined (one equation, two
  unknowns); across municipalities and years no relation is published, so nothing more is needed.

The counts never leave this function: the result holds the shares (null where hidden) and their status.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from jobmaal.disclosure.markers import PRIMARY, SECONDARY
from jobmaal.disclosure.policy import DisclosurePolicy
from jobmaal.disclosure.primary import small_counts


@dataclass(frozen=True, slots=True)
class ShareGroup:
    """Shares over one denominator column: ``(share column, numerator column)`` pairs."""

    denominator: str
    shares: tuple[tuple[str, str], ...]


def disclose_shares(counts: pd.DataFrame, groups: Sequence[ShareGroup], policy: DisclosurePolicy
                    ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Shares in percent (NaN where hidden, or where the denominator is 0) and their status per row
    ("primary", "secondary" or ""), both on ``counts``'s index, one column per share."""
    t = policy.threshold
    shares = pd.DataFrame(index=counts.index)
    status = pd.DataFrame(index=counts.index)
    for group in groups:
        den = counts[group.denominator].to_numpy(dtype="float64")
        nums = np.column_stack([counts[n].to_numpy(dtype="float64") for _, n in group.shares])
        primary = (small_counts(nums, t, policy) | small_counts(den[:, None] - nums, t, policy)
                   | small_counts(den, t, policy)[:, None])
        secondary = np.zeros_like(primary)
        if nums.shape[1] > 1:
            rest_small = small_counts(den - nums.sum(axis=1), t, policy) & ~primary.any(axis=1)
            # Hide the non-zero share with the fewest persons (a hidden zero protects little once bounds are
            # used); argmin takes the first on a tie, so the choice does not depend on the row order.
            rank = np.where(nums > 0, nums, np.inf)
            rows = np.flatnonzero(rest_small)
            secondary[rows, np.argmin(rank[rows], axis=1)] = True
        value = 100.0 * nums / np.where(den > 0, den, np.nan)[:, None]
        for j, (column, _) in enumerate(group.shares):
            shares[column] = np.where(primary[:, j] | secondary[:, j], np.nan, value[:, j])
            status[column] = np.where(primary[:, j], PRIMARY, np.where(secondary[:, j], SECONDARY, "")).astype(object)
    return shares, status
