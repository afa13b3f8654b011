"""Where each person lives: moves between municipalities, and leaving Denmark (emigration or death).

Each person has up to three residence periods: from arrival (birth or first permit),
then after up to two moves in the period. After a move the new municipality becomes
responsible for benefits at once for most, a few weeks later for some (case transfer).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from jobmaal.registers.synthetic.calendar import NEVER, Calendar
from jobmaal.registers.synthetic.municipalities import MunicipalityParams
from jobmaal.registers.synthetic.persons import FAMILY_REUNIFIED, OTHER_IMMIGRANT, REFUGEE, Persons, pick_rows

MAX_SEGMENTS = 3


@dataclass
class Residence:
    seg_from: np.ndarray  # (n, 3) first day of each residence period, NEVER when there is none
    seg_mun: np.ndarray  # (n, 3) municipality of each period, -1 when there is none
    resp_from: np.ndarray  # (n, 3) first day the period's municipality is responsible for benefits
    leave: np.ndarray  # (n,) day the person left Denmark, NEVER when still here

    def segment_on(self, person: np.ndarray, days: np.ndarray, responsible: bool = False) -> np.ndarray:
        """Index (0-2) of the residence period of each (person, day)."""
        starts = self.resp_from if responsible else self.seg_from
        return (days >= starts[person, 1]).astype(np.int8) + (days >= starts[person, 2])

    def municipality_on(self, person: np.ndarray, days: np.ndarray, responsible: bool = False) -> np.ndarray:
        return self.seg_mun[person, self.segment_on(person, days, responsible)]


def _destination_cdf(mp: MunicipalityParams) -> np.ndarray:
    """(origin × destination) cumulative weights: two in three moves stay in the RAR area."""
    w = mp.weight
    same = mp.rar_index[:, None] == mp.rar_index[None, :]
    np.fill_diagonal(same, False)
    local = np.where(same, w[None, :], 0.0)
    local_sum = local.sum(axis=1, keepdims=True)
    national = np.broadcast_to(w[None, :], local.shape).copy()
    np.fill_diagonal(national, 0.0)
    national /= national.sum(axis=1, keepdims=True)
    share_local = np.where(local_sum > 0, 0.65, 0.0)
    prob = share_local * local / np.where(local_sum > 0, local_sum, 1.0) + (1 - share_local) * national
    return np.cumsum(prob, axis=1)


def draw_residence(rng: np.random.Generator, cal: Calendar, mp: MunicipalityParams, p: Persons) -> Residence:
    n = p.n
    age0 = p.age_on(cal.start_day)
    expo_lo = np.maximum(cal.start_day, p.arrival).astype(np.int64)
    expo_hi = cal.end_day + 1

    # Leaving: emigration (more often for immigrants) and death (rising with age).
    rate = (0.004 + 0.0005 * np.exp(0.09 * (age0 - 40)) + 0.025 * (p.basis == OTHER_IMMIGRANT)
            + 0.008 * ((p.basis == REFUGEE) | (p.basis == FAMILY_REUNIFIED)))
    t_leave = expo_lo + 1 + np.floor(rng.exponential(365.25 / rate))
    leave = np.where(t_leave < expo_hi, t_leave, NEVER).astype(np.int32)
    expo_hi_p = np.minimum(expo_hi, leave).astype(np.int64)

    # Moves: young adults move most often.
    move_rate = np.select([age0 < 18, age0 < 30, age0 < 50], [0.03, 0.09, 0.035], default=0.015)
    years = np.maximum(expo_hi_p - expo_lo, 0) / 365.25
    n_moves = np.minimum(rng.poisson(move_rate * years), 2)
    span = np.maximum(expo_hi_p - expo_lo - 1, 0)
    days = expo_lo[:, None] + 1 + np.floor(rng.random((n, 2)) * span[:, None]).astype(np.int64)
    days.sort(axis=1)
    days[n_moves < 1, 0] = NEVER
    days[(n_moves < 2) | (days[:, 1] == days[:, 0]), 1] = NEVER

    seg_from = np.empty((n, MAX_SEGMENTS), dtype=np.int32)
    seg_from[:, 0] = p.arrival
    seg_from[:, 1:] = days
    seg_mun = np.full((n, MAX_SEGMENTS), -1, dtype=np.int16)
    seg_mun[:, 0] = p.mun0
    cdf = _destination_cdf(mp)
    for s in (1, 2):
        moving = np.flatnonzero(seg_from[:, s] != NEVER)
        origin = seg_mun[moving, s - 1]
        seg_mun[moving, s] = pick_rows(cdf, origin, rng.random(len(moving)))

    # Case transfer: most moves switch the responsible municipality at once, some after 1-6 weeks.
    lag = np.where(rng.random((n, 2)) < 0.85, 0, rng.integers(1, 7, (n, 2))) * 7
    resp_from = seg_from.copy()
    resp_from[:, 1:] = np.where(seg_from[:, 1:] != NEVER, np.minimum(seg_from[:, 1:] + lag, NEVER), NEVER)
    resp_from[:, 1] = np.minimum(resp_from[:, 1], seg_from[:, 2])
    return Residence(seg_from=seg_from, seg_mun=seg_mun, resp_from=resp_from, leave=leave)


def residence_rows(res: Residence) -> dict[str, np.ndarray]:
    """Rows of the residence table: person (chunk index), municipality, valid_from, valid_to (NEVER = null)."""
    n = len(res.leave)
    nxt = np.concatenate([res.seg_from[:, 1:], np.full((n, 1), NEVER, dtype=np.int32)], axis=1)
    valid_to = np.where(nxt != NEVER, nxt, res.leave[:, None])
    exists = res.seg_from != NEVER
    person, seg = np.nonzero(exists)  # row-major: by person, then period
    return {
        "person": person,
        "municipality": res.seg_mun[person, seg],
        "valid_from": res.seg_from[person, seg],
        "valid_to": valid_to[person, seg],
    }
