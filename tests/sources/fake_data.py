"""Deterministic official figures for the fake Jobindsats and StatBank services, in their published shapes.

The municipal figures are made up but consistent: regions, RAR areas and the country are sums of their
municipalities, and every share is published rounded to one decimal as Jobindsats does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any

from jobmaal.reference import municipalities, rar_areas, regions

# Spellings as the sources write them (not all equal to jobmaal.reference's names).
SPELLING = {"751": "Århus", "169": "Høje Taastrup", "820": "Vesthimmerland", "480": "Nordfyn"}
MONTHS = tuple(f"{y}M{m:02d}" for y in (2020, 2021) for m in range(1, 13))[:18]  # 2020M01 … 2021M06
QMAT = ("2020QMAT04", "2021QMAT02")

PTVA02_MEASURES = ("Antal personer", "Antal fuldtidspersoner", "Fuldtidspersoner i pct. af arbejdsstyrken 16-66 år",
                   "Fuldtidspersoner i pct. af befolkningen 16-66 år")
GROUPS = ("Ydelsesgrupper i alt", "A-dagpenge", "Kontanthjælp", "Seniorpension")
SEXES = ("Køn i alt", "Mænd", "Kvinder")
MM13_MEASURES = (
    "Antal 18-66 årige flygtninge og familiesammenførte til flygtninge",
    "Antal 18-66 årige beskæftigede flygtninge og familiesammenførte til flygtninge i måneden",
    "Andel 18-66 årige beskæftigede flygtninge og familiesammenførte til flygtninge i måneden, pct. (ministermål)",
    "Antal 18-66 årige beskæftigede flygtninge og familiesammenførte til flygtninge (min.190 timer i kvartalet)",
    "Andel 18-66 årige beskæftigede flygtninge og familiesammenførte til flygtninge (min.190 timer i kvartalet)",
)
MM17_MEASURES = ("Antal personer der påbegynder uddannelse", "Antal ledige i alt",
                 "Andel der påbegynder uddannelse (pct.)")
Y30_PREFIX_N = "Forventet og faktisk antal fuldtidspersoner på offentlig forsørgelse: "
Y30_PREFIX_S = "Forventet og faktisk andel fuldtidspersoner på offentlig forsørgelse: "
Y30_MEASURES = (Y30_PREFIX_N + "Forventet antal", Y30_PREFIX_N + "Faktisk antal",
                Y30_PREFIX_S + "Forventet andel (pct.)", Y30_PREFIX_S + "Faktisk andel (pct.)",
                Y30_PREFIX_S + "Forskel mellem forventet og faktisk andel (pct. point)",
                "Placering på benchmarkranglisten")
Y30_GROUPS = ("Ydelsesgrupper i alt", "A-dagpenge mv.")


def area_names() -> list[tuple[str, str]]:
    """(name as published, jobmaal code) for the country, regions, RAR areas and municipalities."""
    out = [("Hele landet", "000")]
    out += [(name, code) for code, name in regions().items()]
    out += [(name, code) for code, name in rar_areas().items()]
    out += [(SPELLING.get(m.code, m.name), m.code) for m in municipalities()]
    return out


def _members(code: str) -> list[str]:
    munis = municipalities()
    if code == "000":
        return [m.code for m in munis]
    if code in regions():
        return [m.code for m in munis if m.region_code == code]
    if code in rar_areas():
        return [m.code for m in munis if m.rar_code == code]
    return [code]


def _wave(code: str, salt: int) -> float:
    n = int(code) if code.isdigit() else sum(map(ord, code))
    return math.sin(n * 0.37 + salt * 1.3)


@dataclass(frozen=True)
class Base:
    pop: float  # residents 16-66 (men and women alike: half each)
    fulltime: float  # full-time persons on public support, all groups
    refugees: float
    employed: float


@cache
def base(code: str, month_index: int) -> Base:
    m = next(x for x in municipalities() if x.code == code)
    pop = round(m.population * 0.64)
    share = 0.15 + 0.03 * _wave(code, 1) + 0.004 * math.sin(month_index / 12 * 2 * math.pi) - 0.0005 * month_index
    refugees = round(pop * (0.015 + 0.008 * (1 + _wave(code, 2))))
    employed = round(refugees * (0.42 + 0.08 * _wave(code, 3) + 0.002 * month_index))
    return Base(pop, round(pop * share), refugees, employed)


GROUP_SHARE = {"Ydelsesgrupper i alt": 1.0, "A-dagpenge": 0.18, "Kontanthjælp": 0.22, "Seniorpension": 0.05}
SEX_SHARE = {"Køn i alt": 1.0, "Mænd": 0.5, "Kvinder": 0.5}


@cache
def ptva02(area: str, period: str, group: str, sex: str) -> tuple[Any, ...]:
    i = MONTHS.index(period)
    bs = [base(c, i) for c in _members(area)]
    pop = sum(b.pop for b in bs) * SEX_SHARE[sex]
    ft = sum(b.fulltime for b in bs) * GROUP_SHARE[group] * SEX_SHARE[sex]
    persons = round(ft * 1.3)
    # numbers as strings, as some JSON answers carry them; the share with one decimal
    return (persons, f"{ft:.0f}", round(100 * ft / (pop * 0.8), 1), round(100 * float(f"{ft:.0f}") / pop, 1))


def mm13(area: str, period: str) -> tuple[Any, ...]:
    i = MONTHS.index(period)
    bs = [base(c, i) for c in _members(area)]
    den = sum(b.refugees for b in bs)
    num = sum(b.employed for b in bs)
    num190 = round(num * 0.7)
    return (den, num, round(100 * num / den, 1), num190, round(100 * num190 / den, 1))


def mm17(area: str, period: str) -> tuple[Any, ...]:
    i = MONTHS.index(period)
    bs = [base(c, i) for c in _members(area)]
    unemployed = sum(round(b.fulltime * 0.4) for b in bs)
    starts = sum(round(b.fulltime * 0.4 * (0.02 + 0.005 * _wave(c, 4))) for c, b in zip(_members(area), bs,
                                                                                        strict=True))
    return (starts, unemployed, round(100 * starts / unemployed, 1) if unemployed else "..")


def y30r21(area: str, period: str, group: str) -> tuple[Any, ...]:
    bs = [base(c, 11 if period == QMAT[0] else 17) for c in _members(area)]
    pop = sum(b.pop for b in bs)
    actual = sum(b.fulltime for b in bs) * (1.0 if group == Y30_GROUPS[0] else 0.18)
    expected = actual * (1 + 0.05 * _wave(area, 5))
    rank = None
    if area not in ("000", *regions(), *rar_areas()):
        diffs = sorted((_wave(m.code, 5), m.code) for m in municipalities())
        rank = next(k for k, (_, c) in enumerate(diffs, start=1) if c == area)
    e_share, a_share = round(100 * expected / pop, 1), round(100 * actual / pop, 1)
    return (round(expected), round(actual), e_share, a_share, round(e_share - a_share, 1), rank)


# StatBank: FOLK1A (OMRÅDE, KØN, ALDER, CIVILSTAND, Tid) and HFUDD11 (BOPOMR, HERKOMST, HFUDD, ALDER, KØN, Tid)
SB_AREAS = ["000", "081", "082", "083", "084", "085", *[m.code for m in municipalities()], "411"]
SB_REGION = {"081": "1081", "082": "1082", "083": "1083", "084": "1084", "085": "1085"}
AGES = [str(a) for a in range(0, 100)]
HFUDD = ["TOT", "H10", "H20", "H30", "H35", "H40", "H50", "H60", "H70", "H80", "H90"]
BANDS = [f"{a}-{a + 4}" for a in range(15, 70, 5)]


def _sb_members(code: str) -> list[str]:
    if code == "411":
        return []
    if code in SB_REGION:
        return _members(SB_REGION[code])
    return _members(code)


@cache
def folk1a(area: str, sex: str, age: str, time: str) -> int:
    """Residents of one single-year age: a smooth profile scaled to the municipality's size."""
    if area == "411":
        return 90 if age == "IALT" else (1 if age.isdigit() and int(age) < 90 else 0)
    total = 0
    for code in _sb_members(area):
        m = next(x for x in municipalities() if x.code == code)
        scale = m.population * (1.01 if time.startswith("2021") else 1.0) / 100
        ages = range(100) if age == "IALT" else [int(age)]
        tilt = 0.2 * _wave(code, 6)
        total += sum(scale * (1.2 - a / 100 + tilt * (a - 45) / 100) for a in ages)
    return round(total / (2 if sex in ("1", "2") else 1))


@cache
def hfudd11(area: str, edu: str, band: str, time: str) -> int:
    total = 0
    for code in _sb_members(area):
        m = next(x for x in municipalities() if x.code == code)
        people = m.population / 15
        share = {"H10": 0.17 + 0.04 * _wave(code, 7), "H20": 0.08, "H30": 0.33, "H35": 0.02, "H40": 0.05,
                 "H50": 0.15, "H60": 0.04, "H70": 0.09, "H80": 0.01, "H90": 0.06 - 0.04 * _wave(code, 7)}
        total += people if edu == "TOT" else people * share[edu]
    return round(total)


def expected_unskilled(code: str) -> float:
    w = _wave(code, 7)
    return 100 * (0.17 + 0.04 * w + 0.08) / (1 - (0.06 - 0.04 * w))
