"""The disclosure policy: when is a figure too small to show.

Built once at the edge (settings, CLI, app factory) and passed to the gate. Frozen, and
validated on construction: a threshold below 3 persons needs an explicit ``allow_below_3``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from jobmaal.errors import DisclosureError

DEFAULT_THRESHOLD = 5
DEFAULT_SURVEY_MIN_RESPONSES = 10
_LOWEST_WITHOUT_FLAG = 3


@dataclass(frozen=True, slots=True)
class DisclosurePolicy:
    """The rules of primary suppression (secondary suppression follows from them).

    - ``threshold``: a figure is suppressed when the distinct persons behind its numerator or its
      denominator are at least 1 and fewer than this (default 5, as on Jobindsats.dk).
    - ``survey_min_responses``: a survey figure without person counts (the recruitment survey) is
      suppressed when it rests on at least 1 and fewer than this many responses (its denominator).
    - ``suppress_zeros``: also suppress counts of 0. Off by default: a 0 is shown, as in Danish
      official statistics; a zero denominator gives a missing value, not a suppressed one.
    - ``distinguish_secondary``: markers tell primary and secondary suppression apart. Turn it off
      to give both the same explanation, so that readers cannot tell which hidden cell is the small one.
    """

    threshold: int = DEFAULT_THRESHOLD
    survey_min_responses: int = DEFAULT_SURVEY_MIN_RESPONSES
    allow_below_3: bool = False
    suppress_zeros: bool = False
    distinguish_secondary: bool = True

    def __post_init__(self) -> None:
        for name in ("threshold", "survey_min_responses"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise DisclosureError(f"disclosure policy: {name} must be a whole number, got {value!r}")
            if value < 1:
                raise DisclosureError(f"disclosure policy: {name} must be at least 1, got {value}")
        if self.threshold < _LOWEST_WITHOUT_FLAG and not self.allow_below_3:
            raise DisclosureError(
                f"disclosure policy: threshold {self.threshold} is below {_LOWEST_WITHOUT_FLAG} persons; "
                "set allow_below_3 explicitly if this installation really may publish such small figures"
            )

    @classmethod
    def from_mapping(cls, settings: Mapping[str, Any], where: str = "settings") -> DisclosurePolicy:
        """A policy from a settings section (e.g. ``[disclosure]`` of a config file); unknown keys are errors."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(settings) - known)
        if unknown:
            raise DisclosureError(f"{where}: unknown disclosure setting(s) {unknown}; known: {sorted(known)}")
        return cls(**dict(settings))


DEFAULT_POLICY = DisclosurePolicy()
