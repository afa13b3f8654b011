"""End to end: on a run with many small cells, no output shows a figure the disclosure gate hid, nor any
figure resting on fewer than 5 persons.

3,000 synthetic persons spread over the 98 municipalities (2020–2021), generated and computed for real,
so that most municipal cells are small. Every output is read back as its user would read it and checked
cell by cell (``tests/disclosure/scan.py``): the JSON API's values (every cell of the run, through its
pages, and filtered queries), the follow-up API of a few municipalities, the exports (CSV, CSV for Danish
Excel, XLSX, JSON-stat; from the web and from ``jobmaal export``) and the HTML of the results report and
the plan for those municipalities. The web app derives the framework conditions from the register data
(``--data``), so the follow-up's ``conditions`` and the report's *Rammevilkår* table are checked too,
against person counts read independently from the Parquet files. The last tests turn the gate (and the
conditions' protection) off and check that the scanner then finds the leaks, so that the scan can fail.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import openpyxl
import pandas as pd
import pytest
from pyjstat import pyjstat

import jobmaal.publication as publication
from jobmaal.analysis import derive, followup, read_run_info, results_from_frame, to_jsonable
from jobmaal.catalog import default_catalog
from jobmaal.cli.app import main
from jobmaal.disclosure import DisclosedValues, DisclosurePolicy, bypass, disclose_shares
from jobmaal.engine.results import read_values
from jobmaal.plans import PlanStore
from jobmaal.publication import published
from jobmaal.reference import municipality as find_municipality
from jobmaal.reports.make import plan_report, render, results_report
from jobmaal.reports.sources import FollowupOptions, followup_of, load_run
from jobmaal.web import WebSettings, create_app
from jobmaal.web.services import Services
from tests.disclosure.scan import (
    CONDITION_SHARES,
    THRESHOLD,
    ConditionsReference,
    Reference,
    Scan,
    iter_pages,
    scan_api_items,
    scan_conditions_table,
    scan_followup,
    scan_followup_conditions,
    scan_frame,
    scan_jsonstat,
    scan_plan_report,
    scan_results_report,
)
from tests.web.live import serve

YEAR = 2021
PERSONS = 3000

pytestmark = pytest.mark.slow


def _cli(*args: str) -> None:
    try:
        main(list(args))
    except SystemExit as exc:
        assert exc.code in (0, None), f"jobmaal {' '.join(args)} exited with {exc.code}"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("disclosure-e2e")
    data, results = base / "data", base / "results.duckdb"
    _cli("generate", "--out", str(data), "--persons", str(PERSONS), "--start", "2020-01", "--end", f"{YEAR}-12",
         "--workers", "1", "--quiet")
    _cli("compute", "--data", str(data), "--results", str(results), "--threads", "1")
    return data, results


@pytest.fixture(scope="module")
def results_file(generated: tuple[Path, Path]) -> Path:
    return generated[1]


@pytest.fixture(scope="module")
def data_dir(generated: tuple[Path, Path]) -> Path:
    return generated[0]


@pytest.fixture(scope="module")
def cref(data_dir: Path) -> ConditionsReference:
    reference = ConditionsReference(data_dir, YEAR)
    small = sum(reference.small(c, k) for c in reference.counts.index for k in CONDITION_SHARES)
    assert small > 50, small  # the data must have small conditions for the scan to mean something
    return reference


@pytest.fixture(scope="module")
def conditions_all(results_file: Path, data_dir: Path, cref: ConditionsReference) -> dict[str, list[float]]:
    """The published conditions of all 98 municipalities (each checked against the register counts), for
    the country averages: the follow-up of one indicator from the disclosed run, as the web makes it."""
    disclosed = published(results_file)
    source = results_from_frame(disclosed.filter(breakdowns=False).frame, read_run_info(results_file))
    fr = followup(source, YEAR, data_dir=data_dir, indicators=["public_support_fulltime_share"], with_series=False,
                  policy=disclosed.policy)
    out: dict[str, list[float]] = {}
    hidden = 0
    for m in fr.municipalities:
        doc = to_jsonable(m)
        scan = scan_followup_conditions(f"follow-up conditions {m.code}", cref, doc, YEAR)
        _clean(scan)
        hidden += len(scan.hidden_seen)
        for c in m.conditions:
            if c.value is not None:
                out.setdefault(c.key, []).append(c.value)
    assert hidden > 50
    return out


@pytest.fixture(scope="module")
def raw(results_file: Path) -> pd.DataFrame:
    return read_values(results_file)


@pytest.fixture(scope="module")
def ref(results_file: Path, raw: pd.DataFrame) -> Reference:
    reference = Reference(raw, published(results_file))
    statuses = pd.Series([c.status for c in reference.cells.values()]).value_counts()
    # The data must have what the scan is about: many small cells, both kinds of suppression.
    assert statuses.get("primary", 0) > 1000 and statuses.get("secondary", 0) > 1000, statuses
    assert len(reference.small_keys()) > 1000
    return reference


@pytest.fixture(scope="module")
def codes(ref: Reference) -> list[str]:
    """Three municipalities whose year has many shown and many suppressed totals (the reports' subjects)."""
    score: dict[str, tuple[int, int]] = {}
    for (_ind, area, period, bd, _), cell in ref.cells.items():
        if bd or not period.startswith(str(YEAR)) or ref.area_type[area] != "municipality":
            continue
        hidden, shown = score.get(area, (0, 0))
        score[area] = (hidden + (cell.status == "primary"), shown + (not cell.status and cell.value is not None))
    ranked = sorted(score, key=lambda a: (-min(score[a]), a))
    return ranked[:3]


@pytest.fixture(scope="module")
def base_url(results_file: Path, data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = PlanStore(f"sqlite:///{tmp_path_factory.mktemp('e2e-plans') / 'plans.sqlite'}")
    store.upgrade()
    settings = WebSettings(results=results_file, plans_url=store.url, data_dir=data_dir,
                           secret_key="e2e-scan-" + "k" * 40)
    with serve(create_app(settings, services=Services(settings, store=store))) as url:
        yield url
    store.close()


@pytest.fixture
def client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=300) as c:
        yield c


def _get(client: httpx.Client, url: str, **params: object) -> httpx.Response:
    r = client.get(url, params=params or None)  # type: ignore[arg-type]  # (an empty dict drops the URL's query)
    assert r.status_code == 200, (url, r.status_code, r.text[:500])
    return r


def _clean(scan: Scan) -> None:
    assert not scan.leaks, scan.report()


def _areas_of(codes: list[str]) -> list[str]:
    out = ["000"]
    for c in codes:
        m = find_municipality(c)
        out += [c, m.region_code, m.rar_code]
    return list(dict.fromkeys(out))


# -- the JSON API -----------------------------------------------------------------------------------------
def test_api_values_every_cell_of_the_run(client: httpx.Client, ref: Reference) -> None:
    first = _get(client, "/api/v1/values", breakdowns="true", limit=10000).json()
    items = list(iter_pages(first, lambda nxt: _get(client, nxt).json()))
    scan = scan_api_items("API /values (all, with breakdowns)", ref, items)
    _clean(scan)
    keys = {(i["indicator_id"], i["area_code"], i["period"], i["breakdown"], i["breakdown_value"]) for i in items}
    assert len(keys) == len(items) == len(ref.cells), "the pages must cover every cell exactly once"
    assert scan.hidden_seen == ref.hidden_keys()
    assert scan.small_seen == ref.small_keys() and scan.shown > 10_000


def test_api_values_filtered(client: httpx.Client, ref: Reference, codes: list[str]) -> None:
    """Filtered queries take other paths through the index (look-up by area, by type, by period)."""
    hidden = 0
    queries: list[dict[str, object]] = [
        {"area": codes, "breakdowns": "true"},
        {"area_type": "region", "breakdowns": "true"},
        {"area_type": "rar"},
        {"indicator": ["mm17_upskilling_starts", "disability_employment_rate"], "area_type": "municipality",
         "period_from": f"{YEAR}-01-01", "period_to": f"{YEAR}-12-01", "breakdowns": "true"},
    ]
    for q in queries:
        first = _get(client, "/api/v1/values", limit=10000, **q).json()
        scan = scan_api_items(f"API /values {q}", ref, iter_pages(first, lambda nxt: _get(client, nxt).json()))
        _clean(scan)
        hidden += len(scan.hidden_seen)
    assert hidden > 1000


def test_api_followup(client: httpx.Client, ref: Reference, codes: list[str], cref: ConditionsReference,
                      conditions_all: dict[str, list[float]]) -> None:
    hidden, hidden_conditions = 0, 0
    for code in codes:
        body = _get(client, f"/api/v1/followup/{code}", year=YEAR).json()
        scan = scan_followup(f"API /followup/{code}", ref, body["municipality"])
        _clean(scan)
        hidden += len(scan.hidden_seen)
        cscan = scan_followup_conditions(f"API /followup/{code} conditions", cref, body["municipality"], YEAR,
                                         conditions_all)
        _clean(cscan)
        hidden_conditions += len(cscan.hidden_seen)
        listed = {(s["indicator_id"], s["figure"]) for s in body["suppressed"]}
        for c in body["municipality"]["conditions"]:
            if c["suppressed"]:
                assert (c["key"], "condition") in listed, (code, c["key"])
        for ind in [i for g in body["municipality"]["goals"] for i in g["indicators"]]:
            latest = ind["latest"]
            if latest and ref.hidden((ind["indicator_id"], ind["area_code"], latest["period_to"], "", "")):
                assert (ind["indicator_id"], "latest") in listed, (code, ind["indicator_id"])
    assert hidden > 20 and hidden_conditions > 0


# -- exports ---------------------------------------------------------------------------------------------
def _read_csv(text: str, **kw: object) -> pd.DataFrame:
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, **kw)  # type: ignore[call-overload]
    for col in ("value", "numerator", "denominator"):
        frame[col] = pd.to_numeric(frame[col].str.replace(",", ".", regex=False).replace("", None))
    return frame


