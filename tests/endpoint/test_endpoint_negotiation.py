"""Formats and content negotiation: q-values, aliases, kinds, 406, Vary, exact types."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from endpoint_support import ID, ONT
from flask.testing import FlaskClient

SELECT = f"SELECT ?label WHERE {{ <{ID}semax> <http://www.w3.org/2000/01/rdf-schema#label> ?label }}"
ASK = f"ASK {{ <{ID}semax> a <{ONT}Peptide> }}"
CONSTRUCT = f"CONSTRUCT {{ <{ID}semax> a ?t }} WHERE {{ <{ID}semax> a ?t }}"
TRIPLE_NT = f"<{ID}semax> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{ONT}Peptide> .\n"


def _get(client: FlaskClient, query: str, accept: str | None, **params: str):  # type: ignore[no-untyped-def]
    headers = {"Accept": accept} if accept is not None else {}
    return client.get("/sparql", query_string={"query": query, **params}, headers=headers)


@pytest.mark.parametrize(("accept", "content_type", "body"), [
    ("application/sparql-results+json", "application/sparql-results+json",
     b'{"head":{"vars":["label"]},"results":{"bindings":[{"label":{"type":"literal",'
     b'"value":"Semax","xml:lang":"en"}}]}}'),
    ("application/sparql-results+xml", "application/sparql-results+xml",
     b'<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/'
     b'sparql-results#"><head><variable name="label"/></head><results><result><binding '
     b'name="label"><literal xml:lang="en">Semax</literal></binding></result></results>'
     b"</sparql>\n"),
    ("text/csv", "text/csv", b"label\r\nSemax\r\n"),
    ("text/tab-separated-values", "text/tab-separated-values", b'?label\n"Semax"@en\n'),
])
def test_select_in_each_results_format(
    client: FlaskClient, accept: str, content_type: str, body: bytes
) -> None:
    response = _get(client, SELECT, accept)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == f"{content_type}; charset=utf-8"
    assert response.data == body
    assert response.headers["Vary"] == "Accept, Accept-Encoding"


@pytest.mark.parametrize(("accept", "content_type", "body"), [
    ("application/sparql-results+json", "application/sparql-results+json",
     b'{"head": {}, "boolean": true}'),
    ("application/sparql-results+xml", "application/sparql-results+xml",
     b'<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/'
     b'sparql-results#"><head/><boolean>true</boolean></sparql>\n'),
    ("text/csv", "text/csv", b"true\n"),
])
def test_ask_in_results_formats(
    client: FlaskClient, accept: str, content_type: str, body: bytes
) -> None:
    response = _get(client, ASK, accept)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == f"{content_type}; charset=utf-8"
    assert response.data == body


@pytest.mark.parametrize(("accept", "content_type", "body"), [
    ("application/n-triples", "application/n-triples", TRIPLE_NT.encode()),
    ("text/turtle", "text/turtle",
     b"@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"),
    ("application/ld+json", "application/ld+json",
     json.dumps([{"@id": f"{ID}semax", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": [
         {"@id": f"{ONT}Peptide"}]}],
                separators=(",", ":")).encode()),
    ("application/rdf+xml", "application/rdf+xml", b'<?xml version="1.0" encoding="UTF-8"?>'),
    ("application/n-quads", "application/n-quads", TRIPLE_NT.encode()),
])
def test_construct_in_graph_formats(
    client: FlaskClient, accept: str, content_type: str, body: bytes
) -> None:
    response = _get(client, CONSTRUCT, accept)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == f"{content_type}; charset=utf-8"
    assert response.data.startswith(body)


def test_turtle_answer_uses_prefixes_and_holds_the_triple(client: FlaskClient) -> None:
    response = _get(client, CONSTRUCT, "text/turtle")
    assert response.data.endswith(b"sx:semax a sxo:Peptide .\n")


def test_jsonld_is_self_contained(client: FlaskClient) -> None:
    response = _get(client, CONSTRUCT, "application/ld+json")
    assert b"@context" not in response.data


@pytest.mark.parametrize("accept", [None, "*/*", ""])
def test_no_accept_or_wildcard_gives_sparql_json_and_turtle(
    client: FlaskClient, accept: str | None
) -> None:
    assert _get(client, SELECT, accept).headers["Content-Type"] == (
        "application/sparql-results+json; charset=utf-8")
    assert _get(client, CONSTRUCT, accept).headers["Content-Type"] == "text/turtle; charset=utf-8"


def test_rdflib_equal_weight_accept_chooses_by_query_type(client: FlaskClient) -> None:
    accept = "application/sparql-results+xml, application/rdf+xml"
    assert _get(client, SELECT, accept).headers["Content-Type"] == (
        "application/sparql-results+xml; charset=utf-8")
    assert _get(client, ASK, accept).headers["Content-Type"] == (
        "application/sparql-results+xml; charset=utf-8")
    assert _get(client, CONSTRUCT, accept).headers["Content-Type"] == (
        "application/rdf+xml; charset=utf-8")


def test_q_values_are_honoured(client: FlaskClient) -> None:
    accept = "application/sparql-results+json;q=0.5, text/csv;q=0.9, text/turtle;q=0.1"
    assert _get(client, SELECT, accept).headers["Content-Type"] == "text/csv; charset=utf-8"
    accept = "application/ld+json;q=0.2, text/turtle;q=0.8, application/n-triples;q=0.9"
    assert _get(client, CONSTRUCT, accept).headers["Content-Type"] == (
        "application/n-triples; charset=utf-8")


@pytest.mark.parametrize(("alias", "content_type"), [
    ("application/turtle", "text/turtle"),
    ("application/x-turtle", "text/turtle"),
    ("application/x-json+ld", "application/ld+json"),
    ("application/json", "application/ld+json"),
])
def test_graph_aliases(client: FlaskClient, alias: str, content_type: str) -> None:
    response = _get(client, CONSTRUCT, alias)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == f"{content_type}; charset=utf-8"


def test_application_json_means_sparql_json_for_select(client: FlaskClient) -> None:
    response = _get(client, SELECT, "application/json")
    assert response.headers["Content-Type"] == "application/sparql-results+json; charset=utf-8"


def test_format_parameter_overrides_accept_consistently(client: FlaskClient) -> None:
    assert _get(client, SELECT, "text/csv", format="json").headers["Content-Type"] == (
        "application/sparql-results+json; charset=utf-8")
    assert _get(client, CONSTRUCT, None, output="json").headers["Content-Type"] == (
        "application/ld+json; charset=utf-8")
    assert _get(client, CONSTRUCT, None, format="xml").headers["Content-Type"] == (
        "application/rdf+xml; charset=utf-8")


def test_format_parameter_unknown_for_kind_falls_back_to_accept(client: FlaskClient) -> None:
    response = _get(client, CONSTRUCT, "application/n-triples", format="csv")
    assert response.headers["Content-Type"] == "application/n-triples; charset=utf-8"


def test_nothing_acceptable_gets_406_with_supported_list(client: FlaskClient) -> None:
    response = _get(client, SELECT, "image/png")
    assert response.status_code == 406
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.data.decode().splitlines()
    assert lines[0] == "None of the media types in Accept fits this endpoint. Supported:"
    assert "application/sparql-results+json" in lines
    assert "text/turtle" in lines


def test_graph_type_for_select_gets_406_listing_result_types(client: FlaskClient) -> None:
    response = _get(client, SELECT, "text/turtle")
    assert response.status_code == 406
    assert response.data.decode() == (
        "None of the media types in Accept fits a solutions result. Supported:\n"
        "application/sparql-results+json\napplication/sparql-results+xml\ntext/csv\n"
        "text/tab-separated-values\n"
    )


def test_row_cap_truncates_and_says_so(client: FlaskClient) -> None:
    response = _get(client, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", None)
    body = json.loads(response.data)
    assert response.headers["SPARQL-Results-Truncated"] == "50"
    assert len(body["results"]["bindings"]) == 50
    assert body["truncated"] is True
    assert body["note"].startswith("result truncated to the row cap of 50")


def test_row_cap_applies_to_construct(client: FlaskClient) -> None:
    response = _get(client, "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
    assert response.headers["SPARQL-Results-Truncated"] == "50"
    assert len(response.data.splitlines()) == 50


def test_small_result_has_no_truncation_header(client: FlaskClient) -> None:
    assert "SPARQL-Results-Truncated" not in _get(client, SELECT, None).headers


def test_etag_and_304_for_repeated_query(client: FlaskClient) -> None:
    first = _get(client, SELECT, "text/csv")
    etag = first.headers["ETag"]
    second = client.get("/sparql", query_string={"query": SELECT},
                        headers={"Accept": "text/csv", "If-None-Match": etag})
    assert second.status_code == 304
    assert second.data == b""
    assert second.headers["ETag"] == etag
    other = _get(client, SELECT, "application/sparql-results+json")
    assert other.headers["ETag"] != etag


def test_result_cache_hit_returns_same_body(client: FlaskClient) -> None:
    query = SELECT + " # cache test"
    first = _get(client, query, "text/csv")
    second = _get(client, query, "text/csv")
    assert first.headers["SemaxKG-Cache"] == "miss"
    assert second.headers["SemaxKG-Cache"] == "hit"
    assert first.data == second.data == b"label\r\nSemax\r\n"


def test_results_xml_for_graph_query_gets_rdf_xml_not_406(client: FlaskClient) -> None:
    response = _get(client, CONSTRUCT, "application/sparql-results+xml")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/rdf+xml; charset=utf-8"
    triples = list(ox.parse(response.data, ox.RdfFormat.RDF_XML))
    assert [str(t) for t in triples] == [TRIPLE_NT.removesuffix(" .\n")]


def test_sparql_turtle_answer_binds_sx_as_documents_and_dumps(client: FlaskClient) -> None:
    """Issue 13: /sparql bound ``sx:`` to the ontology while documents and dumps bind it to id/."""
    from semaxkg.rdf.iri_scheme import PREFIXES

    body = _get(client, CONSTRUCT, "text/turtle").data
    assert f"@prefix sx: <{PREFIXES['sx']}> .".encode() in body
    assert f"@prefix sxo: <{PREFIXES['sxo']}> .".encode() in body
