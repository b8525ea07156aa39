"""The controlled vocabulary, read from the ontology: predicates and closed value lists.

The ontology is the single source of truth: the statement schema accepts exactly the
predicates that are sub-properties of ``sxo:claimRelation``/``sxo:claimAttribute`` and the
codes (``skos:notation``) of the members of each controlled-value class.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS, XSD

from semaxkg.paths import current_project
from semaxkg.rdf.namespaces import SXO

#: Entity kinds of the statement format and the ontology class each maps to.
ENTITY_KINDS: dict[str, URIRef] = {
    "compound": SXO.Compound,
    "neurotransmitter": SXO.Neurotransmitter,
    "target": SXO.MolecularTarget,
    "condition": SXO.Condition,
    "mechanism": SXO.Mechanism,
    "outcome": SXO.Outcome,
    "anatomy": SXO.AnatomicalEntity,
    "organization": SXO.Organization,
    "intervention": SXO.Intervention,
    "study": SXO.Study,
    # issue 12: facts as data
    "database": SXO.Database,
    # issue 12: who a study, claim or outcome is about
    "population": SXO.Population,
}

#: Object kinds naming a controlled value list rather than an entity kind.
VALUE_KINDS: dict[str, URIRef] = {
    "regulatory_status": SXO.RegulatoryStatus,
    "design": SXO.StudyDesignFeature,
    "species": SXO.Organism,
}

#: Literal object kinds and their XSD datatypes.
LITERAL_KINDS: dict[str, URIRef] = {
    "string": XSD.string,
    "decimal": XSD.decimal,
    "integer": XSD.integer,
}


@dataclass(frozen=True)
class Predicate:
    """One claim predicate of the controlled list."""

    name: str
    iri: URIRef
    is_attribute: bool
    object_kinds: frozenset[str]
    claim_kind: URIRef

    @property
    def datatype(self) -> URIRef | None:
        """The XSD datatype of the value, for attribute predicates."""
        for kind in self.object_kinds:
            if kind in LITERAL_KINDS:
                return LITERAL_KINDS[kind]
        return None


@dataclass(frozen=True)
class Vocabulary:
    """Predicates and controlled value lists of one ontology version."""

    predicates: dict[str, Predicate]
    values: dict[URIRef, dict[str, URIRef]]
    ranks: dict[URIRef, int]
    commercial_disclosures: frozenset[URIRef]
    #: ``skos:broader`` between controlled values (rat → rodent → animal).
    broader: dict[URIRef, URIRef] = field(default_factory=dict)

    def codes(self, cls: URIRef) -> dict[str, URIRef]:
        """The codes (notations) of a controlled class mapped to their IRIs."""
        return self.values.get(cls, {})

    def value(self, cls: URIRef, code: str) -> URIRef:
        """IRI of ``code`` in controlled class ``cls`` (KeyError when unknown)."""
        return self.values[cls][code]

    def is_within(self, cls: URIRef, narrow: str, broad: str) -> bool:
        """Whether code ``narrow`` equals ``broad`` or lies under it by ``skos:broader``."""
        target = self.values[cls][broad]
        node: URIRef | None = self.values[cls][narrow]
        seen: set[URIRef] = set()
        while node is not None and node not in seen:  # `seen` guards against a cycle
            if node == target:
                return True
            seen.add(node)
            node = self.broader.get(node)
        return False

    def compatible(self, cls: URIRef, a: str, b: str) -> bool:
        """Whether two codes can describe the same thing: equal, or one is broader than the other."""
        return self.is_within(cls, a, b) or self.is_within(cls, b, a)


def vocabulary_from_graph(g: Graph) -> Vocabulary:
    """Derive the controlled vocabulary from an ontology graph."""
    predicates: dict[str, Predicate] = {}
    for top, is_attr in ((SXO.claimRelation, False), (SXO.claimAttribute, True)):
        for p in g.subjects(RDFS.subPropertyOf, top):
            assert isinstance(p, URIRef)
            name = p.removeprefix(str(SXO))
            kinds = g.value(p, SXO.objectKind)
            kind_iri = g.value(p, SXO.claimKind)
            if kinds is None or not isinstance(kind_iri, URIRef):
                raise ValueError(f"ontology: {name} lacks sxo:objectKind or sxo:claimKind")
            predicates[name] = Predicate(
                name, p, is_attr, frozenset(str(kinds).split()), kind_iri
            )
    values: dict[URIRef, dict[str, URIRef]] = {}
    ranks: dict[URIRef, int] = {}
    for cls in g.subjects(RDFS.subClassOf, SXO.ControlledValue):
        assert isinstance(cls, URIRef)
        members: dict[str, URIRef] = {}
        for member in g.subjects(RDF.type, cls):
            note = g.value(member, SKOS.notation)
            if isinstance(member, URIRef) and note is not None:
                members[str(note)] = member
            rank = g.value(member, SXO.rank)
            if isinstance(member, URIRef) and isinstance(rank, Literal):
                ranks[member] = int(rank.toPython())
        values[cls] = members
    commercial = frozenset(
        s for s in g.subjects(SXO.commercial, Literal(True)) if isinstance(s, URIRef)
    )
    coded = {m for codes in values.values() for m in codes.values()}
    broader = {
        s: o for s, o in g.subject_objects(SKOS.broader)
        if isinstance(s, URIRef) and isinstance(o, URIRef) and s in coded and o in coded
    }
    return Vocabulary(predicates, values, ranks, commercial, broader)


def load_ontology(path: Path | None = None) -> Graph:
    """Parse the ontology Turtle file (default: the current project's ``ontology/semaxkg.ttl``)."""
    g = Graph()
    g.parse(path or current_project().ontology_file, format="turtle")
    return g


@cache
def default_vocabulary() -> Vocabulary:
    """The vocabulary of the ontology shipped in ``ontology/``."""
    return vocabulary_from_graph(load_ontology())
