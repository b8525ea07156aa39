"""Dumps (``/dumps``, ``/dumps/<file>``) and the dataset description (``/.well-known/void``):
files with the right headers that round-trip to the store's quads, and VoID numbers equal to
SPARQL counts on the store; the same from a store with no build folder."""

from __future__ import annotations

import gzip
import hashlib
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from browser_support import parse_page
from flask import Flask
from flask.testing import FlaskClient
from ld_support import BASE, CLIENTS, FIREFOX, RDFLIB_DEFAULT, parsed

from semaxkg.rdf import dumps
from semaxkg.rdf.jsonld import rdflib_term
from semaxkg.web import create_app

pytestmark = [
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning"),
]

VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
DATASET = rdflib.URIRef(BASE + ".well-known/void#dataset")
INTEGER_TYPES = {rdflib.XSD.nonNegativeInteger, rdflib.XSD.positiveInteger, rdflib.XSD.int,
                 rdflib.XSD.long, rdflib.XSD.short, rdflib.XSD.byte, rdflib.XSD.unsignedInt}
#: Every dump file with its Content-Type.
FILES = {
    "semaxkg.trig": "application/trig", "semaxkg.nq": "application/n-quads",
    "semaxkg.ttl": "text/turtle; charset=utf-8", "semaxkg.nt": "application/n-triples",
    "semaxkg.jsonld": "application/ld+json",
    **{f"semaxkg.{ext}.gz": "application/gzip" for ext in ("trig", "nq", "ttl", "nt", "jsonld")},
}
RDFLIB_FORMATS = {"trig": "trig", "nq": "nquads", "ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}


def _store(app: Flask) -> ox.Store:
    store: ox.Store = app.extensions["semaxkg"].dataset.store
    return store


def _count(app: Flask, query: str) -> int:
    [row] = list(_store(app).query(query, use_default_graph_as_union=True))
    value = row[0]
    assert isinstance(value, ox.Literal)
    return int(value.value)


def _like_the_store(term: rdflib.term.Node) -> rdflib.term.Node:
    """The store keeps integer subtypes as xsd:integer and writes decimals in canonical form
    ("18.0" as "18"): oxigraph normalises literals (#526)."""
    if isinstance(term, rdflib.Literal) and term.datatype in INTEGER_TYPES:
        return rdflib.Literal(str(term), datatype=rdflib.XSD.integer)
    if isinstance(term, rdflib.Literal) and term.datatype == rdflib.XSD.decimal:
        text = format(Decimal(str(term)), "f")
        canonical = text.rstrip("0").rstrip(".") if "." in text else text
        return rdflib.Literal(canonical, datatype=rdflib.XSD.decimal)
    return term


def _quad_set(quads: list[tuple[rdflib.term.Node, ...]]) -> set[tuple[rdflib.term.Node, ...]]:
    """Quads without their blank nodes' labels (each blank node becomes one marker)."""
    return {tuple(rdflib.BNode("b") if isinstance(t, rdflib.BNode) else _like_the_store(t) for t in q)
            for q in quads}


@pytest.fixture(scope="module")
def store_quads(app: Flask) -> list[tuple[rdflib.term.Node, ...]]:
    return [(rdflib_term(q.subject), rdflib_term(q.predicate), rdflib_term(q.object), rdflib_term(q.graph_name))
            for q in _store(app).quads_for_pattern(None, None, None, None)]


# --- the files ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(FILES))
def test_each_file_has_type_length_etag_and_no_content_encoding(client: FlaskClient, name: str) -> None:
    response = client.get(f"/dumps/{name}")
    assert response.status_code == 200
    body = response.get_data()
    assert response.headers["Content-Type"] == FILES[name]
    assert response.headers["Content-Length"] == str(len(body))
    assert response.headers["ETag"] == f'"{hashlib.sha256(body).hexdigest()}"'
    assert "Content-Encoding" not in response.headers
    again = client.get(f"/dumps/{name}", headers={"If-None-Match": response.headers["ETag"]})
    assert (again.status_code, again.data) == (304, b"")


@pytest.mark.parametrize("ext", ["trig", "nq", "ttl", "nt", "jsonld"])
def test_gz_decompresses_to_the_plain_file_reproducibly(client: FlaskClient, ext: str) -> None:
    packed = client.get(f"/dumps/semaxkg.{ext}.gz").get_data()
    plain = client.get(f"/dumps/semaxkg.{ext}").get_data()
    assert gzip.decompress(packed) == plain
    # gzip header: no file name flag, mtime 0 — the same data always gives the same bytes.
    assert packed[3] & 0x08 == 0 and packed[4:8] == b"\0\0\0\0"
    assert dumps.gzip_bytes(plain) == packed


@pytest.mark.slow
@pytest.mark.parametrize(("name", "fmt"), [("semaxkg.trig", "trig"), ("semaxkg.nq", "nquads")])
def test_named_graph_dumps_round_trip_to_the_store_quads(
        client: FlaskClient, store_quads: list[tuple[rdflib.term.Node, ...]], name: str, fmt: str) -> None:
    dataset = rdflib.Dataset()
    dataset.parse(data=client.get(f"/dumps/{name}").get_data(as_text=True), format=fmt)
    got = [q for q in dataset.quads((None, None, None, None)) if q[3] is not None]
    assert len(got) == len(store_quads)
    assert _quad_set(got) == _quad_set(store_quads)  # type: ignore[arg-type]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "fmt"), [("semaxkg.ttl", "turtle"), ("semaxkg.nt", "nt"),
                                            ("semaxkg.jsonld", "json-ld")])
