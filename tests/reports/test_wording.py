"""Plain-language sentences from constructed follow-up figures whose wording is known."""

from __future__ import annotations

import datetime as dt

from jobmaal.analysis.labels import Comparison, Status, TargetKind
from jobmaal.analysis.objects import ExpectedLevel, Figure, IndicatorFollowup, TargetAssessment
from jobmaal.catalog import Text
from jobmaal.reports import wording

SPAN, LAST = "januar–december 2021", "januar–december 2020"


def _figure(value: float, last: float, *, cluster_change: float | None, country_change: float | None,
            expected: ExpectedLevel | None = None) -> Figure:
    return Figure(period_from=dt.date(2021, 1, 1), period_to=dt.date(2021, 12, 1), periods=12, value=value,
                  numerator=None, denominator=None, last_year=last, change=value - last,
                  change_percent=100 * (value - last) / last, country=40.0, country_change=country_change,
                  cluster=45.0, cluster_change=cluster_change, expected=expected)


def _indicator(fig: Figure, *, unit: str = "percent", target: TargetAssessment | None = None,
               vs_last: Comparison | None = Comparison.BETTER) -> IndicatorFollowup:
    return IndicatorFollowup(
        indicator_id="mm13_refugees_employed_share", title=Text(da="Andel flygtninge (pct.)", en="Refugees (percent)"),
        unit=unit, direction="higher_is_better", periodicity="month", context=False, area_type="municipality",
        area_code="730", latest=fig, year_to_date=fig, series=(), target=target,
        status=target.status if target else Status.NO_TARGET, vs_last_year=vs_last, vs_expected=None)


def test_the_issues_example_sentence() -> None:
    fig = _figure(47.2, 44.1, cluster_change=2.0, country_change=3.6)
    text = wording.change_sentence(_indicator(fig), fig, "da", SPAN, LAST).replace("\u00a0", " ")
    assert text == ("Andelen af flygtninge og familiesammenførte i beskæftigelse steg 3,1 procentpoint fra 44,1 % i "
                    "januar–december 2020 til 47,2 % i januar–december 2021 – en forbedring, mere end i "
                    "sammenlignelige kommuner (+2,0 pct.point) og mindre end i hele landet (+3,6 pct.point).")


def test_opposite_directions_and_equal_changes() -> None:
    fig = _figure(47.2, 44.1, cluster_change=-0.5, country_change=3.1)
    text = wording.change_sentence(_indicator(fig), fig, "da", SPAN, LAST).replace("\u00a0", " ")
    assert "mens den faldt i sammenlignelige kommuner (−0,5 pct.point)" in text
    assert text.endswith("og på linje med hele landet (+3,1 pct.point).")
    alone = wording.change_sentence(_indicator(fig), fig, "da", SPAN, LAST, cluster_alone=True)
    assert "sammenlignelige" not in alone


def test_english_and_unchanged() -> None:
    fig = _figure(44.12, 44.1, cluster_change=0.01, country_change=-1.0)
    text = wording.change_sentence(_indicator(fig, vs_last=Comparison.SAME), fig, "en", "2021", "2020")
    assert text.replace("\u00a0", "") == ("The share of refugees and family-reunified refugees in employment was "
                                          "unchanged at 44.1% in 2021, as in comparable municipalities, while it "
                                          "fell in the whole country (−1.0pp).")


def test_expected_and_target_sentences() -> None:
    exp = ExpectedLevel(expected=42.0, lower=39.5, upper=44.5, difference=5.2, rank=3, ranked=98,
                        comparison=Comparison.BETTER)
    fig = _figure(47.2, 44.1, cluster_change=None, country_change=None, expected=exp)
    text = wording.expected_sentence(_indicator(fig), fig, "da").replace("\u00a0", " ")
    assert text == ("Resultatet er bedre end forventet ud fra kommunens rammevilkår: 47,2 % mod et forventet niveau "
                    "på 42,0 %, intervallet 39,5 %–44,5 %. Kommunen er nr. 3 af 98 i forhold til det forventede.")
    target = TargetAssessment(kind=TargetKind.AVERAGE_YEAR, target=43.5, comment=None, baseline=42.0, so_far=42.75,
                              progress_so_far=1.25, attainment_percent=83.0, projection=43.19,
                              projection_lower=42.59, projection_upper=43.79, ratio=0.8, periods_observed=4,
                              periods_in_year=12, status=Status.MODERATE_PROGRESS)
    text = wording.target_sentence(_indicator(fig, target=target), "da").replace("\u00a0", " ")
    assert text == ("Der er nogen fremgang mod målet om et gennemsnit over året på 43,5 %, men fremskrivningen på "
                    "43,2 % (42,6 %–43,8 %) når det ikke helt.")


def test_counts_compare_in_percent_not_with_other_areas() -> None:
    fig = _figure(11.3, 10.1, cluster_change=1.0, country_change=5.0)
    text = wording.change_sentence(_indicator(fig, unit="persons"), fig, "da", SPAN, LAST).replace("\u00a0", " ")
    assert "fra 10,1 i januar–december 2020 til 11,3 pr. måned i gennemsnit i januar–december 2021 (+1,2, +11,9 %)" \
        in text
    assert "hele landet" not in text
