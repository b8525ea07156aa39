"""FROM / FROM NAMED keep their meaning over a store whose default graph is the union (issue 11:
``FROM <g>`` gave 0 rows locally and 12,954 over the store): the same answers in both modes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from store_support import GRAPH, TTL, OxigraphServer

from semaxkg.sparql.dataset_clause import DatasetClause, DatasetClauseError, dataset_clause
from semaxkg.web import create_app
from semaxkg.web.state import get_state

JSON = "application/sparql-results+json"
ENTITIES = GRAPH + "entities"
ONTOLOGY = GRAPH + "ontology"
COUNT = "SELECT (COUNT(*) AS ?n) {from} WHERE {{ {pattern} }}"
#: (FROM clauses, pattern): every way the dataset clause changes an answer.
CASES = [
    (f"FROM <{ENTITIES}>", "?s ?p ?o"),
    (f"FROM <{ENTITIES}> FROM <{ONTOLOGY}>", "?s ?p ?o"),
    (f"FROM <{GRAPH}no-such-graph>", "?s ?p ?o"),
    (f"FROM NAMED <{ENTITIES}>", "?s ?p ?o"),
    (f"FROM NAMED <{ENTITIES}>", "GRAPH ?g { ?s ?p ?o }"),
    (f"FROM <{ENTITIES}>", "GRAPH ?g { ?s ?p ?o }"),
    (f"FROM <{ONTOLOGY}> FROM NAMED <{ENTITIES}>", "?s ?p ?o GRAPH ?g { ?s ?q ?r }"),
    ("FROM <graph/entities>", "?s ?p ?o"),  # relative: resolved against the base IRI
]


@pytest.fixture(scope="module")
def clients(published: OxigraphServer) -> Iterator[tuple[FlaskClient, FlaskClient]]:
    settings: dict[str, Any] = {"RESULT_CACHE_ENTRIES": 0, "TESTING": True}
    local: Flask = create_app({"DATA_FILES": [str(TTL / "semaxkg.nq")], "EXECUTOR": "inline",
                               **settings})
    remote: Flask = create_app({"STORE_URL": published.query_url, **settings})
    yield local.test_client(), remote.test_client()
    get_state(local).close()
    get_state(remote).close()


def _count(client: FlaskClient, query: str, **params: str) -> int:
    response = client.post("/sparql", data={"query": query, **params}, headers={"Accept": JSON})
    assert response.status_code == 200, response.data
    return int(json.loads(response.data)["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize(("clauses", "pattern"), CASES)
def test_from_over_a_union_default_graph_store_gives_the_local_answer(
        clients: tuple[FlaskClient, FlaskClient], clauses: str, pattern: str) -> None:
    local, remote = clients
    query = COUNT.format(**{"from": clauses, "pattern": pattern})
    assert _count(remote, query) == _count(local, query)


def test_from_graph_counts_only_that_graph(clients: tuple[FlaskClient, FlaskClient]) -> None:
    local, remote = clients
    everything = _count(remote, COUNT.format(**{"from": "", "pattern": "?s ?p ?o"}))
    entities = _count(remote, COUNT.format(**{"from": f"FROM <{ENTITIES}>", "pattern": "?s ?p ?o"}))
    in_graph = _count(local, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ENTITIES}> {{ ?s ?p ?o }} }}")
    assert 0 < entities == in_graph < everything
    assert _count(remote, COUNT.format(**{"from": f"FROM <{GRAPH}none>", "pattern": "?s ?p ?o"})) == 0


def test_protocol_parameters_still_replace_the_from_clauses(
        clients: tuple[FlaskClient, FlaskClient]) -> None:
    local, remote = clients
    query = COUNT.format(**{"from": f"FROM <{GRAPH}none>", "pattern": "?s ?p ?o"})
    here = _count(local, query, **{"default-graph-uri": ENTITIES})
    assert here > 0
    assert _count(remote, query, **{"default-graph-uri": ENTITIES}) == here


def test_dataset_clause_resolves_prefixes_and_base() -> None:
    query = ("PREFIX g: <https://w3id.org/semaxkg/graph/> BASE <http://b/x/>\n"
             "SELECT * FROM g:entities FROM NAMED <rel> # FROM <http://comment/>\n"
             "FROM <http://x/y> WHERE { ?s ?p 'FROM <http://string/>' }")
    assert dataset_clause(query, "https://base/") == DatasetClause(
        (ENTITIES, "http://x/y"), ("http://b/x/rel",))
    assert dataset_clause("SELECT * WHERE { ?from ?p <http://x/FROM> }") is None
    with pytest.raises(DatasetClauseError, match="does not resolve"):
        dataset_clause("SELECT * FROM nope:x WHERE {}")
