"""How a suppressed figure is shown: a marker and an explanation, in Danish and English.

A suppressed figure is never shown as 0 or as a blank without a reason. Pages and reports show
the symbol in place of the figure with the explanation as a note (or tooltip), and list the
legend once; exports put the status in their ``suppressed`` column.
"""

from __future__ import annotations

from dataclasses import dataclass

from jobmaal.disclosure.policy import DEFAULT_POLICY, DisclosurePolicy
from jobmaal.errors import DisclosureError

SYMBOL = "[d]"  # "diskretioneret" / "disclosure control": the same letter in both languages
PRIMARY = "primary"
SECONDARY = "secondary"
LANGUAGES = ("da", "en")


@dataclass(frozen=True, slots=True)
class Marker:
    symbol: str
    text: str


def _texts(policy: DisclosurePolicy) -> dict[tuple[str, str], str]:
    t, r = policy.threshold, policy.survey_min_responses
    return {
        ("persons", "da"): f"Diskretioneret: tallet bygger på færre end {t} personer",
        ("persons", "en"): f"Suppressed: the figure is based on fewer than {t} persons",
        ("responses", "da"): f"Diskretioneret: tallet bygger på færre end {r} besvarelser",
        ("responses", "en"): f"Suppressed: the figure is based on fewer than {r} responses",
        ("secondary", "da"): "Diskretioneret for at beskytte et andet diskretioneret tal",
        ("secondary", "en"): "Suppressed to protect another suppressed figure",
        ("either", "da"): (f"Diskretioneret: tallet bygger på færre end {t} personer, eller det er skjult "
                           "for at beskytte et andet diskretioneret tal"),
        ("either", "en"): (f"Suppressed: the figure is based on fewer than {t} persons, or it is hidden to "
                           "protect another suppressed figure"),
        ("either_responses", "da"): (f"Diskretioneret: tallet bygger på færre end {r} besvarelser, eller det er "
                                     "skjult for at beskytte et andet diskretioneret tal"),
        ("either_responses", "en"): (f"Suppressed: the figure is based on fewer than {r} responses, or it is "
                                     "hidden to protect another suppressed figure"),
    }


def _check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise DisclosureError(f"disclosure marker: unknown language {lang!r}; use one of {list(LANGUAGES)}")


def marker(
    status: str | None, lang: str = "da", policy: DisclosurePolicy = DEFAULT_POLICY, *, responses: bool = False
) -> Marker | None:
    """The marker for a ``suppressed`` status ("primary", "secondary"; None for "" / None).

    ``responses``: the figure is a survey figure under the minimum-responses rule.
    """
    _check_lang(lang)
    if not status:
        return None
    if status not in (PRIMARY, SECONDARY):
        raise DisclosureError(f"disclosure marker: unknown status {status!r}; expected primary or secondary")
    texts = _texts(policy)
    if not policy.distinguish_secondary:
        return Marker(SYMBOL, texts[("either_responses" if responses else "either", lang)])
    if status == SECONDARY:
        return Marker(SYMBOL, texts[("secondary", lang)])
    return Marker(SYMBOL, texts[("responses" if responses else "persons", lang)])


def legend(lang: str = "da", policy: DisclosurePolicy = DEFAULT_POLICY) -> list[Marker]:
    """Every explanation a page or report may need in its footnote, once each."""
    _check_lang(lang)
    found = [marker(PRIMARY, lang, policy), marker(PRIMARY, lang, policy, responses=True)]
    if policy.distinguish_secondary:
        found.append(marker(SECONDARY, lang, policy))
    return [m for m in found if m is not None]
