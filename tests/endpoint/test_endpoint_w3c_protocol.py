"""The W3C SPARQL 1.1 Protocol and Service Description tests, read from the shared data.

The manifest (``../shared/conformance/w3c-sparql11-protocol``, or ``SEMAXKG_CONFORMANCE_DIR``)
describes each HTTP request and the expected response. Every query test must pass as written;
the endpoint is read-only by design, so every update request must get 403 and the follow-up
ASK must show that nothing was changed. Each test runs without an Accept header and with the
``Accept`` rdflib sends for every query.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest
from endpoint_support import REPO
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from semaxkg.web import create_app

SUITE = Path(os.environ.get("SEMAXKG_CONFORMANCE_DIR",
                            REPO.parent / "shared" / "conformance")) / "w3c-sparql11-protocol"
PROTOCOL = SUITE / "protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
SD = "http://www.w3.org/ns/sparql-service-description#"
DATA_GRAPH = "http://kasei.us/2009/09/sparql/data/data{}.rdf"
RDFLIB_ACCEPT = "application/sparql-results+xml, application/rdf+xml"
RESULT_TYPES = {"application/sparql-results+json", "application/sparql-results+xml",
                "text/csv", "text/tab-separated-values"}
GRAPH_TYPES = {"text/turtle", "application/rdf+xml", "application/n-triples",
               "application/ld+json"}

pytestmark = pytest.mark.skipif(
    not (PROTOCOL / "manifest.ttl").is_file(),
    reason=f"W3C protocol suite not found at {SUITE} (it lives in ../shared/conformance)",
)


@dataclass(frozen=True)
class HttpRequest:
    method: str
    path: str
    body: bytes | None
    headers: dict[str, str]
    statuses: frozenset[str]
    expected_format: str | None
    expected_boolean: bool | None

    @property
    def is_update(self) -> bool:
        content_type = self.headers.get("content-type", "")
        body = (self.body or b"").decode("utf-8", "replace")
        return ("sparql-update" in content_type or body.startswith("update=")
                or "update=" in self.path)


@dataclass(frozen=True)
class ProtocolTest:
    name: str
    requests: tuple[HttpRequest, ...]


def _load_tests() -> list[ProtocolTest]:
    if not (PROTOCOL / "manifest.ttl").is_file():
        return []
    graph = Graph().parse(PROTOCOL / "manifest.ttl", format="turtle")
    manifest = next(graph.subjects(MF.entries, None))
    tests = []
    for entry in Collection(graph, graph.value(manifest, MF.entries)):
        action = graph.value(entry, MF.action)
        requests = []
        for req in Collection(graph, graph.value(action, HT.requests)):
            body_node = graph.value(req, HT.body)
            body = None
            if body_node is not None:
                encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
                chars = str(graph.value(body_node, CNT.chars))
                body = chars.encode("utf-16" if encoding == "UTF-16" else "utf-8")
            headers: dict[str, str] = {}
            headers_list = graph.value(req, HT.headers)
            if headers_list is not None:
                for header in Collection(graph, headers_list):
                    headers[str(graph.value(header, HT.fieldName)).lower()] = str(
                        graph.value(header, HT.fieldValue))
            resp = graph.value(req, HT.resp)
            boolean = graph.value(resp, MF.expectedBoolean)
            fmt = graph.value(resp, MF.expectedFormat)
            requests.append(HttpRequest(
                method=str(graph.value(req, HT.methodName)),
                path=str(graph.value(req, HT.absolutePath)),
                body=body, headers=headers,
                statuses=frozenset(str(s).rsplit("#", 1)[1]
                                   for s in graph.objects(resp, MF.expectedStatus)),
                expected_format=None if fmt is None else str(fmt),
                expected_boolean=None if boolean is None else bool(boolean.toPython()),
            ))
        tests.append(ProtocolTest(_local(entry), tuple(requests)))
    return tests


def _local(node: Node) -> str:
    return str(node).rsplit("#", 1)[-1]


TESTS = _load_tests()


@pytest.fixture(scope="module")
def suite_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The app serving data1..3.nt as the named graphs the manifest names."""
    lines = []
    for i in (1, 2, 3):
        for line in (PROTOCOL / f"data{i}.nt").read_text().splitlines():
            if line.strip():
                lines.append(line.rstrip().removesuffix(".").rstrip() + f" <{DATA_GRAPH.format(i)}> .")
    data = tmp_path_factory.mktemp("w3c") / "protocol.nq"
    data.write_text("\n".join(lines) + "\n")
    # The suite's service is at http://www.example/sparql/: its public URL is configured (the
    # Host header is never reflected into the service description).
    app = create_app({"DATA_FILES": [str(data)], "QUERY_TIMEOUT": 5, "TESTING": True,
                      "PUBLIC_URL": "http://www.example/"})
    yield app
    app.extensions["semaxkg"].close()


