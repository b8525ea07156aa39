"""Namespaces and the IRI scheme: every IRI is minted from a stable id, never a position."""

from __future__ import annotations

from rdflib import Namespace, URIRef

BASE = "https://w3id.org/semaxkg/"
SXO = Namespace(BASE + "ontology/")
ONTOLOGY_IRI = URIRef(BASE + "ontology")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")

OA = Namespace("http://www.w3.org/ns/oa#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
BIOLINK = Namespace("https://w3id.org/biolink/vocab/")
OBO = Namespace("http://purl.obolibrary.org/obo/")
CITO = Namespace("http://purl.org/spar/cito/")
DCTERMS = Namespace("http://purl.org/dc/terms/")
VOID = Namespace("http://rdfs.org/ns/void#")

PREFIXES: dict[str, str] = {
    "sxo": str(SXO),
    "sx": str(ID),
    "oa": str(OA),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "biolink": str(BIOLINK),
    "obo": str(OBO),
    "cito": str(CITO),
    "dcterms": str(DCTERMS),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "vann": "http://purl.org/vocab/vann/",
    "void": "http://rdfs.org/ns/void#",
    "sh": "http://www.w3.org/ns/shacl#",
}

ONTOLOGY_GRAPH = GRAPH["ontology"]
ENTITIES_GRAPH = GRAPH["entities"]
CONFLICTS_GRAPH = GRAPH["conflicts"]
#: The SHACL shapes the build validated with, served beside the data (ontology pages read them).
SHAPES_GRAPH = GRAPH["shapes"]


def entity_iri(kind: str, entity_id: str) -> URIRef:
    """IRI of a shared entity: ``id/<kind>/<id>``."""
    return ID[f"{kind}/{entity_id}"]


def claim_iri(claim_id: str) -> URIRef:
    """IRI of a claim."""
    return ID[f"claim/{claim_id}"]


def passage_iri(claim_id: str, n: int) -> URIRef:
    """IRI of the n-th (1-based) passage of a claim or disclosure owner."""
    return ID[f"claim/{claim_id}/passage-{n}"]


def selector_iri(passage: URIRef) -> URIRef:
    """IRI of the text position selector of a passage."""
    return URIRef(f"{passage}/selector")


def source_iri(source_id: str) -> URIRef:
    """IRI of a source document."""
    return ID[f"source/{source_id}"]


def source_graph(source_id: str) -> URIRef:
    """Name of the graph that holds one source document's claims."""
    return GRAPH[source_id]


def reference_iri(source_id: str, number: int) -> URIRef:
    """IRI of entry ``number`` of a source's reference list."""
    return ID[f"source/{source_id}/reference-{number}"]


def disclosure_iri(source_id: str, n: int) -> URIRef:
    """IRI of the n-th (1-based) disclosure of a source."""
    return ID[f"source/{source_id}/disclosure-{n}"]


def conflict_iri(conflict_id: str) -> URIRef:
    """IRI of a conflict."""
    return ID[f"conflict/{conflict_id}"]


def record_iri(record_id: str) -> URIRef:
    """IRI of an external reference record."""
    return ID[f"record/{record_id}"]
