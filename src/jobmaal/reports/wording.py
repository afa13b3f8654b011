"""Plain-language sentences generated from the follow-up's figures (the report's only own work).

"Andelen af flygtninge og familiesammenførte i beskæftigelse steg 3,1 procentpoint til 47,2 % i
januar–december 2021, mere end i sammenlignelige kommuner (+1,2 pct.point)." Every number in a sentence
is a figure of the follow-up, printed with ``fmt``; nothing is computed here beyond choosing words.
"""

from __future__ import annotations

from jobmaal.analysis.labels import Comparison, Status, TargetKind
from jobmaal.analysis.objects import Figure, IndicatorFollowup
from jobmaal.catalog import Text
from jobmaal.reports import fmt

# The subject of a sentence about each indicator; other indicators fall back to their title.
SUBJECTS: dict[str, Text] = {
    "public_support_fulltime_share": Text(
        da="Andelen af befolkningen på offentlig forsørgelse (fuldtidspersoner)",
        en="The share of the population on public support (full-time persons)"),
    "mm17_upskilling_starts": Text(
        da="Antallet af ledige, der påbegynder opkvalificering,",
        en="The number of unemployed persons starting upskilling"),
    "mm17_upskilling_share": Text(
        da="Andelen af ledige, der påbegynder opkvalificering,",
        en="The share of the unemployed starting upskilling"),
    "mm13_refugees_employed_share": Text(
        da="Andelen af flygtninge og familiesammenførte i beskæftigelse",
        en="The share of refugees and family-reunified refugees in employment"),
    "mm13_refugees_190h_share": Text(
        da="Andelen af flygtninge og familiesammenførte med mindst 190 løntimer",
        en="The share of refugees and family-reunified refugees with at least 190 wage hours"),
    "recruitment_unsuccessful_share": Text(
        da="Andelen af forgæves rekrutteringsforsøg",
        en="The share of unsuccessful recruitment attempts"),
    "disability_employment_rate": Text(
        da="Beskæftigelsesfrekvensen for personer med handicap",
        en="The employment rate of persons with a disability"),
}

_UNIT_SUFFIXES = (" (pct.)", " (percent)", " (antal personer)", " (persons)")


def subject(ind: IndicatorFollowup, lang: str) -> str:
    if ind.indicator_id in SUBJECTS:
        return SUBJECTS[ind.indicator_id].get(lang)
    title = ind.title.get(lang)
    for suffix in _UNIT_SUFFIXES:
        title = title.removesuffix(suffix)
    return (f"Indikatoren »{title}«" if lang == "da" else f"The indicator “{title}”")


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:] if s and not s[:2].isupper() else s


def _amount(x: float, unit: str, lang: str) -> str:
    """An unsigned change: "3,1 procentpoint" / "2,5 personer"."""
    if unit == "percent":
        return fmt.points(abs(x), lang)
    word = "personer" if lang == "da" else "persons"
    return f"{fmt.number(abs(x), fmt.decimals_for(unit, x), lang)} {word}"


def _same(a: float, b: float, unit: str) -> bool:
    """Equal as printed (one decimal): then "på linje med", never "mere end" between equal-looking numbers."""
    d = fmt.decimals_for(unit, a)
    return round(abs(a), d) == round(abs(b), d)


def _verb(x: float, unit: str, lang: str) -> str:
    if round(x, fmt.decimals_for(unit, x)) == 0:
        return "var uændret" if lang == "da" else "was unchanged"
    if lang == "da":
        return "steg" if x > 0 else "faldt"
    return "rose" if x > 0 else "fell"