def _boolean(content_type: str, body: bytes) -> bool:
    if content_type.startswith("application/sparql-results+json"):
        value: bool = json.loads(body)["boolean"]
        return value
    if content_type.startswith("application/sparql-results+xml"):
        root = ElementTree.fromstring(body)
        text = root.find("{http://www.w3.org/2005/sparql-results#}boolean")
        assert text is not None
        return text.text == "true"
    raise AssertionError(f"boolean answer in unexpected type {content_type}")


def _check_format(request: HttpRequest, content_type: str, body: bytes) -> None:
    mimetype = content_type.split(";")[0].strip()
    if request.expected_format == "boolean":
        assert mimetype in RESULT_TYPES
        if request.expected_boolean is not None:
            assert _boolean(content_type, body) is request.expected_boolean
    elif request.expected_format == "tabular":
        assert mimetype in RESULT_TYPES
    elif request.expected_format == "RDF":
        assert mimetype in GRAPH_TYPES
        rdf_format = ox.RdfFormat.from_media_type(mimetype)
        assert rdf_format is not None
        list(ox.parse(body, rdf_format))


@pytest.mark.parametrize("accept", [None, RDFLIB_ACCEPT], ids=["no-accept", "rdflib-accept"])
@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_w3c_protocol(suite_app: Flask, test: ProtocolTest, accept: str | None) -> None:
    client: FlaskClient = suite_app.test_client()
    refused_update = False
    for request in test.requests:
        headers = dict(request.headers)
        if accept is not None:
            headers["accept"] = accept
        response = client.open(request.path, method=request.method, data=request.body,
                               headers=headers)
        body = response.data
        assert b"Traceback" not in body
        if request.statuses == {"StatusCode4xx"}:
            assert 400 <= response.status_code < 500, body
            continue
        if request.is_update:
            # read-only endpoint: every update is refused with 403 and never executed
            assert response.status_code == 403, body
            refused_update = True
            continue
        assert 200 <= response.status_code < 400, body
        if refused_update and request.expected_boolean is True:
            assert _boolean(response.headers["Content-Type"], body) is False
            continue
        _check_format(request, response.headers["Content-Type"], body)


@pytest.mark.parametrize("accept", [None, "text/turtle", "application/rdf+xml", "*/*"])
def test_w3c_service_description(suite_app: Flask, accept: str | None) -> None:
    """returns-rdf, has-endpoint-triple and conforms-to-schema."""
    client = suite_app.test_client()
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql/", base_url="http://www.example", headers=headers)
    assert response.status_code == 200
    mimetype = response.mimetype
    assert mimetype in GRAPH_TYPES
    rdf_format = ox.RdfFormat.from_media_type(mimetype)
    assert rdf_format is not None
    graph = Graph().parse(data=response.data, format={"text/turtle": "turtle",
                                                       "application/rdf+xml": "xml"}[mimetype])
    sd = Namespace(SD)
    services = list(graph.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                   sd.Service))
    assert len(services) == 1
    service = services[0]
    assert list(graph.objects(service, sd.endpoint)) == [URIRef("http://www.example/sparql/")]
    assert set(graph.objects(service, sd.supportedLanguage)) == {sd.SPARQL11Query}
    dataset = graph.value(service, sd.defaultDataset)
    assert (dataset, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            sd.Dataset) in graph
    names = {graph.value(n, sd.name) for n in graph.objects(dataset, sd.namedGraph)}
    assert names == {URIRef(DATA_GRAPH.format(i)) for i in (1, 2, 3)}
