"""Live numbers on the ontology pages, asked of the data, and the "query this" queries.

Every count has a ready query with the same meaning, linked from the page as
``/sparql?query=…`` so a reader can see where the number comes from. The term IRI in those
link queries is written from a :class:`pyoxigraph.NamedNode` (which cannot hold ``>`` or a
space); the queries the server itself runs get the term as a binding, never as text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

import pyoxigraph as ox

from semaxkg.rdf.graph_store import GraphStore, Term
from semaxkg.rdf.iri_scheme import sparql_prefixes

#: Sample instances (or triples) listed on a term page.
SAMPLE_SIZE = 10
#: Instances listed on each page of a class page (``?page=2`` for the next ones).
INSTANCES_PER_PAGE = 50
#: Row limit written into the "query this" queries.
QUERY_THIS_LIMIT = 1000

_PREFIX_RDFS = sparql_prefixes("rdfs")

# The union default graph repeats a triple held by several graphs, so every count is over
# DISTINCT solutions. Each count query answers for every term at once (tens of milliseconds
# on this dataset); the pages keep the answers per store version.
_INSTANCE_COUNTS = _PREFIX_RDFS + """SELECT ?class (COUNT(DISTINCT ?instance) AS ?n) WHERE {
  ?instance a ?type . ?type rdfs:subClassOf* ?class . FILTER(isIRI(?class))
} GROUP BY ?class"""
_PROPERTY_COUNTS = """SELECT ?property (COUNT(*) AS ?n) WHERE {
  { SELECT DISTINCT ?subject ?property ?object WHERE { ?subject ?property ?object } }
} GROUP BY ?property"""
_VALUE_COUNTS = """SELECT ?value (COUNT(*) AS ?n) WHERE {
  { SELECT DISTINCT ?subject ?property ?value WHERE { ?subject ?property ?value FILTER(isIRI(?value)) } }
} GROUP BY ?value"""
_INSTANCE_PAGE = _PREFIX_RDFS + """SELECT DISTINCT ?instance WHERE {
  ?instance a ?type . ?type rdfs:subClassOf* ?class .
} ORDER BY ?instance LIMIT """ + str(INSTANCES_PER_PAGE) + " OFFSET "
_PROPERTY_SAMPLE = """SELECT DISTINCT ?subject ?object WHERE { ?subject ?property ?object }
ORDER BY ?subject ?object LIMIT """ + str(SAMPLE_SIZE)
_VALUE_SAMPLE = """SELECT DISTINCT ?subject ?property WHERE { ?subject ?property ?value }
ORDER BY ?subject ?property LIMIT """ + str(SAMPLE_SIZE)


def _counts(store: GraphStore, query: str, key: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in store.select(query):
        term, n = row.get(key), row.get("n")
        if isinstance(term, ox.NamedNode) and isinstance(n, ox.Literal):
            counts[term.value] = int(n.value)
    return counts


def instance_counts(store: GraphStore) -> dict[str, int]:
    """Per class IRI: how many distinct resources are typed with it or one of its subclasses."""
    return _counts(store, _INSTANCE_COUNTS, "class")


def property_counts(store: GraphStore) -> dict[str, int]:
    """Per property IRI: how many distinct triples use it as predicate."""
    return _counts(store, _PROPERTY_COUNTS, "property")


def value_counts(store: GraphStore) -> dict[str, int]:
    """Per IRI: how many distinct triples have it as object (a code value's uses)."""
    return _counts(store, _VALUE_COUNTS, "value")


def instance_pages(count: int) -> int:
    """How many pages of :data:`INSTANCES_PER_PAGE` hold ``count`` instances (at least 1)."""
    return max(1, -(-count // INSTANCES_PER_PAGE))


def instance_page(store: GraphStore, cls: str, page: int = 1) -> list[ox.NamedNode | ox.BlankNode]:
    """The instances of ``cls`` on page ``page`` (from 1), by IRI."""
    # The offset is written from an int the caller parsed: no text of the request reaches it.
    offset = (int(page) - 1) * INSTANCES_PER_PAGE
    rows = store.select(_INSTANCE_PAGE + str(offset), {"class": ox.NamedNode(cls)})
    return [r["instance"] for r in rows if isinstance(r.get("instance"), ox.NamedNode | ox.BlankNode)]  # type: ignore[misc]


def sample_triples(store: GraphStore, prop: str) -> list[tuple[Term, Term]]:
    """The first :data:`SAMPLE_SIZE` ``(subject, object)`` pairs of ``prop``."""
    rows = store.select(_PROPERTY_SAMPLE, {"property": ox.NamedNode(prop)})
    return [(r["subject"], r["object"]) for r in rows if "subject" in r and "object" in r]


def sample_value_uses(store: GraphStore, iri: str) -> list[tuple[Term, Term]]:
    """The first :data:`SAMPLE_SIZE` ``(subject, property)`` pairs pointing at ``iri``."""
    rows = store.select(_VALUE_SAMPLE, {"value": ox.NamedNode(iri)})
    return [(r["subject"], r["property"]) for r in rows if "subject" in r and "property" in r]


@dataclass
class LiveCounts:
    """The three count tables of one store version, each asked for when first needed."""

    store: GraphStore
    _tables: dict[str, dict[str, int]] = field(default_factory=dict)

    def _table(self, name: str) -> dict[str, int]:
        if name not in self._tables:
            ask = {"instances": instance_counts, "properties": property_counts, "values": value_counts}[name]
            self._tables[name] = ask(self.store)
        return self._tables[name]

    def instances(self, cls: str) -> int:
        """Instances of ``cls`` (and its subclasses)."""
        return self._table("instances").get(cls, 0)

    def property_uses(self, prop: str) -> int:
        """Distinct triples using ``prop``."""
        return self._table("properties").get(prop, 0)

    def value_uses(self, iri: str) -> int:
        """Distinct triples pointing at ``iri``."""
        return self._table("values").get(iri, 0)


# -- "query this" ----------------------------------------------------------------------------

def instances_query(cls: str) -> str:
    """A ready query listing the instances of ``cls`` with their labels."""
    return (
        f"{_PREFIX_RDFS}# Instances of {cls} and of its subclasses\n"
        "SELECT DISTINCT ?instance ?label WHERE {\n"
        f"  ?instance a ?type . ?type rdfs:subClassOf* {ox.NamedNode(cls)} .\n"
        "  OPTIONAL { ?instance rdfs:label ?label }\n"
        f"}}\nORDER BY ?instance\nLIMIT {QUERY_THIS_LIMIT}\n"
    )


def property_query(prop: str) -> str:
    """A ready query listing the triples that use ``prop``."""
    return (
        f"# Triples using {prop}\n"
        "SELECT DISTINCT ?subject ?object WHERE {\n"
        f"  ?subject {ox.NamedNode(prop)} ?object .\n"
        f"}}\nORDER BY ?subject ?object\nLIMIT {QUERY_THIS_LIMIT}\n"
    )


def value_query(iri: str) -> str:
    """A ready query listing the resources that point at ``iri``."""
    return (
        f"# Resources pointing at {iri}\n"
        "SELECT DISTINCT ?subject ?property WHERE {\n"
        f"  ?subject ?property {ox.NamedNode(iri)} .\n"
        f"}}\nORDER BY ?subject ?property\nLIMIT {QUERY_THIS_LIMIT}\n"
    )


def query_link(query: str) -> str:
    """The query page's URL that opens ``query`` (``/sparql?query=…``, URL-encoded)."""
    return "/sparql?query=" + quote(query, safe="")
