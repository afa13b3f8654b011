"""The cover facts shared by both reports: municipality, year, data month, synthetic marker, source."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from jobmaal.reference import municipality as find_municipality
from jobmaal.reference import rar_areas, regions
from jobmaal.reports import fmt
from jobmaal.reports.model import Meta
from jobmaal.reports.texts import t

_STEP = {"month": 1, "half_year": 6, "year": 12}


def periods_between(first: dt.date, last: dt.date, periodicity: str) -> list[dt.date]:
    """The periods (first days) from ``first`` to ``last`` inclusive."""
    step = _STEP[periodicity]
    out, p = [], pd.Timestamp(first)
    end = pd.Timestamp(last)
    while p <= end:
        out.append(p.date())
        p = p + pd.DateOffset(months=step)
    return out


def year_before(d: dt.date) -> dt.date:
    return d.replace(year=d.year - 1)


def source_line(source: str | None, synthetic: bool, lang: str) -> str:
    if synthetic:
        return t("source_synthetic", lang)
    if source is None or source == "registers":
        return t("source_registers", lang)
    return t("source_official", lang, source=source)


def build_meta(kind: str, code: str, year: int, lang: str, *, data_to: dt.date | None, synthetic: bool,
               source: str | None, run_id: str, computed_at: dt.datetime | None,
               now: dt.datetime | None = None) -> Meta:
    m = find_municipality(code)
    now = now or dt.datetime.now(dt.UTC)
    return Meta(
        kind=kind, lang=lang,
        title=t(f"{kind}_title", lang, year=year), subtitle=t(f"{kind}_subtitle", lang),
        year=year, municipality_code=m.code, municipality=m.name, job_centre=m.job_centre,
        region=regions().get(m.region_code, m.region_code), rar_area=rar_areas().get(m.rar_code, m.rar_code),
        data_month=data_to, data_month_label=fmt.month(data_to, lang) if data_to else fmt.MISSING,
        synthetic=synthetic, source_line=source_line(source, synthetic, lang), run_id=run_id,
        computed_at=fmt.date(computed_at, lang) if computed_at else fmt.MISSING,
        generated_on=fmt.date(now, lang), generated_at=now,
    )
