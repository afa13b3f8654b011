"""``disclose_shares``: shares published beside the gate (framework conditions) pass the same threshold."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from jobmaal.disclosure import DisclosurePolicy, ShareGroup, disclose_shares

ONE = (ShareGroup("d", (("x", "n"),)),)
TWO = (ShareGroup("d", (("a", "n1"), ("b", "n2"))),)


def _one(rows: list[tuple[int, int]], policy: DisclosurePolicy | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    counts = pd.DataFrame(rows, columns=["d", "n"])
    return disclose_shares(counts, ONE, policy or DisclosurePolicy())


def test_numerator_denominator_and_complement() -> None:
    shares, status = _one([(20, 2), (20, 0), (20, 5), (0, 0), (3, 0), (10, 8), (10, 10)])
    assert status["x"].tolist() == ["primary", "", "", "", "primary", "primary", ""]
    assert np.isnan(shares["x"][0]) and shares["x"][1] == 0.0 and shares["x"][2] == pytest.approx(25.0)
    assert np.isnan(shares["x"][3])  # a zero denominator: missing, not suppressed
    assert np.isnan(shares["x"][4]) and np.isnan(shares["x"][5])  # 3 persons; 100 % − 80 % of 10 is 2
    assert shares["x"][6] == 100.0  # the complement is 0: shown, as the gate shows zeros


def test_suppress_zeros_and_another_threshold() -> None:
    _, status = _one([(20, 0), (20, 6)], DisclosurePolicy(suppress_zeros=True))
    assert status["x"].tolist() == ["primary", ""]
    _, status = _one([(20, 6), (20, 2)], DisclosurePolicy(threshold=7))
    assert status["x"].tolist() == ["primary", "primary"]


def test_a_small_rest_of_a_group_hides_one_more_share() -> None:
    counts = pd.DataFrame([(25, 12, 10), (23, 10, 10), (25, 0, 22), (25, 2, 20), (25, 10, 10)],
                          columns=["d", "n1", "n2"])
    counts.loc[4, "d"] = 30  # rest 10: nothing more to hide
    shares, status = disclose_shares(counts, TWO, DisclosurePolicy())
    # Rest 3: the smaller share; on a tie the first. Beside a zero the other share's complement is the rest.
    assert status[["a", "b"]].to_numpy().tolist() == [
        ["", "secondary"], ["secondary", ""], ["", "primary"], ["primary", ""], ["", ""]]
    # Row 3: 2 persons already hidden, so the rest of 3 is not determined: nothing more hidden.
    assert shares["b"][3] == pytest.approx(80.0)


def test_the_result_does_not_depend_on_the_row_order() -> None:
    rng = np.random.default_rng(4)
    d = rng.integers(0, 30, 200)
    n1 = (d * rng.random(200)).astype(int)
    n2 = ((d - n1) * rng.random(200)).astype(int)
    counts = pd.DataFrame({"d": d, "n1": n1, "n2": n2})
    shares, status = disclose_shares(counts, TWO, DisclosurePolicy())
    order = rng.permutation(200)
    shares2, status2 = disclose_shares(counts.iloc[order], TWO, DisclosurePolicy())
    pd.testing.assert_frame_equal(status2.sort_index(), status)
    pd.testing.assert_frame_equal(shares2.sort_index(), shares)
    # And every shown share passes the rule read plainly.
    for i, row in counts.iterrows():
        for col, n in (("a", row.n1), ("b", row.n2)):
            if not np.isnan(shares.loc[i, col]):
                assert not (0 < n < 5 or 0 < row.d < 5 or 0 < row.d - n < 5), (row.tolist(), col)
        rest = row.d - row.n1 - row.n2
        if 0 < rest < 5:
            assert shares.loc[i, ["a", "b"]].isna().any(), row.tolist()
