"""The additivity constraints as arrays: cells, and groups of cells that add up to a total.

A *cell* is one figure position: (family, period, area, breakdown, breakdown value). Linked
indicators (a family) share cells, so they get one suppression pattern. A *group* is one
additivity relation, total = sum of parts:

- per breakdown cell: municipalities → their region; municipalities → their RAR area;
  regions → the country; RAR areas → the country; and, where RAR areas lie whole within a region
  and cover it (as in Denmark), RAR areas → their region: a consequence of the others, stated so
  that the singleton step sees it (a region equal to one RAR area is then seen to *be* it);
- per area: the values of one breakdown → the total (a person breakdown splits numerator and
  denominator; an event breakdown splits the numerator only, its denominator *is* the total's).

Everything is numpy arrays indexed by cell id and group id, built with vectorised operations so
that a whole results set (about 1.5 million rows) takes seconds. Cell ids follow the sorted cell
key, so the result does not depend on the input's row order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from jobmaal.disclosure.facts import CatalogFacts
from jobmaal.disclosure.geography import Geography
from jobmaal.disclosure.primary import PrimaryFlags

# Group tags: the four geographic relations, then one per breakdown.
TAG_REGION, TAG_RAR, TAG_COUNTRY_BY_REGION, TAG_COUNTRY_BY_RAR, TAG_REGION_BY_RAR = 0, 1, 2, 3, 4
TAG_FIRST_BREAKDOWN = 5


@dataclass(frozen=True)
class CellSystem:
    n_cells: int
    row_cell: np.ndarray  # input row → cell id
    cell_block: np.ndarray  # cell → block id (family × period); no group crosses blocks
    n_blocks: int
    primary: np.ndarray  # cell → primary-suppressed (any row of the family)
    den_protect: np.ndarray  # cell → its denominator must not be derivable either
    event_cell: np.ndarray  # cell → an event-breakdown cell (its denominator is its total's)
    size: np.ndarray  # cell → numerator size (persons, else the count): smaller complements first
    den_size: np.ndarray  # cell → denominator size, the tie-breaker
    m_group: np.ndarray  # membership rows: group id …
    m_cell: np.ndarray  # … cell id …
    m_total: np.ndarray  # … and whether the cell is the group's total
    n_groups: int
    group_total: np.ndarray  # group → its total cell
    group_event: np.ndarray  # group → an event-breakdown relation (numerators only)
    group_den: np.ndarray  # group → also a relation between denominators
    # The dense layout (used to find witnesses): each cell's area and breakdown cell, and their structure.
    cell_area: np.ndarray
    cell_bdv: np.ndarray
    block_family: np.ndarray  # block → family id
    area_level: np.ndarray  # area → 0 country, 1 region, 2 RAR, 3 municipality
    area_region: np.ndarray  # area → its region (municipalities; else -1)
    area_rar: np.ndarray  # area → its RAR area (municipalities; else -1)
    bdv_breakdown: np.ndarray  # breakdown cell → breakdown index
    bdv_total: np.ndarray  # breakdown cell → is the total
    bdv_event: np.ndarray  # breakdown cell → is a value of an event breakdown

    @property
    def m_coef(self) -> np.ndarray:
        """Coefficients of the relation sum(parts) - total = 0."""
        return np.where(self.m_total, -1.0, 1.0)


def _codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    codes, uniques = pd.factorize(values, sort=True)
    return codes.astype(np.int64), np.asarray(uniques)


def _period_days(period: pd.Series) -> pd.Series:
    return pd.Series(pd.to_datetime(period).to_numpy().astype("datetime64[D]").astype(np.int64))


def _area_index(geo: Geography) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Area codes in a fixed order, with each area's level and its parents (-1: none).

    The last array gives a RAR area's region where RAR areas nest in regions and cover them.
    """
    codes = [geo.country, *sorted(geo.regions), *sorted(geo.rars), *sorted(geo.municipalities)]
    index = {c: i for i, c in enumerate(codes)}
    level = np.zeros(len(codes), dtype=np.int8)  # 0 country, 1 region, 2 RAR, 3 municipality
    parent_a = np.full(len(codes), -1, dtype=np.int64)  # region (of a municipality) or country
    parent_b = np.full(len(codes), -1, dtype=np.int64)  # RAR area (of a municipality)
    for code in geo.regions:
        level[index[code]], parent_a[index[code]] = 1, 0
    for code in geo.rars:
        level[index[code]], parent_a[index[code]] = 2, 0
    for code, region in geo.region_of.items():
        i = index[code]
        level[i], parent_a[i], parent_b[i] = 3, index[region], index[geo.rar_of[code]]
    rar_region = np.full(len(codes), -1, dtype=np.int64)
    for region in geo.regions:
        munis = {m for m, r in geo.region_of.items() if r == region}
        rars = {geo.rar_of[m] for m in munis}
        if all(geo.region_of[m] == region for m, k in geo.rar_of.items() if k in rars):
            for k in rars:
                rar_region[index[k]] = index[region]
    return codes, level, parent_a, parent_b, rar_region