def test_union_dumps_round_trip_to_the_union_graph(
        client: FlaskClient, store_quads: list[tuple[rdflib.term.Node, ...]], name: str, fmt: str) -> None:
    got = parsed(client.get(f"/dumps/{name}").get_data(), fmt)
    union = {q[:3] for q in store_quads}
    assert len(got) == len(union)
    assert _quad_set(list(got)) == _quad_set(list(union))


def test_dumps_keep_the_built_datatypes(client: FlaskClient, built_dir: Path) -> None:
    """The N-Quads dump is the build's file byte for byte (the store would lose subtypes)."""
    assert client.get("/dumps/semaxkg.nq").get_data() == (built_dir / "semaxkg.nq").read_bytes()


def test_unknown_dump_file_is_404_naming_the_files(client: FlaskClient) -> None:
    response = client.get("/dumps/semaxkg.xml")
    assert response.status_code == 404
    assert response.get_data(as_text=True) == (
        "404 Not Found: no dump file 'semaxkg.xml': the files are " + ", ".join(
            f"semaxkg.{e}{gz}" for e in ("trig", "nq", "ttl", "nt", "jsonld") for gz in ("", ".gz"))
        + " (list: /dumps)\n")


def test_dumps_page_lists_every_file_with_size_type_and_count(
        app: Flask, client: FlaskClient, store_quads: list[tuple[rdflib.term.Node, ...]]) -> None:
    page = parse_page(client.get("/dumps").get_data(as_text=True), "/dumps")
    rows = {tr.get("data-name"): tr for tr in page.iterfind(".//table[@id='dump-files']/tbody/tr")}
    assert set(rows) == set(FILES)
    union = len({q[:3] for q in store_quads})
    for name, row in rows.items():
        size = row.find("td[@class='size']")
        assert size is not None
        assert size.get("data-bytes") == client.head(f"/dumps/{name}").headers["Content-Length"]
        media = FILES[name].split(";")[0]
        assert row.find("td/code").text == media  # type: ignore[union-attr]
        statements = row.find("td[@class='statements']").text  # type: ignore[union-attr]
        named = name.startswith(("semaxkg.trig", "semaxkg.nq"))
        assert statements == (f"{len(store_quads)} quads" if named else f"{union} triples")
        assert row.find("td/a").get("href") == f"/dumps/{name}"  # type: ignore[union-attr]


# --- VoID ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("accept", "suffix"), [
    (None, "ttl"), ("*/*", "ttl"), (RDFLIB_DEFAULT, "ttl"), (FIREFOX, "html"),
    *[(accept, suffix) for name, accept, suffix in CLIENTS],
])
def test_void_iri_negotiates(client: FlaskClient, accept: str | None, suffix: str) -> None:
    response = client.get("/.well-known/void", headers={"Accept": accept} if accept else {})
    assert (response.status_code, response.headers["Location"]) == (303, f"/.well-known/void.{suffix}")
    assert response.headers["Vary"] == "Accept"


@pytest.fixture(scope="module")
def void_graph(app: Flask) -> rdflib.Graph:
    graph = rdflib.Graph()
    body = app.test_client().get("/.well-known/void.ttl").get_data(as_text=True)
    graph.parse(data=body, format="turtle")
    return graph


def test_void_documents_hold_the_built_description(client: FlaskClient, built_dir: Path) -> None:
    built = parsed((built_dir / "void.ttl").read_bytes(), "turtle")
    for suffix, fmt in (("ttl", "turtle"), ("nt", "nt"), ("rdf", "xml"), ("jsonld", "json-ld")):
        assert parsed(client.get(f"/.well-known/void.{suffix}").get_data(), fmt) == built, suffix


