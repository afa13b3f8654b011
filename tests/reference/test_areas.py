from __future__ import annotations

import json
from pathlib import Path

import pytest

from jobmaal.errors import UnknownAreaError
from jobmaal.reference import COUNTRY_CODE, all_areas, area, municipalities, municipality, rar_areas, regions

GEOJSON = Path(__file__).resolve().parents[3] / "shared" / "data" / "municipalities.geojson"


def test_98_municipalities_5_regions_8_rar_areas() -> None:
    ms = municipalities()
    assert len(ms) == 98 and len({m.code for m in ms}) == 98
    assert sorted(regions()) == ["1081", "1082", "1083", "1084", "1085"]
    assert len(rar_areas()) == 8
    assert {m.region_code for m in ms} == set(regions())
    assert {m.rar_code for m in ms} == set(rar_areas())
    assert all(len(m.code) == 3 and m.code.isdigit() for m in ms)


@pytest.mark.parametrize("m", municipalities(), ids=lambda m: m.code)
def test_every_code_round_trips(m) -> None:  # type: ignore[no-untyped-def]
    assert municipality(m.code) is m
    assert municipality(m.name) is m
    assert municipality(m.name.upper()) is m
    assert area(m.code).name == m.name


def test_unknown_codes_are_clear_errors() -> None:
    with pytest.raises(UnknownAreaError, match="411 is Christiansø"):
        municipality("411")
    with pytest.raises(UnknownAreaError, match="'999'"):
        area("999")
    with pytest.raises(UnknownAreaError, match="'Narnia'"):
        municipality("Narnia")


def test_country_and_rar_membership() -> None:
    assert area(COUNTRY_CODE).name == "Hele landet"
    assert len(all_areas()) == 1 + 5 + 8 + 98
    assert municipality("400").rar_code == "R08"  # Bornholm has its own RAR
    assert municipality("Randers").code == "730"
    # job centres serving two municipalities
    assert municipality("563").job_centre == municipality("561").job_centre


@pytest.mark.skipif(not GEOJSON.is_file(), reason="shared boundary file ../shared/data/municipalities.geojson absent")
def test_codes_and_regions_agree_with_the_boundary_file() -> None:
    features = json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]
    geo = {f["properties"]["lau_1"]: f["properties"]["iso_3166_2"] for f in features}
    geo.pop("411")  # Christiansø is not a municipality
    assert set(geo) == {m.code for m in municipalities()}
    for m in municipalities():
        assert geo[m.code] == "DK-" + m.region_code[-2:]
