"""Helpers of the linked-data tests: client Accept lists, the expected resource document
(computed straight from the store's quads, independently of the app's SPARQL), RDF parsing
into comparable triple sets, and a live ``semaxkg serve`` on the build snapshot."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import rdflib
from flask.testing import FlaskClient
from rdflib.compare import to_isomorphic
from tests.live_process import start_on_free_port, stop_process, wait_until_answering

from semaxkg.rdf.graph_store import GraphStore
from semaxkg.rdf.jsonld import rdflib_term

REPO = Path(__file__).resolve().parents[2]
BASE = "https://w3id.org/semaxkg/"
SXO = BASE + "ontology/"
#: The prologue of the tests' own SPARQL (expectations written independently of the app's).
PREFIXES = f"""
PREFIX sxo: <{SXO}>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL_PREDICATES = frozenset({
    "http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title", "https://schema.org/name",
})
FOAF_PRIMARY_TOPIC = "http://xmlns.com/foaf/0.1/primaryTopic"
RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
RDFS_SEE_ALSO = "http://www.w3.org/2000/01/rdf-schema#seeAlso"
#: The cap the documents put on incoming links (stated in semaxkg.web.linked.documents).
MAX_INCOMING = 200

# What each client sends. rdflib 7.6: rdflib/parser.py URLInputSource (no format: every parser's
# media type at q=1; with a format: that type then */*;q=0.1). rapper 2.0.15 -g: captured from
# the wire. Jena: WebContent.defaultRDFAcceptHeader and defaultGraphAcceptHeader (RDFParser/riot).
RDFLIB_DEFAULT = ("application/rdf+xml, text/n3, text/turtle, application/n-triples, "
                  "application/ld+json, application/n-quads, application/trix, application/trig")
RDFLIB_TURTLE = "text/turtle, application/x-turtle, */*;q=0.1"
RDFLIB_XML = "application/rdf+xml, */*;q=0.1"
RDFLIB_NT = "text/plain, */*;q=0.1"
RDFLIB_JSONLD = "application/ld+json, application/json;q=0.9, */*;q=0.1"
RAPPER_GUESS = (
    "application/rdf+xml, text/rdf;q=0.6, application/n-triples, text/plain;q=0.1, text/turtle, "
    "application/x-turtle, application/turtle, text/n3;q=0.3, text/rdf+n3;q=0.3, "
    "application/rdf+n3;q=0.3, application/x-trig, application/rss;q=0.8, application/rss+xml;q=0.8, "
    "text/rss;q=0.8, application/xml;q=0.3, text/xml;q=0.3, application/atom+xml;q=0.3, "
    "text/html;q=0.2, application/xhtml+xml;q=0.4, text/html;q=0.6, application/xhtml+xml;q=0.8, "
    "application/json;q=0.1, text/json;q=0.1, text/x-nquads, */*;q=0.1")
JENA_RDF = ("text/turtle,application/n-triples;q=0.9,application/rdf+xml;q=0.7,"
            "application/trig,application/n-quads;q=0.9,application/ld+json;q=0.8,*/*;q=0.5")
JENA_GRAPH = ("text/turtle,application/n-triples;q=0.9,application/ld+json;q=0.8,"
              "application/rdf+xml;q=0.7,*/*;q=0.3")
FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
CHROMIUM = ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
            "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7")

#: (client, Accept, suffix of the document it must be sent to).
CLIENTS: list[tuple[str, str, str]] = [
    ("rdflib-default", RDFLIB_DEFAULT, "ttl"),
    ("rdflib-turtle", RDFLIB_TURTLE, "ttl"),
    ("rdflib-xml", RDFLIB_XML, "rdf"),
    ("rdflib-nt", RDFLIB_NT, "nt"),
    ("rdflib-json-ld", RDFLIB_JSONLD, "jsonld"),
    ("rapper-guess", RAPPER_GUESS, "ttl"),
    ("jena-rdf", JENA_RDF, "ttl"),
    ("jena-graph", JENA_GRAPH, "ttl"),
    ("firefox", FIREFOX, "html"),
    ("chromium", CHROMIUM, "html"),
]

Triple = tuple[rdflib.term.Node, rdflib.term.Node, rdflib.term.Node]

#: One path of every kind of IRI (samples fixed by the URL scheme and stable ids); the conflict
#: has no fixed id and is looked up in the data (``sample_path``).
IRI_SAMPLES: dict[str, str | None] = {
    "resource": "/id/compound/semax",
    "claim": "/id/claim/s000-adhd-low-neurotransmitters",
    "passage": "/id/claim/s000-adhd-low-neurotransmitters/passage-1",
    "source": "/id/source/source-000",
    "conflict": None,
    "graph": "/graph/source-000",
    "class": "/ontology/Claim",
    "property": "/ontology/claimSubject",
    "ontology": "/ontology",
    "void": "/.well-known/void",
}
#: rdflib's parser name for each RDF media type the documents are sent in.
RDFLIB_FORMATS = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
                  "application/ld+json": "json-ld"}


def as_set(triples: list[ox.Triple]) -> set[Triple]:
    """pyoxigraph triples as a set of rdflib triples."""
    return {(rdflib_term(t.subject), rdflib_term(t.predicate), rdflib_term(t.object)) for t in triples}


def parsed(body: bytes | str, rdflib_format: str) -> set[Triple]:
    """The triples of an RDF document, parsed by rdflib (offline)."""
    graph = rdflib.Graph()
    graph.parse(data=body if isinstance(body, str) else body.decode("utf-8"), format=rdflib_format)
    return set(graph)


