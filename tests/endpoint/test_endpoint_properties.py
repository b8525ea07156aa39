"""Property tests: whatever arrives, never a 5xx (but the time-out's 503), never a traceback."""

from __future__ import annotations

from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FRAGMENTS = [
    "SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "?s", "?p", "?o", "<", ">",
    "<https://w3id.org/semaxkg/id/semax>", '"Semax"@en', "FILTER", "(", ")", "OPTIONAL",
    "UNION", "GRAPH", "LIMIT 3", "ORDER BY ?s", "GROUP BY ?s", "COUNT(*)", "AS", ".", ";",
    "PREFIX sx: <https://w3id.org/semaxkg/ontology/>", "sx:Claim", "a", "*", "SERVICE",
    "FROM", "NAMED", "BIND", "VALUES", "#", "'", '"""', "\\", "\u00e9", "\x00", "1", "1.5e3",
    "REGEX(?o, \"(a+)+$\")", "INSERT DATA", "DELETE WHERE", "LOAD", "^^", "@en", "_:b",
]
VALID = [
    "SELECT * WHERE { ?s ?p ?o } LIMIT 5",
    "ASK { ?s a ?t }",
    "CONSTRUCT WHERE { ?s a ?t } LIMIT 2",
    "DESCRIBE <https://w3id.org/semaxkg/id/semax>",
    "SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s ORDER BY DESC(?n) LIMIT 3",
]
PARAMS = ["query", "update", "default-graph-uri", "named-graph-uri", "format", "output",
          "results", "x"]
ACCEPTS = ["", "*/*", "text/csv", "text/turtle", "image/png", "application/json;q=0.1",
           "text/*;q=abc", ";;;", "application/sparql-results+xml, application/rdf+xml"]
CONTENT_TYPES = ["application/sparql-query", "application/x-www-form-urlencoded",
                 "application/sparql-update", "text/plain", "", "multipart/form-data",
                 "application/sparql-query; charset=latin-1", "application/json"]

queries = st.one_of(
    st.sampled_from(VALID),
    st.lists(st.sampled_from(FRAGMENTS), max_size=12).map(" ".join),
    st.text(max_size=80),
)


def _check(response_status: int, body: bytes) -> None:
    assert response_status < 500 or response_status == 503, body
    assert b"Traceback" not in body
    assert b"<!doctype" not in body.lower()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=queries, accept=st.sampled_from(ACCEPTS), method=st.sampled_from(["GET", "POST"]))
def test_random_queries_never_fail_the_server(
    client: FlaskClient, query: str, accept: str, method: str
) -> None:
    if method == "GET":
        response = client.get("/sparql", query_string={"query": query},
                              headers={"Accept": accept})
    else:
        response = client.post("/sparql", data={"query": query}, headers={"Accept": accept})
    _check(response.status_code, response.data)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=300), content_type=st.sampled_from(CONTENT_TYPES))
def test_random_bytes_never_fail_the_server(
    client: FlaskClient, body: bytes, content_type: str
) -> None:
    response = client.post("/sparql", data=body, content_type=content_type or None)
    _check(response.status_code, response.data)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.lists(st.tuples(st.sampled_from(PARAMS), st.text(max_size=40)), max_size=5),
       path=st.sampled_from(["/sparql", "/sparql/", "/health", "/sparql/x"]))
def test_random_parameters_never_fail_the_server(
    client: FlaskClient, params: list[tuple[str, str]], path: str
) -> None:
    response = client.get(path, query_string=params)
    _check(response.status_code, response.data)
