"""The policy's validation and the markers' texts in Danish and English."""

from __future__ import annotations

import pytest

from jobmaal.disclosure import SYMBOL, DisclosurePolicy, legend, marker
from jobmaal.errors import DisclosureError


def test_default_policy() -> None:
    p = DisclosurePolicy()
    assert (p.threshold, p.survey_min_responses, p.suppress_zeros, p.distinguish_secondary) == (5, 10, False, True)


def test_threshold_below_3_needs_the_explicit_flag() -> None:
    with pytest.raises(DisclosureError, match="threshold 2 is below 3 persons; set allow_below_3"):
        DisclosurePolicy(threshold=2)
    assert DisclosurePolicy(threshold=2, allow_below_3=True).threshold == 2
    assert DisclosurePolicy(threshold=3).threshold == 3
    with pytest.raises(DisclosureError, match="threshold must be at least 1"):
        DisclosurePolicy(threshold=0, allow_below_3=True)
    with pytest.raises(DisclosureError, match="survey_min_responses must be a whole number"):
        DisclosurePolicy(survey_min_responses=2.5)  # type: ignore[arg-type]


def test_policy_from_settings_refuses_unknown_keys() -> None:
    assert DisclosurePolicy.from_mapping({"threshold": 10}).threshold == 10
    with pytest.raises(DisclosureError, match=r"jobmaal.toml: unknown disclosure setting\(s\) \['treshold'\]"):
        DisclosurePolicy.from_mapping({"treshold": 10}, where="jobmaal.toml")


def test_policy_is_frozen() -> None:
    p = DisclosurePolicy()
    with pytest.raises(AttributeError):
        p.threshold = 1  # type: ignore[misc]


def test_markers_in_both_languages_name_the_threshold() -> None:
    p = DisclosurePolicy(threshold=4)
    da, en = marker("primary", "da", p), marker("primary", "en", p)
    assert da is not None and en is not None
    assert (da.symbol, da.text) == (SYMBOL, "Diskretioneret: tallet bygger på færre end 4 personer")
    assert en.text == "Suppressed: the figure is based on fewer than 4 persons"
    sec = marker("secondary", "da", p)
    assert sec is not None and sec.text == "Diskretioneret for at beskytte et andet diskretioneret tal"
    en_sec = marker("secondary", "en", p)
    assert en_sec is not None and en_sec.text == "Suppressed to protect another suppressed figure"
    survey = marker("primary", "da", p, responses=True)
    assert survey is not None and survey.text == "Diskretioneret: tallet bygger på færre end 10 besvarelser"
    assert marker("", "da") is None and marker(None, "en") is None


def test_markers_can_hide_which_cell_is_the_small_one() -> None:
    p = DisclosurePolicy(distinguish_secondary=False)
    assert marker("primary", "en", p) == marker("secondary", "en", p)
    assert marker("primary", "da", p, responses=True) == marker("secondary", "da", p, responses=True)
    assert len(legend("en", p)) == 2
    assert [m.text for m in legend("en")] == [
        "Suppressed: the figure is based on fewer than 5 persons",
        "Suppressed: the figure is based on fewer than 10 responses",
        "Suppressed to protect another suppressed figure",
    ]


def test_unknown_language_or_status_is_an_error() -> None:
    with pytest.raises(DisclosureError, match="unknown language 'de'"):
        marker("primary", "de")
    with pytest.raises(DisclosureError, match="unknown status 'tertiary'"):
        marker("tertiary", "da")
