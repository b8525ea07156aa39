"""SPARQL 1.1 Protocol for queries: operations, dataset parameters and protocol errors."""

from __future__ import annotations

import json
from urllib.parse import quote

from endpoint_support import GRAPH, ID, QUADS
from flask.testing import FlaskClient

JSON = "application/sparql-results+json"
FORM = "application/x-www-form-urlencoded"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _count(body: bytes) -> int:
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_get_query_answers_sparql_json(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": COUNT})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/sparql-results+json; charset=utf-8"
    assert json.loads(response.data) == {
        "head": {"vars": ["n"]},
        "results": {"bindings": [{"n": {
            "type": "literal", "value": str(QUADS),
            "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]},
    }


def test_default_graph_is_union_of_all_graphs(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": COUNT})
    assert _count(response.data) == QUADS


def test_post_form_takes_query_from_body_and_graphs_from_url(client: FlaskClient) -> None:
    response = client.post(
        f"/sparql?default-graph-uri={quote(GRAPH + 'entities', safe='')}",
        data=f"query={quote(COUNT)}", content_type=FORM,
    )
    assert response.status_code == 200
    assert _count(response.data) == 2


def test_post_direct_query_with_utf8_charset(client: FlaskClient) -> None:
    response = client.post(
        "/sparql", data=b'ASK { ?s ?p "Semax"@en }',
        content_type="application/sparql-query; charset=UTF-8",
    )
    assert response.status_code == 200
    assert json.loads(response.data) == {"head": {}, "boolean": True}


def test_trailing_slash_path_is_the_same_endpoint(client: FlaskClient) -> None:
    response = client.get("/sparql/", query_string={"query": "ASK {}"})
    assert response.status_code == 200
    assert json.loads(response.data)["boolean"] is True


def test_named_graph_uri_limits_graph_clause(client: FlaskClient) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = client.get("/sparql", query_string=[
        ("query", query), ("named-graph-uri", GRAPH + "source-001"),
        ("named-graph-uri", GRAPH + "ontology"),
    ])
    graphs = {b["g"]["value"] for b in json.loads(response.data)["results"]["bindings"]}
    assert graphs == {GRAPH + "source-001", GRAPH + "ontology"}


def test_only_named_graph_uri_leaves_default_graph_empty(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string=[
        ("query", COUNT), ("named-graph-uri", GRAPH + "entities"),
    ])
    assert _count(response.data) == 0


def test_protocol_dataset_overrides_from_clause(client: FlaskClient) -> None:
    query = f"SELECT (COUNT(*) AS ?n) FROM <{GRAPH}ontology> WHERE {{ ?s ?p ?o }}"
    response = client.get("/sparql", query_string=[
        ("query", query), ("default-graph-uri", GRAPH + "entities"),
    ])
    assert _count(response.data) == 2


def test_from_clause_defines_the_default_graph(client: FlaskClient) -> None:
    query = f"SELECT (COUNT(*) AS ?n) FROM <{GRAPH}source-000> WHERE {{ ?s ?p ?o }}"
    response = client.get("/sparql", query_string={"query": query})
    assert _count(response.data) == 40


def test_relative_iris_resolve_against_base_iri(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={
        "query": 'ASK { <id/semax> ?p "Semax"@en }'})
    assert json.loads(response.data)["boolean"] is True


def test_two_query_parameters_get_400(client: FlaskClient) -> None:
    response = client.get("/sparql?query=ASK%20%7B%7D&query=SELECT%20*%20%7B%7D")
    assert response.status_code == 400
    assert response.data == (b"Bad request: 2 queries were sent.\n"
                             b"Fix: send exactly one query parameter.\n")


def test_query_in_body_and_url_gets_400(client: FlaskClient) -> None:
    response = client.post("/sparql?query=ASK%7B%7D", data="ASK {}",
                           content_type="application/sparql-query")
    assert response.status_code == 400
    assert response.data == (b"Bad request: 2 queries were sent.\n"
                             b"Fix: send exactly one query parameter.\n")


def test_missing_query_with_other_parameters_gets_400(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"default-graph-uri": GRAPH + "entities"})
    assert response.status_code == 400
    assert response.data == (b"Bad request: the query parameter is missing.\n"
                             b"Fix: send exactly one query parameter.\n")


def test_empty_query_gets_400(client: FlaskClient) -> None:
    response = client.get("/sparql?query=%20")
    assert response.status_code == 400
    assert response.data == (b"Bad request: the query is empty.\n"
                             b"Fix: send the text of a SPARQL query.\n")


def test_post_form_without_query_gets_400(client: FlaskClient) -> None:
    response = client.post("/sparql", data="default-graph-uri=x", content_type=FORM)
    assert response.status_code == 400
    assert response.data == (b"Bad request: the query parameter is missing.\n"
                             b"Fix: send exactly one query parameter.\n")


def test_wrong_content_type_gets_415(client: FlaskClient) -> None:
    response = client.post("/sparql", data="ASK {}", content_type="text/plain")
    assert response.status_code == 415
    assert response.data == (
        b"Content-Type text/plain is not supported: use application/x-www-form-urlencoded"
        b" or application/sparql-query.\n"
    )


def test_missing_content_type_gets_415(client: FlaskClient) -> None:
    response = client.post("/sparql", data=b"query=ASK%20%7B%7D")
    assert response.status_code == 415
    assert response.data.startswith(b"Content-Type is missing: POST a query as")


def test_non_utf8_charset_gets_415(client: FlaskClient) -> None:
    response = client.post("/sparql", data="ASK {}".encode("utf-16"),
                           content_type="application/sparql-query; charset=UTF-16")
    assert response.status_code == 415
    assert response.data == b"charset=UTF-16 is not supported: send the query as UTF-8.\n"


def test_invalid_utf8_body_gets_400(client: FlaskClient) -> None:
    response = client.post("/sparql", data=b"ASK { \xff }",
                           content_type="application/sparql-query")
    assert response.status_code == 400
    assert response.data == (b"Bad request: the query body is not valid UTF-8 (byte 6).\n"
                             b"Fix: send the query text encoded as UTF-8.\n")


def test_put_and_delete_get_405_with_allow(client: FlaskClient) -> None:
    for method in (client.put, client.delete):
        response = method("/sparql?query=ASK%20%7B%7D")
        assert response.status_code == 405
        assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "POST", "OPTIONS"}
        assert response.data.startswith(b"405 Method Not Allowed: use ")


def test_malformed_query_gets_400_with_parser_position(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE {\n  ?s ?p }"})
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.data == (
        b'Bad request: SPARQL syntax error at line 2, column 9: found "}"; expected LATERAL, '
        b'SERVICE.\nFix: correct the query at or just before "}".\n'
        b"  2 |   ?s ?p }\n"
        b"    |         ^\n")


def test_invalid_default_graph_iri_gets_400(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "ASK {}",
                                                   "default-graph-uri": "not an iri"})
    assert response.status_code == 400
    assert response.data.startswith(
        b"Bad request: default-graph-uri 'not an iri' is not an absolute IRI")
    assert response.data.endswith(b"\nFix: give default-graph-uri and named-graph-uri as "
                                  b"absolute IRIs (https://\xe2\x80\xa6).\n")


def test_update_parameter_in_get_gets_403(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"update": "CLEAR ALL"})
    assert response.status_code == 403
    assert response.data == b"SPARQL Update is not allowed: this endpoint is read-only.\n"


def test_update_form_post_gets_403_and_is_not_executed(client: FlaskClient) -> None:
    update = f"INSERT DATA {{ <{ID}x> <{ID}p> <{ID}y> }}"
    response = client.post("/sparql", data={"update": update})
    assert response.status_code == 403
    assert response.data == b"SPARQL Update is not allowed: this endpoint is read-only.\n"
    check = client.get("/sparql", query_string={"query": f"ASK {{ <{ID}x> ?p ?o }}"})
    assert json.loads(check.data)["boolean"] is False


def test_sparql_update_body_gets_403_and_is_not_executed(client: FlaskClient) -> None:
    response = client.post("/sparql", data="CLEAR ALL", content_type="application/sparql-update")
    assert response.status_code == 403
    assert response.data == b"SPARQL Update is not allowed: this endpoint is read-only.\n"
    assert _count(client.get("/sparql", query_string={"query": COUNT}).data) == QUADS


def test_update_sent_as_query_gets_403(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "PREFIX : <x:> DROP ALL"})
    assert response.status_code == 403
    assert response.data == b"SPARQL Update is not allowed: this endpoint is read-only.\n"
    assert _count(client.get("/sparql", query_string={"query": COUNT}).data) == QUADS


def test_body_over_limit_gets_413(client: FlaskClient) -> None:
    response = client.post("/sparql", data="ASK {} #" + "x" * (1024 * 1024 + 1),
                           content_type="application/sparql-query")
    assert response.status_code == 413
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.data.startswith(b"413 Request Entity Too Large")


def test_query_over_length_limit_gets_413(client: FlaskClient) -> None:
    response = client.post("/sparql", data={"query": "ASK {} #" + "x" * (256 * 1024)})
    assert response.status_code == 413
    assert response.data == b"The query is longer than the limit of 262144 characters.\n"


def test_health_reports_dataset(client: FlaskClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["quads"] == QUADS
    assert body["namedGraphs"] == 5
