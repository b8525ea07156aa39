"""The query editor in headless Chromium (issue 15 items 4 and 7): highlighting, the prefix
help, "edited", the cursor on an error's token, a paged and sortable 10,000-row answer, the chart.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import pytest
from browser_support import PAGE_WAIT_SECONDS, screenshot
from ld_support import LiveServer

pytest.importorskip("selenium", reason="selenium is not installed: pip install -e '.[test]'")

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select, WebDriverWait

pytestmark = [pytest.mark.slow, pytest.mark.browser]

log = logging.getLogger(__name__)
SXO = "https://w3id.org/semaxkg/ontology/"
#: The issue's "done when": the first page of a 10,000-row answer drawn in under a second.
FIRST_PAGE_MS = 1000
BIG = "SELECT * WHERE { ?s ?p ?o } LIMIT 10000"
SMALL = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"


def _open(browser: WebDriver, url: str) -> None:
    browser.get_log("browser")
    browser.get(url)
    WebDriverWait(browser, PAGE_WAIT_SECONDS).until(
        lambda b: b.execute_script("return document.readyState") == "complete")


def _wait_for_results(browser: WebDriver) -> str:
    WebDriverWait(browser, PAGE_WAIT_SECONDS).until(
        lambda b: b.find_element(By.ID, "results").get_attribute("data-state") in ("done", "error"))
    return browser.find_element(By.ID, "results").get_attribute("data-state") or ""


def _type(browser: WebDriver, text: str) -> None:
    editor = browser.find_element(By.ID, "query")
    editor.click()
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys(Keys.DELETE)
    editor.send_keys(text)


def _errors(browser: WebDriver) -> list[str]:
    return [entry["message"] for entry in browser.get_log("browser")
            if entry["level"] == "SEVERE" and "favicon.ico" not in entry["message"]]


def _render_ms(browser: WebDriver, site: LiveServer, query: str) -> int:
    _open(browser, f"{site.url}/sparql?{urlencode({'query': query})}")
    assert _wait_for_results(browser) == "done"
    return int(browser.find_element(By.ID, "results").get_attribute("data-render-ms") or "-1")


def test_issue15_10000_rows_first_page_under_a_second(site: LiveServer, browser: WebDriver) -> None:
    small = _render_ms(browser, site, SMALL)
    big = _render_ms(browser, site, BIG)
    total = browser.find_element(By.ID, "results").get_attribute("data-total-ms")
    log.warning("first page of 10,000 rows drawn in %d ms after the answer arrived (1 row: "
                "%d ms); %s ms from the run to the drawn page", big, small, total)
    rows = browser.find_elements(By.CSS_SELECTOR, "#result-table tbody tr")
    assert len(rows) == 100
    assert browser.find_element(By.ID, "result-page").text == (
        "rows 1–100 of 10000 (page 1 of 100)")
    assert browser.find_element(By.ID, "result-status").text.startswith("10000 rows in ")
    # Under a second; on a loaded machine the 1-row answer's own cost (one labels request and
    # the same code path) is allowed on top, measured in the same run.
    assert 0 <= big < FIRST_PAGE_MS + small, (big, small)
    # The table's height is one page, not 10,000 rows.
    height = browser.execute_script("return document.getElementById('result-table').offsetHeight")
    assert height < 20_000
    screenshot(browser, "query-page-10000-rows")

    heads = [b.text for b in browser.find_elements(By.CSS_SELECTOR, "#result-table th button")]
    assert heads == ["s", "p", "o"]  # SELECT * in the pattern's order
    browser.find_element(By.CSS_SELECTOR, "#result-pager button[data-page='1']").click()
    WebDriverWait(browser, PAGE_WAIT_SECONDS).until(lambda b: str(b.execute_script(
        "return document.getElementById('result-page').textContent")).strip().startswith(
        "rows 101–200 of 10000"))
    # The box scrolls sideways; the page does not.
    overflow = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    assert _errors(browser) == []


def test_sorting_and_the_chart(site: LiveServer, browser: WebDriver) -> None:
    query = ("SELECT ?class (COUNT(?x) AS ?n) WHERE { ?x a ?class } GROUP BY ?class "
             "ORDER BY ?class")
    _open(browser, f"{site.url}/sparql?{urlencode({'query': query})}")
    assert _wait_for_results(browser) == "done"
    browser.find_element(By.CSS_SELECTOR, "#result-table th button[data-var='n']").click()
    browser.find_element(By.CSS_SELECTOR, "#result-table th button[data-var='n']").click()
    cells = [int(td.text) for td in
             browser.find_elements(By.CSS_SELECTOR, "#result-table tbody tr td:nth-child(2)")]
    assert cells == sorted(cells, reverse=True) and len(cells) > 3
    head = browser.find_element(By.CSS_SELECTOR, "#result-table th[aria-sort]")
    assert head.get_attribute("aria-sort") == "descending"
    bars = browser.find_elements(By.CSS_SELECTOR, "svg#result-chart rect.chart-bar")
    assert len(bars) == min(len(cells), 40)
    widths = [float(bar.get_attribute("width") or 0) for bar in bars]
    assert widths == sorted(widths, reverse=True)  # drawn in the table's order
    screenshot(browser, "query-page-chart")
    assert _errors(browser) == []


def test_issue15_prefix_help_adds_the_line_and_says_so(site: LiveServer, browser: WebDriver) -> None:
    _open(browser, f"{site.url}/sparql")
    _type(browser, "SELECT ?c WHERE { ?c a sxo:")
    note = browser.find_element(By.ID, "prefix-note")
    WebDriverWait(browser, PAGE_WAIT_SECONDS).until(lambda b: note.is_displayed())
    assert note.text == (f"Added PREFIX sxo: <{SXO}>: the query used sxo: without declaring it.")
    editor = browser.find_element(By.ID, "query")
    assert (editor.get_attribute("value") or "").startswith(f"PREFIX sxo: <{SXO}>\nSELECT ?c")
    # Completion: the ontology's terms after the prefix.
    editor.send_keys("Cla")
    WebDriverWait(browser, PAGE_WAIT_SECONDS).until(
        lambda b: b.find_element(By.ID, "query-completions").is_displayed())
    offered = [li.get_attribute("data-insert")
               for li in browser.find_elements(By.CSS_SELECTOR, "#query-completions li")]
    assert "sxo:Claim" in offered
    editor.send_keys(Keys.ENTER)
    assert "?c a sxo:Claim" in (editor.get_attribute("value") or "")
    screenshot(browser, "query-page-prefix-help")
    editor.send_keys(" }")
    editor.send_keys(Keys.CONTROL, Keys.ENTER)
    assert _wait_for_results(browser) == "done"
    assert _errors(browser) == []


def test_highlighting_brackets_and_edited(site: LiveServer, browser: WebDriver) -> None:
    _open(browser, f"{site.url}/sparql")
    menu = Select(browser.find_element(By.ID, "named-query"))
    menu.select_by_index(1)
    title = menu.first_selected_option.get_attribute("data-title")
    assert not browser.find_element(By.ID, "named-edited").is_displayed()
    kinds = {span.get_attribute("class") for span in
             browser.find_elements(By.CSS_SELECTOR, "#query-highlight span")}
    assert {"tok-keyword", "tok-var"} <= kinds
    editor = browser.find_element(By.ID, "query")
    editor.send_keys(Keys.CONTROL, Keys.END)
    editor.send_keys("\n# my change")
    assert browser.find_element(By.ID, "named-edited").is_displayed()
    assert menu.first_selected_option.text == f"{title} (edited)"
    comments = browser.find_elements(By.CSS_SELECTOR, "#query-highlight .tok-comment")
    assert comments[-1].text == "# my change"
    # Bracket matching: the caret after "{" marks it and its partner.
    _type(browser, "ASK { ?s ?p ?o }")
    editor.send_keys(Keys.HOME, Keys.RIGHT * 5)
    matched = browser.find_elements(By.CSS_SELECTOR, "#query-highlight .tok-match")
    assert [span.text for span in matched] == ["{", "}"]
    assert _errors(browser) == []


def test_issue15_error_puts_the_cursor_on_the_token(site: LiveServer, browser: WebDriver) -> None:
    broken = "SELECT ?s WHERE { ?s ?p ?o }\nLIMT 5"
    _open(browser, f"{site.url}/sparql?{urlencode({'query': broken})}")
    assert _wait_for_results(browser) == "error"
    error = browser.find_element(By.ID, "result-error").text
    assert error.startswith("Error in the query at line 2, column 1")
    assert 'found "LIMT"; did you mean LIMIT?' in error
    selected = browser.execute_script(
        "var e = document.getElementById('query'); "
        "return e.value.slice(e.selectionStart, e.selectionEnd);")
    assert selected == "LIMT"
    # An undeclared prefix the project does not know: the message names it and the fix.
    _open(browser, f"{site.url}/sparql?{urlencode({'query': 'ASK { ?s foo:bar ?o }'})}")
    assert _wait_for_results(browser) == "error"
    error = browser.find_element(By.ID, "result-error").text
    assert 'the prefix "foo:" is not declared' in error
    selected = browser.execute_script(
        "var e = document.getElementById('query'); "
        "return e.value.slice(e.selectionStart, e.selectionEnd);")
    assert selected == "foo:bar"


def test_entity_completion_uses_the_search_api_or_stays_quiet(
        site: LiveServer, browser: WebDriver) -> None:
    import requests

    search = requests.get(f"{site.url}/api/search", params={"q": "Semax", "limit": "10"},
                          timeout=30)
    _open(browser, f"{site.url}/sparql")
    _type(browser, "SELECT ?p ?o WHERE { Semax")
    browser.find_element(By.ID, "query").send_keys(Keys.CONTROL, " ")
    popup = browser.find_element(By.ID, "query-completions")
    if search.status_code != 200:  # no search API on this server: no list, no error shown
        browser.execute_script("return new Promise(function (done) { setTimeout(done, 500); })")
        assert not popup.is_displayed()
        return
    WebDriverWait(browser, PAGE_WAIT_SECONDS).until(lambda b: popup.is_displayed())
    first = search.json()["results"][0]
    items = browser.find_elements(By.CSS_SELECTOR, "#query-completions li")
    assert items[0].get_attribute("data-insert") == f"<{first['iri']}>"
    browser.find_element(By.ID, "query").send_keys(Keys.ENTER)
    assert f"{{ <{first['iri']}>" in (
        browser.find_element(By.ID, "query").get_attribute("value") or "")
