"""``semaxkg serve --store URL``: every surface over a real Oxigraph server."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from store_support import GRAPH, REPO, TTL, OxigraphServer, built_graphs, free_port
from tests.live_process import start_on_free_port, stop_process, wait_until_answering

from semaxkg.cli import main
from semaxkg.errors import StoreError
from semaxkg.store.local import LocalStore
from semaxkg.store.remote import RemoteStore
from semaxkg.web import create_app
from semaxkg.web.state import get_graph_store, get_state, get_store

QUERIES = sorted((REPO / "queries").glob("*.rq"))
#: A query that runs for minutes on the Semax graph (a cross product of 6 patterns).
PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(
    f"?s{i} ?p{i} ?o{i} ." for i in range(6)) + " }"
JSON = "application/sparql-results+json"


def local_app(**settings: Any) -> Flask:
    return create_app({"DATA_FILES": [str(TTL / "semaxkg.nq")], "EXECUTOR": "inline",
                       "RESULT_CACHE_ENTRIES": 0, "TESTING": True, **settings})


def remote_app(url: str, **settings: Any) -> Flask:
    return create_app({"STORE_URL": url, "TESTING": True, **settings})


@pytest.fixture(scope="module")
def local_client() -> Iterator[FlaskClient]:
    app = local_app()
    yield app.test_client()
    get_state(app).close()


@pytest.fixture(scope="module")
def remote(published: OxigraphServer) -> Iterator[Flask]:
    app = remote_app(published.query_url)
    yield app
    get_state(app).close()


@pytest.fixture()
def remote_client(remote: Flask) -> FlaskClient:
    return remote.test_client()


def solutions(body: bytes) -> Counter[str]:
    """SPARQL JSON rows as a multiset (blank-node labels replaced: they are per answer)."""
    document = json.loads(body)
    rows: Counter[str] = Counter()
    for binding in document["results"]["bindings"]:
        row = {k: ({**v, "value": "_"} if v["type"] == "bnode" else v) for k, v in binding.items()}
        rows[json.dumps(row, sort_keys=True)] += 1
    return rows


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.name)
def test_named_queries_give_the_same_answers(path: Path, local_client: FlaskClient,
                                             remote_client: FlaskClient) -> None:
    query = path.read_text(encoding="utf-8")
    here = local_client.post("/sparql", data={"query": query}, headers={"Accept": JSON})
    there = remote_client.post("/sparql", data={"query": query}, headers={"Accept": JSON})
    assert here.status_code == there.status_code == 200, there.data
    assert json.loads(there.data)["head"] == json.loads(here.data)["head"]
    assert solutions(there.data) == solutions(here.data)


def test_graph_store_api_matches_the_local_store(remote: Flask) -> None:
    with remote.app_context():
        store = get_graph_store()
    assert isinstance(store, RemoteStore)
    local_app_ = local_app()
    local = get_state(local_app_).graph_store
    assert isinstance(local, LocalStore)
    names = sorted(built_graphs())
    assert [g.value for g in store.named_graphs()] == [g.value for g in local.named_graphs()] == names
    semax = ox.NamedNode("https://w3id.org/semaxkg/id/compound/semax")
    label = "SELECT ?label WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
    assert store.select(label, {"x": semax}) == local.select(label, {"x": semax})
    assert store.select(label, {"x": semax})  # Semax has a label
    assert store.ask("ASK { ?x ?p ?o }", {"x": semax}) is True
    assert store.ask("ASK { ?x ?p ?o }", {"x": ox.NamedNode("urn:missing")}) is False
    describe = "CONSTRUCT { ?x ?p ?o } WHERE { ?x ?p ?o }"
    assert set(store.construct(describe, {"x": semax})) == set(local.construct(describe, {"x": semax}))
    graph = ox.NamedNode(GRAPH + "entities")
    assert set(store.quads(graph)) == set(local.quads(graph))
    assert sum(1 for _ in store.quads()) == sum(1 for _ in local.quads()) - sum(
        1 for q in local.quads() if isinstance(q.subject, ox.BlankNode)) + sum(
        1 for q in store.quads() if isinstance(q.subject, ox.BlankNode))
    with remote.app_context(), pytest.raises(RuntimeError, match="get_graph_store"):
        get_store()
    get_state(local_app_).close()


@pytest.mark.parametrize(("method", "kwargs"), [
    ("get", {"query_string": {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}}),
    ("get", {"query_string": {"query": "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }"}}),
    ("get", {"query_string": {"query": "SELEC ?x"}}),
    ("get", {"query_string": {"query": "ASK {}"}, "headers": {"Accept": "text/turtle"}}),
    ("get", {"query_string": {"query": "ASK {}", "default-graph-uri": "not an iri"}}),
    ("post", {"data": "ASK {}", "content_type": "text/plain"}),
    ("get", {"query_string": {"query": "x" * 300_000}}),
    ("get", {"query_string": {"query": "ASK { ?s ?p ?o }"}, "headers": {"Accept": "text/csv"}}),
    ("get", {"query_string": {"query": "CONSTRUCT WHERE { ?s a ?t } LIMIT 3", "format": "nt"}}),
])
def test_protocol_answers_are_the_same(method: str, kwargs: dict[str, Any],
                                       local_client: FlaskClient,
                                       remote_client: FlaskClient) -> None:
    here = getattr(local_client, method)("/sparql", **kwargs)
    there = getattr(remote_client, method)("/sparql", **kwargs)
    assert there.status_code == here.status_code
    assert there.headers["Content-Type"] == here.headers["Content-Type"]
    if here.status_code == 200 and "n-triples" in here.headers["Content-Type"]:
        assert len(there.data.splitlines()) == len(here.data.splitlines()) == 3
    else:
        assert there.data == here.data


def test_row_cap_cuts_remote_answers_the_same_way(published: OxigraphServer) -> None:
    query = "SELECT ?s WHERE { ?s a <https://w3id.org/semaxkg/ontology/Claim> } ORDER BY ?s"
    here = local_app(MAX_RESULT_ROWS=5).test_client().get(
        "/sparql", query_string={"query": query}, headers={"Accept": JSON})
    there = remote_app(published.query_url, MAX_RESULT_ROWS=5).test_client().get(
        "/sparql", query_string={"query": query}, headers={"Accept": JSON})
    assert there.status_code == here.status_code == 200
    assert there.headers["SPARQL-Results-Truncated"] == here.headers["SPARQL-Results-Truncated"] == "5"
    assert there.data == here.data
    assert json.loads(there.data)["truncated"] is True


def test_time_limit_stops_a_slow_remote_query(tmp_path: Path) -> None:
    from semaxkg.store.upload import Publisher, graphs_in_directory

    server = OxigraphServer(tmp_path, timeout_s=5)
    try:
        Publisher(server.query_url).publish(graphs_in_directory(TTL))
        client = remote_app(server.query_url, QUERY_TIMEOUT=1).test_client()
        started = time.monotonic()
        answer = client.get("/sparql", query_string={"query": PATHOLOGICAL})
        assert time.monotonic() - started < 4
        assert answer.status_code == 503
        assert answer.data == (b"The query was stopped after the time limit of 1 s. Make it "
                               b"more selective or add a LIMIT.\n")
        assert answer.headers["Retry-After"] == "1"
    finally:
        server.stop()


def test_store_going_away_gives_503_then_recovers(tmp_path: Path) -> None:
    from semaxkg.store.upload import Publisher, graphs_in_directory

    location = tmp_path / "store"
    server = OxigraphServer(tmp_path, location=location)
    Publisher(server.query_url).publish(graphs_in_directory(TTL))
    app = remote_app(server.query_url)
    client = app.test_client()
    ask = {"query": "ASK { ?s ?p ?o }"}
    assert client.get("/sparql", query_string=ask).status_code == 200
    server.kill()
    try:
        down = client.get("/sparql", query_string=ask)
        assert down.status_code == 503
        assert down.data == (b"503 Service Unavailable: the triplestore behind this server is "
                             b"not reachable or overloaded; try again shortly.\n")
        assert down.headers["Retry-After"] == "5"
        health = client.get("/health")
        assert health.status_code == 503
        back = OxigraphServer(tmp_path, location=location, port=server.port)
        try:
            assert client.get("/sparql", query_string=ask).status_code == 200
            assert client.get("/health").json["status"] == "ok"  # type: ignore[index]
        finally:
            back.stop()
    finally:
        server.stop()


def test_health_reports_the_store(remote_client: FlaskClient, published: OxigraphServer) -> None:
    answer = remote_client.get("/health")
    assert answer.status_code == 200
    expected = sum(len(list(ox.parse(path=p))) for p in built_graphs().values())
    body = answer.json
    assert body is not None
    assert body["store"] == published.query_url
    assert body["quads"] == expected
    assert body["namedGraphs"] == len(built_graphs())
    assert body["status"] == "ok"


def test_start_up_refuses_a_store_without_union_default_graph(tmp_path: Path) -> None:
    from semaxkg.store.upload import Publisher, graphs_in_directory

    server = OxigraphServer(tmp_path, union=False)
    try:
        Publisher(server.query_url).publish(graphs_in_directory(TTL))
        with pytest.raises(StoreError) as caught:
            remote_app(server.query_url)
        assert str(caught.value) == (
            f"the default graph of {server.query_url} is not the union of its named graphs: "
            "make the store's default graph the union of its named graphs: Oxigraph "
            "`oxigraph serve --union-default-graph`, Fuseki `tdb2:unionDefaultGraph true`, "
            "GraphDB and Virtuoso do so by default (see docs/triplestores.md)")
    finally:
        server.stop()


def test_start_up_refuses_an_empty_store(oxigraph: OxigraphServer) -> None:
    with pytest.raises(StoreError, match=r"holds no named graph: publish the dataset first"):
        remote_app(oxigraph.query_url)


def test_serve_with_an_unreachable_store_exits_3(capsys: pytest.CaptureFixture[str],
                                                 caplog: pytest.LogCaptureFixture) -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    assert main(["serve", "--store", url, "--port", str(free_port())]) == 3
    assert f"the store at {url} is not reachable (connection refused): is it running?" in caplog.text
    port = str(free_port())
    assert main(["serve", "--store", url, "--data", "x.nq", "--port", port]) == 2
    assert main(["serve", "--store", "ftp://example.org/sparql", "--port", port]) == 2


def test_live_server_over_the_store(published: OxigraphServer, tmp_path: Path) -> None:
    """``semaxkg serve --store`` under Granian: forked workers, each with its own session."""
    log = (tmp_path / "serve.log").open("wb")

    def launch(port: int) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "semaxkg.cli", "serve", "--store", published.query_url,
             "--port", str(port), "--workers", "2", "--threads", "2"],
            stdout=log, stderr=subprocess.STDOUT, cwd=REPO)

    def ready(port: int, process: subprocess.Popen[bytes]) -> bool:
        return wait_until_answering(f"http://127.0.0.1:{port}/health", process, 30)

    port, process, up = start_on_free_port(launch, ready)
    base = f"http://127.0.0.1:{port}"
    try:
        assert up, (tmp_path / "serve.log").read_text()
        query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <" \
                + GRAPH + "manifest>) }"
        expected = sum(len(list(ox.parse(path=p))) for p in built_graphs().values())
        for _ in range(4):
            answer = requests.get(base + "/sparql", params={"query": query},
                                  headers={"Accept": "text/csv"}, timeout=10)
            assert answer.status_code == 200
            assert answer.text == f"n\r\n{expected}\r\n"
    finally:
        stop_process(process)
        log.close()


#: Pages and documents of the linked-data surfaces (issue 5), read through the GraphStore.
PAGES = ["/", "/id/compound/semax", "/id/compound/semax.html", "/id/compound/semax.ttl",
         "/id/compound/semax.jsonld", "/conflicts", "/sources", "/ontology.html",
         "/ontology/Claim.html", "/graph/entities.html", "/graph/entities.ttl",
         "/id/source/source-001.html", "/id/nothing-here.html", "/context.jsonld"]


@pytest.mark.parametrize("path", PAGES)
def test_linked_data_pages_are_the_same_over_the_store(path: str, local_client: FlaskClient,
                                                       remote_client: FlaskClient) -> None:
    here = local_client.get(path, headers={"Accept": "text/html"})
    there = remote_client.get(path, headers={"Accept": "text/html"})
    assert there.status_code == here.status_code
    assert there.headers.get("Content-Type") == here.headers.get("Content-Type")
    assert there.headers.get("Location") == here.headers.get("Location")
    assert there.data == here.data


def test_ontology_document_is_isomorphic_over_the_store(local_client: FlaskClient,
                                                        remote_client: FlaskClient) -> None:
    """Blank-node labels differ between stores; the graphs are the same."""
    from rdflib import Graph
    from rdflib.compare import isomorphic

    here = local_client.get("/ontology.ttl")
    there = remote_client.get("/ontology.ttl")
    assert there.status_code == here.status_code == 200
    assert isomorphic(Graph().parse(data=here.data, format="turtle"),
                      Graph().parse(data=there.data, format="turtle"))


SHARED_SOURCES = REPO.parent / "shared" / "sources"


@pytest.mark.skipif(not SHARED_SOURCES.is_dir(),
                    reason="../shared/sources is not present: the real source texts are needed")
def test_claim_page_over_the_store_shows_its_passage(published: OxigraphServer) -> None:
    """Offsets and checksums come from the store; the text from SOURCES_DIR."""
    app = remote_app(published.query_url, SOURCES_DIR=str(SHARED_SOURCES))
    try:
        client = app.test_client()
        query = ("PREFIX sxo: <https://w3id.org/semaxkg/ontology/> PREFIX oa: <http://www.w3.org/ns/oa#> "
                 "SELECT ?claim ?file ?start ?end WHERE { ?claim a sxo:Claim ; sxo:hasPassage ?p . "
                 "?p oa:hasSource ?doc ; oa:hasSelector [ oa:start ?start ; oa:end ?end ] . "
                 "?doc sxo:fileName ?file } ORDER BY DESC(?claim) LIMIT 1")
        row = client.get("/sparql", query_string={"query": query}, headers={"Accept": JSON}
                         ).get_json()["results"]["bindings"][0]
        text = (SHARED_SOURCES / row["file"]["value"]).read_text(encoding="utf-8")
        passage = text[int(row["start"]["value"]):int(row["end"]["value"])]
        page = client.get(row["claim"]["value"].removeprefix("https://w3id.org/semaxkg"),
                          headers={"Accept": "text/html"}, follow_redirects=True)
        assert page.status_code == 200
        from html import escape
        assert f'<mark class="passage-mark">{escape(passage, quote=False)}</mark>' in \
            page.get_data(as_text=True).replace("&#39;", "'").replace("&#34;", '"')
        whole = client.get("/sources/source-002/text")
        assert whole.status_code == 200 and 'class="span-start"' in whole.get_data(as_text=True)
    finally:
        get_state(app).close()
