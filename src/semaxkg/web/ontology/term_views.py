"""What the ontology pages show, assembled as plain records for the templates.

Links follow one rule (:class:`Linker`): a term of our ontology links to its page
(``/ontology/<Term>``), a term of another vocabulary that our ontology declares links to its
documentation page here (``/ontology/external/<curie>``), a resource of the data to its local
path, and anything else to the IRI itself, marked external and shown as a CURIE.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from semaxkg.rdf.graph_store import GraphStore, Term
from semaxkg.rdf.iri_scheme import OWL, PREFIXES, RDF_TYPE, RDFS_LABEL, SKOS, XSD_STRING
from semaxkg.web.external_terms import term_label
from semaxkg.web.iris import IriMapper, curie
from semaxkg.web.labels import fallback_label, labels_for
from semaxkg.web.ontology import live_counts as q
from semaxkg.web.ontology.shapes_model import Constraint, Shape, ShapesModel
from semaxkg.web.ontology.term_model import (
    ALIGNMENT_PREDICATES,
    RDFS_DOMAIN,
    RDFS_RANGE,
    RDFS_SUBCLASS,
    RDFS_SUBPROPERTY,
    SKOS_DEFINITION,
    SKOS_NOTATION,
    SKOS_PREFLABEL,
    OntologyModel,
    TermKind,
    TreeNode,
)

#: Path of the documentation pages of other vocabularies' terms that our ontology declares.
EXTERNAL_PATH = "/ontology/external/"
#: Predicates a term page shows in their own sections (the rest go under "other annotations").
SHOWN_PREDICATES = frozenset({
    RDF_TYPE, RDFS_LABEL, SKOS_PREFLABEL, SKOS_DEFINITION, RDFS_SUBCLASS, RDFS_SUBPROPERTY,
    RDFS_DOMAIN, RDFS_RANGE, OWL + "inverseOf", SKOS_NOTATION, *ALIGNMENT_PREDICATES,
})


@dataclass(frozen=True)
class Link:
    """Something a page links to, with the text to show."""

    iri: str
    label: str
    href: str
    curie: str
    external: bool
    #: The code of an external ontology term shown by its label (``ECO:0000034``), else "".
    code: str = ""


@dataclass(frozen=True)
class Value:
    """A value in a table: a link, or a literal's text."""

    text: str
    link: Link | None = None
    note: str | None = None  # e.g. a literal's datatype or language


@dataclass
class Linker:
    """Makes :class:`Link` records for IRIs, with labels from the ontology and the data."""

    model: OntologyModel
    mapper: IriMapper
    labels: dict[str, str] = field(default_factory=dict)

    def href(self, iri: str) -> str:
        """Where a page links for ``iri``."""
        if iri in self.model.terms and not self.model.is_local(iri):
            short = curie(iri)
            if short != iri:
                return EXTERNAL_PATH + short
        return self.mapper.href(iri)

    def __call__(self, iri: str) -> Link:
        """The link for ``iri``."""
        href = self.href(iri)
        external = not href.startswith("/")
        code = ""
        if iri in self.model.terms:
            label = self.model.label(iri)
        elif external:
            known = term_label(iri)
            label, code = known if known is not None else (curie(iri), "")
        else:
            label = self.labels.get(iri) or fallback_label(iri)
        return Link(iri, label, href, curie(iri), external, code)

    def value(self, term: Term) -> Value:
        """A table value for any RDF term."""
        if isinstance(term, ox.NamedNode):
            link = self(term.value)
            return Value(link.label, link)
        if isinstance(term, ox.Literal):
            note = None
            if term.language:
                note = f"@{term.language}"
            elif term.datatype.value != XSD_STRING:
                note = curie(term.datatype.value)
            return Value(term.value, None, note)
        return Value("(blank node)")

    def fetch_labels(self, store: GraphStore, iris: list[str]) -> None:
        """Look up the labels of data resources (not ontology terms) in one batch."""
        wanted = [i for i in iris if i not in self.model.terms and i not in self.labels]
        if wanted:
            self.labels.update(labels_for(store, wanted))


@dataclass(frozen=True)
class TreeItem:
    """One class of the class tree with its subclasses."""

    link: Link
    children: tuple[TreeItem, ...]


@dataclass(frozen=True)
class ConstraintRow:
    """One row of an expected-properties table."""

    path: Link | None
    path_text: str
    cardinality: str
    value_types: tuple[Value, ...]
    allowed: tuple[Value, ...]
    other: str
    message: str | None


