"""The SHACL shapes as "expected properties" of a class, read from the shapes graph.

The build puts ``shapes/*.ttl`` into the dataset as the graph ``{base}graph/shapes``, so a
server over a remote store (which has no local files) documents the same shapes it was
validated with. This module turns that graph into plain records: per node shape its target
classes and one :class:`Constraint` per ``sh:property``, with the node-level rules
(``sh:xone``, ``sh:or``, ``sh:sparql``, IRI patterns) as short sentences.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from semaxkg.rdf.iri_scheme import RDF, RDF_TYPE, SH
from semaxkg.web.iris import curie
from semaxkg.web.labels import fallback_label
from semaxkg.web.ontology.triple_index import TripleIndex, Value

#: Constraint parameters shown in the "other" column, in this order (SHACL local names).
OTHER_PARAMETERS: tuple[str, ...] = (
    "minLength", "maxLength", "pattern", "flags", "minInclusive", "maxInclusive",
    "minExclusive", "maxExclusive", "hasValue", "lessThan", "lessThanOrEquals", "equals",
    "disjoint", "uniqueLang", "languageIn", "qualifiedMinCount", "qualifiedMaxCount",
)
#: Words for the logical node constraints.
LOGICAL_WORDS: dict[str, str] = {
    "xone": "exactly one of", "or": "at least one of", "and": "all of", "not": "not",
}


def _text(term: Value) -> str:
    """A short text for a term in a constraint: a CURIE, or a literal's lexical form."""
    if isinstance(term, ox.NamedNode):
        return curie(term.value)
    if isinstance(term, ox.Literal):
        return term.value
    return "[ ]"


def _int(term: Value | None) -> int | None:
    if isinstance(term, ox.Literal):
        try:
            return int(term.value)
        except ValueError:
            return None
    return None


@dataclass(frozen=True)
class Constraint:
    """One ``sh:property`` of a node shape."""

    path: str | None  # IRI when the path is a single predicate
    path_text: str
    min_count: int | None
    max_count: int | None
    datatypes: tuple[str, ...]
    classes: tuple[str, ...]
    node_kind: str | None
    allowed: tuple[ox.NamedNode | ox.Literal, ...]
    other: tuple[tuple[str, str], ...]
    message: str | None

    @property
    def cardinality(self) -> str:
        """``min..max`` with ``0`` and ``*`` for an absent bound (``1..1``, ``0..*``)."""
        low = self.min_count if self.min_count is not None else 0
        high = str(self.max_count) if self.max_count is not None else "*"
        return f"{low}..{high}"


@dataclass(frozen=True)
class Shape:
    """A node shape with its targets, property constraints and node-level rules."""

    iri: str | None
    target_classes: tuple[str, ...]
    message: str | None
    constraints: tuple[Constraint, ...]
    rules: tuple[str, ...]

    @property
    def name(self) -> str:
        """The shape's CURIE, else the last segment of its IRI (or "unnamed shape")."""
        return fallback_label(self.iri) if self.iri else "unnamed shape"


