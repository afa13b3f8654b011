"""The pages' typed contexts (what each page shows), and the HTML the live server sends for them."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from jobmaal.analysis.labels import Status
from jobmaal.analysis.results import read_run_info
from jobmaal.disclosure import SYMBOL
from jobmaal.plans import PUBLIC
from jobmaal.publication import published
from jobmaal.web import WebSettings
from jobmaal.web.contexts.common import run_banner
from jobmaal.web.contexts.front import front_page
from jobmaal.web.contexts.indicator import IndicatorQuery, indicator_page
from jobmaal.web.contexts.municipality import municipality_page
from jobmaal.web.i18n import danish_sort_key
from jobmaal.web.services import Services
from tests.web.conftest import BOUNDARIES, YEAR


def test_front_page_lists_the_goals_with_a_status_summary_of_98(services: Services) -> None:
    page = front_page(services, PUBLIC, YEAR, "da")
    cat = services.catalog.year(YEAR)
    assert [g.key for g in page.goals] == [g.key for g in cat.goals]
    assert page.goals[0].no_official_indicator  # dignified casework has no official indicator
    assert page.letter and "Peter Hummelgaard" in page.letter
    for goal in page.goals:
        for ind in goal.indicators:
            assert sum(c.count for c in ind.counts) == 98
            assert {c.status for c in ind.counts} == {s.value for s in Status}
    assert page.run.synthetic and page.run.data_to == "december 2021"
    assert page.run.source is None  # computed from the registers: no "Kilde" line


def test_indicator_page_has_98_rows_sorted_filtered_and_markers_for_hidden_figures(services: Services) -> None:
    q = IndicatorQuery(sort="name")
    page = indicator_page(services, PUBLIC, YEAR, "mm17_upskilling_share", q, "da", "/indicator/x")
    assert len(page.rows) == 98
    names = [r.name for r in page.rows]
    assert names == sorted(names, key=danish_sort_key) and names[-1] == "Aarhus"  # "Aa" sorts as "Å"
    hidden = [r for r in page.rows if r.latest.marker]
    assert hidden, "small synthetic data: some municipalities' latest figure is suppressed"
    for r in hidden:
        assert r.latest.text == SYMBOL
        assert "færre end 5" in r.latest.note or "beskytte" in r.latest.note
    # every shown figure is the published one
    disclosed = published(services.settings.results).filter(indicators=["mm17_upskilling_share"],
                                                           breakdowns=False).frame
    region = page.regions[3].value
    filtered = indicator_page(services, PUBLIC, YEAR, "mm17_upskilling_share",
                              IndicatorQuery(region=region, sort="value", order="desc"), "da", "/indicator/x")
    assert 0 < len(filtered.rows) < 98 and {r.region for r in filtered.rows} == {region}
    values = [r.value.sort for r in filtered.rows if r.value.sort is not None]
    assert values == sorted(values, reverse=True)
    assert [c.aria_sort for c in filtered.columns if c.key == "value"] == ["descending"]
    assert len(disclosed) > 0
    assert page.map_kind == "tiles" and page.map_chart["layer"][0]["mark"]["type"] == "rect"
    assert page.compare_names[0] == "Hele landet" and "København" in page.compare_names
    assert len(page.comparison_rows) == 36  # every month of 2019–2021, as a table behind the chart


def test_municipality_page_shows_every_goal_with_chart_table_and_downloads(services: Services) -> None:
    page = municipality_page(services, PUBLIC, "101", YEAR, "en")
    cat = services.catalog.year(YEAR)
    assert [g.key for g in page.goals] == [g.key for g in cat.goals]
    blocks = [b for g in page.goals for b in g.indicators]
    assert {b.id for b in blocks} == {i for g in cat.goals for i in g.indicators}
    for b in blocks:
        per_year = {"month": 12, "half_year": 2, "year": 1}[services.catalog.indicator(b.id).period.value]
        assert b.chart["layer"] and len(b.series) == 3 * per_year  # the chart and its data table, 2019–2021
        assert b.status_label
    assert {d.format for d in page.downloads} == {"csv", "csv-da", "xlsx", "jsonstat", "report-pdf", "plan-pdf"}
    assert page.plan_state == ""  # the demo plans are drafts: the public sees none
    assert all(g.strategy is None for g in page.goals)
    assert not page.can_edit


def test_a_suppressed_month_is_the_marker_in_the_chart_table(services: Services) -> None:
    index = services.values()
    page = municipality_page(services, PUBLIC, "563", YEAR, "da")  # Fanø: the smallest figures
    cells = [r.value for g in page.goals for b in g.indicators for r in b.series]
    hidden = [c for c in cells if c.marker]
    assert hidden and all(c.text == SYMBOL and c.note.startswith("Diskretioneret") for c in hidden)
    assert all(c.sort is None for c in hidden)
    assert index.suppressed("mm17_upskilling_share", "563", index.last_period) in ("", "primary", "secondary")


def test_html_pages_danish_by_default_english_on_switch(client: httpx.Client) -> None:
    r = client.get("/")
    assert r.status_code == 200 and '<html lang="da">' in r.text
    assert "SYNTETISKE DATA" in r.text and "Ministerens beskæftigelsespolitiske mål for 2021" in r.text
    switch = client.get("/language/en", params={"next": "/municipality/730"})
    assert switch.status_code == 303 and switch.headers["location"] == "/municipality/730"
    page = client.get("/municipality/730")
    assert '<html lang="en">' in page.text and "Randers Municipality" in page.text
    assert client.get("/language/en", params={"next": "https://evil.example/"}).headers["location"] == "/"


def test_pages_serve_their_scripts_themselves(client: httpx.Client) -> None:
    page = client.get("/indicator/mm13_refugees_employed_share").text
    assert 'src="/vendor/vega.js"' in page and "http://" not in page.split("<body>")[1].split("<footer")[0]
    assert "<script>" not in page  # no inline script: charts are JSON data blocks
    assert 'type="application/json"' in page
    bundle = client.get("/vendor/vega.js")
    assert bundle.status_code == 200 and "vegaEmbed" in bundle.text
    assert client.get("/static/app.js").status_code == 200


def test_unknown_things_are_404_pages(client: httpx.Client) -> None:
    assert client.get("/municipality/999").status_code == 404
    r = client.get("/indicator/nope")
    assert r.status_code == 404 and "nope" in r.text
    assert client.get("/?year=1999").status_code == 404


def test_source_line_for_jobindsats_data(jobindsats_results: Path) -> None:
    banner = run_banner(read_run_info(jobindsats_results), "da")  # the banner every page shows
    assert banner.source == "Jobindsats.dk" and banner.synthetic


def test_boundary_map_when_configured(results_file: Path, plans_db) -> None:  # type: ignore[no-untyped-def]
    if not BOUNDARIES.is_file():
        pytest.skip(f"no boundary file at {BOUNDARIES} (the shared data folder is not beside the repository)")
    services = Services(WebSettings(results=results_file, plans_url=plans_db.url, boundaries=BOUNDARIES),
                        store=plans_db)
    page = indicator_page(services, PUBLIC, YEAR, "mm17_upskilling_share", IndicatorQuery(), "da", "/x")
    assert page.map_kind == "boundaries"
    layers = page.map_chart["layer"]
    assert [layer["mark"]["type"] for layer in layers] == ["geoshape", "geoshape"]  # all in grey, then coloured
    urls = {layer.get("data", page.map_chart.get("data", {})).get("url") for layer in layers}
    assert urls == {"/geo/boundaries.json"}


def test_the_results_report_downloads_from_the_municipality_page(client: httpx.Client) -> None:
    page = client.get("/municipality/101")
    assert 'href="/report/101/2021?kind=results&amp;format=pdf"' in page.text
    r = client.get("/report/101/2021", params={"kind": "results", "format": "html"})
    assert r.status_code == 200 and "København" in r.text
    assert "resultatrevision-2021-101-kobenhavn.html" in r.headers["content-disposition"]


def test_pages_are_accessible_tables_with_captions_and_charts_with_text(client: httpx.Client) -> None:
    for url in ("/", "/indicator/mm13_refugees_employed_share", "/municipality/730"):
        html = client.get(url).text
        assert html.count("<table") == html.count("<caption>"), url  # every table says what it is
        charts = html.count('class="chart"')
        assert charts > 0 and html.count('role="img" aria-label="') == charts, url
        assert 'class="skip" href="#main"' in html and 'id="main"' in html
    municipality = client.get("/municipality/730").text
    # each chart has its figures as a table beside it
    assert municipality.count('class="chart"') == municipality.count("<summary>Tallene bag diagrammet</summary>")
    indicator = client.get("/indicator/mm13_refugees_employed_share").text
    assert 'aria-sort="ascending"' in indicator and "status-no_target" in indicator and "Intet mål" in indicator
