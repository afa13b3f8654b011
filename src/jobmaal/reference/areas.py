"""Look-ups of the 98 municipalities, the 5 regions, the 8 RAR areas and the country ("000").

Codes are strings: municipalities have the official three digits ("101"), regions the
official four ("1081"–"1085"), RAR areas jobmaal's own "R01"–"R08" (see docs/reference.md).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib.resources import files

from jobmaal.errors import UnknownAreaError

COUNTRY_CODE = "000"
COUNTRY_NAME = "Hele landet"

# Codes that look like municipalities but are not, with the reason shown to the user.
_NOT_MUNICIPALITIES = {
    "411": "411 is Christiansø, which is administered by the state and is not a municipality",
}


class AreaType(StrEnum):
    COUNTRY = "country"
    REGION = "region"
    RAR = "rar"
    MUNICIPALITY = "municipality"


@dataclass(frozen=True, slots=True)
class Municipality:
    code: str
    name: str
    region_code: str
    rar_code: str
    job_centre: str
    population: int  # approximate, used to size the synthetic data only


@dataclass(frozen=True, slots=True)
class Area:
    area_type: AreaType
    code: str
    name: str
    region_code: str | None = None
    rar_code: str | None = None


def _rows(name: str) -> list[dict[str, str]]:
    text = files("jobmaal.reference").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def municipalities() -> tuple[Municipality, ...]:
    """The 98 municipalities, in official code order."""
    rows = _rows("municipalities.csv")
    out = [
        Municipality(
            code=r["municipality_code"],
            name=r["name"],
            region_code=r["region_code"],
            rar_code=r["rar_code"],
            job_centre=r["job_centre"],
            population=int(r["population"]),
        )
        for r in rows
    ]
    return tuple(sorted(out, key=lambda m: m.code))


@cache
def regions() -> dict[str, str]:
    """Region code → Danish name."""
    return {r["region_code"]: r["name"] for r in _rows("regions.csv")}


@cache
def rar_areas() -> dict[str, str]:
    """RAR code → Danish name."""
    return {r["rar_code"]: r["name"] for r in _rows("rar_areas.csv")}


@cache
def _municipality_index() -> dict[str, Municipality]:
    index: dict[str, Municipality] = {}
    for m in municipalities():
        index[m.code] = m
        index[m.name.casefold()] = m
    return index


def municipality(code_or_name: str) -> Municipality:
    """A municipality by its three-digit code or its Danish name (case-insensitive)."""
    key = str(code_or_name).strip()
    if key.isdigit() and len(key) < 3:
        key = key.zfill(3)
    found = _municipality_index().get(key) or _municipality_index().get(key.casefold())
    if found is None:
        reason = _NOT_MUNICIPALITIES.get(key, "no municipality has this code or name")
        raise UnknownAreaError(f"unknown municipality {code_or_name!r}: {reason}")
    return found


@cache
def all_areas() -> tuple[Area, ...]:
    """Every area jobmaal computes: the country, regions, RAR areas, municipalities."""
    out = [Area(AreaType.COUNTRY, COUNTRY_CODE, COUNTRY_NAME)]
    out += [Area(AreaType.REGION, c, n, region_code=c) for c, n in regions().items()]
    out += [Area(AreaType.RAR, c, n, rar_code=c) for c, n in rar_areas().items()]
    out += [
        Area(AreaType.MUNICIPALITY, m.code, m.name, region_code=m.region_code, rar_code=m.rar_code)
        for m in municipalities()
    ]
    return tuple(out)


def area(code: str) -> Area:
    """Any area by code: "000", a region, a RAR area or a municipality."""
    for a in all_areas():
        if a.code == code:
            return a
    if code.isdigit() and len(code) == 3:
        municipality(code)  # raises with the municipality-specific reason
    raise UnknownAreaError(f"unknown area code {code!r}: not the country (000), a region, a RAR area "
                           "or a municipality")
