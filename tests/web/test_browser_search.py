"""The header search box as a person uses it (issue 15): headless Chromium on ``semaxkg serve``.

Typing "bdn" in the box of any page lists BDNF first; the keyboard picks it; a misspelling
offers "Did you mean"; Enter without a pick submits the plain form to ``/search``.
"""

from __future__ import annotations

import pytest
from browser_support import PAGE_WAIT_SECONDS, screenshot
from ld_support import LiveServer

pytest.importorskip("selenium", reason="selenium is not installed: pip install -e '.[test]'")

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SUGGESTIONS = "#site-search-q-suggestions li a"


def _open(browser: WebDriver, url: str) -> None:
    browser.get(url)
    WebDriverWait(browser, PAGE_WAIT_SECONDS).until(
        lambda b: b.execute_script("return document.readyState") == "complete")


def _type(browser: WebDriver, text: str) -> list[str]:
    """Type ``text`` in the header box; the suggestion texts once the list shows."""
    box = browser.find_element(By.ID, "site-search-q")
    box.clear()
    box.send_keys(text)
    WebDriverWait(browser, PAGE_WAIT_SECONDS).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, SUGGESTIONS)
        and b.find_element(By.ID, "site-search-q-suggestions").is_displayed())
    return [a.text for a in browser.find_elements(By.CSS_SELECTOR, SUGGESTIONS)]


def test_issue15_typing_bdn_in_the_header_box_offers_bdnf(site: LiveServer, browser: WebDriver) -> None:
    for path in ("/", "/id/compound/semax", "/sparql"):
        _open(browser, site.url + path)
        texts = _type(browser, "bdn")
        assert texts[0] == "brain-derived neurotrophic factor (BDNF) target", path
    screenshot(browser, "search-suggestions-bdn")
    box = browser.find_element(By.ID, "site-search-q")
    box.send_keys(Keys.ARROW_DOWN, Keys.ENTER)
    WebDriverWait(browser, PAGE_WAIT_SECONDS).until(lambda b: "/id/target/bdnf" in b.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("brain-derived neurotrophic factor")


def test_a_misspelling_offers_did_you_mean_and_enter_submits_the_form(
        site: LiveServer, browser: WebDriver) -> None:
    _open(browser, site.url + "/")
    texts = _type(browser, "semx")
    assert texts[0] == "Semax compound"
    assert "Did you mean Semax?" in texts
    browser.find_element(By.ID, "site-search-q").send_keys(Keys.ENTER)
    WebDriverWait(browser, PAGE_WAIT_SECONDS).until(lambda b: "/search?q=semx" in b.current_url)
    assert browser.find_element(By.ID, "did-you-mean").text == "Did you mean Semax?"
    screenshot(browser, "search-page-semx")
