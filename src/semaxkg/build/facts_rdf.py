"""RDF for the structured facts (issue 12): codes, numbers, entities and author lists that
stand beside the free-text values they were read from.

Called by :mod:`semaxkg.build.convert`; ``code`` maps (controlled class, code) to its IRI and
``entity`` maps an entity id to its IRI.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

from semaxkg.build.model import Author, Authored, Qualifiers, Reference, Study
from semaxkg.rdf import namespaces as ns
from semaxkg.rdf.namespaces import SCHEMA, SXO

#: How a quantity's bound and unit read in its label ("fewer than 50 participants").
BOUND_WORDS = {"exact": "", "less_than": "fewer than ", "more_than": "more than ", "approximately": "about "}
UNIT_WORDS = {"participant": "participants", "day": "days", "minute": "minutes", "percent": "percent"}

Code = Callable[[URIRef, str], URIRef]
EntityIri = Callable[[str], URIRef]


def add_qualifier_facts(g: Graph, claim: URIRef, claim_id: str, q: Qualifiers,
                        code: Code, entity: EntityIri) -> None:
    """Route, human-data status, indication, emphasis, limitation kinds, quantities, databases."""
    if q.route:
        g.add((claim, SXO.route, code(SXO.RouteOfAdministration, q.route)))
    if q.human_data:
        g.add((claim, SXO.humanDataStatus, code(SXO.HumanDataStatus, q.human_data)))
    if q.indication:
        g.add((claim, SXO.indication, entity(q.indication)))
    for e in q.emphasis:
        g.add((claim, SXO.emphasis, code(SXO.Emphasis, e)))
    for k in q.limitation:
        g.add((claim, SXO.limitationKind, code(SXO.LimitationKind, k)))
    for db in q.databases:
        g.add((claim, SXO.namesDatabase, entity(db)))
    for i, qty in enumerate(q.quantities, start=1):
        node = ns.quantity_iri(claim_id, i)
        g.add((claim, SXO.hasQuantity, node))
        g.add((node, RDF.type, SXO.Quantity))
        # Through float so the lexical form always has a point ("20.0"): Turtle writes a
        # decimal with a point, so "20" would not survive a round trip through a .ttl dump.
        value = Decimal(str(float(qty.value)))
        g.add((node, SXO.quantityValue, Literal(value, datatype=XSD.decimal)))
        g.add((node, SXO.quantityUnit, code(SXO.QuantityUnit, qty.unit)))
        g.add((node, SXO.quantityBound, code(SXO.QuantityBound, qty.bound)))
        g.add((node, SXO.quantityKind, code(SXO.QuantityKind, qty.measures)))
        words = (f"{BOUND_WORDS.get(qty.bound, qty.bound + ' ')}{qty.value} "
                 f"{UNIT_WORDS.get(qty.unit, qty.unit)} ({qty.measures.replace('_', ' ')})")
        g.add((node, RDFS.label, Literal(words, lang="en")))


def _person(g: Graph, name: str) -> URIRef:
    iri = ns.person_iri(name)
    g.add((iri, RDF.type, SXO.Person))
    g.add((iri, RDF.type, SCHEMA.Person))
    g.add((iri, SXO.personName, Literal(name)))
    g.add((iri, RDFS.label, Literal(name)))
    return iri


def add_authors(g: Graph, work: URIRef, item: Authored) -> None:
    """The ordered author list (one authorship node per position) and the first author."""
    if not item.author_list:
        return
    for pos, name in enumerate(item.author_list, start=1):
        person = _person(g, name)
        node = URIRef(f"{work}/authorship-{pos}")
        g.add((work, SXO.hasAuthorship, node))
        g.add((node, RDF.type, SXO.Authorship))
        g.add((node, SXO.authorPosition, Literal(pos, datatype=XSD.integer)))
        g.add((node, SXO.author, person))
        g.add((node, RDFS.label, Literal(f"author {pos}: {name}")))
        if pos == 1:
            g.add((work, SXO.firstAuthor, person))
    g.add((work, SXO.authorListComplete, Literal(not item.et_al)))


def add_identifier_literals(g: Graph, work: URIRef, item: Study | Reference) -> None:
    """PMID and DOI as plain strings beside their links; journal, volume, issue and pages."""
    parts = ((SXO.pmid, item.pmid), (SXO.doiValue, item.doi), (SXO.journalName, item.journal),
             (SXO.volume, item.volume), (SXO.issue, item.issue), (SXO.pages, item.pages))
    for prop, text in parts:
        if text:
            g.add((work, prop, Literal(text)))


def add_examined(g: Graph, study: URIRef, st: Study, entity: EntityIri) -> None:
    """What the study examined, as links to entities."""
    ex = st.examined
    groups = ((SXO.examinedExposure, ex.exposures), (SXO.examinedAnatomy, ex.anatomy),
              (SXO.examinedCellType, ex.cell_types), (SXO.examinedCondition, ex.conditions),
              (SXO.examinedOutcome, ex.outcomes), (SXO.examinedPopulation, ex.populations))
    for prop, ids in groups:
        for ident in ids:
            g.add((study, prop, entity(ident)))


def add_reference_facts(g: Graph, ref: URIRef, r: Reference, code: Code) -> None:
    """How the entry shows its identifiers and whether its title is kept only as a span."""
    if r.pmid_shown:
        g.add((ref, SXO.pmidPresentation, code(SXO.IdentifierPresentation, r.pmid_shown)))
    if r.doi_shown:
        g.add((ref, SXO.doiPresentation, code(SXO.IdentifierPresentation, r.doi_shown)))
    g.add((ref, SXO.titleWithheld, Literal(r.title_withheld)))
    g.add((ref, SXO.journalPrinted, Literal(r.journal_printed)))


def add_source_author(g: Graph, doc: URIRef, author: Author, entity: EntityIri) -> None:
    """The source's author as a person with degree, job titles and affiliations."""
    person = _person(g, author.name)
    g.add((doc, SXO.hasAuthor, person))
    if author.degree:
        g.add((person, SXO.academicDegree, Literal(author.degree)))
    for title in author.job_titles:
        g.add((person, SXO.jobTitle, Literal(title)))
    for org in author.affiliations:
        g.add((person, SXO.affiliation, entity(org)))