class ShapesModel:
    """Every node shape of the shapes graph, by target class."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self.index = TripleIndex(triples)
        # A node shape is one declared as such or one with a target class.
        nodes: set[ox.NamedNode | ox.BlankNode] = set(
            self.index.subjects(RDF_TYPE, ox.NamedNode(SH + "NodeShape")))
        nodes.update(t.subject for t in self.index.triples
                     if t.predicate.value == SH + "targetClass"
                     and isinstance(t.subject, ox.NamedNode | ox.BlankNode))
        self.shapes: list[Shape] = sorted(
            (self._shape(node) for node in nodes), key=lambda s: (s.iri or "", s.target_classes))

    def for_class(self, cls: str) -> list[Shape]:
        """The shapes whose ``sh:targetClass`` is ``cls``."""
        return [shape for shape in self.shapes if cls in shape.target_classes]

    # -- reading -----------------------------------------------------------------------------

    def _one(self, node: Value, name: str) -> Value | None:
        if not isinstance(node, ox.NamedNode | ox.BlankNode):
            return None
        values = self.index.objects(node, SH + name)
        return values[0] if values else None

    def _message(self, node: Value) -> str | None:
        if not isinstance(node, ox.NamedNode | ox.BlankNode):
            return None
        lit = self.index.literal(node, SH + "message")
        return lit.value if lit else None

    def _shape(self, node: ox.NamedNode | ox.BlankNode) -> Shape:
        constraints = tuple(sorted(
            (self._constraint(p) for p in self.index.objects(node, SH + "property")),
            key=lambda c: (c.path_text, c.cardinality, c.message or ""),
        ))
        return Shape(
            iri=node.value if isinstance(node, ox.NamedNode) else None,
            target_classes=tuple(self.index.iris(node, SH + "targetClass")),
            message=self._message(node),
            constraints=constraints,
            rules=tuple(self._node_rules(node)),
        )

    def path_text(self, path: Value | None) -> str:
        """A SPARQL-like text of a SHACL property path."""
        if path is None:
            return "(no path)"
        if isinstance(path, ox.NamedNode):
            return curie(path.value)
        if isinstance(path, ox.Literal):
            return path.value
        if self.index.objects(path, RDF + "first"):
            return "/".join(self.path_text(step) for step in self.index.rdf_list(path))
        for name, mark in (("inversePath", "^{}"), ("zeroOrMorePath", "{}*"),
                           ("oneOrMorePath", "{}+"), ("zeroOrOnePath", "{}?")):
            inner = self._one(path, name)
            if inner is not None:
                return mark.format(self.path_text(inner))
        alternatives = self._one(path, "alternativePath")
        if alternatives is not None:
            return "|".join(self.path_text(step) for step in self.index.rdf_list(alternatives))
        return "(complex path)"

    def _constraint(self, node: Value) -> Constraint:
        path = self._one(node, "path")
        if not isinstance(node, ox.NamedNode | ox.BlankNode):
            return Constraint(None, "(invalid)", None, None, (), (), None, (), (), None)
        allowed_head = self._one(node, "in")
        allowed = tuple(
            v for v in (self.index.rdf_list(allowed_head) if allowed_head is not None else [])
            if isinstance(v, ox.NamedNode | ox.Literal)
        )
        other = []
        for name in OTHER_PARAMETERS:
            for value in self.index.objects(node, SH + name):
                other.append((name, _text(value)))
        node_kind = self._one(node, "nodeKind")
        return Constraint(
            path=path.value if isinstance(path, ox.NamedNode) else None,
            path_text=self.path_text(path),
            min_count=_int(self._one(node, "minCount")),
            max_count=_int(self._one(node, "maxCount")),
            datatypes=tuple(self.index.iris(node, SH + "datatype")),
            classes=tuple(self.index.iris(node, SH + "class")),
            node_kind=node_kind.value if isinstance(node_kind, ox.NamedNode) else None,
            allowed=allowed,
            other=tuple(other),
            message=self._message(node),
        )

    def describe(self, node: Value) -> str:
        """One line for an inline shape used inside ``sh:xone``/``sh:or``/``sh:and``/``sh:not``."""
        if not isinstance(node, ox.NamedNode | ox.BlankNode):
            return _text(node)
        parts: list[str] = []
        path = self._one(node, "path")
        if path is not None:
            c = self._constraint(node)
            detail = [f"count {c.cardinality}"] if (c.min_count, c.max_count) != (None, None) else []
            detail += [f"{name} {value}" for name, value in c.other]
            if c.allowed:
                detail.append("in (" + ", ".join(_text(v) for v in c.allowed) + ")")
            detail += [f"datatype {curie(d)}" for d in c.datatypes]
            detail += [f"class {curie(k)}" for k in c.classes]
            parts.append(c.path_text + (" " + ", ".join(detail) if detail else ""))
        parts.extend(self._logical_rules(node))
        return "; ".join(parts) if parts else _text(node)

    def _logical_rules(self, node: ox.NamedNode | ox.BlankNode) -> list[str]:
        rules = []
        for name, words in LOGICAL_WORDS.items():
            for value in self.index.objects(node, SH + name):
                members = self.index.rdf_list(value) if name != "not" else [value]
                rules.append(f"{words}: " + " | ".join(f"({self.describe(m)})" for m in members))
        return rules

    def _node_rules(self, node: ox.NamedNode | ox.BlankNode) -> list[str]:
        rules = []
        node_kind = self._one(node, "nodeKind")
        if isinstance(node_kind, ox.NamedNode):
            rules.append(f"the resource is an {curie(node_kind.value).removeprefix('sh:')}")
        pattern = self._one(node, "pattern")
        if pattern is not None:
            rules.append(f"its IRI matches {_text(pattern)}")
        rules.extend(self._logical_rules(node))
        for check in self.index.objects(node, SH + "sparql"):
            message = self._message(check)
            rules.append("SPARQL check: " + (message or "(no message)"))
        return rules
