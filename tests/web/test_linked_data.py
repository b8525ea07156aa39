"""Dereferencing ``/id/…`` and ``/graph/…``: 303 by Accept, documents with exact triples,
JSON-LD compact and expanded, 404/406 in the negotiated format, ETags, the generic page and
the HTML renderer registry."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
import rdflib
from browser_support import parse_page
from flask import Flask
from flask.testing import FlaskClient
from ld_support import (
    BASE,
    CLIENTS,
    FOAF_PRIMARY_TOPIC,
    MAX_INCOMING,
    RDFLIB_DEFAULT,
    RDFS_COMMENT,
    RDFS_SEE_ALSO,
    as_set,
    expected_document,
    parsed,
    triples_of,
)

from semaxkg.web import create_app
from semaxkg.web.linked.linkeddata import register_html_renderer

#: rdflib parser name and exact Content-Type of each RDF document suffix.
RDF_SUFFIXES = {
    "ttl": ("turtle", "text/turtle; charset=utf-8"),
    "nt": ("nt", "application/n-triples"),
    "rdf": ("xml", "application/rdf+xml"),
    "jsonld": ("json-ld", "application/ld+json"),
}
EXPANDED = 'application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"'
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


def _store(app: Flask) -> ox.Store:
    store: ox.Store = app.extensions["semaxkg"].dataset.store
    return store


def _first(app: Flask, query: str) -> str:
    """The first IRI a query returns (sample resources come from the data, not from memory)."""
    rows = list(_store(app).query(query, use_default_graph_as_union=True))
    assert rows, f"no sample for {query}"
    value = rows[0][0]
    assert isinstance(value, ox.NamedNode)
    return value.value


@pytest.fixture(scope="module")
def samples(app: Flask) -> dict[str, str]:
    """One IRI of every kind the site serves under /id/ and /graph/."""
    sxo, oa = "PREFIX sxo: <https://w3id.org/semaxkg/ontology/> ", "PREFIX oa: <http://www.w3.org/ns/oa#> "
    return {
        "compound": BASE + "id/compound/semax",
        "claim": _first(app, sxo + "SELECT ?c WHERE { ?c a sxo:Claim ; sxo:hasPassage ?p } ORDER BY ?c LIMIT 1"),
        "passage": _first(app, sxo + "SELECT ?p WHERE { ?c a sxo:Claim ; sxo:hasPassage ?p } ORDER BY ?p LIMIT 1"),
        "selector": _first(app, oa + "SELECT ?s WHERE { ?s a oa:TextPositionSelector } ORDER BY ?s LIMIT 1"),
        "source": BASE + "id/source/source-000",
        "reference": _first(app, sxo + "SELECT ?r WHERE { ?r a sxo:Reference } ORDER BY ?r LIMIT 1"),
        "disclosure": _first(app, sxo + "SELECT ?d WHERE { ?d a sxo:Disclosure } ORDER BY ?d LIMIT 1"),
        "conflict": _first(app, sxo + "SELECT ?c WHERE { ?c a sxo:Conflict } ORDER BY ?c LIMIT 1"),
        "study": _first(app, sxo + "SELECT ?s WHERE { ?s a sxo:Study } ORDER BY ?s LIMIT 1"),
        "graph": BASE + "graph/source-000",
    }


def _path(iri: str) -> str:
    assert iri.startswith(BASE)
    return "/" + iri[len(BASE):]


# --- 303 by Accept ---------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["compound", "claim", "passage", "selector", "source", "reference",
                                  "disclosure", "conflict", "study", "graph"])
@pytest.mark.parametrize(("client_name", "accept", "suffix"), CLIENTS, ids=[c[0] for c in CLIENTS])
def test_iri_answers_303_to_the_document_for_each_client(
        client: FlaskClient, samples: dict[str, str], kind: str, client_name: str, accept: str,
        suffix: str) -> None:
    path = _path(samples[kind])
    response = client.get(path, headers={"Accept": accept})
    assert response.status_code == 303, client_name
    assert response.headers["Location"] == f"{path}.{suffix}"
    assert response.headers["Vary"] == "Accept"


@pytest.mark.parametrize("accept", [None, "*/*"])
def test_no_accept_gets_html(client: FlaskClient, accept: str | None) -> None:
    response = client.get("/id/compound/semax", headers={"Accept": accept} if accept else {})
    assert (response.status_code, response.headers["Location"]) == (303, "/id/compound/semax.html")


def test_q_values_decide(client: FlaskClient) -> None:
    accept = "text/html;q=0.5, application/n-triples;q=0.9, text/turtle;q=0.4"
    response = client.get("/id/compound/semax", headers={"Accept": accept})
    assert response.headers["Location"] == "/id/compound/semax.nt"


def test_unacceptable_accept_gets_406_listing_the_formats(client: FlaskClient) -> None:
    response = client.get("/id/compound/semax", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert response.headers["Vary"] == "Accept"
    assert response.get_data(as_text=True) == (
        "None of the media types in Accept fits this document. Supported:\n"
        "text/html\ntext/turtle\napplication/ld+json\napplication/n-triples\napplication/rdf+xml\n")


# --- documents: exact triples -----------------------------------------------------------------

@pytest.mark.parametrize("kind", ["compound", "claim", "passage", "selector", "source", "reference",
                                  "disclosure", "conflict", "study"])
@pytest.mark.parametrize("suffix", sorted(RDF_SUFFIXES))
def test_document_holds_exactly_the_resource_description(
        app: Flask, client: FlaskClient, samples: dict[str, str], kind: str, suffix: str) -> None:
    iri = samples[kind]
    document = iri + "." + suffix
    response = client.get(_path(document))
    parser, content_type = RDF_SUFFIXES[suffix]
    assert response.status_code == 200
    assert response.headers["Content-Type"] == content_type
    expected = expected_document(_store(app), iri, document)
    got = parsed(response.data, parser)
    extra = {t for t in got if t[0] == rdflib.URIRef(document) and t[1] != rdflib.URIRef(FOAF_PRIMARY_TOPIC)}
    assert got - extra == expected
    incoming = len([t for t in triples_of(_store(app), obj=iri) if isinstance(t.subject, ox.NamedNode)])
    if incoming > MAX_INCOMING:
        assert {p for _, p, _ in extra} == {rdflib.URIRef(RDFS_COMMENT), rdflib.URIRef(RDFS_SEE_ALSO)}
    else:
        assert extra == set()


def test_claim_document_carries_its_provenance(app: Flask, client: FlaskClient, samples: dict[str, str]) -> None:
    """Passage, selector offsets and source document: what the claim page shows."""
    claim = samples["claim"]
    got = parsed(client.get(_path(claim) + ".ttl").data, "turtle")
    graph = rdflib.Graph()
    for t in got:
        graph.add(t)
    sxo, oa = rdflib.Namespace(BASE + "ontology/"), rdflib.Namespace("http://www.w3.org/ns/oa#")
    passage = graph.value(rdflib.URIRef(claim), sxo.hasPassage)
    selector = graph.value(passage, oa.hasSelector)
    source = graph.value(passage, oa.hasSource)
    start, end = graph.value(selector, oa.start), graph.value(selector, oa.end)
    assert isinstance(start, rdflib.Literal) and isinstance(end, rdflib.Literal)
    assert 0 <= int(start) < int(end)
    store_offsets = [t.object.value for t in triples_of(_store(app), str(selector), oa.start)]
    assert store_offsets == [str(start)]
    assert graph.value(source, rdflib.RDFS.label) is not None
    assert (source, rdflib.RDF.type, sxo.SourceDocument) in graph


def test_hub_document_states_the_cut_and_links_the_full_query(app: Flask, client: FlaskClient) -> None:
    iri = BASE + "id/compound/semax"
    incoming = [t for t in triples_of(_store(app), obj=iri) if isinstance(t.subject, ox.NamedNode)]
    assert len(incoming) > MAX_INCOMING, "Semax is the hub this test needs"
    got = parsed(client.get("/id/compound/semax.nt").data, "nt")
    doc = rdflib.URIRef(iri + ".nt")
    comments = [o for s, p, o in got if s == doc and p == rdflib.RDFS.comment]
    assert comments == [rdflib.Literal(
        f"Incoming links: {MAX_INCOMING} of {len(incoming)} are listed (by predicate, then subject); "
        "rdfs:seeAlso is a SPARQL query for all of them.", lang="en")]
    [see_also] = [o for s, p, o in got if s == doc and p == rdflib.RDFS.seeAlso]
    assert str(see_also).startswith(BASE + "sparql?query=")
    listed = {(s, p) for s, p, o in got if o == rdflib.URIRef(iri) and s != doc}
    assert len(listed) == MAX_INCOMING
    # The query behind the link lists every incoming link.
    local = str(see_also)[len(BASE) - 1:]
    answer = client.get(local, headers={"Accept": "application/sparql-results+json"})
    assert answer.status_code == 200
    assert len(answer.get_json()["results"]["bindings"]) == len(incoming)


@pytest.mark.parametrize("suffix", sorted(RDF_SUFFIXES))
def test_graph_document_is_the_graph_content(app: Flask, client: FlaskClient, suffix: str) -> None:
    graph = BASE + "graph/source-000"
    response = client.get(f"/graph/source-000.{suffix}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == RDF_SUFFIXES[suffix][1]
    quads = _store(app).quads_for_pattern(None, None, None, ox.NamedNode(graph))
    expected = as_set([ox.Triple(q.subject, q.predicate, q.object) for q in quads])
    assert parsed(response.data, RDF_SUFFIXES[suffix][0]) == expected


def test_graph_page_shows_its_size_and_downloads(app: Flask, client: FlaskClient) -> None:
    response = client.get("/graph/source-000.html")
    assert response.status_code == 200
    page = parse_page(response.get_data(as_text=True), "/graph/source-000.html")
    quads = list(_store(app).quads_for_pattern(None, None, None, ox.NamedNode(BASE + "graph/source-000")))
    assert page.find(".//dd[@id='triple-count']").text == str(len(quads))  # type: ignore[union-attr]
    hrefs = {a.get("href") for a in page.iter("a")}
    assert {f"/graph/source-000.{s}" for s in RDF_SUFFIXES} <= hrefs
    assert "/dumps" in hrefs
    alternates = {(link.get("type"), link.get("href")) for link in page.iter("link") if link.get("rel") == "alternate"}
    assert ("text/turtle", "/graph/source-000.ttl") in alternates


# --- JSON-LD ---------------------------------------------------------------------------------

def test_context_is_published_and_generated_from_the_ontology(client: FlaskClient) -> None:
    response = client.get("/context.jsonld")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/ld+json"
    context = response.get_json()["@context"]
    assert context["sxo"] == BASE + "ontology/"
    assert context["Claim"] == "sxo:Claim"
    assert context["claimSubject"] == {"@id": "sxo:claimSubject", "@type": "@id"}
    assert context["hasPassage"] == {"@id": "sxo:hasPassage", "@type": "@id"}


def test_compact_jsonld_embeds_the_context_and_parses_offline(
        app: Flask, client: FlaskClient, samples: dict[str, str]) -> None:
    claim = samples["claim"]
    body = client.get(_path(claim) + ".jsonld").get_json()
    context = client.get("/context.jsonld").get_json()["@context"]
    assert body["@context"] == context
    compacted = json.dumps(body)
    assert '"claimSubject"' in compacted and f'"{claim}"' in compacted
    expected = expected_document(_store(app), claim, claim + ".jsonld")
    assert parsed(compacted, "json-ld") == expected


@pytest.mark.parametrize("how", ["accept", "query"])
def test_expanded_jsonld_on_request(app: Flask, client: FlaskClient, samples: dict[str, str], how: str) -> None:
    claim = samples["claim"]
    path = _path(claim) + ".jsonld"
    response = (client.get(path, headers={"Accept": EXPANDED}) if how == "accept"
                else client.get(path + "?profile=expanded"))
    body = response.get_json()
    assert isinstance(body, list)
    assert "@context" not in json.dumps(body)
    assert any(node.get("@id") == claim for node in body)
    assert parsed(response.data, "json-ld") == expected_document(_store(app), claim, claim + ".jsonld")


def test_303_keeps_the_expanded_profile(client: FlaskClient) -> None:
    response = client.get("/id/compound/semax?profile=expanded", headers={"Accept": "application/ld+json"})
    assert response.headers["Location"] == "/id/compound/semax.jsonld?profile=expanded"
    response = client.get("/id/compound/semax", headers={"Accept": EXPANDED})
    assert response.headers["Location"] == "/id/compound/semax.jsonld"


# --- 404 in the negotiated format ------------------------------------------------------------

UNKNOWN = BASE + "id/compound/no-such-compound"


def test_unknown_iri_for_a_turtle_client_is_a_turtle_comment(client: FlaskClient) -> None:
    response = client.get("/id/compound/no-such-compound", headers={"Accept": RDFLIB_DEFAULT})
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert response.get_data(as_text=True) == f"# 404 Not Found: no resource <{UNKNOWN}> in this dataset\n"
    assert parsed(response.data, "turtle") == set()


def test_unknown_iri_for_a_browser_is_an_html_page(client: FlaskClient) -> None:
    response = client.get("/id/compound/no-such-compound", headers={"Accept": CLIENTS[-1][1]})
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    page = parse_page(response.get_data(as_text=True), "404 page")
    assert page.find(".//p[@id='message']").text == f"no resource <{UNKNOWN}> in this dataset"  # type: ignore[union-attr]


@pytest.mark.parametrize(("path", "content_type", "body"), [
    ("/id/compound/no-such-compound.nt", "application/n-triples",
     f"# 404 Not Found: no resource <{UNKNOWN}> in this dataset\n"),
    ("/id/compound/no-such-compound.jsonld", "text/plain; charset=utf-8",
     f"404 Not Found: no resource <{UNKNOWN}> in this dataset\n"),
    ("/id/compound/no-such-compound.rdf", "text/plain; charset=utf-8",
     f"404 Not Found: no resource <{UNKNOWN}> in this dataset\n"),
    ("/graph/no-such-graph.ttl", "text/turtle; charset=utf-8",
     f"# 404 Not Found: no graph <{BASE}graph/no-such-graph> in this dataset\n"),
    ("/id/compound/semax.xyz", "text/plain; charset=utf-8",
     "404 Not Found: no document format '.xyz': use one of .html, .ttl, .jsonld, .nt, .rdf\n"),
])
def test_not_found_bodies(client: FlaskClient, path: str, content_type: str, body: str) -> None:
    response = client.get(path, headers={"Accept": "text/turtle"})
    assert (response.status_code, response.headers["Content-Type"]) == (404, content_type)
    assert response.get_data(as_text=True) == body


def test_graph_iri_that_names_no_graph_is_404_even_if_mentioned(client: FlaskClient) -> None:
    response = client.get("/graph/source-999", headers={"Accept": "text/turtle"})
    assert response.status_code == 404


# --- caching ---------------------------------------------------------------------------------

def test_documents_have_etags_and_answer_304(client: FlaskClient) -> None:
    first = client.get("/id/source/source-000.ttl")
    etag = first.headers["ETag"]
    again = client.get("/id/source/source-000.ttl", headers={"If-None-Match": etag})
    assert (again.status_code, again.data) == (304, b"")
    other = client.get("/id/source/source-000.nt")
    assert other.headers["ETag"] != etag


def test_head_gives_the_headers_without_a_body(client: FlaskClient) -> None:
    get = client.get("/id/source/source-000.ttl")
    head = client.head("/id/source/source-000.ttl")
    assert head.status_code == 200 and head.data == b""
    assert head.headers["Content-Length"] == str(len(get.data))


# --- HTML: the generic page and the renderer registry ----------------------------------------

def test_generic_page_of_a_selector(app: Flask, client: FlaskClient, samples: dict[str, str]) -> None:
    selector = samples["selector"]
    path = _path(selector)
    response = client.get(path + ".html")
    assert response.status_code == 200
    page = parse_page(response.get_data(as_text=True), path)
    assert page.find(".//h1").text == "sx:" + selector[len(BASE + "id/"):]  # type: ignore[union-attr]
    cells = [[("".join(td.itertext())).strip() for td in tr.iter("td")]
             for tr in page.iterfind(".//section[@id='properties']//tbody/tr")]
    start = [t.object.value for t in triples_of(_store(app), selector, "http://www.w3.org/ns/oa#start")]
    assert ["start", f"{start[0]} xsd:integer"] in cells
    incoming = [("".join(td.itertext())).strip()
                for tr in page.iterfind(".//section[@id='incoming']//tbody/tr") for td in tr.iter("td")]
    assert incoming[0] == "has selector"
    alternates = {(link.get("type"), link.get("href")) for link in page.iter("link") if link.get("rel") == "alternate"}
    assert alternates >= {("text/turtle", path + ".ttl"), ("application/ld+json", path + ".jsonld"),
                          ("application/n-triples", path + ".nt"), ("application/rdf+xml", path + ".rdf")}


def test_registry_order_and_fallback(app: Flask) -> None:
    """Longest prefix first; a renderer returning None passes to the next one."""
    data = list(app.extensions["semaxkg"].dataset.files)
    fresh = create_app({"DATA_FILES": data, "EXECUTOR": "inline", "TESTING": True})
    calls: list[str] = []

    def declines(iri: str) -> str | None:
        calls.append("declines")
        return None

    def claims(iri: str) -> str | None:
        calls.append("claims")
        return f"<!doctype html><title>x</title><p id=mine>{iri}</p>"

    register_html_renderer(fresh, BASE + "id/", claims)
    register_html_renderer(fresh, BASE + "id/compound/", declines)
    with fresh.test_client() as c:
        assert c.get("/id/compound/semax.html").get_data(as_text=True).endswith(f"<p id=mine>{BASE}id/compound/semax</p>")
        assert calls[:2] == ["declines", "claims"]
        assert c.get("/graph/entities.html").status_code == 200  # the graph page is not claimed
    fresh.extensions["semaxkg"].close()
