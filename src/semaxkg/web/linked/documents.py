"""The RDF document of a resource: what an RDF client gets when it dereferences one IRI.

The document of ``r`` holds, so that a client that fetched one IRI has what its page shows:

* every triple with ``r`` as subject;
* the descriptions of its **parts**, the IRIs it links to that are minted under its own path
  (a claim's ``…/passage-1`` and ``…/passage-1/selector`` with the character offsets, a
  source's ``…/disclosure-2`` and ``…/reference-3``), followed down to :data:`PART_DEPTH`;
* the labels and ``rdf:type`` of every other IRI those triples link to (the source document,
  the study, the evidence level…) and the labels of their predicates;
* the triples with ``r`` as object (**incoming links**) from IRIs, at most :data:`MAX_INCOMING` of them
  (ordered by predicate, then subject) with the labels and types of their subjects. When
  there are more, the document says so: ``<doc> rdfs:comment "…"`` and ``rdfs:seeAlso`` a
  ``/sparql?query=…`` link that lists them all;
* ``<doc> foaf:primaryTopic r``, where ``doc`` is the document's own IRI (the suffixed path
  under the IRI base, e.g. ``…/id/compound/semax.ttl``).

Everything is read through :class:`~semaxkg.rdf.graph_store.GraphStore` with the IRI bound as a value,
never formatted into the query text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pyoxigraph as ox

from semaxkg.rdf import iri_scheme
from semaxkg.rdf.graph_store import GraphStore, with_values

#: Most incoming links a document lists (hubs such as Semax or ``sxo:Claim`` have hundreds).
MAX_INCOMING = 200
#: How many levels of parts (``claim → passage → selector``) a document follows.
PART_DEPTH = 4
#: Most IRIs per VALUES clause when fetching labels and types.
VALUES_BATCH = 400

RDF_TYPE = ox.NamedNode(iri_scheme.RDF_TYPE)
RDFS_COMMENT = ox.NamedNode(iri_scheme.RDFS_COMMENT)
RDFS_SEE_ALSO = ox.NamedNode(iri_scheme.RDFS + "seeAlso")
FOAF_PRIMARY_TOPIC = ox.NamedNode(iri_scheme.FOAF + "primaryTopic")
#: Prefixes a document uses beyond :data:`semaxkg.rdf.namespaces.PREFIXES`.
DOCUMENT_PREFIXES = {"foaf": iri_scheme.FOAF}
#: The predicates that carry a label (the ones :mod:`semaxkg.web.labels` reads).
LABEL_PREDICATES = (
    iri_scheme.SKOS + "prefLabel",
    iri_scheme.RDFS_LABEL,
    iri_scheme.DCTERMS + "title",
    iri_scheme.SCHEMA + "name",
)

_OUTGOING = "CONSTRUCT { ?r ?p ?o } WHERE { ?r ?p ?o }"
# Blank-node subjects (OWL axioms and lists in the ontology) are left out: a document cannot
# name them in a way a client could follow.
_INCOMING_COUNT = "SELECT ?r (COUNT(*) AS ?n) WHERE { ?s ?p ?r FILTER(isIRI(?s)) } GROUP BY ?r"
_INCOMING = ("SELECT ?s ?p WHERE { ?s ?p ?r FILTER(isIRI(?s)) } ORDER BY ?p ?s LIMIT "
             + str(MAX_INCOMING))
_EXISTS = "ASK { { ?r ?p ?o } UNION { ?s ?p ?r } }"
_LABELS_AND_TYPES = (
    "CONSTRUCT { ?x ?p ?v } WHERE { ?x ?p ?v . VALUES ?p { <"
    + "> <".join((*LABEL_PREDICATES, RDF_TYPE.value)) + "> } }"
)
_LABELS = (
    "CONSTRUCT { ?x ?p ?v } WHERE { ?x ?p ?v . VALUES ?p { <"
    + "> <".join(LABEL_PREDICATES) + "> } }"
)
#: The query a truncated document points to for all incoming links (``$IRI`` is replaced by
#: the N-Triples form of a parsed :class:`pyoxigraph.NamedNode`, which cannot break out).
ALL_INCOMING_QUERY = "SELECT ?subject ?predicate WHERE { ?subject ?predicate $IRI }"


@dataclass
class ResourceDocument:
    """The triples describing one resource, grouped the way a page shows them."""

    iri: str
    #: Triples with the resource as subject.
    outgoing: list[ox.Triple] = field(default_factory=list)
    #: Triples of the resource's parts (passages, selectors, disclosures…).
    parts: list[ox.Triple] = field(default_factory=list)
    #: Labels and types of everything linked.
    context: list[ox.Triple] = field(default_factory=list)
    #: Triples with the resource as object (at most :data:`MAX_INCOMING`).
    incoming: list[ox.Triple] = field(default_factory=list)
    #: How many incoming triples there are in all.
    incoming_total: int = 0

    @property
    def exists(self) -> bool:
        """Whether the graph mentions the resource at all."""
        return bool(self.outgoing or self.incoming_total)

    @property
    def truncated(self) -> bool:
        """Whether some incoming links were left out."""
        return self.incoming_total > len(self.incoming)

    def triples(self, document_iri: str | None = None, sparql_iri: str | None = None) -> list[ox.Triple]:
        """Every triple of the document, sorted and without duplicates.

        With ``document_iri``, the document describes itself (``foaf:primaryTopic`` and, when
        incoming links were cut, a comment and a ``rdfs:seeAlso`` link to the query at
        ``sparql_iri`` that lists them all).
        """
        found = set(self.outgoing) | set(self.parts) | set(self.context) | set(self.incoming)
        if document_iri is not None:
            doc = ox.NamedNode(document_iri)
            found.add(ox.Triple(doc, FOAF_PRIMARY_TOPIC, ox.NamedNode(self.iri)))
            if self.truncated:
                note = ox.Literal(self.truncation_note(), language="en")
                found.add(ox.Triple(doc, RDFS_COMMENT, note))
                if sparql_iri is not None:
                    query = ox.NamedNode(self.incoming_query_url(sparql_iri))
                    found.add(ox.Triple(doc, RDFS_SEE_ALSO, query))
        return sorted(found, key=str)

    def truncation_note(self) -> str:
        """What a truncated document says about its incoming links."""
        return (f"Incoming links: {len(self.incoming)} of {self.incoming_total} are listed "
                f"(by predicate, then subject); rdfs:seeAlso is a SPARQL query for all of them.")

    def incoming_query_url(self, sparql_iri: str) -> str:
        """A ``GET`` URL of the SPARQL endpoint listing every incoming link."""
        query = ALL_INCOMING_QUERY.replace("$IRI", str(ox.NamedNode(self.iri)))
        return f"{sparql_iri}?{urlencode({'query': query})}"


def _batches(iris: Iterable[str]) -> Iterable[list[ox.NamedNode]]:
    ordered = sorted(set(iris))
    for start in range(0, len(ordered), VALUES_BATCH):
        yield [ox.NamedNode(iri) for iri in ordered[start:start + VALUES_BATCH]]


def _describe(store: GraphStore, query: str, iris: Iterable[str]) -> list[ox.Triple]:
    found: list[ox.Triple] = []
    for batch in _batches(iris):
        found.extend(store.construct(with_values(query, "x", batch)))
    return found


def _outgoing(store: GraphStore, iris: Iterable[str]) -> list[ox.Triple]:
    found: list[ox.Triple] = []
    for batch in _batches(iris):
        found.extend(store.construct(with_values(_OUTGOING, "r", batch)))
    return found


def _iri_objects(triples: Iterable[ox.Triple]) -> set[str]:
    return {t.object.value for t in triples if isinstance(t.object, ox.NamedNode)}


def exists(store: GraphStore, iri: str) -> bool:
    """Whether ``iri`` occurs as subject or object anywhere in the graph."""
    return store.ask(_EXISTS, {"r": ox.NamedNode(iri)})


def resource_document(store: GraphStore, iri: str) -> ResourceDocument:
    """Read the document of ``iri`` (empty, with ``exists`` false, for an unknown IRI)."""
    node = ox.NamedNode(iri)
    doc = ResourceDocument(iri)
    doc.outgoing = list(store.construct(_OUTGOING, {"r": node}))
    # Parts: linked IRIs minted under the resource's own path, followed level by level.
    seen = {iri}
    frontier = {o for o in _iri_objects(doc.outgoing) if o.startswith(iri + "/")}
    for _ in range(PART_DEPTH):
        frontier -= seen
        if not frontier:
            break
        seen |= frontier
        described = _outgoing(store, frontier)
        doc.parts.extend(described)
        frontier = {o for o in _iri_objects(described)
                    if any(o.startswith(owner + "/") for owner in seen)}
    rows = store.select(_INCOMING_COUNT, {"r": node})
    count = rows[0].get("n") if rows else None
    doc.incoming_total = int(count.value) if isinstance(count, ox.Literal) else 0
    if doc.incoming_total:
        for row in store.select(_INCOMING, {"r": node}):
            subject, predicate = row.get("s"), row.get("p")
            if isinstance(subject, ox.NamedNode | ox.BlankNode) and isinstance(predicate, ox.NamedNode):
                doc.incoming.append(ox.Triple(subject, predicate, node))
    described = doc.outgoing + doc.parts
    linked = (_iri_objects(described) | {t.subject.value for t in doc.incoming
                                          if isinstance(t.subject, ox.NamedNode)}) - seen
    predicates = {t.predicate.value for t in described + doc.incoming}
    doc.context = _describe(store, _LABELS_AND_TYPES, linked)
    doc.context.extend(_describe(store, _LABELS, predicates - linked - seen))
    return doc


def graph_exists(store: GraphStore, graph_iri: str) -> bool:
    """Whether ``graph_iri`` names a graph of the dataset."""
    return any(g.value == graph_iri for g in store.named_graphs())


def graph_triples(store: GraphStore, graph_iri: str) -> list[ox.Triple]:
    """The content of one named graph, as triples, sorted."""
    return sorted((ox.Triple(q.subject, q.predicate, q.object)
                   for q in store.quads(ox.NamedNode(graph_iri))), key=str)
