"""The municipality's local indicators (from its plan) and their entered values, per goal."""

from __future__ import annotations

from collections.abc import Sequence

from jobmaal.analysis.labels import TargetKind as AnalysisTargetKind
from jobmaal.plans import LocalIndicator, LocalValue, PlanVersion
from jobmaal.reports import fmt, wording
from jobmaal.reports.model import LocalSection, Row, Shown, Table
from jobmaal.reports.texts import t

MAX_VALUES = 12  # the newest values shown per indicator


def _figure(value: float | None, unit: str, lang: str) -> str:
    if unit == "number":
        return fmt.number(value, 1, lang)
    return fmt.figure(value, unit, lang)


def target_line(li: LocalIndicator, lang: str) -> str:
    if li.target is None:
        return t("no_target", lang)
    kind = AnalysisTargetKind(li.target.kind.value)
    unit = "persons" if li.unit.value == "number" else li.unit.value
    text = f"{t('target', lang)}: {wording.target_value_text(kind, li.target.value, unit, lang)}"
    if li.target.comment:
        text += f" ({li.target.comment})"
    return text


def local_sections(plan: PlanVersion | None, goal_key: str, values: Sequence[LocalValue], year: int | None,
                   lang: str) -> tuple[LocalSection, ...]:
    """Local indicators of ``goal_key``; values of ``year`` (all years when None), newest last."""
    if plan is None:
        return ()
    out = []
    for li in plan.content.local_indicators:
        if li.goal != goal_key:
            continue
        own = sorted((v for v in values if v.indicator_key == li.key and (year is None or v.period.year == year)),
                     key=lambda v: v.period)[-MAX_VALUES:]
        unit = li.unit.value
        table = None
        if own:
            table = Table(key=f"local:{li.key}", caption=li.name, head=(t("period", lang), t("value", lang)),
                          rows=tuple(Row(fmt.month(v.period, lang),
                                         (Shown(_figure(v.value, unit, lang), v.value, unit=unit),))
                                     for v in own))
        out.append(LocalSection(key=li.key, name=li.name, description=li.description, unit_label=t(unit, lang),
                                direction_label=t(li.direction.value, lang), target_line=target_line(li, lang),
                                values=table))
    return tuple(out)
