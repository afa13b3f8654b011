"""The one entry point of the follow-up: ``followup(results, year, municipality=None, targets=None)``.

It reads (or takes) the indicator values, the framework conditions, the clusters and the targets, and
returns a ``FollowupResult`` that every output renders without computing anything of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from jobmaal.analysis import derive
from jobmaal.analysis.clusters import DEFAULT_K, DEFAULT_SEED, compute_clusters, read_clusters
from jobmaal.analysis.conditions import (
    POPULATION,
    VARIABLES,
    conditions_for_year,
    model_variables,
    read_conditions,
    validate_conditions,
)
from jobmaal.analysis.figures import SeriesCache, Span, adjust_all, figure, series, series_cache, span
from jobmaal.analysis.indicator import IndicatorYear, build_indicator_year
from jobmaal.analysis.labels import Status, TargetKind
from jobmaal.analysis.objects import (
    ConditionValue,
    FollowupResult,
    GoalFollowup,
    IndicatorFollowup,
    ModelSummary,
    MunicipalityFollowup,
)
from jobmaal.analysis.projection import project
from jobmaal.analysis.results import Results, RunInfo, read_results, results_from_frame
from jobmaal.analysis.status import assess_target, versus_last_year
from jobmaal.analysis.targets import coerce_targets
from jobmaal.catalog import Catalog, Text, default_catalog
from jobmaal.catalog.models import Indicator
from jobmaal.disclosure import DEFAULT_POLICY, DisclosurePolicy, marker
from jobmaal.reference import municipalities
from jobmaal.reference import municipality as find_municipality

ResultsInput = Results | pd.DataFrame | Path | str | Any
FrameOrPath = pd.DataFrame | Path | str | None


def _results(results: ResultsInput, run_id: str | None) -> Results:
    if isinstance(results, Results):
        return results
    if isinstance(results, pd.DataFrame):
        return results_from_frame(results)
    if hasattr(results, "disclosure_applied"):  # jobmaal.disclosure.DisclosedValues
        return results_from_frame(results.filter(breakdowns=False).frame)
    return read_results(results, run_id)


def _conditions(res: Results, year: int, conditions: FrameOrPath, data_dir: Path | str | None,
                policy: DisclosurePolicy) -> tuple[pd.DataFrame, str, pd.DataFrame | None]:
    """The conditions, their source, and (from register data) why a share is hidden."""
    years = [year]
    if isinstance(conditions, pd.DataFrame):
        frame = conditions if "municipality_code" in conditions.columns else conditions.reset_index()
        return validate_conditions(frame, "framework conditions"), "given", None
    if conditions is not None:
        return read_conditions(conditions), "file", None
    if data_dir is not None:
        # Person-level data: the shares pass the same threshold as the gate (docs/disclosure.md).
        protected = derive.protected_conditions(data_dir, years, res.values, policy)
        return protected.frame, "registers", protected.status
    return derive.conditions_from_results(res.values, years), "results", None


def _clusters(cond_year: pd.DataFrame, clusters: pd.Series | Path | str | None, k: int, method: str,
              seed: int) -> tuple[pd.Series, str]:
    if isinstance(clusters, pd.Series):
        return clusters.astype(str), "given"
    if clusters is not None:
        return read_clusters(clusters), "file"
    full = cond_year.reindex([m.code for m in municipalities()])
    return compute_clusters(full, k=k, method=method, seed=seed), "computed"


def _year_indicators(catalog: Catalog, year: int, only: list[str] | None) -> list[Indicator]:
    if only and year not in catalog.years:  # a year without goals: the named indicators as context
        return [catalog.indicator(i) for i in dict.fromkeys(only)]
    cat = catalog.year(year)
    ids = [*cat.indicator_ids(), *cat.context_indicators]
    ids = list(dict.fromkeys(ids))
    if only:
        unknown = [i for i in only if i not in ids]
        for i in unknown:
            catalog.indicator(i)  # raises for an unknown id
        ids = [i for i in ids if i in only] + [i for i in unknown]
    return [catalog.indicator(i) for i in ids]


def followup(
    results: ResultsInput,
    year: int,
    municipality: str | None = None,
    targets: FrameOrPath = None,
    *,
    indicators: list[str] | None = None,
    conditions: FrameOrPath = None,
    data_dir: Path | str | None = None,
    clusters: pd.Series | Path | str | None = None,
    run_id: str | None = None,
    catalog: Catalog | None = None,
    level: float = 0.90,
    k: int = DEFAULT_K,
    cluster_method: str = "ward",
    seed: int = DEFAULT_SEED,
    with_series: bool = True,
    policy: DisclosurePolicy | None = None,
) -> FollowupResult:
    """The follow-up of ``year`` for one municipality (code or name) or all 98.

    ``results``: a results file, a ``Results`` (``results_from_frame(disclosed.frame, run)`` for
    disclosed values, which every published output should use), ``DisclosedValues`` or a values frame.
    ``targets``: a targets file or frame
    (``jobmaal.plans.targets_frame``). Framework conditions come from ``conditions`` (a file or frame),
    else from the register data in ``data_dir``, else from the results alone. ``clusters`` overrides the
    computed clusters. Intervals cover ``level`` (90 % by default). ``policy``: the disclosure policy the
    values went through (default: that of ``DisclosedValues`` given, else the default policy); the
    conditions derived from ``data_dir`` are protected with it.
    """
    models = prepare_followup(results, year, indicators=indicators, conditions=conditions, data_dir=data_dir,
                              clusters=clusters, run_id=run_id, catalog=catalog, level=level, k=k,
                              cluster_method=cluster_method, seed=seed, policy=policy)
    return followup_from(models, municipality, targets, with_series=with_series)


@dataclass
class _PreparedIndicator:
    """One indicator's year across all areas, and the pooled figures every municipality reads from it."""

    iy: IndicatorYear
    latest_span: Span | None
    ytd_span: Span | None
    _series: SeriesCache | None = field(default=None, repr=False)

    def series_cache(self) -> SeriesCache:
        if self._series is None:  # built on first use (only series need it); a race only builds it twice
            self._series = series_cache(self.iy)
        return self._series


