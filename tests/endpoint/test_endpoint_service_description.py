"""GET /sparql without a query: service description (RDF) or, for a browser, a form."""

from __future__ import annotations

import pyoxigraph as ox
from endpoint_support import GRAPH, QUADS
from flask.testing import FlaskClient

SD = "http://www.w3.org/ns/sparql-service-description#"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def _graph(body: bytes, fmt: ox.RdfFormat) -> set[tuple[str, str, str]]:
    return {(str(t.subject), str(t.predicate), str(t.object)) for t in ox.parse(body, fmt)}


def test_service_description_in_turtle_names_the_configured_url(client: FlaskClient) -> None:
    # The client's Host header is not reflected (issue 11): sd:endpoint is the public URL
    # (PUBLIC_URL, else the bound address, else the IRI base, as here).
    response = client.get("/sparql", base_url="http://example.test:8123",
                          headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    triples = list(ox.parse(response.data, ox.RdfFormat.TURTLE))
    endpoints = [t.object for t in triples if t.predicate == ox.NamedNode(SD + "endpoint")]
    assert endpoints == [ox.NamedNode("https://w3id.org/semaxkg/sparql")]
    languages = {t.object for t in triples if t.predicate == ox.NamedNode(SD + "supportedLanguage")}
    assert languages == {ox.NamedNode(SD + "SPARQL11Query")}
    formats = {t.object.value for t in triples if t.predicate == ox.NamedNode(SD + "resultFormat")}
    assert "http://www.w3.org/ns/formats/SPARQL_Results_JSON" in formats
    assert "http://www.w3.org/ns/formats/Turtle" in formats
    names = {t.object.value for t in triples if t.predicate == ox.NamedNode(SD + "name")}
    assert names == {GRAPH + "entities", GRAPH + "ontology", GRAPH + "source-000",
                     GRAPH + "source-001", GRAPH + "source-002"}
    sizes = [t.object.value for t in triples
             if t.predicate == ox.NamedNode("http://rdfs.org/ns/void#triples")]
    assert sizes == [str(QUADS)]
    # The text-search functions (issue 15), each an sd:Function.
    functions = {t.object.value for t in triples
                 if t.predicate == ox.NamedNode(SD + "extensionFunction")}
    assert functions == {"https://w3id.org/semaxkg/function/score",
                         "https://w3id.org/semaxkg/function/matches"}
    typed = {t.subject.value for t in triples if t.object == ox.NamedNode(SD + "Function")}
    assert typed == functions


def test_service_description_without_accept_is_rdf(client: FlaskClient) -> None:
    response = client.get("/sparql")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert any(t.predicate.value == SD + "endpoint"
               for t in ox.parse(response.data, ox.RdfFormat.TURTLE))


def test_service_description_in_rdf_xml(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": "application/rdf+xml"})
    assert response.headers["Content-Type"] == "application/rdf+xml; charset=utf-8"
    triples = _graph(response.data, ox.RdfFormat.RDF_XML)
    assert any(p == f"<{SD}endpoint>" and o == "<https://w3id.org/semaxkg/sparql>"
               for _, p, o in triples)


def test_browser_gets_a_working_form(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": BROWSER})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.headers["Vary"] == "Accept, Accept-Encoding"
    html = response.data.decode()
    assert '<form method="get" action="/sparql">' in html
    assert '<textarea id="query" name="query"' in html
    # submitting the form (GET with query and format) answers the query
    answer = client.get("/sparql", query_string={"query": "ASK {}", "format": "csv"},
                        headers={"Accept": BROWSER})
    assert answer.status_code == 200
    assert answer.data == b"true\n"
