"""Statistical disclosure control (diskretionering): the one gate every output passes.

``disclose(values, policy)`` hides every figure based on fewer persons than the threshold
(primary suppression) and enough other figures that none of them can be derived from totals
(secondary suppression), and returns ``DisclosedValues``: the only thing outputs may publish.
``disclose_shares`` applies the same threshold to shares published beside the gate (the framework
conditions derived from register data). See docs/disclosure.md.
"""

from jobmaal.disclosure.bypass import bypass, bypass_log_path, bypass_warning, log_bypass
from jobmaal.disclosure.facts import CatalogFacts, default_facts, facts_from_catalog
from jobmaal.disclosure.gate import OUTPUT_COLUMNS, DisclosedValues, disclose
from jobmaal.disclosure.geography import Geography, reference_geography
from jobmaal.disclosure.markers import PRIMARY, SECONDARY, SYMBOL, Marker, legend, marker
from jobmaal.disclosure.policy import DEFAULT_POLICY, DisclosurePolicy
from jobmaal.disclosure.primary import small_counts
from jobmaal.disclosure.shares import ShareGroup, disclose_shares

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
    "ShareGroup",
    "bypass",
    "bypass_log_path",
    "bypass_warning",
    "default_facts",
    "disclose",
    "disclose_shares",
    "facts_from_catalog",
    "legend",
    "log_bypass",
    "marker",
    "reference_geography",
    "small_counts",
]
