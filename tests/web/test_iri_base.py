"""One setting for the IRI base: a graph minted under a non-default ``IRI_BASE`` is served with
pages, documents, dumps, VoID and ``/sparql`` answers that all follow it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from flask.testing import FlaskClient

from semaxkg.errors import UsageError
from semaxkg.web import create_app

KG = "https://example.org/kg/"
SXO = "https://w3id.org/semaxkg/ontology/"
SEMAX = KG + "id/compound/semax"
CLAIM = KG + "id/claim/c1"
#: Directly under ``id/``: the one kind of IRI ``sx:`` shortens to a plain name, so documents and
#: dumps bind it (see semaxkg.rdf.prefixes.used_prefixes).
OVERVIEW = KG + "id/overview"
SMALL = f"""\
<{SEMAX}> <http://www.w3.org/2000/01/rdf-schema#label> "Semax"@en <{KG}graph/entities> .
<{SEMAX}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{SXO}Compound> <{KG}graph/entities> .
<{SEMAX}> <http://www.w3.org/2000/01/rdf-schema#seeAlso> <{OVERVIEW}> <{KG}graph/entities> .
<{CLAIM}> <{SXO}claimSubject> <{SEMAX}> <{KG}graph/source-000> .
<{CLAIM}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{SXO}Claim> <{KG}graph/source-000> .
"""
SX_TURTLE = f"@prefix sx: <{KG}id/> ."
DEFAULT_SX = "<https://w3id.org/semaxkg/id/>"


def _app_config(folder: Path, **extra: object) -> dict[str, object]:
    data = folder / "small.nq"
    data.write_text(SMALL, encoding="utf-8")
    return {"DATA_FILES": [str(data)], "BUILD_DIR": str(folder / "none"), "EXECUTOR": "inline",
            "TESTING": True, "IRI_BASE": KG, **extra}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    return create_app(_app_config(tmp_path_factory.mktemp("kg"))).test_client()


def _turtle(body: bytes) -> set[tuple[str, str, str]]:
    graph = rdflib.Graph()
    graph.parse(data=body, format="turtle")
    return {(str(s), str(p), str(o)) for s, p, o in graph}


def test_page_of_a_resource_minted_under_the_base(client: FlaskClient) -> None:
    redirect = client.get("/id/compound/semax", headers={"Accept": "text/html"})
    assert (redirect.status_code, redirect.headers["Location"]) == (303, "/id/compound/semax.html")
    response = client.get("/id/compound/semax.html")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert SEMAX in page and "Semax" in page
    assert client.get("/id/compound/no-such.html").status_code == 404


def test_document_binds_sx_to_the_base(client: FlaskClient) -> None:
    response = client.get("/id/compound/semax.ttl")
    assert response.status_code == 200
    body = response.get_data()
    assert SX_TURTLE.encode() in body and DEFAULT_SX.encode() not in body
    assert (SEMAX, "http://www.w3.org/2000/01/rdf-schema#label", "Semax") in _turtle(body)
    assert b"rdfs:seeAlso sx:overview" in body
    context = json.loads(client.get("/id/compound/semax.jsonld").get_data())["@context"]
    assert context["sx"] == KG + "id/"


def test_dumps_bind_sx_to_the_base(client: FlaskClient) -> None:
    for name in ("semaxkg.ttl", "semaxkg.trig"):
        body = client.get(f"/dumps/{name}").get_data()
        assert SX_TURTLE.encode() in body and DEFAULT_SX.encode() not in body, name
    assert (CLAIM, SXO + "claimSubject", SEMAX) in _turtle(client.get("/dumps/semaxkg.ttl").get_data())


def test_void_describes_the_dataset_under_the_base(client: FlaskClient) -> None:
    triples = _turtle(client.get("/.well-known/void.ttl").get_data())
    dataset = KG + ".well-known/void#dataset"
    assert (dataset, "http://xmlns.com/foaf/0.1/homepage", KG) in triples
    subsets = {o for s, p, o in triples if s == dataset and p == "http://rdfs.org/ns/void#subset"}
    assert subsets == {KG + "graph/entities", KG + "graph/source-000"}


def test_sparql_answers_follow_the_base(client: FlaskClient) -> None:
    construct = client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                           headers={"Accept": "text/turtle"})
    assert construct.status_code == 200
    body = construct.get_data()
    assert SX_TURTLE.encode() in body and DEFAULT_SX.encode() not in body
    assert f"@prefix sxg: <{KG}graph/> .".encode() in body
    # Relative IRIs in a query resolve against IRI_BASE (there is no second setting).
    ask = client.get("/sparql", query_string={"query": "ASK { <id/compound/semax> ?p ?o }"},
                     headers={"Accept": "application/sparql-results+json"})
    assert json.loads(ask.get_data())["boolean"] is True


def test_base_iri_setting_is_refused_with_the_new_name(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="BASE_IRI is now IRI_BASE"):
        create_app(_app_config(tmp_path, BASE_IRI=KG))


@pytest.mark.parametrize("base", ["example.org/kg/", "https://example.org/kg", "https://ex ample.org/"])
def test_iri_base_that_is_no_base_is_refused(tmp_path: Path, base: str) -> None:
    with pytest.raises(UsageError, match=r"IRI_BASE .* is not an http"):
        create_app(_app_config(tmp_path, IRI_BASE=base))


def test_conflicts_page_links_its_graph_under_the_base(client: FlaskClient) -> None:
    page = client.get("/conflicts").get_data(as_text=True)
    assert 'href="/graph/conflicts.ttl"' in page
    assert "w3id.org/semaxkg/graph/conflicts" not in page


def test_search_follows_the_base(client: FlaskClient) -> None:
    answer = client.get("/api/search?q=semax").get_json()
    assert answer["results"] == [{"iri": SEMAX, "label": "Semax", "kind": "compound",
                                  "href": "/id/compound/semax", "snippet": ""}]
    assert client.get("/api/search?q=semax&kind=compound").get_json()["results"][0]["iri"] == SEMAX
