"""The entry point on constructed values: every figure a page needs, and missing never an error."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr

from jobmaal.analysis import Comparison, Status, followup, to_jsonable
from jobmaal.analysis.rows import indicator_rows, municipality_rows

from ._build import CODES, conditions, recruitment_values, share_values

SHARE = "mm13_refugees_employed_share"


@pytest.fixture(scope="module")
def setup() -> tuple[pd.DataFrame, pd.DataFrame, dict[str, float]]:
    cond = conditions()
    rng = np.random.default_rng(3)
    effort = {code: float(rng.normal(0, 0.3)) for code in CODES}
    values = share_values(cond, effort=effort)
    # 147 has nobody in the population in March 2021: a zero denominator.
    hole = (values["area_code"] == "147") & (values["period"] == pd.Timestamp(2021, 3, 1))
    values.loc[hole, ["numerator", "denominator", "value"]] = [0.0, 0.0, np.nan]
    values = pd.concat([values, recruitment_values()], ignore_index=True)
    return values, cond, effort


def test_one_municipality(setup) -> None:
    values, cond, _ = setup
    targets = pd.DataFrame([{"indicator_id": SHARE, "municipality_code": "101", "year": 2021,
                             "kind": "average_year", "value": 99.0}])
    result = followup(values, 2021, "København", targets, conditions=cond)
    assert [m.code for m in result.municipalities] == ["101"]
    m = result.municipality("101")
    assert m.name == "København" and m.cluster is not None and "101" in m.cluster_members
    assert [g.number for g in m.goals] == [1, 2, 3, 4, 5]
    ind = m.indicator(SHARE)
    assert ind.latest is not None and ind.latest.period_from.isoformat() == "2021-12-01"
    assert ind.year_to_date is not None and ind.year_to_date.periods == 12
    assert ind.latest.change == pytest.approx(ind.latest.value - ind.latest.last_year)
    assert ind.year_to_date.country is not None and ind.year_to_date.cluster is not None
    exp = ind.year_to_date.expected
    assert exp is not None and exp.ranked == 98 and 1 <= exp.rank <= 98
    assert exp.lower < exp.expected < exp.upper
    assert exp.difference == pytest.approx(ind.year_to_date.value - exp.expected)
    # A complete year far below an unreachable target.
    assert ind.target is not None and ind.target.periods_observed == 12
    assert ind.status is not Status.NO_TARGET and ind.status is not Status.ACHIEVED
    assert ind.status.label.da
    # 36 months of series, the year's months with an expected level, STL from two years on.
    assert len(ind.series) == 36
    assert all(p.expected is not None for p in ind.series[24:])
    assert all(p.expected is None for p in ind.series[:24])
    assert ind.series[-1].seasonally_adjusted is not None and ind.series[-1].rolling_year is not None
    # Indicators without values in the results are there, empty, not an error.
    disability = m.indicator("disability_employment_rate")
    assert disability.latest is None and disability.status is Status.NO_TARGET
    json.dumps(to_jsonable(result))  # everything serialises


def test_zero_denominator_is_missing_not_an_error(setup) -> None:
    values, cond, _ = setup
    result = followup(values, 2021, "147", conditions=cond, indicators=[SHARE])
    ind = result.municipality("147").indicator(SHARE)
    march = next(p for p in ind.series if p.period.isoformat() == "2021-03-01")
    assert march.value is None and march.expected is None
    assert ind.year_to_date is not None and ind.year_to_date.value is not None  # pooled over the other months
    assert ind.year_to_date.periods == 11


def test_all_municipalities_for_one_indicator(setup) -> None:
    values, cond, effort = setup
    result = followup(values, 2021, conditions=cond, indicators=[SHARE], with_series=False)
    rows = result.indicator_rows(SHARE)
    assert len(rows) == 98
    ranks = sorted(ind.year_to_date.expected.rank for _, ind in rows)
    assert ranks == list(range(1, 99))
    diffs = [ind.year_to_date.expected.difference for _, ind in rows]
    assert spearmanr(diffs, [effort[m.code] for m, _ in rows]).statistic > 0.9
    assert all(ind.series == () for _, ind in rows)
    flat = indicator_rows(result, SHARE)
    assert len(flat) == 98 and flat[0]["goal"] == 3
    assert {r["vs_expected"] for r in flat} <= {c.value for c in Comparison}
    assert result.models[0].indicator_id == SHARE and result.models[0].municipalities == 98


def test_rar_level_indicator_shows_the_rar_area(setup) -> None:
    values, cond, _ = setup
    result = followup(values, 2021, "101", conditions=cond, indicators=["recruitment_unsuccessful_share"])
    ind = result.municipality("101").indicator("recruitment_unsuccessful_share")
    assert ind.area_type == "rar" and ind.area_code == "R07"
    assert ind.latest is not None and ind.latest.period_from.isoformat() == "2021-07-01"
    # R07 is the 7th RAR area: 10 + 6 + 1 unsuccessful of 100 in 2021, one more than in 2020.
    assert ind.latest.value == pytest.approx(17.0)
    assert ind.latest.change == pytest.approx(1.0)
    assert ind.year_to_date.expected is None and ind.year_to_date.cluster is None
    assert ind.vs_last_year is Comparison.WORSE  # lower is better


def test_municipality_rows_cover_goals_and_context(setup) -> None:
    values, cond, _ = setup
    result = followup(values, 2021, "101", conditions=cond, with_series=False)
    rows = municipality_rows(result.municipalities[0])
    ids = [r["indicator_id"] for r in rows]
    assert ids[-1] == "public_support_fulltime_share" and rows[-1]["goal"] is None
    assert SHARE in ids and all(r["status"] == "no_target" for r in rows)


def test_unknown_municipality_is_a_clear_error(setup) -> None:
    from jobmaal.errors import UnknownAreaError

    values, cond, _ = setup
    with pytest.raises(UnknownAreaError, match="411 is Christiansø"):
        followup(values, 2021, "411", conditions=cond)


def test_status_counts_for_the_front_page(setup) -> None:
    values, cond, _ = setup
    targets = pd.DataFrame([{"indicator_id": SHARE, "municipality_code": c, "year": 2021, "kind": "average_year",
                             "value": v} for c, v in (("101", 1.0), ("147", 99.0))])
    result = followup(values, 2021, targets=targets, conditions=cond, indicators=[SHARE], with_series=False)
    counts = result.status_counts(SHARE)
    assert list(counts) == list(Status)
    assert counts[Status.ACHIEVED] == 1 and counts[Status.NO_TARGET] == 96 and sum(counts.values()) == 98
    assert result.municipality("147").indicator(SHARE).status in (Status.LIMITED_PROGRESS, Status.MOVING_AWAY)


def test_disclosed_values_stay_hidden(setup) -> None:
    """On the gate's output (suppressed figures are null) nothing of a suppressed figure comes back."""
    values, cond, _ = setup
    frame = values.copy()
    frame["suppressed"] = ""
    hidden = frame["area_code"] == "101"
    frame.loc[hidden, ["value", "numerator", "denominator"]] = np.nan
    frame.loc[hidden, "suppressed"] = "primary"
    result = followup(frame, 2021, conditions=cond, indicators=[SHARE], with_series=True)
    ind = result.municipality("101").indicator(SHARE)
    assert ind.latest.value is None and ind.year_to_date.value is None
    assert ind.year_to_date.expected.expected is None and ind.year_to_date.expected.rank is None
    assert all(p.value is None and p.expected is None for p in ind.series)
    other = result.municipality("147").indicator(SHARE).year_to_date.expected
    assert other.ranked == 97
    # The cluster of 101 is pooled over its other members only.
    m = result.municipality("101")
    members = [c for c in m.cluster_members if c != "101"]
    sel = frame[(frame["indicator_id"] == SHARE) & frame["area_code"].isin(members)
                & (frame["period"].dt.year == 2021)]
    assert ind.year_to_date.cluster == pytest.approx(100 * sel["numerator"].sum() / sel["denominator"].sum())
