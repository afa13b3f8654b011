"""Statistical disclosure control (diskretionering): the one gate every output passes.

``disclose(values, policy)`` hides every figure based on fewer persons than the threshold
(primary suppression) and enough other figures that none of them can be derived from totals
(secondary suppression), and returns ``DisclosedValues``: the only thing outputs may publish.
See docs/disclosure.md.
"""

from jobmaal.disclosure.bypass import bypass, bypass_log_path, bypass_warning, log_bypass
from jobmaal.disclosure.facts import CatalogFacts, default_facts, facts_from_catalog
from jobmaal.disclosure.gate import OUTPUT_COLUMNS, DisclosedValues, disclose
from jobmaal.disclosure.geography import Geography, reference_geography
from jobmaal.disclosure.markers import PRIMARY, SECONDARY, SYMBOL, Marker, legend, marker
from jobmaal.disclosure.policy import DEFAULT_POLICY, DisclosurePolicy

__all__ = [
    "DEFAULT_POLICY",
    "OUTPUT_COLUMNS",
    "PRIMARY",
    "SECONDARY",
    "SYMBOL",
    "CatalogFacts",
    "DisclosedValues",
    "DisclosurePolicy",
    "Geography",
    "Marker",
    "bypass",
    "bypass_log_path",
    "bypass_warning",
    "default_facts",
    "disclose",
    "facts_from_catalog",
    "legend",
    "log_bypass",
    "marker",
    "reference_geography",
]
