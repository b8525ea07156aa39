"""The dataset description (VoID and DCAT), computed from the data at build time.

:func:`describe` asks a :class:`~semaxkg.rdf.graph_store.GraphStore` for the numbers (so the build and a
server over any store compute them the same way) and returns the triples of
``{base}.well-known/void``: the dataset ``…#dataset`` with its size (``void:triples``,
``void:entities``, distinct subjects and objects, properties, classes), class and property
partitions, one ``void:subset`` per named graph (the graph IRI itself, with its size and its
own download), the SPARQL endpoint, every dump as ``void:dataDump`` and as a
``dcat:Distribution`` (download URL, IANA media type, gzip as ``dcat:compressFormat``, byte
size, SHA-256), the vocabularies used, the URI space, licence and version (both read from
the ontology). Every IRI is under the IRI base, so the description is right for the
deployment; a local server maps the same paths onto itself.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping

import pyoxigraph as ox

from semaxkg.rdf.dumps import GZIP_MEDIA_TYPE, DumpFile
from semaxkg.rdf.graph_store import GraphStore
from semaxkg.rdf.iri_scheme import (
    BASE,
    DCAT,
    DCTERMS,
    FOAF,
    IANA_MEDIA_TYPES,
    OWL,
    PREFIXES,
    RDF,
    SPDX,
    VOID,
    XSD,
    prefixes_for,
    sparql_prefixes,
)
from semaxkg.rdf.prefixes import used_prefixes

#: Path of the description under the IRI base (RFC 8615 well-known URI of VoID).
VOID_PATH = ".well-known/void"
#: Path of the dumps under the IRI base.
DUMPS_PATH = "dumps/"
SPARQL_PATH = "sparql"
#: File name of the description in the build output.
VOID_FILE = "void.ttl"

#: Prefixes of the description beyond :data:`semaxkg.rdf.namespaces.PREFIXES`.
VOID_PREFIXES = {**PREFIXES, "dcat": DCAT, "spdx": SPDX, "foaf": FOAF}

# The union default graph may repeat a triple asserted in two graphs (Oxigraph's does); the
# dataset's triples are the distinct ones, as in the union dumps.
_DISTINCT = "{ SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
_COUNTS = """
SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects)
       (COUNT(DISTINCT ?o) AS ?objects) (COUNT(DISTINCT ?p) AS ?properties)
WHERE """ + _DISTINCT
_CLASSES = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c"
_PROPERTIES = "SELECT ?p (COUNT(*) AS ?n) WHERE " + _DISTINCT + " GROUP BY ?p"
_GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
_ENTITIES = """
SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), $SPACE)) }"""
_ONTOLOGY = sparql_prefixes("owl", "dcterms") + """SELECT ?ontology ?version ?versionIri ?license WHERE {
  ?ontology a owl:Ontology .
  OPTIONAL { ?ontology owl:versionInfo ?version }
  OPTIONAL { ?ontology owl:versionIRI ?versionIri }
  OPTIONAL { ?ontology dcterms:license ?license }
} ORDER BY ?ontology"""

TITLE = "semaxkg: claims about Semax with their passages, evidence and conflicts"
DESCRIPTION = ("Every claim that three public texts make about the peptide Semax, as RDF: each "
               "claim with the passage it comes from (character offsets), its hedging, an "
               "evidence level derived by rules, the claims that disagree with it, and the "
               "commercial interest of its source.")


def _n(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


def _int(row: Mapping[str, object], name: str) -> int:
    term = row.get(name)
    return int(term.value) if isinstance(term, ox.Literal) else 0


def fragment_name(kind: str, iri: str) -> str:
    """A readable fragment for a partition of ``iri`` (``class-sxo-Claim``)."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        local = iri[len(namespace):]
        if iri.startswith(namespace) and local:
            return f"{kind}-{prefix}-" + re.sub(r"[^A-Za-z0-9_-]", "-", local)
    return f"{kind}-iri-{hashlib.sha256(iri.encode()).hexdigest()[:16]}"


