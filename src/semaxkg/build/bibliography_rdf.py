"""Small RDF builders the converter shares: PubMed and DOI links, literals, and the
bibliography (authors, title, venue, year, identifiers) of a study or a reference."""

from __future__ import annotations

from rdflib import XSD, Graph, Literal, URIRef

from semaxkg.build import facts_rdf
from semaxkg.build.model import Reference, Study
from semaxkg.rdf.namespaces import DOI, PUBMED, SXO


def pubmed_iri(pmid: str) -> URIRef:
    """PubMed record link for a PMID."""
    return URIRef(f"{PUBMED}{pmid}/")


def doi_iri(doi: str) -> URIRef:
    """DOI resolver link for a DOI."""
    return URIRef(f"{DOI}{doi}")


def text_literal(text: str) -> Literal:
    """A plain string literal."""
    return Literal(text)


def int_literal(n: int) -> Literal:
    """An ``xsd:integer`` literal."""
    return Literal(n, datatype=XSD.integer)


def add_bibliography(g: Graph, iri: URIRef, item: Study | Reference) -> None:
    """Authors, title, venue, year and PubMed/DOI links, shared by studies and references."""
    add_texts(g, iri, ((SXO.authors, item.authors), (SXO.title, item.title), (SXO.venue, item.venue)))
    if item.year is not None:
        g.add((iri, SXO.year, int_literal(item.year)))
    if item.pmid:
        g.add((iri, SXO.pubmed, pubmed_iri(item.pmid)))
    if item.doi:
        g.add((iri, SXO.doi, doi_iri(item.doi)))
    facts_rdf.add_identifier_literals(g, iri, item)
    facts_rdf.add_authors(g, iri, item)


def add_texts(g: Graph, iri: URIRef, pairs: tuple[tuple[URIRef, str | None], ...]) -> None:
    """Add each (property, text) pair whose text is not empty."""
    for prop, value in pairs:
        if value:
            g.add((iri, prop, text_literal(value)))
