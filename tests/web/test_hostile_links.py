"""Hostile IRIs and pages (issue 11, item 3): only http(s) and local links are clickable,
every response carries a strict Content-Security-Policy, and no page has inline script/style."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest
from browser_support import BROWSER_ACCEPT, parse_page
from flask import Flask
from flask.testing import FlaskClient

from semaxkg.web import create_app
from semaxkg.web.security import CONTENT_SECURITY_POLICY, href_attr, is_safe_href, safe_href

SEMAX = "https://w3id.org/semaxkg/id/compound/semax"
#: IRIs a query can mint with IRI() or a data file can hold, that must never become links.
UNSAFE_IRIS = [
    "javascript:alert(document.domain)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>".replace("<", "%3C").replace(">", "%3E"),
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "blob:https://example.org/1",
    "urn:isbn:0451450523",
]
#: Safe ones: paths of this server and http(s) IRIs.
SAFE_HREFS = ["/id/compound/semax", "#claims", "?query=x", "https://pubchem.ncbi.nlm.nih.gov/x",
              "HTTP://EXAMPLE.ORG/", "//example.org/x"]
#: Pages of the built graph, each asked for as a browser does.
PAGES = ["/", "/sparql", "/ontology", "/ontology/Claim", "/id/compound/semax", "/conflicts",
         "/sources", "/dumps", "/.well-known/void", "/graph/entities", "/no/such/page"]
EXPECTED_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}


@pytest.mark.parametrize("href", [*UNSAFE_IRIS, "java\tscript:alert(1)", " javascript:x", "/\\evil",
                                  "https://ex.org/a b", "https://ex.org/\x00"])
def test_unsafe_hrefs_are_refused(href: str) -> None:
    assert not is_safe_href(href)
    assert safe_href(href) == ""
    assert href_attr(href) == ""


@pytest.mark.parametrize("href", SAFE_HREFS)
def test_safe_hrefs_are_kept(href: str) -> None:
    assert safe_href(href) == href
    assert href_attr(href) == f' href="{href}"'


def test_csp_is_strict() -> None:
    directives = dict(d.split(" ", 1) for d in CONTENT_SECURITY_POLICY.split("; "))
    assert directives == {
        "default-src": "'self'", "script-src": "'self'", "style-src": "'self'",
        "object-src": "'none'", "base-uri": "'none'", "frame-ancestors": "'none'",
        "form-action": "'self'",
    }


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_the_security_headers_and_no_inline_script_or_style(
        client: FlaskClient, path: str) -> None:
    response = client.get(path, headers={"Accept": BROWSER_ACCEPT}, follow_redirects=True)
    assert response.status_code == (404 if path == "/no/such/page" else 200), response.data[:300]
    for name, value in EXPECTED_HEADERS.items():
        assert response.headers[name] == value, name
    if response.mimetype != "text/html":
        return
    root = parse_page(response.get_data(as_text=True), path)
    for element in root.iter():
        tag = str(element.tag).rsplit("}", 1)[-1]
        if tag == "script":
            # A script is a file of this server, or data (JSON) that never runs.
            assert element.get("src", "").startswith(("/static/", "/assets/")) or \
                element.get("type") == "application/json", ElementTree.tostring(element)[:200]
        assert tag != "style", f"inline <style> on {path}"
        assert "style" not in element.attrib, f"style attribute on {path}: {tag}"
        assert not [a for a in element.attrib if a.lower().startswith("on")], (path, tag)
        href = element.get("href")
        if href is not None:
            assert is_safe_href(href), (path, href)


def test_protocol_answers_and_errors_carry_the_headers_too(client: FlaskClient) -> None:
    for response in (client.get("/sparql", query_string={"query": "ASK {}"}),
                     client.get("/sparql", query_string={"query": "ASK {"}),
                     client.get("/api/labels", query_string={"iri": SEMAX})):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_diagram_svg_links_its_stylesheet_instead_of_inline_style(client: FlaskClient) -> None:
    response = client.get("/ontology/diagram.svg")
    assert response.status_code == 200
    svg = response.get_data(as_text=True)
    assert svg.startswith('<?xml-stylesheet href="/static/diagram.css" type="text/css"?>\n<svg ')
    assert "<style" not in svg
    assert client.get("/static/diagram.css").status_code == 200


def test_labels_api_gives_no_href_for_javascript_iris(client: FlaskClient) -> None:
    external = "http://purl.obolibrary.org/obo/SEPIO_0000001"
    response = client.post("/api/labels", data={"iri": [*UNSAFE_IRIS, SEMAX, external]})
    assert response.status_code == 200, response.data
    labels = response.get_json()["labels"]
    for iri in UNSAFE_IRIS:
        assert "href" not in labels[iri], iri
        assert labels[iri]["label"]
    assert labels[SEMAX]["href"] == "/id/compound/semax"
    assert labels[external]["href"] == external


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """An app whose data links Semax to every unsafe IRI (as a data file could)."""
    folder = tmp_path_factory.mktemp("hostile")
    graph = "<https://w3id.org/semaxkg/graph/entities>"
    lines = [f'<{SEMAX}> <http://www.w3.org/2000/01/rdf-schema#label> "Semax"@en {graph} .']
    lines += [f"<{SEMAX}> <http://www.w3.org/2000/01/rdf-schema#seeAlso> <{iri}> {graph} ."
              for iri in UNSAFE_IRIS]
    lines += [f'<{iri}> <http://www.w3.org/2000/01/rdf-schema#label> "click me" {graph} .'
              for iri in UNSAFE_IRIS[:1]]
    data = folder / "hostile.nq"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return create_app({"DATA_FILES": [str(data)], "BUILD_DIR": str(Path(folder) / "none"),
                       "EXECUTOR": "inline", "TESTING": True})


def test_javascript_iri_in_the_data_is_shown_as_text_on_pages(hostile_app: Flask) -> None:
    client = hostile_app.test_client()
    for path in ("/id/compound/semax", "/.well-known/void", "/dumps"):
        response = client.get(path, headers={"Accept": BROWSER_ACCEPT}, follow_redirects=True)
        assert response.status_code == 200, (path, response.data[:300])
        page = response.get_data(as_text=True)
        root = parse_page(page, path)
        hrefs = [element.get("href", "") for element in root.iter() if element.get("href")]
        assert hrefs and all(is_safe_href(href) for href in hrefs), (path, hrefs)
        for iri in UNSAFE_IRIS:
            assert f'href="{iri}' not in page
    semax_page = client.get("/id/compound/semax", headers={"Accept": BROWSER_ACCEPT},
                            follow_redirects=True).get_data(
        as_text=True)
    for iri in UNSAFE_IRIS:
        assert iri in semax_page  # still shown (as text or a title), just not a link


@pytest.mark.parametrize("path", [*PAGES, "/ontology/diagram.svg", "/static/query.js", "/dumps",
                                  "/context.jsonld", "/id/compound/semax.ttl", "/health"])
def test_head_works_wherever_get_does(client: FlaskClient, path: str) -> None:
    got = client.get(path, headers={"Accept": BROWSER_ACCEPT})
    head = client.head(path, headers={"Accept": BROWSER_ACCEPT})
    assert (head.status_code, head.data) == (got.status_code, b"")
    # Date (of a document's last change, or now) may tick between the two requests; the
    # page cache says the second was replayed (SemaxKG-Page: hit).
    ignore = {"Date", "SemaxKG-Page"}
    assert {k: v for k, v in head.headers.items() if k not in ignore} == \
        {k: v for k, v in got.headers.items() if k not in ignore}