def _int(graph: rdflib.Graph, subject: rdflib.term.Node, predicate: rdflib.URIRef) -> int:
    value = graph.value(subject, predicate)  # type: ignore[arg-type]
    assert isinstance(value, rdflib.Literal), (subject, predicate)
    return int(value)


def test_void_numbers_equal_sparql_counts(app: Flask, void_graph: rdflib.Graph) -> None:
    g = void_graph
    # Triples of the union: distinct (a triple asserted in two graphs counts once).
    assert _int(g, DATASET, VOID.triples) == _count(
        app, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    assert _int(g, DATASET, VOID.distinctSubjects) == _count(
        app, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }")
    assert _int(g, DATASET, VOID.distinctObjects) == _count(
        app, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }")
    assert _int(g, DATASET, VOID.properties) == _count(
        app, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }")
    assert _int(g, DATASET, VOID.classes) == _count(
        app, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }")
    assert _int(g, DATASET, VOID.entities) == _count(
        app, f'SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{BASE}id/")) }}')
    assert str(g.value(DATASET, VOID.uriSpace)) == BASE + "id/"
    assert g.value(DATASET, VOID.sparqlEndpoint) == rdflib.URIRef(BASE + "sparql")


def test_void_partitions_equal_sparql_counts(app: Flask, void_graph: rdflib.Graph) -> None:
    g = void_graph
    classes = {g.value(p, VOID["class"]): _int(g, p, VOID.entities) for p in g.objects(DATASET, VOID.classPartition)}
    expected = {rdflib.URIRef(row[0].value): int(row[1].value) for row in _store(app).query(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c", use_default_graph_as_union=True)}
    assert classes == expected
    properties = {g.value(p, VOID.property): _int(g, p, VOID.triples)
                  for p in g.objects(DATASET, VOID.propertyPartition)}
    expected = {rdflib.URIRef(row[0].value): int(row[1].value) for row in _store(app).query(
        "SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } } GROUP BY ?p",
        use_default_graph_as_union=True)}
    assert properties == expected
    subsets = {s: _int(g, s, VOID.triples) for s in g.objects(DATASET, VOID.subset)}
    expected = {rdflib.URIRef(row[0].value): int(row[1].value) for row in _store(app).query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    assert subsets == expected


def test_void_licence_version_and_vocabularies_come_from_the_data(app: Flask, void_graph: rdflib.Graph) -> None:
    g = void_graph
    [(licence, version)] = [(r[0], r[1]) for r in _store(app).query(
        "PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX dcterms: <http://purl.org/dc/terms/> "
        "SELECT ?l ?v WHERE { ?o a owl:Ontology ; dcterms:license ?l ; owl:versionInfo ?v }",
        use_default_graph_as_union=True)]
    assert g.value(DATASET, DCTERMS.license) == rdflib.URIRef(licence.value)
    assert str(g.value(DATASET, rdflib.OWL.versionInfo)) == version.value
    vocabularies = set(g.objects(DATASET, VOID.vocabulary))
    assert {rdflib.URIRef(BASE + "ontology"), rdflib.URIRef("http://www.w3.org/ns/oa#"),
            rdflib.URIRef("http://www.w3.org/ns/prov#")} <= vocabularies


def test_void_distributions_match_the_served_files(client: FlaskClient, void_graph: rdflib.Graph) -> None:
    g = void_graph
    dumps_listed = set(g.objects(DATASET, VOID.dataDump))
    assert dumps_listed == {rdflib.URIRef(BASE + "dumps/" + name) for name in FILES}
    distributions = list(g.objects(DATASET, DCAT.distribution))
    assert len(distributions) == len(FILES)
    for dist in distributions:
        url = str(g.value(dist, DCAT.downloadURL))
        name = url.rsplit("/", 1)[-1]
        body = client.get(f"/dumps/{name}").get_data()
        assert _int(g, dist, DCAT.byteSize) == len(body)
        checksum = g.value(dist, SPDX.checksum)
        assert str(g.value(checksum, SPDX.checksumValue)) == hashlib.sha256(body).hexdigest()
        inner = FILES[name.removesuffix(".gz")].split(";")[0]
        assert g.value(dist, DCAT.mediaType) == rdflib.URIRef(
            "https://www.iana.org/assignments/media-types/" + inner)
        compress = g.value(dist, DCAT.compressFormat)
        assert compress == (rdflib.URIRef("https://www.iana.org/assignments/media-types/application/gzip")
                            if name.endswith(".gz") else None)


def test_void_page_shows_the_numbers(client: FlaskClient, void_graph: rdflib.Graph) -> None:
    page = parse_page(client.get("/.well-known/void.html").get_data(as_text=True), "void.html")
    numbers = {tr.find("th").text: tr.find("td").text  # type: ignore[union-attr]
               for tr in page.iterfind(".//table[@id='void-numbers']/tbody/tr")}
    assert numbers["Distinct triples in the union of the graphs"] == str(_int(void_graph, DATASET, VOID.triples))
    classes = {tr.find("td/a").get("title"): tr.findall("td")[1].text  # type: ignore[union-attr]
               for tr in page.iterfind(".//table[@id='void-classes']/tbody/tr")}
    assert classes[BASE + "ontology/Claim"] == str(_int(
        void_graph, rdflib.URIRef(BASE + ".well-known/void#class-sxo-Claim"), VOID.entities))


def test_every_page_links_the_void(client: FlaskClient) -> None:
    for path in ("/dumps", "/.well-known/void.html", "/id/source/source-000/reference-1.html"):
        page = parse_page(client.get(path).get_data(as_text=True), path)
        assert "/.well-known/void" in {a.get("href") for a in page.iter("a")}, path


# --- a store with no build folder: everything made from the store ----------------------------

SMALL = """\
<https://w3id.org/semaxkg/id/compound/semax> <http://www.w3.org/2000/01/rdf-schema#label> "Semax"@en <https://w3id.org/semaxkg/graph/entities> .
<https://w3id.org/semaxkg/id/compound/semax> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/semaxkg/ontology/Compound> <https://w3id.org/semaxkg/graph/entities> .
<https://w3id.org/semaxkg/id/claim/c1> <https://w3id.org/semaxkg/ontology/claimSubject> <https://w3id.org/semaxkg/id/compound/semax> <https://w3id.org/semaxkg/graph/source-000> .
<https://w3id.org/semaxkg/id/claim/c1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/semaxkg/ontology/Claim> <https://w3id.org/semaxkg/graph/source-000> .
<https://w3id.org/semaxkg/id/claim/c1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/semaxkg/ontology/Claim> <https://w3id.org/semaxkg/graph/conflicts> .
"""


@pytest.fixture(scope="module")
def small_client(tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    data = tmp_path_factory.mktemp("small") / "small.nq"
    data.write_text(SMALL, encoding="utf-8")
    application = create_app({"DATA_FILES": [str(data)], "BUILD_DIR": str(data.parent / "none"),
                              "EXECUTOR": "inline", "TESTING": True})
    return application.test_client()


def test_without_a_build_folder_dumps_come_from_the_store(small_client: FlaskClient) -> None:
    dataset = rdflib.Dataset()
    dataset.parse(data=small_client.get("/dumps/semaxkg.trig").get_data(as_text=True), format="trig")
    expected = rdflib.Dataset()
    expected.parse(data=SMALL, format="nquads")
    assert set(dataset.quads((None, None, None, None))) == set(expected.quads((None, None, None, None)))
    union = parsed(small_client.get("/dumps/semaxkg.ttl").get_data(), "turtle")
    assert len(union) == 4  # the claim's type is in two graphs: one triple in the union
    packed = small_client.get("/dumps/semaxkg.nt.gz")
    assert gzip.decompress(packed.get_data()) == small_client.get("/dumps/semaxkg.nt").get_data()


def test_without_a_build_folder_void_is_computed_from_the_store(small_client: FlaskClient) -> None:
    g = rdflib.Graph()
    g.parse(data=small_client.get("/.well-known/void.ttl").get_data(as_text=True), format="turtle")
    assert _int(g, DATASET, VOID.triples) == 4  # the claim's type, in two graphs, counts once
    assert _int(g, DATASET, VOID.entities) == 2
    subsets = {str(s): _int(g, s, VOID.triples) for s in g.objects(DATASET, VOID.subset)}
    assert subsets == {BASE + "graph/entities": 2, BASE + "graph/source-000": 2, BASE + "graph/conflicts": 1}
    nt = small_client.get("/dumps/semaxkg.nt").get_data()
    [dist] = [d for d in g.objects(DATASET, DCAT.distribution)
              if str(g.value(d, DCAT.downloadURL)).endswith("/semaxkg.nt")]
    assert _int(g, dist, DCAT.byteSize) == len(nt)
