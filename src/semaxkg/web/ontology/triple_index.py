"""An in-memory index of a few thousand triples (the ontology, the shapes) in both directions.

Split from :mod:`semaxkg.web.ontology.term_model`, which reads the ontology through it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from semaxkg.rdf.iri_scheme import RDF

RDF_FIRST = RDF + "first"
RDF_REST = RDF + "rest"
RDF_NIL = RDF + "nil"

Node = ox.NamedNode | ox.BlankNode
Value = ox.NamedNode | ox.BlankNode | ox.Literal


def _english_first(literals: Iterable[ox.Literal]) -> ox.Literal | None:
    """The English literal if there is one, else an untagged one, else any (stable order)."""

    def rank(lit: ox.Literal) -> tuple[int, str]:
        lang = lit.language
        if lang is None:
            return 1, lit.value
        return (0 if lang == "en" or lang.startswith("en-") else 2), lit.value

    ordered = sorted(literals, key=rank)
    return ordered[0] if ordered else None


class TripleIndex:
    """Subject → predicate → objects and the reverse, over a few thousand triples."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self.triples: list[ox.Triple] = []
        self._out: dict[Node, dict[str, list[Value]]] = defaultdict(lambda: defaultdict(list))
        self._in: dict[Value, dict[str, list[Node]]] = defaultdict(lambda: defaultdict(list))
        seen: set[ox.Triple] = set()
        for triple in triples:
            if triple in seen:  # the union default graph may repeat a triple
                continue
            seen.add(triple)
            self.triples.append(triple)
            subject = triple.subject
            if not isinstance(subject, ox.NamedNode | ox.BlankNode):
                continue
            obj = triple.object
            if not isinstance(obj, ox.NamedNode | ox.BlankNode | ox.Literal):
                continue
            self._out[subject][triple.predicate.value].append(obj)
            self._in[obj][triple.predicate.value].append(subject)

    def objects(self, subject: Node, predicate: str) -> list[Value]:
        """Objects of ``subject predicate ?``, in insertion order."""
        if subject not in self._out:
            return []
        return list(self._out[subject].get(predicate, []))

    def iris(self, subject: Node, predicate: str) -> list[str]:
        """IRI objects of ``subject predicate ?``, sorted."""
        return sorted({o.value for o in self.objects(subject, predicate) if isinstance(o, ox.NamedNode)})

    def literal(self, subject: Node, predicate: str) -> ox.Literal | None:
        """One literal object of ``subject predicate ?`` (English first)."""
        return _english_first(o for o in self.objects(subject, predicate) if isinstance(o, ox.Literal))

    def subjects(self, predicate: str, obj: Value) -> list[Node]:
        """Subjects of ``? predicate obj``."""
        if obj not in self._in:
            return []
        return list(self._in[obj].get(predicate, []))

    def subject_iris(self, predicate: str, obj: Value) -> list[str]:
        """IRI subjects of ``? predicate obj``, sorted."""
        return sorted({s.value for s in self.subjects(predicate, obj) if isinstance(s, ox.NamedNode)})

    def outgoing(self, subject: Node) -> list[tuple[str, Value]]:
        """Every ``(predicate, object)`` of ``subject``."""
        if subject not in self._out:
            return []
        return [(p, o) for p, objects in self._out[subject].items() for o in objects]

    def incoming(self, obj: Value) -> list[tuple[Node, str]]:
        """Every ``(subject, predicate)`` pointing at ``obj``."""
        if obj not in self._in:
            return []
        return [(s, p) for p, subjects in self._in[obj].items() for s in subjects]

    def rdf_list(self, head: Value) -> list[Value]:
        """The members of the RDF collection starting at ``head`` (stops at a cycle)."""
        members: list[Value] = []
        node: Value = head
        visited: set[Value] = set()
        while isinstance(node, ox.BlankNode | ox.NamedNode) and node.value != RDF_NIL:
            if node in visited:
                break
            visited.add(node)
            first = self.objects(node, RDF_FIRST)
            if first:
                members.append(first[0])
            rest = self.objects(node, RDF_REST)
            if not rest:
                break
            node = rest[0]
        return members

    def description(self, subject: Node) -> list[ox.Triple]:
        """The triples of ``subject`` plus those of every blank node they reach (its CBD)."""
        out: list[ox.Triple] = []
        todo: list[Node] = [subject]
        done: set[Node] = set()
        while todo:
            node = todo.pop()
            if node in done:
                continue
            done.add(node)
            for predicate, obj in self.outgoing(node):
                out.append(ox.Triple(node, ox.NamedNode(predicate), obj))
                if isinstance(obj, ox.BlankNode):
                    todo.append(obj)
        return out

