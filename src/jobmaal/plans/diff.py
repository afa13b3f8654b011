"""Compare two versions of a plan field by field (pure: contents in, changes out)."""

from __future__ import annotations

from typing import Any

from jobmaal.plans.models import PlanContent
from jobmaal.plans.records import Change


def _keyed(items: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    return {item[key]: item for item in items}


def _compare(prefix: str, before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    out = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old != new:
            out.append(Change(field=f"{prefix}.{key}", before=old, after=new))
    return out


def diff_contents(before: PlanContent, after: PlanContent) -> list[Change]:
    """Every field that differs: ``state``, ``adopted_on``, ``assessment``, ``strategies.<goal>``,
    ``targets.<indicator>`` and ``local_indicators.<key>`` (a target or local indicator is compared as a whole)."""
    a, b = before.to_json(), after.to_json()
    changes = [Change(field=f, before=a[f], after=b[f]) for f in ("state", "adopted_on") if a[f] != b[f]]
    if a.get("assessment", "") != b.get("assessment", ""):
        changes.append(Change(field="assessment", before=a.get("assessment", ""), after=b.get("assessment", "")))
    changes += _compare("strategies", a["strategies"], b["strategies"])
    changes += _compare("targets", _keyed(a["targets"], "indicator_id"), _keyed(b["targets"], "indicator_id"))
    changes += _compare("local_indicators", _keyed(a["local_indicators"], "key"), _keyed(b["local_indicators"], "key"))
    return changes