@dataclass(frozen=True)
class ShapeView:
    """One shape as a class page shows it."""

    iri: str | None
    name: str
    via: Link  # the targeted class (the page's class or a superclass)
    inherited: bool
    message: str | None
    rows: tuple[ConstraintRow, ...]
    rules: tuple[str, ...]


def _tree(items: list[TreeNode], link: Linker) -> list[TreeItem]:
    return [TreeItem(link(node.iri), tuple(_tree(list(node.children), link))) for node in items]


def constraint_row(c: Constraint, link: Linker) -> ConstraintRow:
    """The table row of one property constraint."""
    types = [Value(curie(d), link(d)) for d in c.datatypes]
    types += [Value(link(k).label, link(k)) for k in c.classes]
    if c.node_kind and not types:
        types.append(Value(curie(c.node_kind).removeprefix("sh:")))
    return ConstraintRow(
        path=link(c.path) if c.path else None,
        path_text=c.path_text,
        cardinality=c.cardinality,
        value_types=tuple(types),
        allowed=tuple(link.value(v) for v in c.allowed),
        other="; ".join(f"{name} {value}" for name, value in c.other),
        message=c.message,
    )


def shape_view(shape: Shape, via: str, inherited: bool, link: Linker) -> ShapeView:
    """One shape, with the class it targets (``via``)."""
    rows = sorted((constraint_row(c, link) for c in shape.constraints),
                  key=lambda r: ((r.path.label if r.path else r.path_text).casefold(), r.cardinality))
    return ShapeView(shape.iri, shape.name, link(via), inherited, shape.message, tuple(rows), shape.rules)


def _annotations(model: OntologyModel, iri: str, link: Linker) -> list[tuple[Link, Value]]:
    rows = []
    for predicate, obj in model.index.outgoing(ox.NamedNode(iri)):
        if predicate in SHOWN_PREDICATES or isinstance(obj, ox.BlankNode):
            continue
        rows.append((link(predicate), link.value(obj)))
    return sorted(rows, key=lambda r: (r[0].label.casefold(), r[1].text))


def _alignments(model: OntologyModel, iri: str, link: Linker) -> list[tuple[str, Link]]:
    return [(curie(p), link(target)) for p, target in model.alignments(iri)]


def common(model: OntologyModel, iri: str, link: Linker) -> dict[str, Any]:
    """What every term page shows: label, definition, IRI, kinds, alignments, annotations."""
    term = model.terms[iri]
    return {
        "term": term,
        "self": link(iri),
        "label": model.label(iri),
        "definition": term.definition,
        "iri": iri,
        "curie": curie(iri),
        "kinds": [k.title for k in term.kinds],
        "alignments": _alignments(model, iri, link),
        "annotations": _annotations(model, iri, link),
        "is_local": model.is_local(iri),
    }


def class_context(model: OntologyModel, shapes: ShapesModel, store: GraphStore, counts: q.LiveCounts,
                  iri: str, link: Linker, page: int = 1) -> dict[str, Any]:
    """Everything a class page shows, including live counts and page ``page`` of its instances."""
    samples = q.instance_page(store, iri, page)
    link.fetch_labels(store, [s.value for s in samples if isinstance(s, ox.NamedNode)])
    ancestors = model.ancestors(iri)
    shape_views = [shape_view(s, iri, False, link) for s in shapes.for_class(iri)]
    for ancestor in ancestors:
        shape_views += [shape_view(s, ancestor, True, link) for s in shapes.for_class(ancestor)]
    inherited = [(link(a), [link(p) for p in model.with_domain(a)]) for a in ancestors]
    return {
        **common(model, iri, link),
        "superclasses": [link(c) for c in model.superclasses(iri)],
        "subclasses": [link(c) for c in model.subclasses(iri)],
        "ancestors": [link(c) for c in ancestors],
        "disjoint": [link(c) for c in model.disjoint_with(iri)],
        "domain_of": [(link(p), [link(r) for r in model.ranges(p)]) for p in model.with_domain(iri)],
        "inherited_domain_of": [(a, props) for a, props in inherited if props],
        "range_of": [(link(p), [link(d) for d in model.domains(p)]) for p in model.with_range(iri)],
        "shapes": shape_views,
        "members": [(link(m), model.index.literal(ox.NamedNode(m), SKOS_NOTATION),
                     model.terms[m].definition) for m in model.members(iri)],
        "instance_count": counts.instances(iri),
        "samples": [link.value(s) for s in samples],
        "instance_page": page,
        "instance_pages": q.instance_pages(counts.instances(iri)),
        "first_position": (page - 1) * q.INSTANCES_PER_PAGE + 1,
        "query_link": q.query_link(q.instances_query(iri)),
    }


