"""Human labels for IRIs: pages show a label, never a bare long IRI.

The label of a resource is its English ``skos:prefLabel``, else ``rdfs:label`` (English, then
untagged, then any), else ``dcterms:title``/``schema:name``; a resource with none is shown as a
CURIE (``sx:claim/...``), and an IRI outside every known prefix by its last path segment.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from semaxkg.rdf.graph_store import GraphStore, with_values
from semaxkg.rdf.iri_scheme import sparql_prefixes
from semaxkg.web.external_terms import term_label
from semaxkg.web.iris import curie

#: Most IRIs looked up per query (keeps the VALUES clause a reasonable size).
LABEL_BATCH = 400

_LABEL_QUERY = sparql_prefixes("rdfs", "skos", "dcterms", "schema") + """SELECT ?x ?label ?rank WHERE {
  { ?x skos:prefLabel ?label . BIND(0 AS ?rank) }
  UNION { ?x rdfs:label ?label . BIND(1 AS ?rank) }
  UNION { ?x dcterms:title ?label . BIND(2 AS ?rank) }
  UNION { ?x schema:name ?label . BIND(3 AS ?rank) }
}"""


def _language_rank(label: ox.Literal) -> int:
    language = label.language
    if language is None:
        return 1
    return 0 if language == "en" or language.startswith("en-") else 2


def fallback_label(iri: str) -> str:
    """What to show for an IRI with no label: a CURIE, or its last path segment."""
    short = curie(iri)
    if short != iri:
        return short
    tail = iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return tail or iri


def label_literals(store: GraphStore, iris: Iterable[str]) -> dict[str, ox.Literal]:
    """The label literal (language tag kept) of each IRI in ``iris`` that has one."""
    wanted = sorted(set(iris))
    best: dict[str, tuple[int, int, str, ox.Literal]] = {}
    for start in range(0, len(wanted), LABEL_BATCH):
        batch = [ox.NamedNode(iri) for iri in wanted[start:start + LABEL_BATCH]]
        for row in store.select(with_values(_LABEL_QUERY, "x", batch)):
            subject, label, rank = row.get("x"), row.get("label"), row.get("rank")
            if not (isinstance(subject, ox.NamedNode) and isinstance(label, ox.Literal)
                    and isinstance(rank, ox.Literal)):
                continue
            key = (int(rank.value), _language_rank(label), label.value, label)
            current = best.get(subject.value)
            if current is None or key[:3] < current[:3]:
                best[subject.value] = key
    return {iri: found[3] for iri, found in best.items()}


def labels_for(store: GraphStore, iris: Iterable[str]) -> dict[str, str]:
    """A label (or fallback) for every IRI in ``iris``."""
    wanted = sorted(set(iris))
    found = label_literals(store, wanted)
    return {iri: found[iri].value if iri in found else unlabelled(iri) for iri in wanted}


def unlabelled(iri: str) -> str:
    """An external ontology term's own label (see :mod:`semaxkg.web.external_terms`), else
    :func:`fallback_label`."""
    known = term_label(iri)
    return known[0] if known is not None else fallback_label(iri)


def label_for(store: GraphStore, iri: str) -> str:
    """The label (or fallback) of one IRI."""
    return labels_for(store, [iri])[iri]
