"""Status colours (colour-blind safe, always shown with a text label) and the status summary chart."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import altair as alt

from jobmaal.analysis.labels import STATUS_LABELS, Status
from jobmaal.charts.common import check_lang, finish, named

STATUS_ORDER: tuple[Status, ...] = (
    Status.ACHIEVED, Status.ON_TRACK, Status.MODERATE_PROGRESS, Status.LIMITED_PROGRESS, Status.MOVING_AWAY,
    Status.NO_DATA, Status.NO_TARGET,
)

# A blue–orange scale from the Okabe–Ito palette: it stays ordered for the common forms of colour
# blindness (no red against green) and in greyscale; every use also prints the label.
STATUS_COLOURS: dict[Status, str] = {
    Status.ACHIEVED: "#005a8d",
    Status.ON_TRACK: "#56b4e9",
    Status.MODERATE_PROGRESS: "#f0e442",
    Status.LIMITED_PROGRESS: "#e69f00",
    Status.MOVING_AWAY: "#b34700",
    Status.NO_DATA: "#ffffff",
    Status.NO_TARGET: "#c8c8c8",
}


def status_scale(lang: str) -> alt.Scale:
    return alt.Scale(domain=[STATUS_LABELS[s].get(lang) for s in STATUS_ORDER],
                     range=[STATUS_COLOURS[s] for s in STATUS_ORDER])


def status_bar_chart(counts: Mapping[Status | str, int], *, lang: str = "da", title: str = "",
                     width: int = 320) -> dict[str, Any]:
    """One stacked bar: how many municipalities have each status (the front page's summary)."""
    check_lang(lang)
    rows = []
    for i, status in enumerate(STATUS_ORDER):
        n = int(counts.get(status, counts.get(status.value, 0)))
        if n:
            rows.append({"status": STATUS_LABELS[status].get(lang), "order": i, "n": n})
    total = sum(r["n"] for r in rows)
    noun = "kommuner" if lang == "da" else "municipalities"
    chart = alt.Chart(named("counts"), width=width, height=26, title=title or alt.Undefined).mark_bar(
        stroke="#333", strokeWidth=0.5,
    ).encode(
        x=alt.X("n:Q", stack="zero", title=None, axis=alt.Axis(tickMinStep=1, format="d"),
                scale=alt.Scale(domain=[0, max(total, 1)])),
        color=alt.Color("status:N", scale=status_scale(lang), title=None,
                        legend=alt.Legend(orient="bottom", columns=2)),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("status:N", title="Status"), alt.Tooltip("n:Q", title=noun)],
    )
    text = ", ".join(f"{r['status']}: {r['n']}" for r in rows) or ("ingen" if lang == "da" else "none")
    return finish(chart, lang, f"Status for {total} {noun}: {text}", {"counts": rows})