def _per_cell_any(row_cell: np.ndarray, flags: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(row_cell, weights=flags.astype(np.float64), minlength=n) > 0


def _per_cell_max(row_cell: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros(n)
    np.maximum.at(out, row_cell, np.nan_to_num(np.abs(values), nan=0.0))
    return out


def build_cells(df: pd.DataFrame, flags: PrimaryFlags, geo: Geography, facts: CatalogFacts) -> CellSystem:
    ind_codes, ind_names = _codes(df["indicator_id"])
    family_of_ind = pd.Series([facts.family(str(i)) for i in ind_names])
    fam_codes_of_ind, _ = _codes(family_of_ind)
    fam = fam_codes_of_ind[ind_codes]
    per_codes, per_uniques = _codes(_period_days(df["period"]))
    block, block_keys = _codes(pd.Series(fam * max(len(per_uniques), 1) + per_codes))
    n_blocks = len(block_keys)
    block_family = block_keys.astype(np.int64) // max(len(per_uniques), 1)

    area_codes, level, parent_a, parent_b, rar_region = _area_index(geo)
    area = pd.Categorical(df["area_code"], categories=area_codes).codes.astype(np.int64)
    n_areas = len(area_codes)

    bd_codes, bd_names = _codes(df["breakdown"])
    bv_codes, bv_names = _codes(df["breakdown_value"])
    bdv, bdv_pairs = _codes(pd.Series(bd_codes * len(bv_names) + bv_codes))
    bdv_bd = bdv_pairs // len(bv_names)
    bdv_is_total = (bd_names[bdv_bd] == "") & (bv_names[bdv_pairs % len(bv_names)] == "")
    bd_event = np.array([facts.kind(str(b)) == "event" and b != "" for b in bd_names], dtype=bool)
    bdv_event = bd_event[bdv_bd] & ~bdv_is_total
    total_bdv = int(np.flatnonzero(bdv_is_total)[0]) if bdv_is_total.any() else -1
    n_bdv = len(bdv_pairs)

    key = (block * n_areas + area) * n_bdv + bdv
    row_cell, cell_key = pd.factorize(key, sort=True)
    row_cell = row_cell.astype(np.int64)
    cell_key = np.asarray(cell_key, dtype=np.int64)
    n = len(cell_key)
    c_block = cell_key // (n_areas * n_bdv)
    c_area = (cell_key // n_bdv) % n_areas
    c_bdv = cell_key % n_bdv

    primary = _per_cell_any(row_cell, flags.primary, n)
    den_small = _per_cell_any(row_cell, flags.denominator_small, n)
    has_den = _per_cell_any(row_cell, df["denominator"].notna().to_numpy(), n)
    num_size = np.where(df["numerator_persons"].notna(), df["numerator_persons"], df["numerator"])
    den_size = np.where(df["denominator_persons"].notna(), df["denominator_persons"], df["denominator"])
    size = _per_cell_max(row_cell, num_size.astype(np.float64), n)
    dsize = _per_cell_max(row_cell, den_size.astype(np.float64), n)

    # An event cell's denominator is its total's: a small one there is small in all of them.
    event_cell = bdv_event[c_bdv]
    shares_den = event_cell | bdv_is_total[c_bdv]
    area_key = c_block * n_areas + c_area
    small_area = np.zeros(n_blocks * n_areas, dtype=bool)
    small_area[area_key[shares_den & den_small]] = True
    spread = shares_den & small_area[area_key]
    den_small = den_small | spread
    primary = primary | spread

    # Parts and the key of their total, per relation.
    lv = level[c_area]
    parts, totals, tags = [], [], []

    def add(mask: np.ndarray, total_area: np.ndarray, total_bdv_: np.ndarray | int, tag: np.ndarray | int) -> None:
        idx = np.flatnonzero(mask)
        parts.append(idx)
        totals.append((c_block[idx] * n_areas + total_area[idx]) * n_bdv
                      + (total_bdv_[idx] if isinstance(total_bdv_, np.ndarray) else total_bdv_))
        tags.append(np.broadcast_to(tag[idx] if isinstance(tag, np.ndarray) else tag, idx.shape).astype(np.int64))

    pa_, pb_ = parent_a[c_area], parent_b[c_area]
    add(lv == 3, pa_, c_bdv, TAG_REGION)
    add(lv == 3, pb_, c_bdv, TAG_RAR)
    add(lv == 1, pa_, c_bdv, TAG_COUNTRY_BY_REGION)
    add(lv == 2, pa_, c_bdv, TAG_COUNTRY_BY_RAR)
    add((lv == 2) & (rar_region[c_area] >= 0), rar_region[c_area], c_bdv, TAG_REGION_BY_RAR)
    if total_bdv >= 0:
        add(~bdv_is_total[c_bdv], c_area, total_bdv, TAG_FIRST_BREAKDOWN + bdv_bd[c_bdv])
    part = np.concatenate(parts)
    total_key = np.concatenate(totals)
    tag = np.concatenate(tags)

    pos = np.minimum(np.searchsorted(cell_key, total_key), n - 1)
    exists = cell_key[pos] == total_key  # a relation needs its total to be present
    part, total_cell, tag = part[exists], pos[exists], tag[exists]

    n_tags = TAG_FIRST_BREAKDOWN + len(bd_names)
    part_group, group_keys = pd.factorize(total_cell * n_tags + tag, sort=True)
    group_keys = np.asarray(group_keys, dtype=np.int64)
    n_groups = len(group_keys)
    group_total = group_keys // n_tags
    group_tag = group_keys % n_tags
    group_bd = np.where(group_tag >= TAG_FIRST_BREAKDOWN, group_tag - TAG_FIRST_BREAKDOWN, 0)
    group_event = (group_tag >= TAG_FIRST_BREAKDOWN) & bd_event[group_bd]
    group_den = ~group_event & ~event_cell[group_total]

    return CellSystem(
        n_cells=n,
        row_cell=row_cell,
        cell_block=c_block,
        n_blocks=n_blocks,
        primary=primary,
        den_protect=den_small & has_den & ~event_cell,
        event_cell=event_cell,
        size=size,
        den_size=dsize,
        m_group=np.concatenate([part_group.astype(np.int64), np.arange(n_groups, dtype=np.int64)]),
        m_cell=np.concatenate([part, group_total]),
        m_total=np.concatenate([np.zeros(len(part), dtype=bool), np.ones(n_groups, dtype=bool)]),
        n_groups=n_groups,
        group_total=group_total,
        group_event=group_event,
        group_den=group_den,
        cell_area=c_area,
        cell_bdv=c_bdv,
        block_family=block_family,
        area_level=level,
        area_region=np.where(level == 3, parent_a, -1),
        area_rar=parent_b,
        bdv_breakdown=bdv_bd,
        bdv_total=bdv_is_total,
        bdv_event=bdv_event,
    )
