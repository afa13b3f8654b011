"""Fetch from the local services → results → follow-up, through the command line as an analyst runs it.

Also: the same fetch folder gives the same figures offline (server stopped), and a wrong key is one
clear line on stderr.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from jobmaal.analysis import followup
from jobmaal.cli.app import app, main
from jobmaal.engine.results import list_runs, read_values
from jobmaal.sources.official import read_official_expected

from . import fake_data as fd
from .fake_apis import API_KEY, running
from .live_web import serve

TABLES = "PTVA02,Y01A02,MM13,MM17,Y30R21"


def cli(*args: str, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(app, list(args), env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    root = tmp_path_factory.mktemp("sources-e2e")
    store, cache, results, cond = root / "fetched", root / "cache", root / "results.duckdb", root / "cond.csv"
    fast = ["--min-interval", "0", "--timeout", "120", "--cache-dir", str(cache)]
    with running() as apis:
        cli("fetch", "jobindsats", "--tables", TABLES, "--base-url", apis.jobindsats_url, "--store", str(store),
            *fast, env={"JOBINDSATS_API_KEY": API_KEY})
        cli("fetch", "statbank", "--conditions", "--years", "2021", "--base-url", apis.statbank_url,
            "--store", str(store), *fast)
        requests = list(apis.requests)
    cli("load-official", "--from-fetched", str(store), "--results", str(results))
    cli("official-conditions", "--from-fetched", str(store), "--years", "2021", "--out", str(cond))
    yield {"root": root, "store": store, "results": results, "conditions": cond, "requests": requests}  # type: ignore[misc]


def pick(values: pd.DataFrame, indicator: str, area: str, period: str, breakdown: str = "",
         value: str = "") -> pd.Series:
    rows = values[(values.indicator_id == indicator) & (values.area_code == area)
                  & (values.period.astype(str) == period) & (values.breakdown == breakdown)
                  & (values.breakdown_value == value)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_the_fetch_asks_for_every_breakdown_value_and_stores_each_answer(world: dict) -> None:
    data = [r for r in world["requests"] if r.path == "/jobindsats/v2/data/ptva02/json"]
    assert data[0].body == {"area": "*", "period": ["l(M:24)"], "_ygrp_a02": list(fd.GROUPS),
                            "_kon": list(fd.SEXES)}
    y30 = next(r for r in world["requests"] if r.path == "/jobindsats/v2/data/y30r21/json")
    assert y30.body["period"] == ["l(QMAT:8)"]
    stored = sorted(p.parent.name + "/" + p.name.split("-")[0] for p in world["store"].rglob("*.json"))
    assert stored.count("PTVA02/data") == 1 and stored.count("PTVA02/tableinfo") == 1
    assert {p.name for p in (world["store"] / "statbank").iterdir()} == {"FOLK1A", "HFUDD11"}
    assert API_KEY not in "".join(p.read_text(encoding="utf-8") for p in world["store"].rglob("*.json"))


def test_the_run_says_its_source(world: dict) -> None:
    (run,) = list_runs(world["results"])
    assert run.source == "Jobindsats.dk" and run.synthetic is False
    assert (run.period_from, run.period_to) == (dt.date(2020, 1, 1), dt.date(2021, 6, 1))
    assert run.data_fingerprint.startswith("fetched:")


def test_published_figures_become_indicator_values(world: dict) -> None:
    v = read_values(world["results"])
    persons, ft, _, share = fd.ptva02("730", "2021M06", "Ydelsesgrupper i alt", "Køn i alt")
    total = pick(v, "public_support_fulltime_share", "730", "2021-06-01")
    assert (total.value, total.numerator, total.numerator_persons) == (share, float(ft), persons)
    assert total.denominator == pytest.approx(float(ft) * 100 / share)
    # PTVA02 (precedence 10) wins over Y01A02, which says one full-time person more
    adp = pick(v, "public_support_fulltime_share", "730", "2021-06-01", "benefit_group", "a_dagpenge")
    assert adp.numerator == float(fd.ptva02("730", "2021M06", "A-dagpenge", "Køn i alt")[1])
    women = pick(v, "public_support_fulltime_share", "000", "2021-06-01", "sex", "female")
    assert women.value == fd.ptva02("000", "2021M06", "Ydelsesgrupper i alt", "Kvinder")[3]
    den, num, mm13_share, *_ = fd.mm13("751", "2021M03")  # published as "Århus"
    aarhus = pick(v, "mm13_refugees_employed_share", "751", "2021-03-01")
    assert (aarhus.value, aarhus.numerator, aarhus.denominator) == (mm13_share, num, den)
    starts = pick(v, "mm17_upskilling_starts", "R03", "2021-01-01")
    assert starts.value == fd.mm17("R03", "2021M01")[0] and pd.isna(starts.denominator)
    assert set(v.area_type) == {"country", "region", "rar", "municipality"}
    assert v[v.area_type == "municipality"].area_code.nunique() == 98  # Christiansø left out
    # cells no table publishes (age groups) are there, as the engine writes them, with every figure missing
    young = pick(v, "public_support_fulltime_share", "730", "2021-06-01", "age_group", "16-29")
    assert young[["value", "numerator", "denominator", "numerator_persons"]].isna().all()


def test_the_follow_up_shows_the_fetched_figures(world: dict) -> None:
    result = followup(world["results"], 2021, municipality="730", conditions=world["conditions"])
    assert result.conditions_source == "file" and not result.synthetic
    randers = result.municipality("730")
    context = {i.indicator_id: i for i in randers.context}
    ps = context["public_support_fulltime_share"]
    assert ps.latest is not None and ps.latest.value == fd.ptva02("730", "2021M06", "Ydelsesgrupper i alt",
                                                                     "Køn i alt")[3]
    goals = {i.indicator_id: i for g in randers.goals for i in g.indicators}
    mm13 = goals["mm13_refugees_employed_share"]
    # the follow-up pools shares as numerator / denominator: the published share before its rounding
    den, num, published, *_ = fd.mm13("730", "2021M06")
    assert mm13.latest is not None and mm13.latest.value == pytest.approx(100 * num / den)
    assert round(mm13.latest.value, 1) == published
    c_den, c_num, *_ = fd.mm13("000", "2021M06")
    assert mm13.latest.country == pytest.approx(100 * c_num / c_den)
    assert mm13.year_to_date is not None and mm13.year_to_date.expected is not None  # a model on 98 municipalities
    assert goals["mm17_upskilling_starts"].latest.value == fd.mm17("730", "2021M06")[0]


def test_the_municipality_page_shows_the_fetched_figures_and_their_source(world: dict) -> None:
    from jobmaal.plans.database import create_plan_engine, resolve_url
    from jobmaal.plans.migrate import upgrade
    from jobmaal.web import WebSettings, create_app

    plans = world["root"] / "plans.sqlite"
    upgrade(create_plan_engine(resolve_url(str(plans))))
    app = create_app(WebSettings(results=world["results"], conditions=world["conditions"], plans_url=str(plans)))
    with serve(app) as base, urllib.request.urlopen(f"{base}/municipality/730?year=2021", timeout=120) as page:
        assert page.status == 200
        html = page.read().decode("utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Kilde: Jobindsats.dk" in text and "syntetisk" not in text.lower()
    mm13 = text[text.index("Andel flygtninge og familiesammenførte i beskæftigelse"):]
    assert f"Seneste (juni 2021) {fd.mm13('730', '2021M06')[2]:.1f} %".replace(".", ",") in mm13


def test_the_results_report_shows_the_fetched_figures_and_their_source(world: dict) -> None:
    from jobmaal.reports.make import render, results_report
    from jobmaal.reports.sources import FollowupOptions, load_run

    report = results_report(load_run(world["results"], up_to_year=2021), 2021, "730",
                            options=FollowupOptions(conditions=world["conditions"]), charts=False)
    text = " ".join(re.sub(r"<[^>]+>", " ", render(report, "html").decode("utf-8")).split())
    assert "Kilde: Jobindsats.dk" in text and "syntetisk" not in text.lower()
    months = [f"2021M{m:02d}" for m in range(1, 7)]
    den = sum(fd.mm13("730", p)[0] for p in months)
    num = sum(fd.mm13("730", p)[1] for p in months)
    ytd = f"{100 * num / den:.1f} %".replace(".", ",")  # the year so far, pooled
    assert ytd in text[text.index("Andel flygtninge og familiesammenførte i beskæftigelse"):]


def test_the_official_expected_level_sits_beside_the_run(world: dict) -> None:
    oe = read_official_expected(world["results"])
    row = oe[(oe.area_code == "730") & (oe.period_label == "2021QMAT02") & (oe.breakdown == "")].iloc[0]
    exp_n, act_n, exp_s, act_s, diff, rank = fd.y30r21("730", "2021QMAT02", "Ydelsesgrupper i alt")
    assert (row.expected, row.actual, row.difference, row["rank"], row.ranked) == (exp_s, act_s, diff, rank, 98)
    assert (row.expected_count, row.actual_count) == (exp_n, act_n)
    assert row.actual_minus_expected == pytest.approx(act_s - exp_s)
    assert str(row.period_start)[:10] == "2020-07-01" and str(row.period_end)[:10] == "2021-06-30"
    assert set(oe.breakdown_value) == {"", "a_dagpenge"} and row.run_id == list_runs(world["results"])[-1].run_id


def test_official_framework_conditions(world: dict) -> None:
    cond = pd.read_csv(world["conditions"], dtype={"municipality_code": str}).set_index("municipality_code")
    assert len(cond) == 98
    assert {"population_16_66", "age_16_29_share", "age_50_66_share", "unskilled_share", "refugee_share",
            "rar_rest_public_support"} <= set(cond.columns)
    pop = sum(fd.folk1a("730", "TOT", str(a), "2021K1") for a in range(16, 67))
    assert cond.loc["730", "population_16_66"] == pytest.approx(pop, rel=1e-5)
    refugees = fd.mm13("730", "2020M01")[0]  # the first month of the twelve before the year
    assert cond.loc["730", "refugee_share"] == pytest.approx(100 * refugees / pop, rel=1e-3)


def test_the_same_fetch_folder_gives_the_same_run_offline(world: dict, tmp_path: Path) -> None:
    again = tmp_path / "again.duckdb"  # no server is running now
    cli("load-official", "--from-fetched", str(world["store"]), "--results", str(again))
    a, b = read_values(world["results"]), read_values(again)
    cols = [c for c in a.columns if c != "run_id"]
    pd.testing.assert_frame_equal(a[cols], b[cols])
    assert list_runs(again)[0].data_fingerprint == list_runs(world["results"])[0].data_fingerprint


def test_a_wrong_key_is_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("JOBINDSATS_API_KEY", "expired-key")
    with running() as apis, pytest.raises(SystemExit) as exit_:
        main(["fetch", "jobindsats", "--tables", "PTVA02", "--base-url", apis.jobindsats_url,
              "--store", str(tmp_path / "s"), "--no-cache"])
    assert exit_.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("jobmaal: error: Jobindsats afviste API-nøglen")
    assert "Forkert nøgle eller nøglen er udløbet." in lines[0]
    assert not (tmp_path / "s").exists() or not list((tmp_path / "s").rglob("data-*.json"))


def test_a_table_that_cannot_be_read_does_not_stop_the_others(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("JOBINDSATS_API_KEY", API_KEY)
    with running() as apis, pytest.raises(SystemExit) as exit_:
        main(["fetch", "jobindsats", "--tables", "NOSUCH,MM13", "--base-url", apis.jobindsats_url,
              "--store", str(tmp_path / "s"), "--no-cache", "--min-interval", "0"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "jobmaal: error: 1 table(s) not fetched (the others are stored): NOSUCH: " in err
    assert [p.parent.name for p in (tmp_path / "s").rglob("data-*.json")] == ["MM13"]
