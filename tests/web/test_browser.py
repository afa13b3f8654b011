"""The whole dashboard in a real browser: Debian's Chromium driven by Playwright, against the live server.

Screenshots of the three main pages go to test-artifacts/web/ for a person to look at.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from jobmaal.plans import PUBLIC
from jobmaal.web.services import Services
from tests.web.conftest import ARTIFACTS, YEAR

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="module")
def browser(services: Services) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests need Debian's Chromium; run "
                    "`bash scripts/system-deps.sh` (it installs the package `chromium`)", pytrace=False)
    services.values()  # warm the caches, so that no page waits for the disclosure gate in the browser
    services.followup_all(PUBLIC, YEAR)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def _page(browser: Browser, errors: list[str]) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(120_000)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page


def _charts_drawn(page: Page) -> None:
    page.wait_for_function("() => [...document.querySelectorAll('.chart')].every("
                           "e => e.dataset.rendered === 'true' || e.dataset.error)")
    failed = page.eval_on_selector_all(".chart[data-error]", "els => els.map(e => e.dataset.error)")
    assert failed == []
    assert page.locator(".chart svg").count() >= 1


def test_a_visit_from_the_front_page_to_an_edited_target(browser: Browser, base_url: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    page = _page(browser, errors)
    page.goto(base_url + "/")
    assert page.locator("html").get_attribute("lang") == "da"
    assert page.locator(".banner.synthetic").is_visible()
    _charts_drawn(page)
    page.screenshot(path=str(ARTIFACTS / "front.png"), full_page=True)

    # an indicator page, from the front page's link
    page.get_by_role("link", name="Andel ledige der påbegynder opkvalificering (pct.)").first.click()
    assert page.locator("#municipality-table tbody tr").count() == 98
    _charts_drawn(page)
    page.screenshot(path=str(ARTIFACTS / "indicator.png"), full_page=True)

    # to a municipality with the picker (keyboard-reachable form, no script needed)
    page.select_option("#pick-municipality", label="Randers")
    page.locator("form.picker").get_by_role("button", name="Vis").click()
    page.wait_for_url("**/municipality/730")
    assert "Randers Kommune" in page.locator("h1").inner_text()
    _charts_drawn(page)
    page.screenshot(path=str(ARTIFACTS / "municipality.png"), full_page=True)

    # switch language
    page.locator("#language-switch").click()
    page.wait_for_url("**/municipality/730")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Randers Municipality" in page.locator("h1").inner_text()

    # download the CSV
    with page.expect_download() as info:
        page.locator("a[data-format='csv']").click()
    download = info.value
    frame = pd.read_csv(io.StringIO(Path(download.path()).read_text(encoding="utf-8")), dtype={"area_code": str})
    assert set(frame["area_code"]) == {"730", "000"} and "suppressed" in frame.columns and len(frame) > 100

    # log in as the editor and change a target
    page.locator("#login-link").click()
    page.fill("#username", "demo-randers")
    page.fill("#password", "demo-randers-password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/municipality/730")  # back where the editor came from, now with the edit link
    page.locator("#edit-plan").click()
    page.wait_for_url("**/plan/730/2021")
    form = page.locator("#target-mm17_upskilling_share")
    form.locator("input[name=value]").fill("4.5")
    form.get_by_role("button", name="Save").click()
    page.wait_for_url("**saved=*")
    assert "Saved as version" in page.locator("#saved").inner_text()
    assert page.locator("#target-mm17_upskilling_share input[name=value]").input_value() == "4.5"
    assert errors == [], errors  # no CSP violation, no script error on any page


def test_the_conflict_message_when_a_second_session_saved_first(browser: Browser, base_url: str) -> None:
    errors: list[str] = []
    first, second = _page(browser, errors), _page(browser, errors)
    for page in (first, second):
        page.goto(base_url + "/login?next=/plan/730/2021")
        page.fill("#username", "demo-randers")
        page.fill("#password", "demo-randers-password")
        page.get_by_role("button", name="Log ind").click()
        page.wait_for_url("**/plan/730/2021")
    second.locator("#strategy-upskilling").fill("Gemt af den anden session først")
    second.locator("form.strategy-form", has=second.locator("#strategy-upskilling")).get_by_role(
        "button", name="Gem").click()
    second.wait_for_url("**saved=*")
    first.locator("#strategy-upskilling").fill("Denne ændring kommer for sent")
    first.locator("form.strategy-form", has=first.locator("#strategy-upskilling")).get_by_role(
        "button", name="Gem").click()
    conflict = first.locator("#conflict")
    conflict.wait_for()
    assert "Ikke gemt" in conflict.inner_text() and "Intet er gemt" in conflict.inner_text()
    first.screenshot(path=str(ARTIFACTS / "plan-conflict.png"))
    first.get_by_role("link", name="Hent den nyeste version").click()
    assert first.locator("#strategy-upskilling").input_value() == "Gemt af den anden session først"
    # the 409 itself is reported by the browser as a failed load; nothing else may go wrong
    assert [e for e in errors if "status of 409" not in e] == [], errors