def _benchmark_clause(c: float, k: float | None, unit: str, where_da: str, where_en: str, lang: str) -> str:
    """How the municipality's change ``c`` compares with a benchmark's change ``k``."""
    if k is None:
        return ""
    where = where_da if lang == "da" else where_en
    k_text = fmt.change(k, unit, lang)
    unchanged_c = round(c, fmt.decimals_for(unit, c)) == 0
    unchanged_k = round(k, fmt.decimals_for(unit, k)) == 0
    if unchanged_c and unchanged_k:
        return f"som i {where}" if lang == "da" else f"as in {where}"
    if unchanged_c or unchanged_k or (c > 0) != (k > 0):
        verb = _verb(k, unit, lang)
        if lang == "da":
            return f"mens den {verb} i {where}" + ("" if unchanged_k else f" ({k_text})")
        return f"while it {verb} in {where}" + ("" if unchanged_k else f" ({k_text})")
    if _same(c, k, unit):
        return f"på linje med {where} ({k_text})" if lang == "da" else f"in line with {where} ({k_text})"
    more = abs(c) > abs(k)
    if lang == "da":
        return f"{'mere' if more else 'mindre'} end i {where} ({k_text})"
    return f"{'more' if more else 'less'} than in {where} ({k_text})"


def change_sentence(ind: IndicatorFollowup, fig: Figure, lang: str, span_label: str, last_span: str, *,
                    cluster_alone: bool = False) -> str:
    """The development against last year, compared with comparable municipalities and the country.

    ``cluster_alone``: the municipality is its cluster's only member (no comparison to make)."""
    assert fig.value is not None and fig.last_year is not None and fig.change is not None
    subj = subject(ind, lang)
    unit = ind.unit
    verb = _verb(fig.change, unit, lang)
    value = fmt.figure(fig.value, unit, lang)
    last = fmt.figure(fig.last_year, unit, lang)
    unchanged = verb in ("var uændret", "was unchanged")
    if unit == "percent":
        if unchanged:
            head = (f"{subj} {verb} på {value} i {span_label}" if lang == "da"
                    else f"{subj} {verb} at {value} in {span_label}")
        else:
            amount = _amount(fig.change, unit, lang)
            head = (f"{subj} {verb} {amount} fra {last} i {last_span} til {value} i {span_label}" if lang == "da"
                    else f"{subj} {verb} {amount} from {last} in {last_span} to {value} in {span_label}")
    else:
        per_month = ""
        if fig.periods > 1:
            per_month = " pr. måned i gennemsnit" if lang == "da" else " per month on average"
        if unchanged:
            head = (f"{subj} {verb} på {value}{per_month} i {span_label}" if lang == "da"
                    else f"{subj} {verb} at {value}{per_month} in {span_label}")
        else:
            change = fmt.change(fig.change, unit, lang)
            if fig.change_percent is not None:
                change += f", {fmt.percent(fig.change_percent, lang, signed=True)}"
            head = (f"{subj} {verb} fra {last} i {last_span} til {value}{per_month} i {span_label} ({change})"
                    if lang == "da" else
                    f"{subj} {verb} from {last} in {last_span} to {value}{per_month} in {span_label} ({change})")
    clauses = []
    if unit == "percent":  # counts of different-sized areas do not compare in persons
        if ind.area_type == "municipality" and not cluster_alone:
            clauses.append(_benchmark_clause(fig.change, fig.cluster_change, unit, "sammenlignelige kommuner",
                                             "comparable municipalities", lang))
        clauses.append(_benchmark_clause(fig.change, fig.country_change, unit, "hele landet", "the whole country",
                                         lang))
    judgement = ""
    if ind.vs_last_year is Comparison.BETTER:
        judgement = " – en forbedring" if lang == "da" else " – an improvement"
    elif ind.vs_last_year is Comparison.WORSE:
        judgement = " – en forværring" if lang == "da" else " – a deterioration"
    text = head + judgement
    for i, clause in enumerate(c for c in clauses if c):
        contrast = clause.startswith(("mens ", "while "))
        text += ", " + clause if i == 0 or contrast else (" og " if lang == "da" else " and ") + clause
    return text + "."


