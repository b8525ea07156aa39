"""The site as a person sees it: a real ``semaxkg serve`` driven by headless Chromium.

Screenshots of every page visited are kept in ``tests/artifacts/screenshots/``.
Skips with the reason when Chromium, its driver or Selenium is missing (CI installs them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import requests
from browser_support import PAGE_WAIT_SECONDS, REPO, screenshot
from ld_support import LiveServer

from semaxkg.store.dataset import load_dataset
from semaxkg.store.local import LocalStore
from semaxkg.web.iris import IriMapper
from semaxkg.web.labels import labels_for

pytest.importorskip("selenium", reason="selenium is not installed: pip install -e '.[test]'")

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait

pytestmark = [pytest.mark.slow, pytest.mark.browser]

BASE = "https://w3id.org/semaxkg/"
SXO = BASE + "ontology/"
JSON_RESULTS = "application/sparql-results+json"
#: The named query run from the query page: IRIs (conflicts, kinds, claims) and literals.
NAMED = "05-all-conflicts"
#: Console messages that are not the page's fault (the browser asks for a favicon by itself).
IGNORED_CONSOLE = ("favicon.ico",)


def _select(site: LiveServer, query: str) -> dict[str, Any]:
    """The endpoint's own answer to ``query`` (SPARQL JSON)."""
    response = requests.post(f"{site.url}/sparql", data={"query": query},
                             headers={"Accept": JSON_RESULTS}, timeout=30)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def _console_errors(browser: WebDriver) -> list[str]:
    return [entry["message"] for entry in browser.get_log("browser")
            if entry["level"] == "SEVERE"
            and not any(ignored in entry["message"] for ignored in IGNORED_CONSOLE)]


def _open(browser: WebDriver, url: str) -> None:
    browser.get_log("browser")  # forget messages of earlier pages
    browser.get(url)
    WebDriverWait(browser, PAGE_WAIT_SECONDS).until(
        lambda b: b.execute_script("return document.readyState") == "complete")


def _local_path(href: str, site: LiveServer) -> str:
    """``href`` (absolute, as the browser reports it) as a path of the site."""
    assert href.startswith(site.url + "/"), href
    return href[len(site.url):]


def test_home_page(site: LiveServer, browser: WebDriver) -> None:
    _open(browser, site.url + "/")
    screenshot(browser, "home")
    assert browser.current_url == site.url + "/"
    heading = browser.find_element(By.CSS_SELECTOR, "main h1")
    assert heading.text.strip()
    # The home page leads to the query page, the ontology, Semax and the conflicts.
    links = {_local_path(a.get_attribute("href") or "", site)
             for a in browser.find_elements(By.CSS_SELECTOR, "main a[href^='/']")}
    for target in ("/sparql", "/ontology", "/id/compound/semax", "/conflicts"):
        assert any(link == target or link.startswith(target + ".") or link.startswith(target + "?")
                   for link in links), (target, sorted(links))
    assert _console_errors(browser) == []


def test_class_page_shows_the_class_label(site: LiveServer, browser: WebDriver) -> None:
    label = _select(site, f'SELECT ?l WHERE {{ <{SXO}Claim> <http://www.w3.org/2000/01/rdf-schema#label> ?l '
                          'FILTER(langMatches(lang(?l), "en")) }')["results"]["bindings"]
    assert len(label) == 1
    _open(browser, site.url + "/ontology/Claim")
    screenshot(browser, "class-claim")
    assert browser.current_url == site.url + "/ontology/Claim.html"  # after the 303
    assert browser.find_element(By.TAG_NAME, "h1").text == label[0]["l"]["value"]
    assert _console_errors(browser) == []


def test_semax_page_shows_one_linked_evidence_table(site: LiveServer, browser: WebDriver) -> None:
    _open(browser, site.url + "/id/compound/semax")
    screenshot(browser, "semax")
    assert browser.current_url == site.url + "/id/compound/semax.html"
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Semax")
    assert not browser.find_elements(By.CSS_SELECTOR, "svg#evidence-chart")
    table = browser.find_element(By.CSS_SELECTOR, "table#evidence-table")
    numbers = table.find_elements(By.CSS_SELECTOR, "a.cell-claims")
    assert numbers, "the table's numbers are not links"
    # The filters were drawn by the page's script (no inline script: the CSP holds).
    assert browser.find_elements(By.CSS_SELECTOR, "#claim-filters select")
    assert _console_errors(browser) == []


@pytest.mark.skipif(not (REPO.parent / "shared" / "sources").is_dir(),
                    reason="../shared/sources is not present: the claim page cannot show passages")