def same_graph(a: set[Triple], b: set[Triple]) -> bool:
    """Whether two triple sets are the same graph (blank nodes compared by isomorphism)."""
    if a == b:
        return True
    ga, gb = rdflib.Graph(), rdflib.Graph()
    for t in a:
        ga.add(t)
    for t in b:
        gb.add(t)
    return bool(to_isomorphic(ga) == to_isomorphic(gb))


def triples_of(store: ox.Store, subject: str | None = None, predicate: str | None = None,
               obj: str | None = None) -> list[ox.Triple]:
    """Distinct triples of the union of all graphs matching a pattern of IRIs."""
    found = store.quads_for_pattern(
        ox.NamedNode(subject) if subject else None, ox.NamedNode(predicate) if predicate else None,
        ox.NamedNode(obj) if obj else None, None)
    return list({ox.Triple(q.subject, q.predicate, q.object) for q in found})


def expected_document(store: ox.Store, iri: str, document_iri: str) -> set[Triple]:
    """What the RDF document of ``iri`` must hold, computed from the store's quads."""
    out = triples_of(store, iri)
    parts: list[ox.Triple] = []
    owners = {iri}
    frontier = {t.object.value for t in out
                if isinstance(t.object, ox.NamedNode) and t.object.value.startswith(iri + "/")}
    while frontier - owners:
        frontier -= owners
        owners |= frontier
        level = [t for part in sorted(frontier) for t in triples_of(store, part)]
        parts += level
        frontier = {t.object.value for t in level if isinstance(t.object, ox.NamedNode)
                    and any(t.object.value.startswith(o + "/") for o in owners)}
    incoming_all = sorted((t for t in triples_of(store, obj=iri) if isinstance(t.subject, ox.NamedNode)),
                          key=lambda t: (t.predicate.value, t.subject.value))
    incoming = incoming_all[:MAX_INCOMING]
    described = out + parts
    linked = ({t.object.value for t in described if isinstance(t.object, ox.NamedNode)}
              | {t.subject.value for t in incoming if isinstance(t.subject, ox.NamedNode)}) - owners
    context = [t for x in linked for t in triples_of(store, x)
               if t.predicate.value in LABEL_PREDICATES | {RDF_TYPE}]
    predicates = {t.predicate.value for t in described + incoming} - linked - owners
    context += [t for p in predicates for t in triples_of(store, p) if t.predicate.value in LABEL_PREDICATES]
    expected = as_set(described + incoming + context)
    expected.add((rdflib.URIRef(document_iri), rdflib.URIRef(FOAF_PRIMARY_TOPIC), rdflib.URIRef(iri)))
    return expected


def select(store: GraphStore, query: str) -> list[dict[str, str]]:
    """Rows of a SELECT (``PREFIXES`` prepended) as plain strings (IRIs and literal values)."""
    return [{name: term.value for name, term in row.items()} for row in store.select(PREFIXES + query)]


class LiveServer:
    """``semaxkg serve`` on a build folder (its ``semaxkg.nq``, dumps and VoID) on 127.0.0.1."""

    START_SECONDS = 60

    def __init__(self, build_dir: Path, log: Path) -> None:
        self.log_path = log
        self._log = log.open("wb")
        env = {**os.environ, "SEMAXKG_BUILD_DIR": str(build_dir)}

        def launch(port: int) -> subprocess.Popen[bytes]:
            return subprocess.Popen(
                [sys.executable, "-m", "semaxkg.cli", "serve", "--port", str(port), "--workers", "2",
                 "--data", str(build_dir / "semaxkg.nq")],
                stdout=self._log, stderr=subprocess.STDOUT, cwd=REPO, env=env,
            )

        def ready(port: int, process: subprocess.Popen[bytes]) -> bool:
            return wait_until_answering(f"http://127.0.0.1:{port}/health", process, self.START_SECONDS)

        self.port, self.process, up = start_on_free_port(launch, ready)
        self.url = f"http://127.0.0.1:{self.port}"
        if up:
            return
        self.stop()
        raise RuntimeError(f"semaxkg serve did not start:\n{log.read_text()}")

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL)."""
        stop_process(self.process)
        self._log.close()


def sample_path(kind: str, client: FlaskClient) -> str:
    """The path of the ``IRI_SAMPLES`` IRI of ``kind`` (the first conflict for ``conflict``)."""
    path = IRI_SAMPLES[kind]
    if path is not None:
        return path
    query = ("PREFIX sxo: <https://w3id.org/semaxkg/ontology/> "
             "SELECT ?c WHERE { ?c a sxo:Conflict } ORDER BY ?c LIMIT 1")
    answer = client.get("/sparql", query_string={"query": query},
                        headers={"Accept": "application/sparql-results+json"}).get_json()
    iri: str = answer["results"]["bindings"][0]["c"]["value"]
    return iri[len(BASE) - 1:]


def negotiated_triples(client: FlaskClient, path: str, accept: str) -> set[Triple]:
    """The triples of the document the in-process app sends (303, then the document) for ``accept``."""
    first = client.get(path, headers={"Accept": accept})
    assert first.status_code == 303, path
    document = client.get(first.headers["Location"])
    media = document.headers["Content-Type"].split(";")[0]
    return parsed(document.get_data(), RDFLIB_FORMATS[media])