def complete_series(models: FollowupModels) -> None:
    """Build every indicator's series cache with every area's seasonal adjustment, so that the models
    answer any municipality's series without fitting anything (for a copy kept on disk)."""
    for prepared in models.indicators:
        adjust_all(prepared.iy, prepared.series_cache())


@dataclass(frozen=True)
class FollowupModels:
    """The part of a year's follow-up that is the same for every municipality and every plan: framework
    conditions, clusters, and per indicator the frames, expected-level fits and pooled figures of all areas.

    ``prepare_followup`` computes it (the models over all 98: most of a follow-up's time) and
    ``followup_from`` reads one municipality or all from it with any targets, so that a server keeps it
    per run and year and answers every municipality and plan version from it.
    """

    year: int
    run: RunInfo
    catalog: Catalog
    policy: DisclosurePolicy
    level: float
    conditions_source: str
    clusters_source: str
    cond_year: pd.DataFrame
    status_year: pd.DataFrame | None
    cluster_of: pd.Series
    indicators: tuple[_PreparedIndicator, ...]
    models: tuple[ModelSummary, ...]


def prepare_followup(
    results: ResultsInput,
    year: int,
    *,
    indicators: list[str] | None = None,
    conditions: FrameOrPath = None,
    data_dir: Path | str | None = None,
    clusters: pd.Series | Path | str | None = None,
    run_id: str | None = None,
    catalog: Catalog | None = None,
    level: float = 0.90,
    k: int = DEFAULT_K,
    cluster_method: str = "ward",
    seed: int = DEFAULT_SEED,
    policy: DisclosurePolicy | None = None,
) -> FollowupModels:
    """What ``followup`` computes before it looks at a municipality or a target (arguments as there)."""
    catalog = catalog or default_catalog()
    # The conditions from register data must pass the threshold the values passed.
    policy = policy or getattr(results, "policy", None) or DEFAULT_POLICY
    res = _results(results, run_id)
    cond_frame, cond_source, cond_status = _conditions(res, year, conditions, data_dir, policy)
    cond_year = conditions_for_year(cond_frame, year)
    status_year = conditions_for_year(cond_status, year) if cond_status is not None else None
    variables = model_variables(cond_year.reset_index()) if len(cond_year) else []
    cluster_of, cluster_source = _clusters(cond_year, clusters, k, cluster_method, seed)
    exposure = cond_year.get(POPULATION)
    prepared: list[_PreparedIndicator] = []
    models: list[ModelSummary] = []
    for ind in _year_indicators(catalog, year, indicators):
        iy = build_indicator_year(ind, res.values, year, cond_year, variables, cluster_of, exposure, level)
        latest_span = (span(iy, pd.DatetimeIndex([iy.latest]), iy.fits.get(iy.latest))
                       if iy.latest is not None else None)
        observed = iy.observed_periods
        ytd_span = span(iy, observed, iy.ytd_fit) if len(observed) else None
        prepared.append(_PreparedIndicator(iy, latest_span, ytd_span))
        if iy.ytd_fit is not None:
            f = iy.ytd_fit
            models.append(ModelSummary(ind.id, f.kind, f.variables, tuple(f.coefficients.items()), f.n,
                                       f.dispersion, f.tau2))
    return FollowupModels(year=year, run=res.run, catalog=catalog, policy=policy, level=level,
                          conditions_source=cond_source, clusters_source=cluster_source, cond_year=cond_year,
                          status_year=status_year, cluster_of=cluster_of, indicators=tuple(prepared),
                          models=tuple(models))


