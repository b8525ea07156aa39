"""Real clients, unchanged, against ``semaxkg serve`` started on a free port of 127.0.0.1."""

from __future__ import annotations

import shutil
import subprocess
import urllib.parse

import pytest
import rdflib
from endpoint_support import ID, ONT, RDFS_LABEL, LiveServer
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import (
    CSV,
    GET,
    JSON,
    JSONLD,
    POST,
    POSTDIRECTLY,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)

LABEL_QUERY = f'SELECT ?s ?label WHERE {{ ?s <{RDFS_LABEL}> ?label FILTER(?label = "Semax"@en) }}'
ASK_QUERY = f"ASK {{ <{ID}semax> a <{ONT}Peptide> }}"
CONSTRUCT_QUERY = f"CONSTRUCT {{ ?s a <{ONT}Peptide> }} WHERE {{ ?s a <{ONT}Peptide> }}"
DESCRIBE_QUERY = f"DESCRIBE <{ID}semax>"

pytestmark = pytest.mark.filterwarnings(
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning"  # inside SPARQLWrapper/rdflib
)
SEMAX = rdflib.URIRef(ID + "semax")
RDF_TYPE = rdflib.RDF.type


def _wrapper(server: LiveServer, query: str, fmt: str, method: str,
             request_method: str = URLENCODED) -> SPARQLWrapper:
    sparql = SPARQLWrapper(server.url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    sparql.setMethod(method)
    sparql.setRequestMethod(request_method)
    return sparql


METHODS = [(GET, URLENCODED), (POST, URLENCODED), (POST, POSTDIRECTLY)]
METHOD_IDS = ["get", "post-form", "post-direct"]


@pytest.mark.parametrize(("method", "request_method"), METHODS, ids=METHOD_IDS)
def test_sparqlwrapper_select_json(live_server: LiveServer, method: str,
                                   request_method: str) -> None:
    result = _wrapper(live_server, LABEL_QUERY, JSON, method, request_method).query().convert()
    assert result == {"head": {"vars": ["s", "label"]}, "results": {"bindings": [{
        "s": {"type": "uri", "value": ID + "semax"},
        "label": {"type": "literal", "value": "Semax", "xml:lang": "en"}}]}}


@pytest.mark.parametrize(("method", "request_method"), METHODS, ids=METHOD_IDS)
def test_sparqlwrapper_select_xml(live_server: LiveServer, method: str,
                                  request_method: str) -> None:
    document = _wrapper(live_server, LABEL_QUERY, XML, method, request_method).query().convert()
    literals = document.getElementsByTagName("literal")
    assert [node.firstChild.data for node in literals] == ["Semax"]
    assert literals[0].getAttribute("xml:lang") == "en"
    assert [n.firstChild.data for n in document.getElementsByTagName("uri")] == [ID + "semax"]


@pytest.mark.parametrize("method", [GET, POST])
def test_sparqlwrapper_select_csv_and_tsv(live_server: LiveServer, method: str) -> None:
    csv_body = _wrapper(live_server, LABEL_QUERY, CSV, method).query().convert()
    assert csv_body == f"s,label\r\n{ID}semax,Semax\r\n".encode()
    tsv_body = _wrapper(live_server, LABEL_QUERY, TSV, method).query().convert()
    assert tsv_body == f'?s\t?label\n<{ID}semax>\t"Semax"@en\n'.encode()


@pytest.mark.parametrize("method", [GET, POST])
def test_sparqlwrapper_ask(live_server: LiveServer, method: str) -> None:
    assert _wrapper(live_server, ASK_QUERY, JSON, method).query().convert()["boolean"] is True
    document = _wrapper(live_server, ASK_QUERY, XML, method).query().convert()
    assert document.getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize("method", [GET, POST])
@pytest.mark.parametrize("query", [CONSTRUCT_QUERY, DESCRIBE_QUERY], ids=["construct", "describe"])
def test_sparqlwrapper_graph_as_turtle(live_server: LiveServer, method: str, query: str) -> None:
    body = _wrapper(live_server, query, TURTLE, method).query().convert()
    graph = rdflib.Graph().parse(data=body, format="turtle")
    assert (SEMAX, RDF_TYPE, rdflib.URIRef(ONT + "Peptide")) in graph
    if query == DESCRIBE_QUERY:
        assert (SEMAX, rdflib.RDFS.label, rdflib.Literal("Semax", lang="en")) in graph


@pytest.mark.parametrize("method", [GET, POST])
@pytest.mark.parametrize("query", [CONSTRUCT_QUERY, DESCRIBE_QUERY], ids=["construct", "describe"])
def test_sparqlwrapper_graph_as_jsonld(live_server: LiveServer, method: str, query: str) -> None:
    result = _wrapper(live_server, query, JSONLD, method).query()
    assert result.response.headers["Content-Type"] == "application/ld+json; charset=utf-8"
    graph = result.convert()
    assert isinstance(graph, rdflib.Graph)
    assert (SEMAX, RDF_TYPE, rdflib.URIRef(ONT + "Peptide")) in graph


def test_rdflib_sparqlstore_select_ask_construct(live_server: LiveServer) -> None:
    store = SPARQLStore(live_server.url)
    graph = rdflib.Graph(store)
    rows = list(graph.query(LABEL_QUERY))
    assert [(str(r[0]), r[1]) for r in rows] == [  # type: ignore[index]
        (ID + "semax", rdflib.Literal("Semax", lang="en"))]
    assert graph.query(ASK_QUERY).askAnswer is True
    constructed = graph.query(CONSTRUCT_QUERY).graph
    assert constructed is not None
    assert set(constructed) == {(SEMAX, RDF_TYPE, rdflib.URIRef(ONT + "Peptide"))}
    assert len(store) == 124


def test_rdflib_sparqlstore_triples_with_bound_term(live_server: LiveServer) -> None:
    graph = rdflib.Graph(SPARQLStore(live_server.url))
    labels = set(graph.objects(SEMAX, rdflib.RDFS.label))
    assert labels == {rdflib.Literal("Semax", lang="en")}


ROQET = shutil.which("roqet")


@pytest.mark.skipif(ROQET is None, reason="roqet not installed (Debian package rasqal-utils)")
def test_roqet_select_csv_and_xml(live_server: LiveServer) -> None:
    assert ROQET is not None
    out = subprocess.run([ROQET, "-q", "-p", live_server.url, "-e", LABEL_QUERY, "-r", "csv"],
                         capture_output=True, check=True, timeout=30)
    assert out.stdout == f"s,label\r\n{ID}semax,Semax\r\n".encode()
    out = subprocess.run([ROQET, "-q", "-p", live_server.url, "-e", LABEL_QUERY, "-r", "xml"],
                         capture_output=True, check=True, timeout=30)
    assert f"<uri>{ID}semax</uri>".encode() in out.stdout
    assert b'<literal xml:lang="en">Semax</literal>' in out.stdout


RAPPER = shutil.which("rapper")


@pytest.mark.skipif(RAPPER is None, reason="rapper not installed (Debian package raptor2-utils)")
def test_rapper_reads_construct_and_service_description(live_server: LiveServer) -> None:
    assert RAPPER is not None
    # A valid request target: '<', '>', '"' and spaces percent-encoded (the HTTP layer, like
    # Oxigraph's, answers 400 to them raw; see test_raw_angle_brackets_in_url_get_400).
    url = f"{live_server.url}?{urllib.parse.urlencode({'query': CONSTRUCT_QUERY})}"
    out = subprocess.run([RAPPER, "-q", "-i", "guess", "-o", "ntriples", url],
                         capture_output=True, check=True, timeout=30)
    assert out.stdout.decode() == f"<{ID}semax> <{RDF_TYPE}> <{ONT}Peptide> .\n"
    out = subprocess.run([RAPPER, "-q", "-i", "turtle", "-o", "ntriples", live_server.url],
                         capture_output=True, check=True, timeout=30)
    assert (f"<http://www.w3.org/ns/sparql-service-description#endpoint> <{live_server.url}> ."
            in out.stdout.decode())
