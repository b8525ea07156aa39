"""Real clients against a live ``semaxkg serve`` (127.0.0.1, free port): rdflib's
``Graph().parse(iri)``, ``rapper`` and a browser's Accept list, for every kind of IRI —
resource, claim, passage, source, conflict, graph, class, property, ontology, VoID, dump."""

from __future__ import annotations

import gzip
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
import requests
from flask.testing import FlaskClient
from ld_support import (
    FIREFOX,
    RAPPER_GUESS,
    RDFLIB_DEFAULT,
    RDFLIB_JSONLD,
    RDFLIB_XML,
    LiveServer,
    parsed,
    same_graph,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning"),
]

#: One path of every kind of IRI (samples fixed by the URL scheme and stable ids).
IRIS = {
    "resource": "/id/compound/semax",
    "claim": "/id/claim/s000-adhd-low-neurotransmitters",
    "passage": "/id/claim/s000-adhd-low-neurotransmitters/passage-1",
    "source": "/id/source/source-000",
    "conflict": None,  # looked up in the data
    "graph": "/graph/source-000",
    "class": "/ontology/Claim",
    "property": "/ontology/claimSubject",
    "ontology": "/ontology",
    "void": "/.well-known/void",
}
RDFLIB_FORMATS = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
                  "application/ld+json": "json-ld"}


@pytest.fixture(scope="module")
def server(built_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(built_dir, tmp_path_factory.mktemp("live") / "serve.log")
    yield live
    live.stop()


def _conflict(client: FlaskClient) -> str:
    query = ("PREFIX sxo: <https://w3id.org/semaxkg/ontology/> "
             "SELECT ?c WHERE { ?c a sxo:Conflict } ORDER BY ?c LIMIT 1")
    answer = client.get("/sparql", query_string={"query": query},
                        headers={"Accept": "application/sparql-results+json"}).get_json()
    iri: str = answer["results"]["bindings"][0]["c"]["value"]
    return iri[len("https://w3id.org/semaxkg"):]


def _path(kind: str, client: FlaskClient) -> str:
    path = IRIS[kind]
    return path if path is not None else _conflict(client)


def _expected(client: FlaskClient, path: str, accept: str) -> set[tuple[rdflib.term.Node, ...]]:
    """The triples of the document the in-process app sends for ``accept``."""
    first = client.get(path, headers={"Accept": accept})
    assert first.status_code == 303, path
    document = client.get(first.headers["Location"])
    media = document.headers["Content-Type"].split(";")[0]
    return parsed(document.get_data(), RDFLIB_FORMATS[media])


@pytest.mark.parametrize("kind", sorted(IRIS))
def test_rdflib_parses_every_kind_of_iri(server: LiveServer, client: FlaskClient, kind: str) -> None:
    path = _path(kind, client)
    graph = rdflib.Graph()
    graph.parse(server.url + path)
    assert len(graph) > 0
    assert same_graph(set(graph), _expected(client, path, RDFLIB_DEFAULT))


@pytest.mark.parametrize(("fmt", "accept"), [("json-ld", RDFLIB_JSONLD), ("xml", RDFLIB_XML)])
@pytest.mark.parametrize("kind", ["resource", "claim", "class", "void"])
def test_rdflib_with_a_format_gets_that_format(
        server: LiveServer, client: FlaskClient, kind: str, fmt: str, accept: str) -> None:
    path = _path(kind, client)
    graph = rdflib.Graph()
    graph.parse(server.url + path, format=fmt)
    assert same_graph(set(graph), _expected(client, path, accept))


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (Debian raptor2-utils) is not installed")
@pytest.mark.parametrize("kind", sorted(IRIS))
def test_rapper_parses_every_kind_of_iri(server: LiveServer, client: FlaskClient, kind: str) -> None:
    path = _path(kind, client)
    run = subprocess.run(["rapper", "-q", "-g", "-o", "ntriples", server.url + path],
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    assert same_graph(parsed(run.stdout, "nt"), _expected(client, path, RAPPER_GUESS))


@pytest.mark.parametrize("kind", sorted(IRIS))
def test_a_browser_gets_html(server: LiveServer, client: FlaskClient, kind: str) -> None:
    path = _path(kind, client)
    response = requests.get(server.url + path, headers={"Accept": FIREFOX}, timeout=30)
    assert response.history[0].status_code == 303
    assert response.url == f"{server.url}{path}.html"
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"


def test_rdflib_reads_the_dumps(server: LiveServer, client: FlaskClient) -> None:
    dataset = rdflib.Dataset()
    dataset.parse(server.url + "/dumps/semaxkg.trig")
    quads = [q for q in dataset.quads((None, None, None, None)) if q[3] is not None]
    nq = client.get("/dumps/semaxkg.nq").get_data(as_text=True)
    assert len(quads) == len([line for line in nq.splitlines() if line.strip()])
    union = rdflib.Graph()
    union.parse(server.url + "/dumps/semaxkg.jsonld")
    assert len(union) == len(parsed(client.get("/dumps/semaxkg.nt").get_data(), "nt"))


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (Debian raptor2-utils) is not installed")
def test_rapper_reads_the_turtle_dump(server: LiveServer, client: FlaskClient) -> None:
    run = subprocess.run(["rapper", "-q", "-g", "-o", "ntriples", server.url + "/dumps/semaxkg.ttl"],
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    assert len(parsed(run.stdout, "nt")) == len(parsed(client.get("/dumps/semaxkg.nt").get_data(), "nt"))


def test_gz_dump_is_a_gzip_file_not_an_encoding(server: LiveServer, client: FlaskClient) -> None:
    response = requests.get(server.url + "/dumps/semaxkg.nt.gz", timeout=30)
    assert response.headers["Content-Type"] == "application/gzip"
    assert "Content-Encoding" not in response.headers
    assert response.content[:2] == b"\x1f\x8b"
    assert int(response.headers["Content-Length"]) == len(response.content)
    assert gzip.decompress(response.content) == client.get("/dumps/semaxkg.nt").get_data()