def vocabularies(iris: Iterable[str], ontology_iri: str) -> list[str]:
    """The vocabularies (namespaces of :data:`PREFIXES`) that ``iris`` use; ours by its IRI."""
    found: set[str] = set()
    for iri in iris:
        for prefix, namespace in PREFIXES.items():
            if prefix != "sx" and iri.startswith(namespace):
                found.add(ontology_iri if prefix == "sxo" else namespace)
    return sorted(found)


#: Adds one triple to the description being made.
_Add = Callable[[ox.NamedNode, str, ox.NamedNode | ox.Literal], None]


def describe(store: GraphStore, dumps: list[DumpFile], base: str) -> list[ox.Triple]:
    """The triples of the VoID/DCAT description of the data in ``store``, sorted."""
    doc = ox.NamedNode(base + VOID_PATH)
    dataset = ox.NamedNode(f"{doc.value}#dataset")
    out: list[ox.Triple] = []

    def add(s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> None:
        out.append(ox.Triple(s, ox.NamedNode(p), o))

    _header(add, doc, dataset, base)
    ontology_iri = _ontology(store, add, dataset, base)
    _counts(store, add, dataset, base)
    _partitions(store, add, doc, dataset, ontology_iri)
    _graphs(store, add, dataset, base)
    for dump in dumps:
        _dump(add, doc, dataset, base, dump)
    return sorted(set(out), key=str)


def _header(add: _Add, doc: ox.NamedNode, dataset: ox.NamedNode, base: str) -> None:
    """The description document, the dataset's types, title, description and home page."""
    add(doc, RDF + "type", ox.NamedNode(VOID + "DatasetDescription"))
    add(doc, DCTERMS + "title", ox.Literal("Description of the semaxkg dataset", language="en"))
    add(doc, FOAF + "primaryTopic", dataset)
    add(dataset, RDF + "type", ox.NamedNode(VOID + "Dataset"))
    add(dataset, RDF + "type", ox.NamedNode(DCAT + "Dataset"))
    add(dataset, DCTERMS + "title", ox.Literal(TITLE, language="en"))
    add(dataset, DCTERMS + "description", ox.Literal(DESCRIPTION, language="en"))
    add(dataset, FOAF + "homepage", ox.NamedNode(base))
    add(dataset, DCAT + "landingPage", ox.NamedNode(base))


def _ontology(store: GraphStore, add: _Add, dataset: ox.NamedNode, base: str) -> str:
    """Version and licence from the ontology header; returns the ontology's IRI."""
    ontology_rows = store.select(_ONTOLOGY)
    ontology_iri = base + "ontology"
    if ontology_rows:
        row = ontology_rows[0]
        term = row.get("ontology")
        if isinstance(term, ox.NamedNode):
            ontology_iri = term.value
        version, version_iri, licence = row.get("version"), row.get("versionIri"), row.get("license")
        if isinstance(version, ox.Literal):
            add(dataset, OWL + "versionInfo", ox.Literal(version.value))
            add(dataset, DCAT + "version", ox.Literal(version.value))
        if isinstance(version_iri, ox.NamedNode):
            add(dataset, DCTERMS + "conformsTo", version_iri)
        if isinstance(licence, ox.NamedNode):
            add(dataset, DCTERMS + "license", licence)
    return ontology_iri


def _counts(store: GraphStore, add: _Add, dataset: ox.NamedNode, base: str) -> None:
    """Triple, subject, object, property and entity counts; URI space, example, endpoint."""
    counts = store.select(_COUNTS)[0]
    add(dataset, VOID + "triples", _n(_int(counts, "triples")))
    add(dataset, VOID + "distinctSubjects", _n(_int(counts, "subjects")))
    add(dataset, VOID + "distinctObjects", _n(_int(counts, "objects")))
    add(dataset, VOID + "properties", _n(_int(counts, "properties")))
    space = base + "id/"
    entities = store.select(_ENTITIES.replace("$SPACE", str(ox.Literal(space))))[0]
    add(dataset, VOID + "entities", _n(_int(entities, "n")))
    add(dataset, VOID + "uriSpace", ox.Literal(space))
    add(dataset, VOID + "exampleResource", ox.NamedNode(space + "compound/semax"))
    add(dataset, VOID + "sparqlEndpoint", ox.NamedNode(base + SPARQL_PATH))


def _partitions(store: GraphStore, add: _Add, doc: ox.NamedNode, dataset: ox.NamedNode,
                ontology_iri: str) -> None:
    """One partition per class and per property, and the vocabularies they come from."""
    used: set[str] = set()
    classes: list[tuple[ox.NamedNode, int]] = []
    for row in store.select(_CLASSES):
        term = row.get("c")
        if isinstance(term, ox.NamedNode):
            classes.append((term, _int(row, "n")))
    add(dataset, VOID + "classes", _n(len(classes)))
    for cls, n in classes:
        used.add(cls.value)
        part = ox.NamedNode(f"{doc.value}#{fragment_name('class', cls.value)}")
        add(dataset, VOID + "classPartition", part)
        add(part, VOID + "class", cls)
        add(part, VOID + "entities", _n(n))
    for row in store.select(_PROPERTIES):
        prop = row.get("p")
        if not isinstance(prop, ox.NamedNode):
            continue
        used.add(prop.value)
        part = ox.NamedNode(f"{doc.value}#{fragment_name('property', prop.value)}")
        add(dataset, VOID + "propertyPartition", part)
        add(part, VOID + "property", prop)
        add(part, VOID + "triples", _n(_int(row, "n")))
    for vocabulary in vocabularies(used, ontology_iri):
        add(dataset, VOID + "vocabulary", ox.NamedNode(vocabulary))


def _graphs(store: GraphStore, add: _Add, dataset: ox.NamedNode, base: str) -> None:
    """Each named graph as a subset, with its size and its own N-Triples dump."""
    for row in store.select(_GRAPHS):
        graph = row.get("g")
        if not isinstance(graph, ox.NamedNode):
            continue
        add(dataset, VOID + "subset", graph)
        add(graph, RDF + "type", ox.NamedNode(VOID + "Dataset"))
        add(graph, VOID + "triples", _n(_int(row, "n")))
        if graph.value.startswith(base):
            add(graph, VOID + "dataDump", ox.NamedNode(graph.value + ".nt"))


def _dump(add: _Add, doc: ox.NamedNode, dataset: ox.NamedNode, base: str, dump: DumpFile) -> None:
    """One dump file as a DCAT distribution with its media type, size and checksum."""
    url = ox.NamedNode(base + DUMPS_PATH + dump.name)
    dist = ox.NamedNode(f"{doc.value}#dump-{dump.name}")
    checksum = ox.NamedNode(f"{dist.value}-sha256")
    add(dataset, VOID + "dataDump", url)
    add(dataset, DCAT + "distribution", dist)
    add(dist, RDF + "type", ox.NamedNode(DCAT + "Distribution"))
    add(dist, DCTERMS + "title", ox.Literal(dump.fmt.title + (", gzipped" if dump.gzipped else ""),
                                            language="en"))
    add(dist, DCAT + "downloadURL", url)
    add(dist, DCAT + "mediaType", ox.NamedNode(IANA_MEDIA_TYPES + dump.fmt.media_type))
    if dump.gzipped:
        add(dist, DCAT + "compressFormat", ox.NamedNode(IANA_MEDIA_TYPES + GZIP_MEDIA_TYPE))
    add(dist, DCAT + "byteSize",
        ox.Literal(str(dump.size), datatype=ox.NamedNode(XSD + "nonNegativeInteger")))
    add(dist, SPDX + "checksum", checksum)
    add(checksum, RDF + "type", ox.NamedNode(SPDX + "Checksum"))
    add(checksum, SPDX + "algorithm", ox.NamedNode(SPDX + "checksumAlgorithm_sha256"))
    add(checksum, SPDX + "checksumValue",
        ox.Literal(dump.sha256, datatype=ox.NamedNode(XSD + "hexBinary")))


def turtle(triples: list[ox.Triple], base: str = BASE) -> bytes:
    """The description as Turtle (reproducible: sorted triples, only the prefixes used;
    ``sx:`` under ``base``)."""
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE,
                        prefixes=used_prefixes(triples, {**VOID_PREFIXES, **prefixes_for(base)})) or b""
