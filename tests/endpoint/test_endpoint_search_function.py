"""Text search inside SPARQL (issue 15): ``sxf:score`` and ``sxf:matches`` through real clients
against ``semaxkg serve`` (its executor processes read the search index file), and in-process."""

from __future__ import annotations

from pathlib import Path

import pytest
from endpoint_support import ID, RDFS_LABEL, LiveServer
from flask.testing import FlaskClient
from SPARQLWrapper import JSON, SPARQLWrapper

from semaxkg.sparql import engine
from semaxkg.sparql.messages import QueryRequest

pytestmark = pytest.mark.filterwarnings(
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning"  # inside SPARQLWrapper/rdflib
)
SXF = "https://w3id.org/semaxkg/function/"
PREFIXES = f"PREFIX sxf: <{SXF}>\nPREFIX rdfs: <{RDFS_LABEL.rsplit('#', 1)[0]}#>\n"
DOUBLE = "http://www.w3.org/2001/XMLSchema#double"

SCORE_QUERY = PREFIXES + """SELECT ?s ?score WHERE {
  ?s rdfs:label ?label BIND(sxf:score(?s, "%s") AS ?score) FILTER(BOUND(?score))
} ORDER BY DESC(?score) ?s"""
LITERAL_QUERY = PREFIXES + """SELECT ?label ?score WHERE {
  ?s rdfs:label ?label FILTER(sxf:matches(?label, "claim 1"))
  BIND(sxf:score(?label, "claim 1") AS ?score)
} ORDER BY DESC(?score) ?label"""


def _select(server: LiveServer, query: str) -> list[dict[str, dict[str, str]]]:
    sparql = SPARQLWrapper(server.url)
    sparql.setQuery(query)
    sparql.setReturnFormat(JSON)
    answer = sparql.query().convert()
    assert isinstance(answer, dict)
    bindings: list[dict[str, dict[str, str]]] = answer["results"]["bindings"]
    return bindings


def test_sparqlwrapper_score_of_resources_from_the_index(live_server: LiveServer) -> None:
    rows = _select(live_server, SCORE_QUERY % "semax")
    assert rows == [{"s": {"type": "uri", "value": ID + "semax"},
                     "score": {"type": "literal", "datatype": DOUBLE, "value": "1"}}]


def test_sparqlwrapper_score_corrects_typos_like_the_search_api(live_server: LiveServer) -> None:
    rows = _select(live_server, SCORE_QUERY % "semx")
    assert [row["s"]["value"] for row in rows] == [ID + "semax"]


def test_sparqlwrapper_matches_and_scores_literals(live_server: LiveServer) -> None:
    rows = _select(live_server, LITERAL_QUERY)
    assert [(row["label"]["value"], row["score"]["value"]) for row in rows] == (
        [("claim 1", "1")] + [(f"claim {n}", "0.75") for n in range(10, 20)])


def test_functions_in_process_and_on_bad_arguments(client: FlaskClient) -> None:
    query = PREFIXES + "SELECT ?x WHERE { BIND(sxf:score(<%s>, 42) AS ?x) }" % (ID + "semax")
    response = client.post("/sparql", data={"query": query},
                           headers={"Accept": "text/csv"})
    assert (response.status_code, response.get_data(as_text=True)) == (200, "x\r\n\"\"\r\n")  # unbound: no match
    query = PREFIXES + 'ASK { FILTER(sxf:matches("Semax nasal spray", "nasal")) }'
    response = client.post("/sparql", data={"query": query},
                           headers={"Accept": "application/sparql-results+json"})
    assert response.get_json()["boolean"] is True


def test_over_a_remote_store_the_functions_are_a_clear_400(nq_file: Path) -> None:
    answer = engine.precheck(QueryRequest(SCORE_QUERY % "semax", accept="text/csv"))
    assert not isinstance(answer, engine.Kind)
    assert answer.status == 400
    assert answer.body.decode().startswith(
        "Bad request: the text-search functions sxf:score and sxf:matches "
        "(<https://w3id.org/semaxkg/function/>) are answered only by the built-in store")


@pytest.mark.parametrize("call", ['sxf:nope("a")', '<urn:f>("a")'])
def test_unknown_function_is_a_400_naming_it(client: FlaskClient, call: str) -> None:
    # Shown by POST /sparql with SELECT (sxf:nope("a") AS ?x) {}: pyoxigraph's RuntimeError
    # "The custom function … is not supported" was a 500 "Internal error".
    query = PREFIXES + f"SELECT ?x WHERE {{ BIND({call} AS ?x) }}"
    response = client.post("/sparql", data={"query": query}, headers={"Accept": "text/csv"})
    iri = SXF + "nope" if call.startswith("sxf:") else "urn:f"
    assert (response.status_code, response.get_data(as_text=True)) == (400, (
        f"Bad request: the function <{iri}> is not known to this endpoint.\n"
        f"Fix: use a SPARQL 1.1 built-in or cast, or sxf:score / sxf:matches (PREFIX sxf: <{SXF}>).\n"))


def test_a_remote_stores_own_functions_pass_the_precheck() -> None:
    # The same RuntimeError made a query with a function of the remote store (Virtuoso's bif:…)
    # a 500 before it was sent; only the remote store can say whether it knows them.
    query = "ASK { FILTER(<urn:f>(1) && <urn:g>(2)) }"
    assert engine.precheck(QueryRequest(query, accept="text/csv")) is engine.Kind.BOOLEAN
    select = "SELECT (<urn:f>(?o) AS ?x) WHERE { ?s ?p ?o }"
    assert engine.precheck(QueryRequest(select, accept="text/csv")) is engine.Kind.SOLUTIONS
