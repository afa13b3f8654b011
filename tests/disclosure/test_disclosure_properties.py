"""Property tests: on random nested tables, no small figure can be derived from what the gate shows."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobmaal.disclosure import DisclosurePolicy, disclose
from tests.disclosure.checker import leaks
from tests.disclosure.tables import BREAKDOWNS, Spec, build, facts, specs

KINDS = {b: kind for b, (kind, _) in BREAKDOWNS.items()}
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(spec=specs(), threshold=st.sampled_from([3, 5, 8]))
def test_no_primary_value_is_determined(spec: Spec, threshold: int) -> None:
    table = build(spec)
    out = disclose(table, DisclosurePolicy(threshold=threshold), geography=spec.geography, facts=facts()).frame
    assert leaks(table, out, spec.geography, KINDS, threshold) == []


@SETTINGS
@given(spec=specs())
def test_hidden_figures_are_null_and_shown_ones_unchanged(spec: Spec) -> None:
    table = build(spec)
    out = disclose(table, geography=spec.geography, facts=facts()).frame
    assert "numerator_persons" not in out.columns and "denominator_persons" not in out.columns
    hidden = out["suppressed"] != ""
    assert out.loc[hidden, ["value", "numerator", "denominator"]].isna().all().all()
    shown = ~hidden
    for col in ("numerator", "denominator", "value"):
        pd.testing.assert_series_equal(out.loc[shown, col], table.loc[shown, col].astype("float64"),
                                       check_names=False)
    small = (table["numerator_persons"].between(1, 4)) | (table["denominator_persons"].between(1, 4))
    assert (out.loc[small.to_numpy(), "suppressed"] == "primary").all()
    assert not (out.loc[~small.to_numpy(), "suppressed"] == "primary").any()


@settings(max_examples=60, deadline=None)
@given(spec=specs(), seed=st.integers(0, 2**16))
def test_result_does_not_depend_on_row_order(spec: Spec, seed: int) -> None:
    table = build(spec)
    shuffled = table.sample(frac=1.0, random_state=np.random.RandomState(seed)).reset_index(drop=True)
    keys = ["area_code", "period", "breakdown", "breakdown_value"]
    a = disclose(table, geography=spec.geography, facts=facts()).frame.sort_values(keys).reset_index(drop=True)
    b = disclose(shuffled, geography=spec.geography, facts=facts()).frame.sort_values(keys).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)


@settings(max_examples=60, deadline=None)
@given(spec=specs())
def test_linked_indicators_share_one_pattern(spec: Spec) -> None:
    # Two indicators with the same numerator (a count and a share of it) form one family.
    count = build(Spec(spec.geography, spec.breakdowns, False, spec.periods, spec.cells), indicator="starts")
    share = build(Spec(spec.geography, spec.breakdowns, True, spec.periods, spec.cells), indicator="share")
    table = pd.concat([count, share], ignore_index=True)
    families = {"starts": "share", "share": "share"}
    out = disclose(table, geography=spec.geography, facts=facts(families=families)).frame
    keys = ["area_code", "period", "breakdown", "breakdown_value"]
    hidden = out.assign(h=out["suppressed"] != "").pivot_table(index=keys, columns="indicator_id", values="h",
                                                                aggfunc="first")
    assert (hidden["starts"] == hidden["share"]).all()
    assert leaks(table, out, spec.geography, KINDS, 5, families) == []
