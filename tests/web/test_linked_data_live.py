"""Real clients against a live ``semaxkg serve`` (127.0.0.1, free port): rdflib's
``Graph().parse(iri)``, ``rapper`` and a browser's Accept list, for every kind of IRI —
resource, claim, passage, source, conflict, graph, class, property, ontology, VoID, dump."""

from __future__ import annotations

import gzip
import shutil
import subprocess

import pytest
import rdflib
import requests
from flask.testing import FlaskClient
from ld_support import (
    FIREFOX,
    IRI_SAMPLES,
    RAPPER_GUESS,
    RDFLIB_DEFAULT,
    RDFLIB_JSONLD,
    RDFLIB_XML,
    LiveServer,
    negotiated_triples,
    parsed,
    same_graph,
    sample_path,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning"),
]

@pytest.mark.parametrize("kind", sorted(IRI_SAMPLES))
def test_rdflib_parses_every_kind_of_iri(live_server: LiveServer, client: FlaskClient, kind: str) -> None:
    path = sample_path(kind, client)
    graph = rdflib.Graph()
    graph.parse(live_server.url + path)
    assert len(graph) > 0
    assert same_graph(set(graph), negotiated_triples(client, path, RDFLIB_DEFAULT))


@pytest.mark.parametrize(("fmt", "accept"), [("json-ld", RDFLIB_JSONLD), ("xml", RDFLIB_XML)])
@pytest.mark.parametrize("kind", ["resource", "claim", "class", "void"])
def test_rdflib_with_a_format_gets_that_format(
        live_server: LiveServer, client: FlaskClient, kind: str, fmt: str, accept: str) -> None:
    path = sample_path(kind, client)
    graph = rdflib.Graph()
    graph.parse(live_server.url + path, format=fmt)
    assert same_graph(set(graph), negotiated_triples(client, path, accept))


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (Debian raptor2-utils) is not installed")
@pytest.mark.parametrize("kind", sorted(IRI_SAMPLES))
def test_rapper_parses_every_kind_of_iri(live_server: LiveServer, client: FlaskClient, kind: str) -> None:
    path = sample_path(kind, client)
    run = subprocess.run(["rapper", "-q", "-g", "-o", "ntriples", live_server.url + path],
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    assert same_graph(parsed(run.stdout, "nt"), negotiated_triples(client, path, RAPPER_GUESS))


@pytest.mark.parametrize("kind", sorted(IRI_SAMPLES))
def test_a_browser_gets_html(live_server: LiveServer, client: FlaskClient, kind: str) -> None:
    path = sample_path(kind, client)
    response = requests.get(live_server.url + path, headers={"Accept": FIREFOX}, timeout=30)
    assert response.history[0].status_code == 303
    assert response.url == f"{live_server.url}{path}.html"
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"


def test_rdflib_reads_the_dumps(live_server: LiveServer, client: FlaskClient) -> None:
    dataset = rdflib.Dataset()
    dataset.parse(live_server.url + "/dumps/semaxkg.trig")
    quads = [q for q in dataset.quads((None, None, None, None)) if q[3] is not None]
    nq = client.get("/dumps/semaxkg.nq").get_data(as_text=True)
    assert len(quads) == len([line for line in nq.splitlines() if line.strip()])
    union = rdflib.Graph()
    union.parse(live_server.url + "/dumps/semaxkg.jsonld")
    assert len(union) == len(parsed(client.get("/dumps/semaxkg.nt").get_data(), "nt"))


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (Debian raptor2-utils) is not installed")
def test_rapper_reads_the_turtle_dump(live_server: LiveServer, client: FlaskClient) -> None:
    dump = live_server.url + "/dumps/semaxkg.ttl"
    run = subprocess.run(["rapper", "-q", "-g", "-o", "ntriples", dump],
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    assert len(parsed(run.stdout, "nt")) == len(parsed(client.get("/dumps/semaxkg.nt").get_data(), "nt"))


def test_gz_dump_is_a_gzip_file_not_an_encoding(live_server: LiveServer, client: FlaskClient) -> None:
    response = requests.get(live_server.url + "/dumps/semaxkg.nt.gz", timeout=30)
    assert response.headers["Content-Type"] == "application/gzip"
    assert "Content-Encoding" not in response.headers
    assert response.content[:2] == b"\x1f\x8b"
    assert int(response.headers["Content-Length"]) == len(response.content)
    assert gzip.decompress(response.content) == client.get("/dumps/semaxkg.nt").get_data()