def test_claim_page_shows_its_passage_highlighted(site: LiveServer, browser: WebDriver) -> None:
    row = _select(site, "PREFIX sxo: <" + SXO + "> PREFIX oa: <http://www.w3.org/ns/oa#> "
                        "SELECT ?claim ?file ?start ?end WHERE { ?claim a sxo:Claim ; sxo:hasPassage ?p . "
                        "?p oa:hasSource ?doc ; oa:hasSelector [ oa:start ?start ; oa:end ?end ] . "
                        "?doc sxo:fileName ?file } ORDER BY ?claim LIMIT 1")["results"]["bindings"][0]
    text = (REPO.parent / "shared" / "sources" / row["file"]["value"]).read_text(encoding="utf-8")
    passage = text[int(row["start"]["value"]):int(row["end"]["value"])]
    _open(browser, site.url + row["claim"]["value"][len(BASE) - 1:])
    screenshot(browser, "claim-passage")
    mark = browser.find_element(By.CSS_SELECTOR, "#claim blockquote.source-excerpt mark.passage-mark")
    assert mark.is_displayed()
    # textContent: the exact characters (innerText would fold white space).
    assert mark.get_attribute("textContent") == passage
    background = browser.execute_script(
        "return getComputedStyle(arguments[0]).backgroundColor;", mark)
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), background
    # The whole document marks the same claim and links back to it.
    browser.find_element(By.CSS_SELECTOR, "figure.passage-text figcaption a").click()
    WebDriverWait(browser, PAGE_WAIT_SECONDS).until(lambda b: "/text" in b.current_url)
    screenshot(browser, "source-text")
    links = browser.find_elements(By.CSS_SELECTOR, ".source-text a.span-start")
    assert any(_local_path(a.get_attribute("href") or "", site) == row["claim"]["value"][len(BASE) - 1:]
               for a in links)
    assert _console_errors(browser) == []


def test_conflicts_page_lists_every_conflict(site: LiveServer, browser: WebDriver) -> None:
    rows = _select(site, f"SELECT DISTINCT ?c WHERE {{ ?c a <{SXO}Conflict> }}")["results"]["bindings"]
    mapper = IriMapper(BASE)
    expected = {mapper.path_for(row["c"]["value"]) for row in rows}
    assert len(expected) >= 20
    _open(browser, site.url + "/conflicts")
    screenshot(browser, "conflicts")
    linked = set()
    for anchor in browser.find_elements(By.CSS_SELECTOR, "main a[href]"):
        path = _local_path(anchor.get_attribute("href") or "", site).split("#")[0]
        linked.add(path.removesuffix(".html"))
    assert expected <= linked, sorted(expected - linked)
    assert _console_errors(browser) == []


def _cell_text(term: dict[str, str], labels: dict[str, str]) -> str:
    if term["type"] == "uri":
        return labels[term["value"]]
    if term.get("xml:lang"):
        return f"{term['value']} @{term['xml:lang']}"
    return term["value"]


