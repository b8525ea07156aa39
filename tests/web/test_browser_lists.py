"""A person browsing the lists (issue 15): from the home page's claim count to the list of claims,
then to its second page, in headless Chromium on a real ``semaxkg serve``.

Skips with the reason when Chromium, its driver or Selenium is missing.
"""

from __future__ import annotations

import pytest
from browser_support import PAGE_WAIT_SECONDS, screenshot
from ld_support import LiveServer

pytest.importorskip("selenium", reason="selenium is not installed: pip install -e '.[test]'")

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PER_PAGE = 50  # issue 15: "50 a page"


def _wait_for(browser: WebDriver, url: str) -> None:
    WebDriverWait(browser, PAGE_WAIT_SECONDS).until(
        lambda b: b.current_url == url and b.execute_script("return document.readyState") == "complete")


def _severe(browser: WebDriver) -> list[str]:
    return [e["message"] for e in browser.get_log("browser")
            if e["level"] == "SEVERE" and "favicon.ico" not in e["message"]]


def test_home_count_leads_to_the_claims_list_and_its_second_page(live_server: LiveServer,
                                                                  browser: WebDriver) -> None:
    site = live_server.url
    browser.get(site + "/")
    _wait_for(browser, site + "/")
    count = browser.find_element(By.CSS_SELECTOR, "li[data-count='claims'] a.count-link")
    total = int(count.text)
    count.click()
    _wait_for(browser, site + "/id/claim/")
    screenshot(browser, "list-claims")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Claims"
    assert browser.find_element(By.ID, "list-total").text == str(total)
    rows = browser.find_elements(By.CSS_SELECTOR, "table#members tbody tr")
    assert len(rows) == min(total, PER_PAGE)
    first_page = [r.get_attribute("data-iri") for r in rows]
    browser.find_element(By.CSS_SELECTOR, "nav#pager a[rel='next']").click()
    _wait_for(browser, site + "/id/claim/?page=2")
    screenshot(browser, "list-claims-page-2")
    assert browser.find_element(By.ID, "page-number").text == "2"
    positions = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "table#members td.position")]
    assert positions[0] == str(PER_PAGE + 1)
    second_page = [r.get_attribute("data-iri") for r in
                   browser.find_elements(By.CSS_SELECTOR, "table#members tbody tr")]
    assert second_page and not set(second_page) & set(first_page)
    # The table fits the window: nothing runs off the right edge.
    assert browser.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth")
    # Back to the first page through the pager.
    browser.find_element(By.CSS_SELECTOR, "nav#pager a[rel='prev']").click()
    _wait_for(browser, site + "/id/claim/")
    assert _severe(browser) == []
