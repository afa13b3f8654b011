"""Reference data: municipalities, regions, RAR areas and the country, shipped as CSV files."""

from jobmaal.reference.areas import (
    COUNTRY_CODE,
    Area,
    AreaType,
    Municipality,
    all_areas,
    area,
    municipalities,
    municipality,
    rar_areas,
    regions,
)

__all__ = [
    "COUNTRY_CODE",
    "Area",
    "AreaType",
    "Municipality",
    "all_areas",
    "area",
    "municipalities",
    "municipality",
    "rar_areas",
    "regions",
]
