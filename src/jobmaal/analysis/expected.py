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
from scipy.special import expit, logit
from scipy.stats import norm

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


def fit_expected(
    values: pd.DataFrame,
    conditions: pd.DataFrame,
    variables: list[str],
    *,
    percent: bool,
    higher_is_better: bool,
    level: float = 0.90,
    exposure: pd.Series | None = None,
) -> ModelFit | None:
    """Fit the model across municipalities for one period (or pooled span).

    ``values`` is indexed by municipality code with ``value`` (percent or count), ``numerator`` and
    ``denominator`` (per period); ``conditions`` is indexed by code. Municipalities without a value
    (a zero or missing denominator) get no expected level and no rank, never an error.
    """
    frame = values.join(conditions[variables], how="left") if variables else values.copy()
    usable = frame["value"].notna()
    if percent:
        usable &= frame["denominator"].fillna(0) > 0
    else:
        if exposure is None:
            return None
        frame["exposure"] = exposure.reindex(frame.index)
        usable &= frame["exposure"].fillna(0) > 0
    fit_rows = frame[usable]
    if len(fit_rows) < max(MIN_MUNICIPALITIES, len(variables) + 3):
        return None
    z = standardise(fit_rows, variables) if variables else np.empty((len(fit_rows), 0))
    design = np.column_stack([np.ones(len(fit_rows)), z])
    result = _fit(fit_rows, design, percent)
    if result is None:
        return None
    params, cov, dispersion, eta, sampling_var, y_link = result

    resid = y_link - eta
    tau2 = _tau2(resid, sampling_var, design)
    fit_var = np.einsum("ij,jk,ik->i", design, cov, design)
    half = norm.ppf(0.5 + level / 2) * np.sqrt(fit_var + tau2 + sampling_var)
    inv = (lambda v: 100.0 * expit(v)) if percent else np.exp
    if percent:
        expected = inv(eta)
        lower, upper = inv(eta - half), inv(eta + half)
    else:
        log_exp = np.log(fit_rows["exposure"].to_numpy())
        expected, lower, upper = (np.exp(e + log_exp) for e in (eta, eta - half, eta + half))
    table = pd.DataFrame({"value": fit_rows["value"].to_numpy(), "expected": expected, "lower": lower,
                          "upper": upper}, index=fit_rows.index)
    table["difference"] = table["value"] - table["expected"]
    # Shares rank on percentage points; counts on the difference in percent of the expected count.
    score = table["difference"] if percent else 100.0 * table["difference"] / table["expected"]
    sign = 1.0 if higher_is_better else -1.0
    table["score"] = sign * score
    table["rank"] = table["score"].rank(ascending=False, method="min").astype("int64")
    better = table["value"] > table["upper"] if higher_is_better else table["value"] < table["lower"]
    worse = table["value"] < table["lower"] if higher_is_better else table["value"] > table["upper"]
    table["comparison"] = np.where(better, Comparison.BETTER.value,
                                   np.where(worse, Comparison.WORSE.value, Comparison.SAME.value))
    table = table.reindex(frame.index)  # the municipalities without a value keep their row, empty
    coefficients = dict(zip(["intercept", *variables], (float(p) for p in params), strict=True))
    return ModelFit("binomial" if percent else "poisson", tuple(variables), coefficients, len(fit_rows),
                    dispersion, tau2, table)


def _fit(rows: pd.DataFrame, design: np.ndarray, percent: bool) -> tuple[np.ndarray, ...] | None:
    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PerfectSeparationWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            if percent:
                n = rows["denominator"].to_numpy(dtype="float64")
                y = np.clip(rows["value"].to_numpy(dtype="float64") / 100.0, 0.0, 1.0)
                if np.all(y == y[0]):
                    return None
                model = sm.GLM(y, design, family=sm.families.Binomial(), var_weights=n)
                res = model.fit(scale="X2")
                eta = design @ res.params
                p = expit(eta)
                # Empirical logit of the observation (continuity-corrected) and its sampling variance.
                y_link = logit((y * n + 0.5) / (n + 1.0))
                sampling_var = 1.0 / np.maximum(n * p * (1 - p), 1e-9)
            else:
                y = rows["value"].to_numpy(dtype="float64")
                offset = np.log(rows["exposure"].to_numpy(dtype="float64"))
                if np.all(y == 0):
                    return None
                res = sm.GLM(y, design, family=sm.families.Poisson(), offset=offset).fit(scale="X2")
                eta = design @ res.params  # the rate per resident, on the log scale
                mu = np.exp(eta + offset)
                y_link = np.log((y + 0.5) / (mu + 0.5)) + eta
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
