"""The 98 municipalities of the synthetic Denmark: size, framework conditions and the hidden effort.

Everything is drawn once from the seed, so every chunk of persons sees the same
municipalities. The framework conditions ("rammevilkår") shape who lives where and how
often they need support; the planted effort is a standard-normal number per municipality
that improves outcomes on top of them (see docs/synthetic-data.md), so that an
expected-level model has something true to find.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from jobmaal.reference import municipalities, rar_areas

_CAPITAL_REGION = "1084"
# RAR areas whose labour markets are weaker than the rest in this synthetic Denmark.
_RAR_BASE = {"R01": 0.12, "R02": -0.10, "R03": -0.05, "R04": 0.0, "R05": 0.05, "R06": 0.10, "R07": -0.02,
             "R08": 0.20}


@dataclass(frozen=True)
class MunicipalityParams:
    codes: tuple[str, ...]
    weight: np.ndarray  # share of the population
    rar_index: np.ndarray  # index into rar_codes
    rar_codes: tuple[str, ...]
    urban: np.ndarray  # standardised log population
    unskilled: np.ndarray  # target share unskilled among adults 25+
    higher: np.ndarray  # share with higher education among the skilled
    refugee: np.ndarray  # share refugees and family-reunified refugees
    immigrant: np.ndarray  # share other immigrants
    young_tilt: np.ndarray  # > 0: younger population than the country
    rar_unemployment: np.ndarray  # per RAR area, log scale
    unemployment: np.ndarray  # local level of unemployment, log scale (RAR level + own part)
    effort: np.ndarray  # the planted effort, standard normal

    @property
    def n(self) -> int:
        return len(self.codes)

    def to_meta(self) -> dict[str, Any]:
        """The drawn parameters for ``_jobmaal_meta.json`` (rounded: readable and stable)."""

        def r(x: float) -> float:
            return round(float(x), 6)

        framework = {
            code: {
                "share_unskilled_target": r(self.unskilled[i]),
                "share_higher_of_skilled": r(self.higher[i]),
                "share_refugees_target": r(self.refugee[i]),
                "share_other_immigrants_target": r(self.immigrant[i]),
                "young_tilt": r(self.young_tilt[i]),
                "local_unemployment": r(self.unemployment[i]),
                "rar_unemployment": r(self.rar_unemployment[self.rar_index[i]]),
            }
            for i, code in enumerate(self.codes)
        }
        return {
            "planted_effort": {code: r(self.effort[i]) for i, code in enumerate(self.codes)},
            "framework_conditions": framework,
        }


def draw_municipalities(seed: int) -> MunicipalityParams:
    """Draw the municipalities' parameters from the seed (the same for every chunk)."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, 7301]))
    munis = municipalities()
    n = len(munis)
    pop = np.array([m.population for m in munis], dtype=np.float64)
    rar_codes = tuple(sorted(rar_areas()))
    rar_index = np.array([rar_codes.index(m.rar_code) for m in munis])
    capital = np.array([m.region_code == _CAPITAL_REGION for m in munis], dtype=np.float64)
    log_pop = np.log(pop)
    urban = (log_pop - log_pop.mean()) / log_pop.std()

    z = rng.standard_normal((6, n))
    unskilled = np.clip(0.27 - 0.025 * urban - 0.02 * capital + 0.035 * z[0], 0.12, 0.42)
    higher = np.clip(0.42 + 0.06 * urban + 0.06 * capital + 0.04 * z[1], 0.25, 0.75)
    # Refugees are spread over the country by the dispersal rules, so only weakly urban.
    refugee = 0.033 * np.exp(0.10 * urban + 0.30 * z[2])
    immigrant = np.clip(0.075 * np.exp(0.30 * urban + 0.40 * capital + 0.30 * z[3]), 0.02, 0.30)
    young_tilt = 0.35 * urban + 0.25 * z[4]
    rar_unemployment = np.array([_RAR_BASE[c] for c in rar_codes]) + 0.08 * rng.standard_normal(len(rar_codes))
    # Small rural municipalities have weaker local labour markets; the own part is kept small so
    # that a model with the RAR area's level recovers most of it.
    unemployment = rar_unemployment[rar_index] - 0.05 * urban + 0.05 * z[5]
    effort = np.random.default_rng(np.random.SeedSequence([seed, 7302])).standard_normal(n)
    return MunicipalityParams(
        codes=tuple(m.code for m in munis),
        weight=pop / pop.sum(),
        rar_index=rar_index,
        rar_codes=rar_codes,
        urban=urban,
        unskilled=unskilled,
        higher=higher,
        refugee=refugee,
        immigrant=immigrant,
        young_tilt=young_tilt,
        rar_unemployment=rar_unemployment,
        unemployment=unemployment,
        effort=effort,
    )


def allocate(persons: int, weight: np.ndarray, seed: int) -> np.ndarray:
    """The first municipality of every person: exact shares (largest remainder), shuffled by the seed.

    Every municipality with a share gets at least one person once there are as many
    persons as municipalities.
    """
    exact = persons * weight
    counts = np.floor(exact).astype(np.int64)
    if persons >= len(weight):
        counts = np.maximum(counts, 1)
    rest = persons - counts.sum()
    if rest > 0:
        order = np.argsort(-(exact - counts), kind="stable")
        counts[order[:rest]] += 1
    while rest < 0:  # the minimum of one took persons from elsewhere: take them from the largest
        biggest = int(np.argmax(counts))
        take = min(-rest, counts[biggest] - 1)
        counts[biggest] -= take
        rest += take
    out = np.repeat(np.arange(len(weight), dtype=np.int16), counts)
    np.random.default_rng(np.random.SeedSequence([seed, 7303])).shuffle(out)
    return out
