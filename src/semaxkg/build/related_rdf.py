"""RDF for how entities relate and where a page prints its metadata (issue 12).

Kept apart from :mod:`semaxkg.build.convert` so that module stays one readable converter; these
functions only add triples for fields the statement format gained with issue 12.
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from semaxkg.build.model import Entity, Locator, SourceMeta, Study
from semaxkg.rdf.namespaces import SXO, entity_iri

#: Turns an entity id into its IRI.
EntityIri = Callable[[str], URIRef]
#: Maps (controlled class, code) to the code's IRI.
Code = Callable[[URIRef, str], URIRef]
#: Adds a passage node (IRI, locator) to a graph.
AddPassage = Callable[[Graph, URIRef, Locator], None]


def add_entity_links(g: Graph, iri: URIRef, ent: Entity, entity: EntityIri) -> None:
    """Broader concepts, the molecule a mechanism is named after, an outcome's population."""
    for b in ent.broader:
        g.add((iri, SKOS.broader, entity(b)))
    if ent.molecule:
        g.add((iri, SXO.involvesMolecule, entity(ent.molecule)))
    if ent.population:
        g.add((iri, SXO.measuredInPopulation, entity(ent.population)))
    if ent.condition:
        # A population's members have the condition; an outcome is measured in it.
        prop = SXO.populationCondition if ent.kind == "population" else SXO.measuredInCondition
        g.add((iri, prop, entity(ent.condition)))


def add_population_facts(g: Graph, iri: URIRef, ent: Entity, code: Code) -> None:
    """A population's species, health status, age group and sex, as codes."""
    facts = ((SXO.species, SXO.Organism, ent.species),
             (SXO.healthStatus, SXO.HealthStatus, ent.health_status),
             (SXO.ageGroup, SXO.AgeGroup, ent.age_group), (SXO.sex, SXO.Sex, ent.sex))
    for prop, cls, value in facts:
        if value is not None:
            g.add((iri, prop, code(cls, value)))


def add_study_flags(g: Graph, iri: URIRef, st: Study) -> None:
    """Mark a study that its source describes without naming it, and link a part to its whole."""
    if st.unnamed:
        g.add((iri, SXO.unnamedInSource, Literal(True)))
    if st.part_of:
        g.add((iri, SXO.partOfStudy, entity_iri("study", st.part_of)))


def add_page_metadata(g: Graph, doc: URIRef, meta: SourceMeta, passage: AddPassage) -> None:
    """Category, reading time and one located passage per printed metadata field."""
    if meta.category:
        g.add((doc, SXO.category, Literal(meta.category)))
    if meta.reading_minutes is not None:
        g.add((doc, SXO.readingMinutes, Literal(meta.reading_minutes, datatype=XSD.integer)))
    for i, m in enumerate(meta.metadata_spans, start=1):
        p = URIRef(f"{doc}/metadata-{i}/passage")
        g.add((doc, SXO.hasMetadataPassage, p))
        g.add((p, SXO.metadataField, Literal(m.field)))
        passage(g, p, m.locator)
