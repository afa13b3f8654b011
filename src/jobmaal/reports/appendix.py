"""The appendix: indicator definitions, data sources, the method in brief, and the disclosure legend."""

from __future__ import annotations

from collections.abc import Sequence

from jobmaal.analysis.objects import ConditionValue, MunicipalityFollowup
from jobmaal.catalog.models import Indicator
from jobmaal.disclosure import SYMBOL
from jobmaal.reference import municipalities
from jobmaal.reports import fmt
from jobmaal.reports.disclosed import Suppressions, plain
from jobmaal.reports.model import Appendix, Definition, Meta, Row, Shown, Table
from jobmaal.reports.texts import t

_METHODS = {
    "da": (
        "År til dato er årets perioder til og med den seneste opgjorte, sammenlignet med de samme perioder året "
        "før. Andele er samlet over perioderne (summen af tællerne delt med summen af nævnerne); antal er et "
        "gennemsnit pr. måned.",
        "Sammenlignelige kommuner er kommuner med lignende rammevilkår (andel ufaglærte, flygtninge og øvrige "
        "indvandrere, alderssammensætning og forsørgelsesniveau i resten af RAR-området), samlet i klynger med "
        "Wards metode. Klyngens tal er den samlede andel for alle klyngens kommuner.",
        "Det forventede niveau er det resultat, kommunen ville have ud fra sine rammevilkår, beregnet med en "
        "model på tværs af alle kommuner (fraktionel logit vægtet med nævneren for andele). Ligger resultatet "
        "uden for intervallet (90 %), er det bedre eller dårligere end forventet. Placeringen rangordner "
        "kommunerne efter forskellen mellem resultat og forventet niveau (1 = bedst).",
        "Status for et mål sammenligner den fremskrevne fremgang med den fremgang, der kræves for at nå målet "
        "(metoden fra Open SDG og Eurostat): mindst 95 % af den krævede fremgang er på rette spor, 60–95 % nogen "
        "fremgang, 0–60 % begrænset fremgang, og under 0 bevæger udviklingen sig væk fra målet. Resten af året "
        "fremskrives som samme måned sidste år plus den seneste ændring fra år til år.",
        "Tal, der bygger på for få personer, vises ikke (diskretionering); det gør tal, der ville kunne afsløre "
        "dem, heller ikke. Alle tal i rapporten er beregnet ud fra de tal, der må vises.",
    ),
    "en": (
        "The year to date is the year's periods up to the latest published one, compared with the same periods "
        "a year earlier. Shares are pooled over the periods (the sum of numerators over the sum of "
        "denominators); counts are averages per month.",
        "Comparable municipalities are municipalities with similar framework conditions (shares of unskilled, "
        "refugees and other immigrants, age composition and the level of public support in the rest of the RAR "
        "area), grouped in clusters by Ward's method. The cluster's figure is the pooled share of all its "
        "municipalities.",
        "The expected level is the result the municipality would have given its framework conditions, from a "
        "model across all municipalities (a fractional logit weighted by the denominator for shares). A result "
        "outside the interval (90%) is better or worse than expected. The rank orders the municipalities by the "
        "difference between result and expected level (1 = best).",
        "The status of a target compares the projected progress with the progress required to reach the target "
        "(the Open SDG and Eurostat method): at least 95% of the required progress is on track, 60–95% moderate "
        "progress, 0–60% limited progress, and below 0 the development is moving away from the target. The rest "
        "of the year is projected as the same month last year plus the latest year-on-year change.",
        "Figures based on too few persons are not shown (disclosure control), nor are figures that could reveal "
        "them. Every figure in the report is computed from the figures that may be shown.",
    ),
}


def definitions(indicators: Sequence[Indicator], lang: str) -> tuple[Definition, ...]:
    seen: dict[str, Indicator] = {i.id: i for i in indicators}
    return tuple(
        Definition(indicator_id=i.id, title=i.title.get(lang), description=i.description.get(lang),
                   unit=t(i.unit.value, lang), direction=t(i.direction.value, lang),
                   periodicity=t(i.period.value, lang), source=t(i.source.value, lang),
                   official_measure=i.official_measure or fmt.MISSING)
        for i in seen.values()
    )


def legend(sup: Suppressions | None, lang: str) -> tuple[str, ...]:
    out = []
    if sup is not None and sup.used:
        out.append(t("marker_intro", lang, symbol=SYMBOL))
        out += [f"{SYMBOL} {text}" for text in sup.used]
    out.append(t("missing_intro", lang, dash=fmt.MISSING))
    return tuple(out)


def cluster_line(m: MunicipalityFollowup, lang: str) -> str:
    if not m.cluster:
        return ""
    names = {x.code: x.name for x in municipalities()}
    members = ", ".join(names.get(c, c) for c in m.cluster_members)
    return f"{t('cluster', lang, label=m.cluster)}: {members}."


def _condition(c: ConditionValue, sup: Suppressions | None, lang: str) -> Shown:
    """A condition as printed: hidden by disclosure control (too few persons) is the marker, not a dash."""
    if c.value is None and c.suppressed:
        note = c.explanation.get(lang) if c.explanation is not None else ""
        if sup is not None:
            return sup.marker((c.suppressed, note), "percent")  # also puts the note in the legend
        return Shown(text=SYMBOL, suppressed=c.suppressed, note=note, unit="percent")
    return plain(c.value, "percent", lang)


def conditions_table(m: MunicipalityFollowup, lang: str, sup: Suppressions | None = None) -> Table | None:
    if not m.conditions:
        return None
    head = ("", m.name, t("country", lang))
    rows = tuple(Row(c.label.get(lang), (_condition(c, sup, lang), plain(c.country_average, "percent", lang)))
                 for c in m.conditions)
    caption = "Rammevilkår" if lang == "da" else "Framework conditions"
    return Table(key="conditions", caption=caption, head=head, rows=rows)


def appendix(indicators: Sequence[Indicator], m: MunicipalityFollowup | None, meta: Meta, sup: Suppressions | None,
             lang: str) -> Appendix:
    sources = [meta.source_line]
    if meta.synthetic:
        sources.append(t("synthetic_banner", lang))
    sources.append(f"{t('run', lang)}: {meta.run_id} · {t('computed_at', lang)}: {meta.computed_at} · "
                   f"{t('data_month', lang)}: {meta.data_month_label}")
    conditions = conditions_table(m, lang, sup) if m is not None else None  # before the legend: it may add to it
    return Appendix(definitions=definitions(indicators, lang), sources=tuple(sources), methods=_METHODS[lang],
                    cluster_line=cluster_line(m, lang) if m is not None else "", legend=legend(sup, lang),
                    conditions=conditions)
