"""The ontology as the documentation pages see it: terms, hierarchy, domains and ranges.

The whole ontology graph (``{base}graph/ontology``, a couple of thousand triples) is read once
per store version through :class:`~semaxkg.rdf.graph_store.GraphStore` and indexed in memory; every
page then asks the index, not the store. Live numbers (instance counts, samples) are asked
of the store by :mod:`semaxkg.web.ontology.live_counts`.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from semaxkg.rdf.iri_scheme import DCTERMS, OWL, RDF_TYPE, RDFS, RDFS_LABEL, SKOS, VANN
from semaxkg.web.labels import fallback_label
from semaxkg.web.ontology.triple_index import TripleIndex

RDFS_SUBCLASS = RDFS + "subClassOf"
RDFS_SUBPROPERTY = RDFS + "subPropertyOf"
RDFS_DOMAIN = RDFS + "domain"
RDFS_RANGE = RDFS + "range"
SKOS_DEFINITION = SKOS + "definition"
SKOS_PREFLABEL = SKOS + "prefLabel"
SKOS_NOTATION = SKOS + "notation"

#: Links from a term to a term of another vocabulary, in the order pages list them.
ALIGNMENT_PREDICATES: tuple[str, ...] = (
    OWL + "equivalentClass", OWL + "equivalentProperty", OWL + "sameAs",
    SKOS + "exactMatch", SKOS + "closeMatch", SKOS + "broadMatch", SKOS + "narrowMatch",
    SKOS + "relatedMatch",
)

#: OWL property characteristics shown on property pages (type IRI → name).
CHARACTERISTICS: dict[str, str] = {
    OWL + "FunctionalProperty": "functional",
    OWL + "InverseFunctionalProperty": "inverse functional",
    OWL + "SymmetricProperty": "symmetric",
    OWL + "AsymmetricProperty": "asymmetric",
    OWL + "TransitiveProperty": "transitive",
    OWL + "ReflexiveProperty": "reflexive",
    OWL + "IrreflexiveProperty": "irreflexive",
}



class TermKind(enum.Enum):
    """What an ontology term is, by its OWL declaration."""

    CLASS = OWL + "Class"
    OBJECT_PROPERTY = OWL + "ObjectProperty"
    DATATYPE_PROPERTY = OWL + "DatatypeProperty"
    ANNOTATION_PROPERTY = OWL + "AnnotationProperty"
    INDIVIDUAL = OWL + "NamedIndividual"

    @property
    def title(self) -> str:
        """Human name of the kind ("object property")."""
        return {
            TermKind.CLASS: "class",
            TermKind.OBJECT_PROPERTY: "object property",
            TermKind.DATATYPE_PROPERTY: "datatype property",
            TermKind.ANNOTATION_PROPERTY: "annotation property",
            TermKind.INDIVIDUAL: "named individual",
        }[self]


PROPERTY_KINDS = (TermKind.OBJECT_PROPERTY, TermKind.DATATYPE_PROPERTY, TermKind.ANNOTATION_PROPERTY)



@dataclass(frozen=True)
class Term:
    """One declared term of the ontology."""

    iri: str
    kinds: tuple[TermKind, ...]
    label: str | None
    definition: str | None

    @property
    def main_kind(self) -> TermKind:
        """The kind that decides which page template draws the term."""
        for kind in TermKind:
            if kind in self.kinds:
                return kind
        raise ValueError(f"{self.iri} has no kind")


@dataclass(frozen=True)
class OntologyHeader:
    """What the ontology says about itself."""

    iri: str
    version_iri: str | None
    version_info: str | None
    title: str | None
    description: str | None
    licence: str | None
    preferred_prefix: str | None
    preferred_namespace: str | None
    creators: tuple[str, ...]
    imports: tuple[str, ...]
    citation: str | None


@dataclass(frozen=True)
class TreeNode:
    """A class with its subclasses, for the class tree and the diagram."""

    iri: str
    children: tuple[TreeNode, ...]
    depth: int


@dataclass
class OntologyModel:
    """The ontology graph, indexed, with the questions the pages ask of it."""

    iri: str
    namespace: str
    index: TripleIndex
    terms: dict[str, Term] = field(default_factory=dict)

    @classmethod
    def from_triples(cls, triples: Iterable[ox.Triple], ontology_iri: str) -> OntologyModel:
        """Index ``triples`` (the ontology graph) for the ontology ``ontology_iri``."""
        model = cls(ontology_iri, ontology_iri.rstrip("/#") + "/", TripleIndex(triples))
        declared: dict[str, list[TermKind]] = defaultdict(list)
        for kind in TermKind:
            for iri in model.index.subject_iris(RDF_TYPE, ox.NamedNode(kind.value)):
                declared[iri].append(kind)
        for iri, kinds in declared.items():
            node = ox.NamedNode(iri)
            label = (model.index.literal(node, SKOS_PREFLABEL) or model.index.literal(node, RDFS_LABEL))
            definition = model.index.literal(node, SKOS_DEFINITION)
            model.terms[iri] = Term(iri, tuple(kinds), label.value if label else None,
                                    definition.value if definition else None)
        return model

    # -- header ------------------------------------------------------------------------------

    def header(self) -> OntologyHeader:
        """The ontology's own annotations."""
        node = ox.NamedNode(self.iri)
        index = self.index

        def text(predicate: str) -> str | None:
            lit = index.literal(node, predicate)
            return lit.value if lit else None

        version_iris = index.iris(node, OWL + "versionIRI")
        licences = index.iris(node, DCTERMS + "license")
        creators = tuple(sorted(
            o.value for o in index.objects(node, DCTERMS + "creator")
            if isinstance(o, ox.NamedNode | ox.Literal)
        ))
        return OntologyHeader(
            iri=self.iri,
            version_iri=version_iris[0] if version_iris else None,
            version_info=text(OWL + "versionInfo"),
            title=text(DCTERMS + "title") or text(RDFS_LABEL),
            description=(text(DCTERMS + "description") or text(SKOS_DEFINITION)
                         or text(RDFS + "comment")),
            licence=licences[0] if licences else text(DCTERMS + "license"),
            preferred_prefix=text(VANN + "preferredNamespacePrefix"),
            preferred_namespace=text(VANN + "preferredNamespaceUri"),
            creators=creators,
            imports=tuple(index.iris(node, OWL + "imports")),
            citation=text(DCTERMS + "bibliographicCitation"),
        )

    # -- terms -------------------------------------------------------------------------------

    def is_local(self, iri: str) -> bool:
        """Whether ``iri`` lies in the ontology's namespace (so this server documents it)."""
        return iri.startswith(self.namespace) and len(iri) > len(self.namespace)

    def local_name(self, iri: str) -> str | None:
        """``Claim`` for ``{namespace}Claim``; ``None`` outside the namespace."""
        return iri[len(self.namespace):] if self.is_local(iri) else None

    def term_named(self, name: str) -> Term | None:
        """The declared term ``{namespace}name``, if any."""
        return self.terms.get(self.namespace + name)

    def label(self, iri: str) -> str:
        """The term's label, else the fallback (CURIE or last segment)."""
        term = self.terms.get(iri)
        if term is not None and term.label:
            return term.label
        return fallback_label(iri)

    def sorted_by_label(self, iris: Iterable[str]) -> list[str]:
        """``iris`` ordered by label (case-insensitive), then IRI."""
        return sorted(set(iris), key=lambda iri: (self.label(iri).casefold(), iri))

    def of_kind(self, kind: TermKind) -> list[str]:
        """Every term declared as ``kind``, by label."""
        return self.sorted_by_label(iri for iri, term in self.terms.items() if kind in term.kinds)

    def is_class(self, iri: str) -> bool:
        """Whether ``iri`` is declared as a class."""
        term = self.terms.get(iri)
        return term is not None and TermKind.CLASS in term.kinds

    # -- classes -----------------------------------------------------------------------------

    def superclasses(self, iri: str) -> list[str]:
        """Direct named superclasses (declared or not)."""
        return self.sorted_by_label(self.index.iris(ox.NamedNode(iri), RDFS_SUBCLASS))

    def subclasses(self, iri: str) -> list[str]:
        """Direct named subclasses."""
        return self.sorted_by_label(self.index.subject_iris(RDFS_SUBCLASS, ox.NamedNode(iri)))

    def ancestors(self, iri: str) -> list[str]:
        """Every named superclass, nearest first (breadth-first, no repeats)."""
        out: list[str] = []
        todo = self.superclasses(iri)
        while todo:
            current = todo.pop(0)
            if current in out or current == iri:
                continue
            out.append(current)
            todo.extend(self.superclasses(current))
        return out

    def class_tree(self) -> list[TreeNode]:
        """The declared classes as a forest by ``rdfs:subClassOf`` (roots have no declared parent)."""
        classes = set(self.of_kind(TermKind.CLASS))

        def build(iri: str, depth: int, path: frozenset[str]) -> TreeNode:
            children = tuple(
                build(child, depth + 1, path | {child})
                for child in self.subclasses(iri) if child in classes and child not in path
            )
            return TreeNode(iri, children, depth)

        roots = [c for c in self.of_kind(TermKind.CLASS)
                 if not any(parent in classes for parent in self.superclasses(c))]
        return [build(root, 0, frozenset({root})) for root in roots]

    def disjoint_with(self, iri: str) -> list[str]:
        """Classes declared disjoint with ``iri`` (``owl:disjointWith`` and ``AllDisjointClasses``)."""
        node = ox.NamedNode(iri)
        out = set(self.index.iris(node, OWL + "disjointWith"))
        out.update(self.index.subject_iris(OWL + "disjointWith", node))
        for axiom in self.index.subjects(RDF_TYPE, ox.NamedNode(OWL + "AllDisjointClasses")):
            for head in self.index.objects(axiom, OWL + "members"):
                members = [m.value for m in self.index.rdf_list(head) if isinstance(m, ox.NamedNode)]
                if iri in members:
                    out.update(m for m in members if m != iri)
        return self.sorted_by_label(out)

    def members(self, iri: str) -> list[str]:
        """Named individuals the ontology types with ``iri`` (a code list's values), by rank."""
        individuals = [
            s for s in self.index.subject_iris(RDF_TYPE, ox.NamedNode(iri))
            if s in self.terms and TermKind.INDIVIDUAL in self.terms[s].kinds
        ]

        def key(member: str) -> tuple[int, str, str]:
            rank = self.index.literal(ox.NamedNode(member), self.namespace + "rank")
            number = int(rank.value) if rank is not None and rank.value.isdigit() else 1_000_000
            return number, self.label(member).casefold(), member

        return sorted(individuals, key=key)

    def code_lists(self) -> list[str]:
        """Classes whose values are named individuals of the ontology (closed value lists)."""
        return [c for c in self.of_kind(TermKind.CLASS) if self.members(c)]

    def types_of(self, iri: str) -> list[str]:
        """The classes an individual is declared to be in (``owl:NamedIndividual`` left out)."""
        return self.sorted_by_label(
            t for t in self.index.iris(ox.NamedNode(iri), RDF_TYPE) if t != TermKind.INDIVIDUAL.value
        )

    # -- properties --------------------------------------------------------------------------

    def properties(self) -> list[str]:
        """Every declared property (object, datatype, annotation)."""
        return self.sorted_by_label(
            iri for iri, term in self.terms.items() if any(k in term.kinds for k in PROPERTY_KINDS)
        )

    def domains(self, prop: str) -> list[str]:
        """Named classes declared as the domain of ``prop``."""
        return self.sorted_by_label(self.index.iris(ox.NamedNode(prop), RDFS_DOMAIN))

    def ranges(self, prop: str) -> list[str]:
        """Named classes or datatypes declared as the range of ``prop``."""
        return self.sorted_by_label(self.index.iris(ox.NamedNode(prop), RDFS_RANGE))

    def with_domain(self, cls: str) -> list[str]:
        """Properties whose declared domain is ``cls``."""
        return self.sorted_by_label(self.index.subject_iris(RDFS_DOMAIN, ox.NamedNode(cls)))

    def with_range(self, cls: str) -> list[str]:
        """Properties whose declared range is ``cls``."""
        return self.sorted_by_label(self.index.subject_iris(RDFS_RANGE, ox.NamedNode(cls)))

    def superproperties(self, prop: str) -> list[str]:
        """Direct named super-properties."""
        return self.sorted_by_label(self.index.iris(ox.NamedNode(prop), RDFS_SUBPROPERTY))

    def subproperties(self, prop: str) -> list[str]:
        """Direct named sub-properties."""
        return self.sorted_by_label(self.index.subject_iris(RDFS_SUBPROPERTY, ox.NamedNode(prop)))

    def characteristics(self, prop: str) -> list[str]:
        """OWL characteristics of ``prop`` ("functional", "symmetric"…)."""
        types = set(self.index.iris(ox.NamedNode(prop), RDF_TYPE))
        return [name for iri, name in CHARACTERISTICS.items() if iri in types]

    def inverses(self, prop: str) -> list[str]:
        """Properties declared inverse of ``prop`` (either direction of ``owl:inverseOf``)."""
        node = ox.NamedNode(prop)
        found = set(self.index.iris(node, OWL + "inverseOf"))
        found.update(self.index.subject_iris(OWL + "inverseOf", node))
        return self.sorted_by_label(found)

    def object_property_edges(self) -> list[tuple[str, str, str]]:
        """``(property, domain, range)`` for every object property between declared classes."""
        edges = []
        for prop in self.of_kind(TermKind.OBJECT_PROPERTY):
            for domain in self.domains(prop):
                for rng in self.ranges(prop):
                    if self.is_class(domain) and self.is_class(rng):
                        edges.append((prop, domain, rng))
        return edges

    # -- any term ----------------------------------------------------------------------------

    def alignments(self, iri: str) -> list[tuple[str, str]]:
        """``(relation IRI, target IRI)`` links to terms outside the ontology's own declarations.

        SKOS mapping relations and OWL equivalences, plus ``rdfs:subClassOf`` /
        ``rdfs:subPropertyOf`` to a term the ontology does not declare.
        """
        node = ox.NamedNode(iri)
        out = [(p, target) for p in ALIGNMENT_PREDICATES for target in self.index.iris(node, p)]
        for p in (RDFS_SUBCLASS, RDFS_SUBPROPERTY):
            out.extend((p, target) for target in self.index.iris(node, p) if target not in self.terms)
        return out