def test_csv_exports(client: httpx.Client, ref: Reference, codes: list[str], results_file: Path,
                     tmp_path: Path) -> None:
    """The web's CSV of the whole run is scanned cell by cell; the Danish-Excel dialect and ``jobmaal
    export`` (another code path to the gate) must hold exactly the same cells and figures (for a few areas,
    to keep the test quick)."""
    plain = _read_csv(_get(client, "/api/v1/export", format="csv", breakdowns="true").text)
    scan = scan_frame("web CSV", ref, plain)
    _clean(scan)
    assert len(plain) == len(ref.cells)
    assert scan.hidden_seen == ref.hidden_keys() and scan.small_seen == ref.small_keys()
    areas = _areas_of(codes)
    subset = plain[plain["area_code"].isin(areas)].reset_index(drop=True)
    excel = _get(client, "/download/values", format="csv-da", breakdowns="true", area=areas).content
    pd.testing.assert_frame_equal(_read_csv(excel.decode("utf-8-sig"), sep=";"), subset)
    out = tmp_path / "cli.csv"
    _cli("export", "--results", str(results_file), "--out", str(out), "--format", "csv", "--breakdowns",
         *[a for area in areas for a in ("--area", area)])
    pd.testing.assert_frame_equal(_read_csv(out.read_text(encoding="utf-8")), subset)


