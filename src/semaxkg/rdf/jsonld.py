"""JSON-LD: our ``@context`` (generated from the ontology) and the compact and expanded forms.

The context maps our prefixes (:data:`semaxkg.rdf.namespaces.PREFIXES`) and gives every
ontology class a term (``"Claim": "sxo:Claim"``) and every ontology property a term with its
value type: object properties ``"@type": "@id"``, datatype properties with one XSD range
that datatype. A value that does not fit a term's type is written with the compact IRI
(``"sxo:note"``), so compaction never loses a triple.

*Compact* documents embed the context object, so any JSON-LD processor (rdflib included)
reads them offline; the same object is published at ``/context.jsonld``. *Expanded*
documents (``@id``/``@value`` everywhere, no context) are self-contained by definition.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from semaxkg.rdf.graph_store import GraphStore
from semaxkg.rdf.iri_scheme import BASE, JSON_LD, PREFIXES, SXO, XSD, prefixes_for, sparql_prefixes

if TYPE_CHECKING:
    import rdflib

#: JSON-LD media type and the profile IRIs a client may ask for.
MEDIA_TYPE = "application/ld+json"
EXPANDED_PROFILE = JSON_LD + "expanded"
COMPACTED_PROFILE = JSON_LD + "compacted"

_XSD = XSD
_TERMS_QUERY = sparql_prefixes("owl", "rdfs") + """SELECT ?term ?kind ?range WHERE {
  ?term a ?kind .
  VALUES ?kind { owl:Class owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty }
  OPTIONAL { ?term rdfs:range ?range }
}"""
#: Keys a term may not take (JSON-LD keywords start with ``@``; prefixes are taken).
_RESERVED = frozenset(PREFIXES)


def build_context(store: GraphStore, base: str = BASE) -> dict[str, Any]:
    """The ``@context`` object: prefixes (``sx:`` under ``base``), then one term per ontology
    class and property."""
    kinds: dict[str, set[str]] = {}
    ranges: dict[str, set[str]] = {}
    for row in store.select(_TERMS_QUERY):
        term, kind, rng = row.get("term"), row.get("kind"), row.get("range")
        if not isinstance(term, ox.NamedNode) or not isinstance(kind, ox.NamedNode):
            continue
        if not term.value.startswith(SXO):
            continue
        kinds.setdefault(term.value, set()).add(kind.value.rsplit("#", 1)[-1])
        if isinstance(rng, ox.NamedNode):
            ranges.setdefault(term.value, set()).add(rng.value)
    context: dict[str, Any] = dict(sorted(prefixes_for(base).items()))
    for iri in sorted(kinds):
        name = iri[len(SXO):]
        if not name or name in _RESERVED or not name.replace("-", "").replace("_", "").isalnum():
            continue
        compact = f"sxo:{name}"
        kind_names = kinds[iri]
        if "Class" in kind_names:
            context[name] = compact
        elif "ObjectProperty" in kind_names:
            context[name] = {"@id": compact, "@type": "@id"}
        elif "DatatypeProperty" in kind_names:
            datatypes = ranges.get(iri, set())
            only = next(iter(datatypes)) if len(datatypes) == 1 else ""
            if only.startswith(_XSD) and only != _XSD + "string":
                context[name] = {"@id": compact, "@type": "xsd:" + only[len(_XSD):]}
            else:
                context[name] = {"@id": compact}
        else:
            context[name] = {"@id": compact}
    return context


def context_document(context: dict[str, Any]) -> bytes:
    """The document published at ``/context.jsonld``."""
    return (json.dumps({"@context": context}, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def rdflib_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> rdflib.term.Node:
    """The rdflib term of a pyoxigraph term: the one conversion (the build uses it too)."""
    import rdflib  # only when a JSON-LD document is written: serving starts without rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)  # the label is kept, so output stays reproducible
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype: str | None = term.datatype.value if term.datatype is not None else None
        # RDF 1.1: a simple literal is an xsd:string; rdflib writes it plainly only untyped.
        if datatype == _XSD + "string":
            datatype = None
        return rdflib.Literal(term.value, datatype=datatype)
    raise ValueError(f"RDF-star triple terms are not supported in JSON-LD: {term}")


def to_rdflib(triples: Iterable[ox.Triple]) -> rdflib.Graph:
    """An rdflib graph holding ``triples``, inserted in the order given, blank-node labels kept."""
    import rdflib  # see _rdflib_term

    graph = rdflib.Graph(bind_namespaces="none")
    for t in triples:
        graph.add((rdflib_term(t.subject), rdflib_term(t.predicate), rdflib_term(t.object)))
    return graph


def compact(triples: Iterable[ox.Triple], context: dict[str, Any]) -> bytes:
    """Compact JSON-LD of ``triples`` with ``context`` embedded."""
    graph = to_rdflib(triples)
    text = graph.serialize(format="json-ld", context=context, auto_compact=True, indent=2)
    return canonical_json(json.loads(text))


def _ordered(value: Any, in_list: bool = False) -> Any:
    """``value`` with keys sorted and arrays sorted (but never the items of an ``@list``)."""
    if isinstance(value, dict):
        return {key: _ordered(item, key == "@list") for key, item in sorted(value.items())}
    if isinstance(value, list):
        items = [_ordered(item) for item in value]
        if in_list:
            return items
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return value


def canonical_json(document: Any) -> bytes:
    """JSON-LD bytes that do not depend on the serialiser's iteration order.

    rdflib walks subjects and values in an order that changes with the hash seed; node
    objects and values in arrays are unordered in JSON-LD (except in ``@list``), so sorting
    them keeps the meaning and makes the build reproducible.
    """
    return (json.dumps(_ordered(document), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def expanded(triples: Iterable[ox.Triple]) -> bytes:
    """Expanded JSON-LD of ``triples`` (no context: every IRI written out)."""
    return ox.serialize(list(triples), format=ox.RdfFormat.JSON_LD) or b""
