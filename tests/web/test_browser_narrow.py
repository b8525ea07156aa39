"""Every kind of page on a 390 px phone, in the dark, and the Semax dashboard (issue 16).

A real ``semaxkg serve`` driven by headless Chromium emulating a 390 px wide mobile screen:
the document is never wider than the viewport (a wide table scrolls in its own box), the
dark theme follows ``prefers-color-scheme``, the skip link comes first, the favicon is found
(no console error at all), and the Semax page's numbers and filters show exactly their claims.
Skips with the reason when Chromium, its driver or Selenium is missing.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_support import PAGE_WAIT_SECONDS, SCREENSHOTS, find_chromium, start_chromium
from ld_support import LiveServer

pytest.importorskip("selenium", reason="selenium is not installed: pip install -e '.[test]'")

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select, WebDriverWait

pytestmark = [pytest.mark.slow, pytest.mark.browser]

#: The width of a common phone (CSS pixels).
PHONE_WIDTH = 390
PHONE_HEIGHT = 844
#: One page of each kind: home, ontology, class, Semax, claim, conflicts, sources, query.
PAGES = {
    "home": "/",
    "ontology": "/ontology",
    "class": "/ontology/Claim",
    "semax": "/id/compound/semax",
    "claim": "/id/claim/s001-semax-bdnf-expression-animal",
    "conflicts": "/conflicts",
    "sources": "/sources",
    "source": "/id/source/source-001",
    "query": "/sparql",
    "query-results": "/sparql?query=SELECT%20%3Fs%20%3Fp%20%3Fo%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%2020",
    "void": "/.well-known/void",
    "dumps": "/dumps",
}


@pytest.fixture(scope="module")
def phone(live_server: LiveServer) -> Iterator[WebDriver]:
    """Headless Chromium emulating a 390 px wide phone (skips without a browser)."""
    found = find_chromium()
    if isinstance(found, str):
        pytest.skip(found)
    session = start_chromium(*found)
    session.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": PHONE_WIDTH, "height": PHONE_HEIGHT, "deviceScaleFactor": 1, "mobile": True})
    yield session
    session.quit()


def _open(browser: WebDriver, url: str) -> None:
    browser.get_log("browser")  # forget messages of earlier pages
    browser.get(url)
    WebDriverWait(browser, PAGE_WAIT_SECONDS).until(
        lambda b: b.execute_script("return document.readyState") == "complete")


def _errors(browser: WebDriver) -> list[str]:
    return [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_page_fits_a_390px_screen(live_server: LiveServer, phone: WebDriver, kind: str) -> None:
    _open(phone, live_server.url + PAGES[kind])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.save_screenshot(str(SCREENSHOTS / f"phone-{kind}.png"))
    viewport, document_width, body_width = phone.execute_script(
        "return [window.innerWidth, document.documentElement.scrollWidth,"
        " document.body.scrollWidth];")
    assert viewport == PHONE_WIDTH
    assert document_width <= viewport and body_width <= viewport, (kind, document_width)
    # The skip link is the first thing a keyboard reaches, and leads to the content.
    first = phone.find_element(By.CSS_SELECTOR, "body a")
    assert first.get_attribute("class") == "skip"
    assert first.get_attribute("href").endswith("#main")
    assert phone.find_element(By.ID, "main").tag_name == "main"
    # No console error: no 404 for the favicon, no script blocked by the CSP.
    assert _errors(phone) == []


def test_dark_theme_follows_the_system(live_server: LiveServer, phone: WebDriver) -> None:
    colours = {}
    for scheme in ("light", "dark"):
        phone.execute_cdp_cmd("Emulation.setEmulatedMedia", {
            "features": [{"name": "prefers-color-scheme", "value": scheme}]})
        _open(phone, live_server.url + "/")
        colours[scheme] = phone.execute_script(
            "return getComputedStyle(document.body).backgroundColor")
    phone.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    assert colours["light"] == "rgb(255, 255, 255)"
    assert colours["dark"] == "rgb(20, 24, 29)"


def _visible_claims(browser: WebDriver) -> list[str]:
    return [card.get_attribute("data-claim") or "" for card in
            browser.find_elements(By.CSS_SELECTOR, "details.claim-group article.claim")
            if browser.execute_script("return !arguments[0].closest('[hidden]')", card)]


def test_semax_numbers_and_filters_show_exactly_their_claims(
        live_server: LiveServer, phone: WebDriver) -> None:
    _open(phone, live_server.url + "/id/compound/semax")
    every = _visible_claims(phone)
    assert len(every) > 100
    links = phone.find_elements(By.CSS_SELECTOR, "#evidence-table a.cell-claims")
    assert links
    for link in links[:6]:  # the first rows' numbers: each shows the claims it counts
        expected = set((link.get_attribute("data-claims") or "").split())
        phone.execute_script("arguments[0].click()", link)
        shown = _visible_claims(phone)
        assert set(shown) == expected and len(shown) == len(expected)
        status = phone.find_element(By.CSS_SELECTOR, "#claim-filters .filter-status").text
        assert f"showing {len(expected)} of" in status
    phone.find_element(By.CSS_SELECTOR, "#claim-filters button").click()
    assert len(_visible_claims(phone)) == len(every)
    # A filter by evidence level: the option's count is the number of claims it shows, and
    # every claim shown has that level.
    select = Select(phone.find_element(By.CSS_SELECTOR, "#claim-filters select[name=level]"))
    option = next(o for o in select.options if o.get_attribute("value"))
    value = option.get_attribute("value") or ""
    count = int(option.text.rsplit("(", 1)[1].rstrip(")"))
    select.select_by_value(value)
    shown = _visible_claims(phone)
    assert len(shown) == count
    levels = {phone.find_element(By.CSS_SELECTOR, f'article[data-claim="{c}"]')
              .get_attribute("data-f-level") for c in shown}
    assert levels == {value}
    # The groups say how many of their claims are shown.
    summary = phone.find_element(By.CSS_SELECTOR, "details.claim-group:not([hidden]) .group-count")
    assert " of " in summary.text
    assert _errors(phone) == []