def test_xlsx_export(client: httpx.Client, ref: Reference, codes: list[str]) -> None:
    areas = _areas_of(codes)
    body = _get(client, "/api/v1/export", format="xlsx", breakdowns="true", area=areas).content
    ws = openpyxl.load_workbook(io.BytesIO(body), read_only=True)["Data"]
    rows = ws.iter_rows(values_only=True)
    names = {"Indikator-id": "indicator_id", "Områdekode": "area_code", "Periode": "period",
             "Opdeling": "breakdown", "Opdelingsværdi": "breakdown_value", "Værdi": "value",
             "Tæller": "numerator", "Nævner": "denominator", "Diskretioneret": "suppressed"}
    header = list(next(rows))
    frame = pd.DataFrame(list(rows), columns=header)[list(names)].rename(columns=names)
    scan = scan_frame("web XLSX", ref, frame)
    _clean(scan)
    want = {k for k in ref.hidden_keys() if k[1] in areas}
    assert scan.hidden_seen == want and len(want) > 500


def test_jsonstat_export(client: httpx.Client, ref: Reference) -> None:
    text = _get(client, "/api/v1/export", format="jsonstat").text
    doc = json.loads(text)
    frame = pyjstat.Dataset.read(text).write("dataframe", naming="id")
    scan = scan_jsonstat("web JSON-stat", ref, doc, frame)
    _clean(scan)
    want = {k for k in ref.hidden_keys() if not k[3]}
    assert scan.hidden_seen == want and len(want) > 1000


# -- reports -----------------------------------------------------------------------------------------------
def _captions(results_file: Path, code: str) -> dict[str, str]:
    """Caption → key of the typed report's tables (to know which indicator a printed table shows)."""
    report = results_report(load_run(results_file, up_to_year=YEAR), YEAR, code, charts=False)
    return {t.caption: t.key for t in report.tables()
            if t.key.startswith(("development:", "comparison:")) or t.key == "benefits"}


def _benefit_labels() -> dict[str, str]:
    labels = {text.da: group for group, text in default_catalog().breakdowns["benefit_group"].values.items()}
    return {**labels, "I alt": ""}


