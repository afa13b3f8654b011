"""The expected-level model: recovers a planted linear effect and a planted effort; missing stays missing."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.special import expit
from scipy.stats import spearmanr

from jobmaal.analysis.conditions import VARIABLE_KEYS
from jobmaal.analysis.expected import fit_expected
from jobmaal.analysis.labels import Comparison

from ._build import CODES, conditions

VARS = list(VARIABLE_KEYS)


def _one_period(cond: pd.DataFrame, eta: np.ndarray, den: np.ndarray, rng: np.random.Generator | None = None
                ) -> pd.DataFrame:
    p = expit(eta)
    num = rng.binomial(den.astype(int), p).astype(float) if rng is not None else den * p
    return pd.DataFrame({"value": 100 * num / den, "numerator": num, "denominator": den}, index=CODES)


def _z(cond: pd.DataFrame, key: str) -> np.ndarray:
    col = cond.set_index("municipality_code").loc[CODES, key].to_numpy()
    return (col - col.mean()) / col.std()


def test_recovers_a_planted_linear_effect_exactly_without_noise() -> None:
    cond = conditions()
    eta = -0.7 - 0.5 * _z(cond, "unskilled_share") + 0.3 * _z(cond, "refugee_share")
    den = np.random.default_rng(0).integers(200, 5000, len(CODES)).astype(float)
    fit = fit_expected(_one_period(cond, eta, den), cond.set_index("municipality_code"), VARS,
                       percent=True, higher_is_better=True)
    assert fit is not None and fit.kind == "binomial" and fit.n == 98
    assert fit.coefficients["intercept"] == pytest.approx(-0.7, abs=1e-6)
    assert fit.coefficients["unskilled_share"] == pytest.approx(-0.5, abs=1e-6)
    assert fit.coefficients["refugee_share"] == pytest.approx(0.3, abs=1e-6)
    assert fit.coefficients["age_16_29_share"] == pytest.approx(0.0, abs=1e-6)
    assert np.allclose(fit.table["difference"], 0.0, atol=1e-6)
    assert fit.tau2 == pytest.approx(0.0, abs=1e-9)


def test_recovers_a_planted_effect_with_binomial_noise() -> None:
    cond = conditions()
    rng = np.random.default_rng(11)
    eta = -0.7 - 0.5 * _z(cond, "unskilled_share") + 0.3 * _z(cond, "refugee_share")
    den = rng.integers(500, 5000, len(CODES)).astype(float)
    fit = fit_expected(_one_period(cond, eta, den, rng), cond.set_index("municipality_code"), VARS,
                       percent=True, higher_is_better=True)
    assert fit is not None
    assert fit.coefficients["unskilled_share"] == pytest.approx(-0.5, abs=0.03)
    assert fit.coefficients["refugee_share"] == pytest.approx(0.3, abs=0.03)
    # Sampling noise only: almost every municipality lies inside its 90 % interval.
    assert (fit.table["comparison"] == Comparison.SAME.value).mean() > 0.8


def test_planted_effort_ranks_first_and_last() -> None:
    cond = conditions()
    rng = np.random.default_rng(5)
    effort = rng.normal(0, 0.3, len(CODES))
    effort[CODES.index("101")], effort[CODES.index("147")] = 1.5, -1.5
    eta = -0.7 - 0.5 * _z(cond, "unskilled_share") + effort
    den = rng.integers(500, 5000, len(CODES)).astype(float)
    fit = fit_expected(_one_period(cond, eta, den, rng), cond.set_index("municipality_code"), VARS,
                       percent=True, higher_is_better=True)
    assert fit is not None
    t = fit.table
    assert spearmanr(t["difference"], effort).statistic > 0.85
    assert t.loc["101", "rank"] == 1 and t.loc["147", "rank"] == 98
    assert t.loc["101", "comparison"] == Comparison.BETTER.value
    assert t.loc["147", "comparison"] == Comparison.WORSE.value
    assert t.loc["101", "lower"] < t.loc["101", "expected"] < t.loc["101", "upper"]
    # Lower is better: the same data rank the other way round.
    flipped = fit_expected(_one_period(cond, eta, den, np.random.default_rng(5)),
                           cond.set_index("municipality_code"), VARS, percent=True, higher_is_better=False)
    assert flipped is not None
    assert flipped.table["rank"].corr(t["rank"], method="spearman") < -0.9


def test_zero_or_missing_denominator_gives_missing_not_an_error() -> None:
    cond = conditions()
    eta = -0.7 - 0.5 * _z(cond, "unskilled_share")
    den = np.full(len(CODES), 1000.0)
    frame = _one_period(cond, eta, den, np.random.default_rng(2))
    frame.loc["101", ["value", "numerator"]] = np.nan
    frame.loc["101", "denominator"] = 0.0
    frame.loc["147", ["value", "numerator", "denominator"]] = np.nan
    fit = fit_expected(frame, cond.set_index("municipality_code"), VARS, percent=True, higher_is_better=True)
    assert fit is not None and fit.n == 96
    for code in ("101", "147"):
        assert code in fit.table.index
        assert fit.table.loc[code, ["expected", "difference", "rank"]].isna().all()
    assert fit.table["rank"].max() == 96


def test_a_hidden_condition_leaves_that_municipality_out_instead_of_guessing_it() -> None:
    """A condition disclosure control hid (NaN) is not replaced by the mean: the municipality gets no
    expected level, and the others' fit stays exact (a guessed value would bend it)."""
    cond = conditions()
    eta = -0.7 - 0.5 * _z(cond, "unskilled_share") + 0.3 * _z(cond, "refugee_share")
    den = np.random.default_rng(0).integers(200, 5000, len(CODES)).astype(float)
    hidden = cond.set_index("municipality_code")
    hidden.loc["101", "refugee_share"] = np.nan
    hidden.loc["147", "unskilled_share"] = np.nan
    fit = fit_expected(_one_period(cond, eta, den), hidden, VARS, percent=True, higher_is_better=True)
    assert fit is not None and fit.n == 96
    for code in ("101", "147"):
        assert fit.table.loc[code, ["expected", "lower", "upper", "difference", "rank"]].isna().all()
        assert pd.isna(fit.table.loc[code, "comparison"])
    shown = fit.table.drop(index=["101", "147"])
    assert np.allclose(shown["difference"], 0.0, atol=1e-6) and shown["rank"].max() <= 96


def test_too_few_values_give_no_model() -> None:
    cond = conditions()
    frame = _one_period(cond, np.full(len(CODES), -1.0), np.full(len(CODES), 100.0))
    frame.iloc[10:, :] = np.nan
    assert fit_expected(frame, cond.set_index("municipality_code"), VARS, percent=True,
                        higher_is_better=True) is None


def test_counts_use_the_population_as_exposure() -> None:
    cond = conditions().set_index("municipality_code")
    pop = cond["population_16_66"]
    rate = np.exp(-6 + 0.2 * _z(cond.reset_index(), "unskilled_share"))
    frame = pd.DataFrame({"value": pop.to_numpy() * rate, "numerator": np.nan, "denominator": np.nan},
                         index=CODES)
    fit = fit_expected(frame, cond, VARS, percent=False, higher_is_better=True, exposure=pop)
    assert fit is not None and fit.kind == "poisson"
    assert fit.coefficients["unskilled_share"] == pytest.approx(0.2, abs=1e-6)
    assert np.allclose(fit.table["expected"], frame["value"], rtol=1e-6)
    assert fit_expected(frame, cond, VARS, percent=False, higher_is_better=True) is None  # no exposure
