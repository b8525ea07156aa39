"""Namespaces and the IRI scheme: every IRI is minted from a stable id, never a position."""

from __future__ import annotations

import re
import unicodedata

from rdflib import Namespace, URIRef

from semaxkg.rdf import iri_scheme

BASE = iri_scheme.BASE
SXO = Namespace(iri_scheme.SXO)
ONTOLOGY_IRI = URIRef(BASE + "ontology")
ID = Namespace(iri_scheme.ID)
GRAPH = Namespace(iri_scheme.GRAPH)

OA = Namespace(iri_scheme.OA)
PROV = Namespace(iri_scheme.PROV)
SCHEMA = Namespace(iri_scheme.SCHEMA)
BIOLINK = Namespace(iri_scheme.BIOLINK)
OBO = Namespace(iri_scheme.OBO)
CITO = Namespace(iri_scheme.CITO)
DCTERMS = Namespace(iri_scheme.DCTERMS)
VOID = Namespace(iri_scheme.VOID)

#: Plain-string IRIs the build needs as they are (rdflib takes them in ``URIRef``/f-strings).
XSD_STRING = iri_scheme.XSD_STRING
DOI = iri_scheme.DOI
PUBMED = iri_scheme.PUBMED

#: The prefixes every document may use (plain strings; see ``semaxkg.rdf.iri_scheme``).
PREFIXES: dict[str, str] = iri_scheme.PREFIXES

ONTOLOGY_GRAPH = GRAPH["ontology"]
ENTITIES_GRAPH = GRAPH["entities"]
CONFLICTS_GRAPH = URIRef(iri_scheme.CONFLICTS_GRAPH)
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


def person_iri(name: str) -> URIRef:
    """IRI of a person named by a work: ``id/person/<slug of the name>`` (``Gusev EI`` → ``gusev-ei``).

    Persons are known only by the name a work gives, so one name is one person here."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    return ID[f"person/{slug or 'unnamed'}"]


def quantity_iri(claim_id: str, n: int) -> URIRef:
    """IRI of the n-th (1-based) quantity a claim states."""
    return ID[f"claim/{claim_id}/quantity-{n}"]
