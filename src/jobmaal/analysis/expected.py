"""Expected level ("forventet niveau"): what a municipality's framework conditions predict.

For a share: a fractional logit — a binomial GLM with logit link on the observed proportion, weighted
by the denominator (persons behind the share), with the dispersion estimated from the Pearson χ²
(quasi-binomial), so that full-time persons (fractional numerators) and overdispersion are handled.
For a count: a quasi-Poisson GLM with the municipality's residents aged 16-66 as exposure.
The interval is a prediction interval on the link scale: the fit's own uncertainty, the variation
between municipalities the conditions do not explain (τ², method of moments) and the municipality's
sampling variance; it answers "where would the value lie for a municipality with these conditions".
The rank orders the municipalities by actual minus expected, best first, respecting the direction.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from jobmaal.analysis.clusters import standardise
from jobmaal.analysis.labels import Comparison

MIN_MUNICIPALITIES = 20  # fewer values than this: no model (too few for the variables)


@dataclass(frozen=True)
class ModelFit:
    """One fitted model: its kind, standardised coefficients and the per-municipality table."""

    kind: str  # "binomial" | "poisson"
    variables: tuple[str, ...]
    coefficients: dict[str, float]  # per standard deviation of each variable, on the link scale
    n: int
    dispersion: float
    tau2: float
    # index municipality_code; columns value, expected, lower, upper, difference, rank, comparison
    table: pd.DataFrame


def design_matrix(conditions: pd.DataFrame, codes: list[str], variables: list[str]) -> np.ndarray:
    """Intercept and standardised variables for ``codes``; NaN where a condition is missing.

    A condition may be missing because disclosure control hid it (too few persons) or a file lacks it.
    Such a municipality is left out of the fit and gets no expected level (``fit_expected``): a guessed
    value (e.g. the mean) would bias its expected level, and one derived from the hidden counts would
    publish them through the model.
    """
    frame = conditions.reindex(codes)
    z = standardise(frame, variables) if variables else np.empty((len(codes), 0))
    if variables:
        z[frame[variables].isna().to_numpy()] = np.nan  # standardise counts them as the mean (for clusters)
    return np.column_stack([np.ones(len(codes)), z])


def fit_expected(
    values: pd.DataFrame,
    conditions: pd.DataFrame,
    variables: list[str],
    *,
    percent: bool,
    higher_is_better: bool,
    level: float = 0.90,
    exposure: pd.Series | None = None,
    design: np.ndarray | None = None,
) -> ModelFit | None:
    """Fit the model across municipalities for one period (or pooled span).

    ``values`` is indexed by municipality code with ``value`` (percent or count), ``numerator`` and
    ``denominator`` (per period); ``conditions`` is indexed by code. Municipalities without a value
    (a zero or missing denominator) or with a missing condition get no expected level and no rank, and
    the model is fitted on the others, never an error. ``design``
    (from ``design_matrix`` over ``values.index``) saves rebuilding it for every period.
    """
    # SciPy here and statsmodels in _fit, not at the top: a report from a cached follow-up needs neither.
    from scipy.special import expit
    from scipy.stats import norm

    codes = [str(c) for c in values.index]
    if design is None:
        design = design_matrix(conditions, codes, variables)
    value = values["value"].to_numpy(dtype="float64")
    den = values["denominator"].to_numpy(dtype="float64")
    usable = np.isfinite(value) & np.isfinite(design).all(axis=1)
    expo = None
    if percent:
        usable &= np.nan_to_num(den) > 0
    else:
        if exposure is None:
            return None
        expo = exposure.reindex(codes).to_numpy(dtype="float64")
        usable &= np.nan_to_num(expo) > 0
    if usable.sum() < max(MIN_MUNICIPALITIES, design.shape[1] + 2):
        return None
    x = design[usable]
    result = _fit(value[usable], den[usable] if percent else expo[usable], x, percent)  # type: ignore[index]
    if result is None:
        return None
    params, cov, dispersion, eta, sampling_var, y_link = result

    tau2 = _tau2(y_link - eta, sampling_var, x)
    fit_var = np.einsum("ij,jk,ik->i", x, cov, x)
    half = norm.ppf(0.5 + level / 2) * np.sqrt(fit_var + tau2 + sampling_var)
    if percent:
        expected, lower, upper = (100.0 * expit(e) for e in (eta, eta - half, eta + half))
    else:
        log_exp = np.log(expo[usable])  # type: ignore[index]
        expected, lower, upper = (np.exp(e + log_exp) for e in (eta, eta - half, eta + half))
    n = len(codes)
    cols = {name: np.full(n, np.nan) for name in ("expected", "lower", "upper")}
    cols["expected"][usable], cols["lower"][usable], cols["upper"][usable] = expected, lower, upper
    diff = value - cols["expected"]
    # Shares rank on percentage points; counts on the difference in percent of the expected count.
    score = (diff if percent else 100.0 * diff / cols["expected"]) * (1.0 if higher_is_better else -1.0)
    rank = pd.Series(score).rank(ascending=False, method="min").to_numpy()
    better = value > cols["upper"] if higher_is_better else value < cols["lower"]
    worse = value < cols["lower"] if higher_is_better else value > cols["upper"]
    comparison = np.where(better, Comparison.BETTER.value,
                          np.where(worse, Comparison.WORSE.value, Comparison.SAME.value)).astype(object)
    comparison[~usable] = None
    table = pd.DataFrame({"value": np.where(usable, value, np.nan), **cols, "difference": diff,
                          "score": score, "rank": rank, "comparison": comparison}, index=codes)
    coefficients = dict(zip(["intercept", *variables], (float(p) for p in params), strict=True))
    return ModelFit("binomial" if percent else "poisson", tuple(variables), coefficients, int(usable.sum()),
                    dispersion, tau2, table)


def _fit(value: np.ndarray, weight: np.ndarray, design: np.ndarray, percent: bool
         ) -> tuple[np.ndarray, ...] | None:
    """The GLM; ``weight`` is the denominator (shares) or the exposure (counts)."""
    # The GLM alone, not statsmodels.api (which imports all of statsmodels: ~0.25 s of a one-off report).
    from scipy.special import expit, logit
    from statsmodels.genmod import families
    from statsmodels.genmod.generalized_linear_model import GLM
    from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PerfectSeparationWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            if percent:
                n = weight
                y = np.clip(value / 100.0, 0.0, 1.0)
                if np.all(y == y[0]):
                    return None
                res = GLM(y, design, family=families.Binomial(), var_weights=n).fit(scale="X2")
                eta = design @ res.params
                p = expit(eta)
                # Empirical logit of the observation (continuity-corrected) and its sampling variance.
                y_link = logit((y * n + 0.5) / (n + 1.0))
                sampling_var = 1.0 / np.maximum(n * p * (1 - p), 1e-9)
            else:
                offset = np.log(weight)
                if np.all(value == 0):
                    return None
                res = GLM(value, design, family=families.Poisson(), offset=offset).fit(scale="X2")
                eta = design @ res.params  # the rate per resident, on the log scale
                mu = np.exp(eta + offset)
                y_link = np.log((value + 0.5) / (mu + 0.5)) + eta
                sampling_var = 1.0 / np.maximum(mu, 0.5)
        except (ValueError, np.linalg.LinAlgError, FloatingPointError):
            return None
    cov = np.asarray(res.cov_params())
    if not np.all(np.isfinite(res.params)) or not np.all(np.isfinite(cov)):
        return None
    return np.asarray(res.params), cov, float(res.scale), eta, sampling_var, y_link


def _tau2(resid: np.ndarray, sampling_var: np.ndarray, design: np.ndarray) -> float:
    """Between-municipality variance not explained by the conditions (DerSimonian–Laird for regression)."""
    w = 1.0 / sampling_var
    xtwx = design.T @ (design * w[:, None])
    try:
        inv = np.linalg.inv(xtwx)
    except np.linalg.LinAlgError:
        return 0.0
    # Weighted residuals around the weighted least-squares fit of the link-scale values.
    beta = inv @ (design.T @ (w * resid))
    r = resid - design @ beta
    q = float(np.sum(w * r**2))
    trace = float(np.trace(inv @ (design.T @ (design * (w**2)[:, None]))))
    denom = float(w.sum()) - trace
    k, p = design.shape
    return max(0.0, (q - (k - p)) / denom) if denom > 0 else 0.0