def followup_from(models: FollowupModels, municipality: str | None = None, targets: FrameOrPath = None, *,
                  with_series: bool = True) -> FollowupResult:
    """The follow-up of one municipality (code or name) or all 98 from ``prepare_followup``'s models and
    ``targets`` (a targets file or frame, as for ``followup``); cheap next to the models."""
    catalog, year = models.catalog, models.year
    wanted = ([find_municipality(municipality).code] if municipality is not None
              else [m.code for m in municipalities()])
    tgt = coerce_targets(targets, catalog)
    tgt = tgt[tgt["year"] == year]
    target_of = {(r.indicator_id, r.municipality_code): r for r in tgt.itertuples(index=False)}
    per_indicator = {p.iy.indicator.id: _indicator_followups(p, wanted, models.cluster_of, target_of,
                                                             models.level, with_series)
                     for p in models.indicators}
    munis = tuple(_municipality(code, catalog, year, per_indicator, models.cluster_of, models.cond_year,
                                models.status_year, models.policy)
                  for code in wanted)
    run = models.run
    return FollowupResult(
        year=year, run_id=run.run_id, computed_at=run.computed_at, synthetic=run.synthetic,
        data_to=run.period_to, conditions_source=models.conditions_source, clusters_source=models.clusters_source,
        level=models.level, municipalities=munis, models=models.models,
    )


