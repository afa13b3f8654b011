"""Names shown in the XLSX and JSON-stat exports: areas, indicators and column headings, in Danish or English."""

from __future__ import annotations

from functools import cache

from jobmaal.catalog import Catalog, default_catalog
from jobmaal.reference import all_areas


@cache
def area_names() -> dict[str, str]:
    """Area code → name (the country, regions, RAR areas and municipalities)."""
    return {a.code: a.name for a in all_areas()}


def indicator_title(indicator_id: str, lang: str, catalog: Catalog | None = None) -> str:
    catalog = catalog or default_catalog()
    ind = catalog.indicators.get(indicator_id)
    return ind.title.get(lang) if ind is not None else indicator_id


UNIT_NAMES = {
    ("percent", "da"): "procent", ("percent", "en"): "percent",
    ("persons", "da"): "personer", ("persons", "en"): "persons",
    ("full_time_persons", "da"): "fuldtidspersoner", ("full_time_persons", "en"): "full-time persons",
}

HEADINGS = {
    "indicator_id": ("Indikator-id", "Indicator id"),
    "indicator": ("Indikator", "Indicator"),
    "area_type": ("Områdetype", "Area type"),
    "area_code": ("Områdekode", "Area code"),
    "area_name": ("Område", "Area"),
    "period": ("Periode", "Period"),
    "breakdown": ("Opdeling", "Breakdown"),
    "breakdown_value": ("Opdelingsværdi", "Breakdown value"),
    "value": ("Værdi", "Value"),
    "numerator": ("Tæller", "Numerator"),
    "denominator": ("Nævner", "Denominator"),
    "suppressed": ("Diskretioneret", "Suppressed"),
    "explanation": ("Forklaring", "Explanation"),
}


def heading(column: str, lang: str) -> str:
    da, en = HEADINGS.get(column, (column, column))
    return en if lang == "en" else da