def test_report_html(client: httpx.Client, ref: Reference, codes: list[str], results_file: Path,
                     cref: ConditionsReference, conditions_all: dict[str, list[float]]) -> None:
    titles = {ind.title.da: ind.id for ind in default_catalog().indicators.values()}
    hidden, shown, hidden_conditions = 0, 0, 0
    for code in codes:
        rar = find_municipality(code).rar_code
        html = _get(client, f"/report/{code}/{YEAR}", kind="results", format="html").text
        scan = scan_results_report(f"results report {code}", ref, html, code, rar, _captions(results_file, code),
                                   _benefit_labels(), YEAR)
        _clean(scan)
        hidden, shown = hidden + len(scan.hidden_seen), shown + scan.shown
        cscan = scan_conditions_table(f"results report {code} Rammevilkår", cref, html, code, YEAR, conditions_all)
        _clean(cscan)
        hidden_conditions += len(cscan.hidden_seen)
        plan = _get(client, f"/report/{code}/{YEAR}", kind="plan", format="html").text
        _clean(scan_plan_report(f"plan {code}", ref, plan, code, rar, titles, YEAR))
        # The typed plan report made in Python agrees with the page (the same builder).
        assert plan_report(load_run(results_file, up_to_year=YEAR), YEAR, code).meta.municipality_code == code
    assert hidden > 50 and shown > 50 and hidden_conditions > 0


# -- the scan can fail --------------------------------------------------------------------------------------
def test_the_scan_finds_leaks_when_the_gate_is_off(
    monkeypatch: pytest.MonkeyPatch, ref: Reference, codes: list[str], results_file: Path, tmp_path: Path,
) -> None:
    """Outputs made from unprotected values (the logged bypass in place of the gate) fail the scan."""

    def gate_off(values: pd.DataFrame, policy: object = None) -> DisclosedValues:
        return bypass(values, results_file, "test: disclosure scan with the gate off", echo=False)

    monkeypatch.setenv(publication.ENV_VAR, "off")  # nor the disclosed run cached on disk
    monkeypatch.setattr(publication, "_CACHE", {})
    monkeypatch.setattr(publication, "disclose", gate_off)
    store = PlanStore(f"sqlite:///{tmp_path / 'plans.sqlite'}")
    store.upgrade()
    settings = WebSettings(results=results_file, plans_url=store.url, secret_key="e2e-off-" + "k" * 40)
    code = codes[0]
    rar = find_municipality(code).rar_code
    try:
        with serve(create_app(settings, services=Services(settings, store=store))) as url, \
                httpx.Client(base_url=url, timeout=300) as c:
            first = _get(c, "/api/v1/values", area=code, breakdowns="true", limit=10000).json()
            scans = [scan_api_items("API /values, gate off", ref, iter_pages(first, lambda n: _get(c, n).json()))]
            csv = pd.read_csv(io.StringIO(_get(c, "/api/v1/export", format="csv", area=code).text),
                              dtype={"area_code": str}, keep_default_na=False, na_values=[""])
            scans.append(scan_frame("CSV, gate off", ref, csv.assign(suppressed="")))
            body = _get(c, f"/api/v1/followup/{code}", year=YEAR).json()
            scans.append(scan_followup("follow-up, gate off", ref, body["municipality"]))
            html = _get(c, f"/report/{code}/{YEAR}", kind="results", format="html").text
            scans.append(scan_results_report("report, gate off", ref, html, code, rar, _captions(results_file, code),
                                             _benefit_labels(), YEAR))
    finally:
        store.close()
    for scan in scans:
        assert any("suppressed (primary) but" in leak for leak in scan.leaks), scan.report()
        assert any(f"fewer than {THRESHOLD} persons" in leak for leak in scan.leaks), scan.report()


def test_the_conditions_scan_finds_leaks_when_unprotected(
    monkeypatch: pytest.MonkeyPatch, results_file: Path, data_dir: Path, cref: ConditionsReference, codes: list[str],
) -> None:
    """Conditions derived without their protection (every share shown) fail the scan of the follow-up and of
    the report's table."""

    def shown_all(counts: pd.DataFrame, groups: object, policy: object) -> object:
        return disclose_shares(counts, groups, DisclosurePolicy(threshold=1, allow_below_3=True))  # type: ignore[arg-type]

    monkeypatch.setattr(derive, "disclose_shares", shown_all)
    # Code changed in this process: the follow-up's disk cache must neither answer nor keep this result.
    monkeypatch.setenv(publication.ENV_VAR, "off")
    source = load_run(results_file, up_to_year=YEAR)
    leaks: list[str] = []
    for code in codes:
        fr = followup_of(source, YEAR, code, options=FollowupOptions(data_dir=data_dir),
                         indicators=["public_support_fulltime_share"])
        doc = to_jsonable(fr.municipality(code))
        leaks += scan_followup_conditions("follow-up, unprotected", cref, doc, YEAR).leaks
        report = results_report(source, YEAR, code, options=FollowupOptions(data_dir=data_dir), charts=False)
        leaks += scan_conditions_table("report, unprotected", cref, render(report, "html").decode("utf-8"), code,
                                       YEAR).leaks
    assert any(f"fewer than {THRESHOLD} persons" in leak and "follow-up" in leak for leak in leaks), leaks
    assert any(f"fewer than {THRESHOLD} persons" in leak and "report" in leak for leak in leaks), leaks
