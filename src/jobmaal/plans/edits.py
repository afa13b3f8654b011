"""Small edits of a plan's content, as pure functions: the web's forms save one change at a time.

Each returns a new ``PlanContent``; the store validates it and saves it as a new version based
on the version the editor loaded, so an edit on a stale version is refused, never merged.
"""

from __future__ import annotations

import datetime as dt

from jobmaal.plans.models import LocalIndicator, PlanContent, PlanState, Target


def with_target(content: PlanContent, target: Target) -> PlanContent:
    """Add the target, or replace the one for the same indicator (keeping its position)."""
    targets = list(content.targets)
    for i, old in enumerate(targets):
        if old.indicator_id == target.indicator_id:
            targets[i] = target
            break
    else:
        targets.append(target)
    return content.model_copy(update={"targets": tuple(targets)})


def without_target(content: PlanContent, indicator_id: str) -> PlanContent:
    return content.model_copy(
        update={"targets": tuple(t for t in content.targets if t.indicator_id != indicator_id)}
    )


def with_strategy(content: PlanContent, goal_key: str, text: str) -> PlanContent:
    """Set a goal's strategy text; an empty text removes it."""
    strategies = dict(content.strategies)
    if text.strip():
        strategies[goal_key] = text
    else:
        strategies.pop(goal_key, None)
    return content.model_copy(update={"strategies": strategies})


def with_assessment(content: PlanContent, text: str) -> PlanContent:
    """Set the job centre's own assessment of the year's results (for the results report); empty removes it."""
    return content.model_copy(update={"assessment": text if text.strip() else ""})


def with_local_indicator(content: PlanContent, local: LocalIndicator) -> PlanContent:
    """Add the local indicator, or replace the one with the same key."""
    items = list(content.local_indicators)
    for i, old in enumerate(items):
        if old.key == local.key:
            items[i] = local
            break
    else:
        items.append(local)
    return content.model_copy(update={"local_indicators": tuple(items)})


def without_local_indicator(content: PlanContent, key: str) -> PlanContent:
    return content.model_copy(
        update={"local_indicators": tuple(li for li in content.local_indicators if li.key != key)}
    )


def with_state(content: PlanContent, state: PlanState, adopted_on: dt.date | None = None) -> PlanContent:
    """Mark the plan adopted (with the council's date) or back to draft."""
    return content.model_copy(update={"state": state, "adopted_on": adopted_on})
