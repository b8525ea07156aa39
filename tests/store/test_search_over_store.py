"""Search over ``serve --store`` (issue 15): the index is made from the remote store and
answers as over the local files; the SPARQL text functions are a clear 400 there."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask import Flask
from store_support import TTL, OxigraphServer

from semaxkg.web import create_app
from semaxkg.web.state import get_state

SEARCHES = ("q=bdn", "q=semx", "q=11517472", "q=stroke&kind=condition", "q=semax&limit=50")


@pytest.fixture(scope="module")
def apps(published: OxigraphServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, Flask]]:
    folder = tmp_path_factory.mktemp("index")
    local = create_app({"DATA_FILES": [str(TTL / "semaxkg.nq")], "EXECUTOR": "inline",
                        "TESTING": True, "SEARCH_INDEX_DIR": str(folder / "local")})
    remote = create_app({"STORE_URL": published.query_url, "TESTING": True,
                         "SEARCH_INDEX_DIR": str(folder / "remote")})
    yield local, remote
    get_state(local).close()
    get_state(remote).close()


def test_search_over_the_store_answers_as_over_the_files(apps: tuple[Flask, Flask]) -> None:
    local, remote = (app.test_client() for app in apps)
    for query in SEARCHES:
        here = local.get("/api/search?" + query)
        there = remote.get("/api/search?" + query)
        assert (there.status_code, there.get_json()) == (200, here.get_json()), query
    assert remote.get("/api/search?q=bdn").get_json()["results"][0]["href"] == "/id/target/bdnf"
    assert Path(get_state(apps[1]).search_path or "").parent.name == "remote"


def test_sparql_text_functions_over_the_store_are_a_clear_400(apps: tuple[Flask, Flask]) -> None:
    query = ('PREFIX sxf: <https://w3id.org/semaxkg/function/>\n'
             'SELECT ?s WHERE { ?s ?p ?o FILTER(sxf:matches(?s, "semax")) }')
    response = apps[1].test_client().post("/sparql", data={"query": query},
                                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 400
    assert response.get_data(as_text=True) == (
        "Bad request: the text-search functions sxf:score and sxf:matches "
        "(<https://w3id.org/semaxkg/function/>) are answered only by the built-in store, and this "
        "server reads a remote triplestore (serve --store), which does not know them.\n"
        "Fix: use GET /api/search?q=TEXT instead, or serve the files.\n")


def test_service_description_lists_the_text_functions_only_where_they_work(
        apps: tuple[Flask, Flask]) -> None:
    extension = ox.NamedNode("http://www.w3.org/ns/sparql-service-description#extensionFunction")
    found = []
    for app in apps:
        response = app.test_client().get("/sparql", headers={"Accept": "text/turtle"})
        assert response.status_code == 200
        found.append(sorted(t.object.value for t in ox.parse(response.data, ox.RdfFormat.TURTLE)
                            if t.predicate == extension))
    assert found == [["https://w3id.org/semaxkg/function/matches",
                      "https://w3id.org/semaxkg/function/score"], []]
