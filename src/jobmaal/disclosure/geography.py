"""How areas nest, as the gate needs it: municipality → region → country and municipality → RAR → country."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from jobmaal.reference import COUNTRY_CODE, municipalities


@dataclass(frozen=True)
class Geography:
    """Each municipality's region and RAR area; regions and RAR areas each add up to the country.

    The default is the real one from ``jobmaal.reference``; tests pass small made-up ones.
    """

    region_of: Mapping[str, str]
    rar_of: Mapping[str, str]
    country: str = COUNTRY_CODE
    regions: frozenset[str] = field(init=False)
    rars: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        if set(self.region_of) != set(self.rar_of):
            raise ValueError("every municipality needs both a region and a RAR area")
        object.__setattr__(self, "regions", frozenset(self.region_of.values()))
        object.__setattr__(self, "rars", frozenset(self.rar_of.values()))

    @property
    def municipalities(self) -> frozenset[str]:
        return frozenset(self.region_of)

    def area_types(self) -> dict[str, str]:
        """Area code → area type for every area of this geography."""
        out = {self.country: "country"}
        out |= {code: "region" for code in self.regions}
        out |= {code: "rar" for code in self.rars}
        out |= {code: "municipality" for code in self.region_of}
        return out


@cache
def reference_geography() -> Geography:
    """Denmark: the 98 municipalities with their regions and RAR areas."""
    return Geography(
        region_of={m.code: m.region_code for m in municipalities()},
        rar_of={m.code: m.rar_code for m in municipalities()},
    )