def expected_sentence(ind: IndicatorFollowup, fig: Figure, lang: str) -> str:
    exp = fig.expected
    if exp is None or exp.expected is None or exp.comparison is None or fig.value is None:
        return ""
    unit = ind.unit
    value, expected = fmt.figure(fig.value, unit, lang), fmt.figure(exp.expected, unit, lang)
    interval = (f"{fmt.figure(exp.lower, unit, lang)}{fmt.DASH}{fmt.figure(exp.upper, unit, lang)}"
                if exp.lower is not None and exp.upper is not None else "")
    rank = (f" Kommunen er nr. {exp.rank} af {exp.ranked} i forhold til det forventede." if lang == "da" else
            f" The municipality ranks {exp.rank} of {exp.ranked} relative to expected.") if exp.rank else ""
    if lang == "da":
        word = {Comparison.BETTER: "bedre end forventet", Comparison.SAME: "som forventet",
                Comparison.WORSE: "dårligere end forventet"}[exp.comparison]
        inside = f", intervallet {interval}" if interval else ""
        return (f"Resultatet er {word} ud fra kommunens rammevilkår: {value} mod et forventet niveau på "
                f"{expected}{inside}.{rank}")
    word = {Comparison.BETTER: "better than expected", Comparison.SAME: "as expected",
            Comparison.WORSE: "worse than expected"}[exp.comparison]
    inside = f", interval {interval}" if interval else ""
    return (f"The result is {word} given the municipality's framework conditions: {value} against an expected "
            f"level of {expected}{inside}.{rank}")


def target_value_text(kind: TargetKind, value: float, unit: str, lang: str) -> str:
    """"et gennemsnit over året på 43,5 %" / "an average over the year of 43.5%"."""
    if kind is TargetKind.CHANGE_VS_LAST_YEAR:
        amount = fmt.change(value, unit, lang, short=False)
        return (f"en ændring på {amount} i forhold til sidste år" if lang == "da"
                else f"a change of {amount} against last year")
    shown = fmt.figure(value, unit, lang)
    if kind is TargetKind.LEVEL_YEAR_END:
        return f"et niveau ved årets udgang på {shown}" if lang == "da" else f"a level at the year's end of {shown}"
    return f"et gennemsnit over året på {shown}" if lang == "da" else f"an average over the year of {shown}"


def target_sentence(ind: IndicatorFollowup, lang: str) -> str:
    ta = ind.target
    if ta is None:
        return ""
    unit = ind.unit
    as_change = ta.kind is TargetKind.CHANGE_VS_LAST_YEAR

    def val(x: float | None) -> str:
        return fmt.change(x, unit, lang, short=False) if as_change else fmt.figure(x, unit, lang)

    goal = target_value_text(ta.kind, ta.target, unit, lang)
    proj = val(ta.projection)
    interval = (f" ({val(ta.projection_lower)}{fmt.DASH}{val(ta.projection_upper)})"
                if ta.projection_lower is not None and ta.projection_upper is not None
                and ta.periods_observed < ta.periods_in_year else "")
    da = {
        Status.ACHIEVED: f"Målet om {goal} er nået: resultatet blev {val(ta.so_far)}.",
        Status.ON_TRACK: f"Kommunen er på rette spor mod målet om {goal}: fremskrivningen giver {proj}{interval}.",
        Status.MODERATE_PROGRESS: (f"Der er nogen fremgang mod målet om {goal}, men fremskrivningen på "
                                   f"{proj}{interval} når det ikke helt."),
        Status.LIMITED_PROGRESS: (f"Der er begrænset fremgang mod målet om {goal}: fremskrivningen giver "
                                  f"{proj}{interval}."),
        Status.MOVING_AWAY: f"Udviklingen går væk fra målet om {goal}: fremskrivningen giver {proj}{interval}.",
        Status.NO_DATA: (f"Målet om {goal} kan ikke vurderes endnu: der er ingen tal at vurdere det på "
                         "(de er diskretioneret eller endnu ikke opgjort)."),
    }
    en = {
        Status.ACHIEVED: f"The target of {goal} is achieved: the result was {val(ta.so_far)}.",
        Status.ON_TRACK: f"The municipality is on track for its target of {goal}: the projection gives {proj}"
                         f"{interval}.",
        Status.MODERATE_PROGRESS: (f"There is moderate progress towards the target of {goal}, but the projection "
                                   f"of {proj}{interval} falls short of it."),
        Status.LIMITED_PROGRESS: (f"There is limited progress towards the target of {goal}: the projection gives "
                                  f"{proj}{interval}."),
        Status.MOVING_AWAY: f"The development is moving away from the target of {goal}: the projection gives "
                            f"{proj}{interval}.",
        Status.NO_DATA: (f"The target of {goal} cannot be assessed yet: there are no figures to judge it by "
                         "(they are suppressed or not yet published)."),
    }
    return (da if lang == "da" else en).get(ta.status, "")


