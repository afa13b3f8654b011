"""The goal catalogue: the minister's goals of each year and their indicators, as versioned YAML."""

from jobmaal.catalog.loader import Catalog, default_catalog, load_catalog, load_year
from jobmaal.catalog.models import (
    Breakdown,
    Goal,
    Indicator,
    Text,
    YearCatalog,
)

__all__ = [
    "Breakdown",
    "Catalog",
    "Goal",
    "Indicator",
    "Text",
    "YearCatalog",
    "default_catalog",
    "load_catalog",
    "load_year",
]