def property_context(model: OntologyModel, shapes: ShapesModel, store: GraphStore, counts: q.LiveCounts,
                     iri: str, link: Linker) -> dict[str, Any]:
    """Everything a property page shows, including its usage in the data."""
    samples = q.sample_triples(store, iri)
    link.fetch_labels(store, [t.value for pair in samples for t in pair if isinstance(t, ox.NamedNode)])
    in_shapes = [
        (link(target), shape.name, constraint_row(c, link))
        for shape in shapes.shapes for c in shape.constraints if c.path == iri
        for target in shape.target_classes
    ]
    return {
        **common(model, iri, link),
        "domains": [link(d) for d in model.domains(iri)],
        "ranges": [link(r) for r in model.ranges(iri)],
        "superproperties": [link(p) for p in model.superproperties(iri)],
        "subproperties": [link(p) for p in model.subproperties(iri)],
        "characteristics": model.characteristics(iri),
        "inverses": [link(p) for p in model.inverses(iri)],
        "in_shapes": in_shapes,
        "usage_count": counts.property_uses(iri),
        "samples": [(link.value(s), link.value(o)) for s, o in samples],
        "sample_size": q.SAMPLE_SIZE,
        "query_link": q.query_link(q.property_query(iri)),
    }


def individual_context(model: OntologyModel, store: GraphStore, counts: q.LiveCounts, iri: str,
                       link: Linker) -> dict[str, Any]:
    """Everything the page of a named individual (a code value) shows."""
    node = ox.NamedNode(iri)
    uses = q.sample_value_uses(store, iri)
    link.fetch_labels(store, [t.value for pair in uses for t in pair if isinstance(t, ox.NamedNode)])
    notation = model.index.literal(node, SKOS_NOTATION)
    return {
        **common(model, iri, link),
        "types": [link(t) for t in model.types_of(iri)],
        "notation": notation.value if notation else None,
        "broader": [link(b) for b in model.index.iris(node, SKOS + "broader")],
        "narrower": [link(n) for n in model.sorted_by_label(
            model.index.subject_iris(SKOS + "broader", node))],
        "usage_count": counts.value_uses(iri),
        "samples": [(link.value(s), link.value(p)) for s, p in uses],
        "sample_size": q.SAMPLE_SIZE,
        "query_link": q.query_link(q.value_query(iri)),
    }


def overview_context(model: OntologyModel, link: Linker) -> dict[str, Any]:
    """The overview page: header, namespaces, class tree, property lists, code lists."""
    header = model.header()

    def described(iri: str) -> dict[str, Any]:
        return {"link": link(iri), "definition": model.terms[iri].definition,
                "domains": [link(d) for d in model.domains(iri)],
                "ranges": [link(r) for r in model.ranges(iri)]}

    code_lists = [
        {"link": link(c), "definition": model.terms[c].definition,
         "members": [(link(m), model.index.literal(ox.NamedNode(m), SKOS_NOTATION))
                     for m in model.members(c)]}
        for c in model.code_lists()
    ]
    prefixes = dict(PREFIXES)
    if header.preferred_prefix and header.preferred_namespace:
        prefixes[header.preferred_prefix] = header.preferred_namespace
    return {
        "header": header,
        "licence": link(header.licence) if header.licence else None,
        "prefixes": sorted(prefixes.items()),
        "class_tree": _tree(model.class_tree(), link),
        "classes": [described(c) for c in model.of_kind(TermKind.CLASS)],
        "object_properties": [described(p) for p in model.of_kind(TermKind.OBJECT_PROPERTY)],
        "datatype_properties": [described(p) for p in model.of_kind(TermKind.DATATYPE_PROPERTY)],
        "annotation_properties": [described(p) for p in model.of_kind(TermKind.ANNOTATION_PROPERTY)],
        "code_lists": code_lists,
        "individual_count": len(model.of_kind(TermKind.INDIVIDUAL)),
    }