def _table(browser: WebDriver) -> tuple[list[str], list[list[WebElement]]]:
    table = browser.find_element(By.ID, "result-table")
    heads = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
    rows = [tr.find_elements(By.TAG_NAME, "td") for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr")]
    return heads, rows


def _wait_for_results(browser: WebDriver) -> str:
    WebDriverWait(browser, PAGE_WAIT_SECONDS).until(
        lambda b: b.find_element(By.ID, "results").get_attribute("data-state") in ("done", "error"))
    return browser.find_element(By.ID, "results").get_attribute("data-state") or ""


def test_query_page_runs_a_named_query(site: LiveServer, browser: WebDriver, built_dir: Path) -> None:
    text = (REPO / "queries" / f"{NAMED}.rq").read_text(encoding="utf-8")
    answer = _select(site, text)
    variables, bindings = answer["head"]["vars"], answer["results"]["bindings"]
    assert len(bindings) > 5
    iris = {term["value"] for row in bindings for term in row.values() if term["type"] == "uri"}
    labels = labels_for(LocalStore(load_dataset([str(built_dir / "semaxkg.nq")])), iris)
    mapper = IriMapper(BASE)

    _open(browser, site.url + "/sparql")
    Select(browser.find_element(By.ID, "named-query")).select_by_value(NAMED)
    assert browser.find_element(By.ID, "query").get_property("value") == text
    browser.find_element(By.ID, "run-query").click()
    assert _wait_for_results(browser) == "done", browser.find_element(By.ID, "result-error").text
    screenshot(browser, "query-page")

    heads, rows = _table(browser)
    assert heads == variables
    assert len(rows) == len(bindings)
    for cells, binding in zip(rows, bindings, strict=True):
        for cell, name in zip(cells, variables, strict=True):
            term = binding.get(name)
            if term is None:
                assert cell.text == ""
                continue
            assert cell.text == _cell_text(term, labels)
            if term["type"] == "uri":
                link = cell.find_element(By.TAG_NAME, "a")
                assert link.get_attribute("data-iri") == term["value"]
                path = mapper.path_for(term["value"])
                assert link.get_attribute("href") == (site.url + path if path else term["value"])
    status = browser.find_element(By.ID, "result-status").text
    assert status.startswith(f"{len(bindings)} rows in ")

    # The query is in the URL: the link reproduces the same table on a fresh load.
    assert "query=" in browser.current_url
    shared = browser.current_url
    _open(browser, shared)
    assert _wait_for_results(browser) == "done"
    assert len(_table(browser)[1]) == len(bindings)

    # Each download link answers the same query in its format.
    links = browser.find_elements(By.CSS_SELECTOR, "#result-downloads a")
    assert [a.get_attribute("data-format") for a in links] == ["csv", "tsv", "json", "xml"]
    csv_link = links[0].get_attribute("href") or ""
    download = requests.get(csv_link, timeout=30)
    assert download.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert download.text.splitlines()[0] == ",".join(variables)
    assert len(download.text.splitlines()) == len(bindings) + 1
    assert _console_errors(browser) == []


def test_query_page_shows_graph_results_and_errors(site: LiveServer, browser: WebDriver) -> None:
    semax = BASE + "id/compound/semax"
    construct = f"CONSTRUCT {{ <{semax}> ?p ?o }} WHERE {{ <{semax}> ?p ?o }}"
    triples = requests.post(f"{site.url}/sparql", data={"query": construct},
                            headers={"Accept": "application/n-triples"}, timeout=30).text
    _open(browser, f"{site.url}/sparql?{urlencode({'query': construct})}")
    assert _wait_for_results(browser) == "done"
    heads, rows = _table(browser)
    assert heads == ["subject", "predicate", "object"]
    count = len([line for line in triples.splitlines() if line.strip()])
    assert len(rows) == min(count, 100)  # one page of 100 rows (issue 15)
    assert browser.find_element(By.ID, "result-status").text.startswith(f"{count} triples in ")
    assert {row[0].text for row in rows} == {"Semax"}
    formats = [a.get_attribute("data-format")
               for a in browser.find_elements(By.CSS_SELECTOR, "#result-downloads a")]
    assert formats == ["turtle", "json-ld", "nt", "rdf"]

    _open(browser, f"{site.url}/sparql?{urlencode({'query': 'ASK { ?s ?p ?o }'})}")
    assert _wait_for_results(browser) == "done"
    assert browser.find_element(By.ID, "result-boolean").text == "yes"

    broken = "SELECT ?x WHERE {\n  ?x ?y\n}"
    _open(browser, f"{site.url}/sparql?{urlencode({'query': broken})}")
    assert _wait_for_results(browser) == "error"
    error = browser.find_element(By.ID, "result-error").text
    assert error.startswith("Error in the query at line 3, column ")
    assert "SPARQL syntax error" in error
    assert browser.find_element(By.ID, "query-position").text.startswith("line 3, column ")
    screenshot(browser, "query-page-error")


def test_query_page_javascript_iri_is_not_clickable_and_runs_nothing(
        site: LiveServer, browser: WebDriver) -> None:
    # The request of issue 11: a shared link whose query mints javascript: and data: IRIs.
    payload = "javascript:document.title='pwned'"
    query = (f'SELECT ?x ?y ?z WHERE {{ BIND(IRI("{payload}") AS ?x) '
             'BIND(IRI("data:text/html,pwned") AS ?y) '
             'BIND(IRI("https://example.org/fine") AS ?z) }')
    _open(browser, f"{site.url}/sparql?{urlencode({'query': query})}")
    assert _wait_for_results(browser) == "done", browser.find_element(By.ID, "result-error").text
    title = browser.title
    heads, rows = _table(browser)
    assert heads == ["x", "y", "z"] and len(rows) == 1
    unsafe_x, unsafe_y, safe_z = rows[0]
    for cell, iri in ((unsafe_x, payload), (unsafe_y, "data:text/html,pwned")):
        assert cell.find_elements(By.TAG_NAME, "a") == []
        inert = cell.find_element(By.CSS_SELECTOR, "span.iri-inert")
        assert inert.get_attribute("data-iri") == iri
        inert.click()
    assert safe_z.find_element(By.TAG_NAME, "a").get_attribute("href") == "https://example.org/fine"
    # Even a javascript: link put into the page by other means runs nothing: the CSP forbids it.
    browser.execute_script(
        "var a = document.createElement('a'); a.id = 'planted'; a.textContent = 'planted';"
        "a.setAttribute('href', arguments[0]); document.body.appendChild(a);", payload)
    browser.find_element(By.ID, "planted").click()
    assert browser.title == title != "pwned"
    assert browser.current_url.startswith(f"{site.url}/sparql?")
    violations = [entry["message"] for entry in browser.get_log("browser")
                  if "Content Security Policy" in entry["message"]]
    assert violations, "the planted javascript: link was not blocked by the CSP"
    assert [e for e in _console_errors(browser) if "Content Security Policy" not in e] == []
