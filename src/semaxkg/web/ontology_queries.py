"""Live numbers on the ontology pages, asked of the data, and the "query this" queries.

Every count has a ready query with the same meaning, linked from the page as
``/sparql?query=…`` so a reader can see where the number comes from. The term IRI in those
link queries is written from a :class:`pyoxigraph.NamedNode` (which cannot hold ``>`` or a
space); the queries the server itself runs get the term as a binding, never as text.
"""

from __future__ import annotations

from urllib.parse import quote

import pyoxigraph as ox

from semaxkg.store import GraphStore, Term

#: Sample instances (or triples) listed on a term page.
SAMPLE_SIZE = 10
#: Row limit written into the "query this" queries.
QUERY_THIS_LIMIT = 1000

_PREFIX_RDFS = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"

# The union default graph repeats a triple held by several graphs, so every count is over
# DISTINCT solutions.
_INSTANCE_COUNT = _PREFIX_RDFS + """SELECT ?class (COUNT(DISTINCT ?instance) AS ?n) WHERE {
  ?instance a ?type . ?type rdfs:subClassOf* ?class .
} GROUP BY ?class"""
_INSTANCE_SAMPLE = _PREFIX_RDFS + """SELECT DISTINCT ?instance WHERE {
  ?instance a ?type . ?type rdfs:subClassOf* ?class .
} ORDER BY ?instance LIMIT %d""" % SAMPLE_SIZE
_PROPERTY_COUNT = """SELECT ?property (COUNT(*) AS ?n) WHERE {
  { SELECT DISTINCT ?subject ?property ?object WHERE { ?subject ?property ?object } }
} GROUP BY ?property"""
_PROPERTY_SAMPLE = """SELECT DISTINCT ?subject ?object WHERE { ?subject ?property ?object }
ORDER BY ?subject ?object LIMIT %d""" % SAMPLE_SIZE
_VALUE_COUNT = """SELECT ?value (COUNT(*) AS ?n) WHERE {
  { SELECT DISTINCT ?subject ?property ?value WHERE { ?subject ?property ?value } }
} GROUP BY ?value"""
_VALUE_SAMPLE = """SELECT DISTINCT ?subject ?property WHERE { ?subject ?property ?value }
ORDER BY ?subject ?property LIMIT %d""" % SAMPLE_SIZE


def _count(rows: list[dict[str, Term]]) -> int:
    if not rows:
        return 0
    value = rows[0].get("n")
    return int(value.value) if isinstance(value, ox.Literal) else 0


def instance_count(store: GraphStore, cls: str) -> int:
    """How many distinct resources are typed with ``cls`` or one of its subclasses."""
    return _count(store.select(_INSTANCE_COUNT, {"class": ox.NamedNode(cls)}))


def sample_instances(store: GraphStore, cls: str) -> list[ox.NamedNode | ox.BlankNode]:
    """The first :data:`SAMPLE_SIZE` instances of ``cls`` (by IRI)."""
    rows = store.select(_INSTANCE_SAMPLE, {"class": ox.NamedNode(cls)})
    return [r["instance"] for r in rows if isinstance(r.get("instance"), ox.NamedNode | ox.BlankNode)]  # type: ignore[misc]


def property_usage(store: GraphStore, prop: str) -> int:
    """How many distinct triples use ``prop`` as predicate."""
    return _count(store.select(_PROPERTY_COUNT, {"property": ox.NamedNode(prop)}))


def sample_triples(store: GraphStore, prop: str) -> list[tuple[Term, Term]]:
    """The first :data:`SAMPLE_SIZE` ``(subject, object)`` pairs of ``prop``."""
    rows = store.select(_PROPERTY_SAMPLE, {"property": ox.NamedNode(prop)})
    return [(r["subject"], r["object"]) for r in rows if "subject" in r and "object" in r]


def value_usage(store: GraphStore, iri: str) -> int:
    """How many distinct triples have ``iri`` as object (a code value's uses)."""
    return _count(store.select(_VALUE_COUNT, {"value": ox.NamedNode(iri)}))


def sample_value_uses(store: GraphStore, iri: str) -> list[tuple[Term, Term]]:
    """The first :data:`SAMPLE_SIZE` ``(subject, property)`` pairs pointing at ``iri``."""
    rows = store.select(_VALUE_SAMPLE, {"value": ox.NamedNode(iri)})
    return [(r["subject"], r["property"]) for r in rows if "subject" in r and "property" in r]


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