def _indicator_followups(prepared: _PreparedIndicator, wanted: list[str], cluster_of: pd.Series,
                         target_of: dict[tuple[str, str], object], level: float, with_series: bool
                         ) -> dict[str, IndicatorFollowup]:
    iy = prepared.iy
    ind = iy.indicator
    latest_span, ytd_span = prepared.latest_span, prepared.ytd_span
    ref = {m.code: m for m in municipalities()}
    index = iy.wide.value.index
    year_start = int(index.get_loc(iy.year_periods[0])) if len(iy.year_periods) else None
    latest_pos = int(index.get_loc(iy.latest)) if iy.latest is not None else -1
    cache = prepared.series_cache() if with_series else None
    out: dict[str, IndicatorFollowup] = {}
    for code in wanted:
        area = ref[code].rar_code if iy.area_type == "rar" else code
        cluster = None if iy.area_type == "rar" else _cluster(cluster_of, code)
        latest = figure(latest_span, area, cluster) if latest_span else None
        ytd = figure(ytd_span, area, cluster) if ytd_span else None
        proj = None
        if year_start is not None and area in iy.wide.value:
            weights = (iy.wide.denominator[area].to_numpy() if iy.percent
                       else np.ones(len(index)))
            proj = project(iy.wide.value[area].to_numpy(), weights, year_start, latest_pos,
                           iy.wide.per_year, iy.percent)
        target = target_of.get((ind.id, code))
        assessment = None
        if target is not None and proj is not None:
            assessment = assess_target(proj, TargetKind(target.kind), float(target.value),  # type: ignore[attr-defined]
                                       percent=iy.percent, higher_is_better=iy.higher_is_better, level=level,
                                       comment=getattr(target, "comment", None))
        status = (Status.NO_TARGET if target is None
                  else assessment.status if assessment is not None else Status.NO_DATA)
        vs_last = versus_last_year(ytd.value, ytd.last_year, iy.higher_is_better) if ytd else None
        vs_exp = ytd.expected.comparison if ytd and ytd.expected else None
        out[code] = IndicatorFollowup(
            indicator_id=ind.id, title=ind.title, unit=ind.unit.value, direction=ind.direction.value,
            periodicity=ind.period.value, context=ind.context, area_type=iy.area_type, area_code=area,
            latest=latest, year_to_date=ytd,
            series=series(iy, cache, area, cluster, proj) if cache is not None else (),
            target=assessment, status=status, vs_last_year=vs_last, vs_expected=vs_exp,
        )
    return out


def _cluster(cluster_of: pd.Series, code: str) -> str | None:
    label = cluster_of.get(code)
    return None if label is None or (isinstance(label, float) and np.isnan(label)) else str(label)


def _municipality(code: str, catalog: Catalog, year: int, per_indicator: dict[str, dict[str, IndicatorFollowup]],
                  cluster_of: pd.Series, cond_year: pd.DataFrame, status_year: pd.DataFrame | None,
                  policy: DisclosurePolicy) -> MunicipalityFollowup:
    m = find_municipality(code)
    cat = catalog.years.get(year)
    goal_list = cat.goals if cat is not None else ()
    goals = tuple(
        GoalFollowup(
            number=g.number, key=g.key, title=g.title, quantifiable=g.quantifiable,
            indicators=tuple(per_indicator[i][code] for i in g.indicators if i in per_indicator),
            no_official_indicator=g.no_official_indicator,
        )
        for g in goal_list
    )
    in_goals = {i for g in goal_list for i in g.indicators}
    context = tuple(per_indicator[i][code] for i in per_indicator if i not in in_goals)
    label = _cluster(cluster_of, code)
    members = tuple(sorted(str(c) for c, lab in cluster_of.items() if str(lab) == label)) if label else ()
    conditions = tuple(
        ConditionValue(
            key=v.key, label=v.label,
            value=_float(cond_year[v.key].get(code)),
            # The mean skips hidden values: it is computed from published figures only, so it gives none away.
            country_average=_float(cond_year[v.key].mean()),
            **_hidden(status_year, v.key, code, policy),
        )
        for v in VARIABLES if v.key in cond_year
    )
    return MunicipalityFollowup(code=m.code, name=m.name, region_code=m.region_code, rar_code=m.rar_code,
                                cluster=label, cluster_members=members, conditions=conditions,
                                goals=goals, context=context)


def _hidden(status_year: pd.DataFrame | None, key: str, code: str, policy: DisclosurePolicy) -> dict[str, Any]:
    """``suppressed`` and ``explanation`` of a condition that disclosure control hid (else nothing)."""
    if status_year is None or key not in status_year:
        return {}
    status = str(status_year[key].get(code, "") or "")
    da, en = marker(status, "da", policy), marker(status, "en", policy)
    if da is None or en is None:
        return {}
    return {"suppressed": status, "explanation": Text(da=da.text, en=en.text)}


def _float(x: object) -> float | None:
    try:
        f = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return f if np.isfinite(f) else None

