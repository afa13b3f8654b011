"""Full-time persons on public support by benefit group, the year so far against the same months last year.

The follow-up covers totals only, so this table reads the disclosed benefit-group cells of
``public_support_fulltime_share`` (numerator = full-time persons) and averages them over the months of
the year so far. A group with any suppressed month is shown as suppressed (the marker), never as an
average of the months that happen to be shown.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from jobmaal.analysis.objects import IndicatorFollowup
from jobmaal.catalog import Catalog
from jobmaal.reports import fmt
from jobmaal.reports.disclosed import Suppressions, plain
from jobmaal.reports.meta import periods_between, year_before
from jobmaal.reports.model import Row, Shown, Table
from jobmaal.reports.texts import t

INDICATOR = "public_support_fulltime_share"
BREAKDOWN = "benefit_group"


def _average(frame: pd.DataFrame, periods: list[dt.date]) -> float | None:
    """The mean numerator over ``periods``; None unless every period has a shown figure."""
    wanted = pd.to_datetime(pd.Series(periods))
    rows = frame[frame["period"].isin(wanted)]
    if len(rows) != len(periods) or rows["numerator"].isna().any():
        return None
    return float(np.mean(rows["numerator"].to_numpy()))


def benefits_table(ind: IndicatorFollowup | None, code: str, sup: Suppressions, catalog: Catalog,
                   lang: str) -> tuple[Table | None, str]:
    """The table and its introduction; (None, "") when the indicator or its figures are missing."""
    if ind is None or ind.year_to_date is None:
        return None, ""
    ytd = ind.year_to_date
    periods = periods_between(ytd.period_from, ytd.period_to, "month")
    before = [year_before(p) for p in periods]
    frame = sup.frame
    frame = frame[(frame["indicator_id"] == INDICATOR) & (frame["area_code"] == code)]
    labels = catalog.breakdowns[BREAKDOWN].values
    this_label = fmt.span(periods[0], periods[-1], "month", lang)
    last_label = fmt.span(before[0], before[-1], "month", lang)
    unit = "full_time_persons"

    def cell(group: str, value: float | None, span: list[dt.date]) -> Shown:
        if value is not None:
            return plain(value, unit, lang)
        status = sup.worst(INDICATOR, code, span, *((BREAKDOWN, group) if group else ()))
        return sup.marker(status, unit) if status else Shown(fmt.MISSING, unit=unit)

    rows = []
    for group, label in [*labels.items(), ("", None)]:
        part = frame[(frame["breakdown"] == (BREAKDOWN if group else "")) & (frame["breakdown_value"] == group)]
        now, last = _average(part, periods), _average(part, before)
        diff = now - last if now is not None and last is not None else None
        pct = 100.0 * diff / last if diff is not None and last else None
        rows.append(Row(
            label.get(lang) if label is not None else t("total", lang),
            (cell(group, now, periods), cell(group, last, before),
             plain(diff, unit, lang, signed=True) if diff is not None else cell(group, None, periods + before),
             Shown(fmt.percent(pct, lang, signed=True), pct, unit="percent_change") if pct is not None
             else cell(group, None, periods + before)),
            "total" if not group else ""))
    head = (t("benefit_group", lang), this_label, last_label, t("change", lang), t("change_percent", lang))
    table = Table(key="benefits", caption=t("benefits", lang), head=head, rows=tuple(rows))
    return table, t("benefits_intro", lang, span=this_label)
