"""Primary suppression: which figures rest on too few persons (or survey responses).

A row is small on its numerator side or its denominator side:
- with person counts (register data, survey-linked register data): ``numerator_persons`` or
  ``denominator_persons`` is below the threshold;
- survey figures without person counts (the recruitment survey): the responses behind it (the
  denominator, or the numerator of a count) are below ``survey_min_responses``;
- other figures without person counts (aggregated tables): the numerator or denominator count
  itself is below the threshold.
A count of 0 is small only under ``suppress_zeros``; a missing count is never small.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from jobmaal.disclosure.facts import CatalogFacts
from jobmaal.disclosure.policy import DisclosurePolicy


@dataclass(frozen=True)
class PrimaryFlags:
    """Per input row: small numerator side, small denominator side, and whether the survey rule applied."""

    numerator_small: np.ndarray
    denominator_small: np.ndarray
    responses_rule: np.ndarray

    @property
    def primary(self) -> np.ndarray:
        return self.numerator_small | self.denominator_small


def small_counts(counts: np.ndarray, limit: int, policy: DisclosurePolicy) -> np.ndarray:
    """Counts that are small under the policy: at least 1 (0 too under ``suppress_zeros``), below ``limit``."""
    lower = counts >= 0 if policy.suppress_zeros else counts > 0
    return lower & (counts < limit)  # NaN compares False: a missing count is not small


def primary_flags(df: pd.DataFrame, policy: DisclosurePolicy, facts: CatalogFacts) -> PrimaryFlags:
    num_p = df["numerator_persons"].to_numpy(dtype="float64")
    den_p = df["denominator_persons"].to_numpy(dtype="float64")
    num = df["numerator"].to_numpy(dtype="float64")
    den = df["denominator"].to_numpy(dtype="float64")

    codes, ids = pd.factorize(df["indicator_id"])
    sources = np.array([facts.source(str(i)) for i in ids], dtype=object)[codes]
    has_persons = ~np.isnan(num_p) | ~np.isnan(den_p)
    survey = (sources == "survey") & ~has_persons
    counts_only = ~has_persons & ~survey

    t = policy.threshold
    num_small = np.where(has_persons, small_counts(num_p, t, policy), False)
    den_small = np.where(has_persons, small_counts(den_p, t, policy), False)
    num_small |= counts_only & small_counts(num, t, policy)
    den_small |= counts_only & small_counts(den, t, policy)

    responses = np.where(np.isnan(den), num, den)
    den_small |= survey & small_counts(responses, policy.survey_min_responses, policy)
    return PrimaryFlags(num_small.astype(bool), den_small.astype(bool), survey)
