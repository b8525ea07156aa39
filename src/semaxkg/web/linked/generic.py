"""The generic HTML pages: any resource no dedicated renderer claims, and named graphs.

The resource page is a table of the resource's document (:mod:`semaxkg.web.linked.documents`):
its properties, the descriptions of its parts (passages, selectors…), its incoming links,
every IRI shown by its label and linked to its local page, and links to the RDF formats of
the same document. The graph page summarises a named graph: its size, what it holds, and
the links to its content in every format and to the dumps.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import render_template

from semaxkg.rdf.graph_store import GraphStore
from semaxkg.rdf.iri_scheme import XSD_STRING
from semaxkg.rdf.prefixes import term_iris
from semaxkg.web.iris import curie, get_mapper
from semaxkg.web.labels import labels_for
from semaxkg.web.linked.documents import RDF_TYPE, ResourceDocument, graph_triples, resource_document
from semaxkg.web.linked.linkeddata import rdf_alternates
from semaxkg.web.state import get_graph_store

#: How many subjects of each class the graph page lists as examples.
GRAPH_SAMPLE = 5

_GRAPH_CLASSES = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?class } }
GROUP BY ?g ?class"""


@dataclass(frozen=True)
class Shown:
    """One RDF term as a page shows it."""

    text: str
    href: str | None = None
    iri: str | None = None
    note: str | None = None  # datatype or language of a literal


@dataclass(frozen=True)
class Row:
    """One property and value (or, for incoming links, subject and property)."""

    predicate: Shown
    value: Shown


@dataclass(frozen=True)
class Part:
    """A part of the resource (a passage, a selector…) with its own rows."""

    name: Shown
    rows: list[Row]


class _Shower:
    """Turns terms into :class:`Shown` with labels fetched once for the whole page."""

    def __init__(self, store: GraphStore, iris: Iterable[str]) -> None:
        self.labels = labels_for(store, iris)
        self.mapper = get_mapper()

    def iri(self, iri: str) -> Shown:
        return Shown(self.labels.get(iri, curie(iri)), self.mapper.href(iri), iri)

    def term(self, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Shown:
        if isinstance(term, ox.NamedNode):
            return self.iri(term.value)
        if isinstance(term, ox.Literal):
            if term.language:
                return Shown(term.value, note=f"@{term.language}")
            datatype = term.datatype.value if term.datatype is not None else ""
            plain = datatype in ("", XSD_STRING)
            return Shown(term.value, note=None if plain else curie(datatype))
        return Shown(str(term))

    def rows(self, triples: Iterable[ox.Triple]) -> list[Row]:
        shown = [Row(self.term(t.predicate), self.term(t.object)) for t in triples]
        # rdf:type first, then by property label, then by value.
        return sorted(shown, key=lambda r: (r.predicate.iri != RDF_TYPE.value,
                                            r.predicate.text.lower(), r.value.text.lower()))


def render_generic(iri: str) -> str:
    """The generic page of a resource: its document as labelled tables."""
    store = get_graph_store()
    doc: ResourceDocument = resource_document(store, iri)
    shower = _Shower(store, term_iris(doc.triples()) | {iri})
    mapper = get_mapper()
    path = mapper.path_for(iri) or iri
    types = [shower.iri(t.object.value) for t in doc.outgoing
             if t.predicate == RDF_TYPE and isinstance(t.object, ox.NamedNode)]
    by_part: dict[str, list[ox.Triple]] = {}
    for t in doc.parts:
        if isinstance(t.subject, ox.NamedNode):
            by_part.setdefault(t.subject.value, []).append(t)
    parts = [Part(shower.iri(name), shower.rows(triples)) for name, triples in sorted(by_part.items())]
    incoming = [Row(shower.term(t.predicate), shower.term(t.subject)) for t in doc.incoming]
    incoming_query = None
    if doc.truncated:
        incoming_query = doc.incoming_query_url("/sparql")
    return render_template(
        "resource_generic.html", iri=iri, title=shower.labels.get(iri, curie(iri)), path=path,
        types=types, rows=shower.rows(t for t in doc.outgoing if t.predicate != RDF_TYPE),
        parts=parts, incoming=incoming, incoming_total=doc.incoming_total,
        incoming_query=incoming_query, alternates=rdf_alternates(path),
    )


def render_graph(iri: str) -> str | None:
    """The summary page of a named graph (``None`` for an IRI that names no graph)."""
    store = get_graph_store()
    if not any(g.value == iri for g in store.named_graphs()):
        return None
    triples = graph_triples(store, iri)
    mapper = get_mapper()
    path = mapper.path_for(iri) or iri
    counts: dict[str, int] = {}
    for row in store.select(_GRAPH_CLASSES, {"g": ox.NamedNode(iri)}):
        cls, n = row.get("class"), row.get("n")
        if isinstance(cls, ox.NamedNode) and isinstance(n, ox.Literal):
            counts[cls.value] = int(n.value)
    subjects = {t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode)}
    shower = _Shower(store, set(counts) | {iri})
    classes = [(shower.iri(cls), n) for cls, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    query = ("SELECT ?subject ?predicate ?object WHERE { GRAPH " + str(ox.NamedNode(iri))
             + " { ?subject ?predicate ?object } } LIMIT 100")
    return render_template(
        "graph.html", iri=iri, title=shower.labels.get(iri, curie(iri)), path=path,
        triples=len(triples), subjects=len(subjects), classes=classes,
        alternates=rdf_alternates(path), query_href="/sparql?" + urlencode({"query": query}),
    )