def suppressed_sentence(ind: IndicatorFollowup, municipality: str, lang: str) -> str:
    subj = _lower_first(subject(ind, lang)).rstrip(",")
    if lang == "da":
        return (f"Tallene for {subj} i {municipality} er diskretioneret, fordi de bygger på for få personer, og "
                "kan ikke vurderes.")
    return (f"The figures for {subj} in {municipality} are suppressed because they rest on too few persons, and "
            "cannot be assessed.")


def missing_sentence(ind: IndicatorFollowup, lang: str) -> str:
    subj = _lower_first(subject(ind, lang)).rstrip(",")
    return (f"Der er endnu ingen tal for {subj} i året." if lang == "da"
            else f"There are no figures yet for {subj} in the year.")


def summary_sentences(sections: list[IndicatorFollowup], lang: str) -> list[str]:
    """Counts over the indicators: against the expected level, and the targets' status."""
    out: list[str] = []
    comps = [i.vs_expected for i in sections if i.vs_expected is not None]
    if comps:
        b, s, w = (sum(c is x for c in comps) for x in (Comparison.BETTER, Comparison.SAME, Comparison.WORSE))
        out.append(
            f"Af de {len(comps)} indikatorer med et forventet niveau ligger {b} bedre end forventet, {s} som "
            f"forventet og {w} dårligere end forventet ud fra kommunens rammevilkår." if lang == "da" else
            f"Of the {len(comps)} indicators with an expected level, {b} are better than expected, {s} as expected "
            f"and {w} worse than expected given the municipality's framework conditions.")
    with_target = [i for i in sections if i.target is not None]
    if with_target:
        order = [Status.ACHIEVED, Status.ON_TRACK, Status.MODERATE_PROGRESS, Status.LIMITED_PROGRESS,
                 Status.MOVING_AWAY, Status.NO_DATA]
        parts = [f"{n} {st.label.get(lang).lower()}" for st in order
                 if (n := sum(i.status is st for i in with_target))]
        joined = ", ".join(parts[:-1]) + ((" og " if lang == "da" else " and ") + parts[-1] if len(parts) > 1
                                          else parts[-1])
        out.append(f"Kommunen har mål for {len(with_target)} indikatorer. Status: {joined}." if lang == "da" else
                   f"The municipality has targets for {len(with_target)} indicators. Status: {joined}.")
    else:
        out.append("Kommunen har ingen mål registreret for året." if lang == "da" else
                   "The municipality has no targets entered for the year.")
    lasts = [i.vs_last_year for i in sections if i.vs_last_year is not None]
    if lasts:
        b, w = sum(c is Comparison.BETTER for c in lasts), sum(c is Comparison.WORSE for c in lasts)
        out.append(f"I forhold til sidste år er {b} af {len(lasts)} indikatorer forbedret og {w} forværret."
                   if lang == "da" else
                   f"Against last year, {b} of {len(lasts)} indicators improved and {w} deteriorated.")
    return out
