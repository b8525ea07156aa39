"""The media types the endpoint answers in, with their aliases and short names.

Three kinds of result exist: ``solutions`` (SELECT), ``boolean`` (ASK) and ``graph``
(CONSTRUCT/DESCRIBE, and the service description). Each :class:`Format` belongs to one or more
kinds; an alias such as ``application/json`` means SPARQL JSON for solutions and JSON-LD for a
graph, so aliases are looked up per kind.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import pyoxigraph as ox

from semaxkg.rdf.iri_scheme import FORMATS


class Kind(StrEnum):
    """What a query returns."""

    SOLUTIONS = "solutions"
    BOOLEAN = "boolean"
    GRAPH = "graph"


@dataclass(frozen=True)
class Format:
    """One serialisation: canonical media type, aliases, short names and its W3C format IRI."""

    name: str
    media_type: str
    kinds: frozenset[Kind]
    aliases: tuple[str, ...] = ()
    short_names: tuple[str, ...] = ()
    format_iri: str = ""
    rdf_format: ox.RdfFormat | None = None

    @property
    def content_type(self) -> str:
        """The exact ``Content-Type`` header value, with charset."""
        return f"{self.media_type}; charset=utf-8"


_RESULTS = frozenset({Kind.SOLUTIONS, Kind.BOOLEAN})
_GRAPH = frozenset({Kind.GRAPH})
_W3C = FORMATS

SPARQL_JSON = Format(
    "json", "application/sparql-results+json", _RESULTS,
    ("application/json", "text/json"), ("json", "srj"), _W3C + "SPARQL_Results_JSON",
)
SPARQL_XML = Format(
    "xml", "application/sparql-results+xml", _RESULTS,
    ("application/xml", "text/xml"), ("xml", "srx"), _W3C + "SPARQL_Results_XML",
)
SPARQL_CSV = Format("csv", "text/csv", _RESULTS, (), ("csv",), _W3C + "SPARQL_Results_CSV")
SPARQL_TSV = Format(
    "tsv", "text/tab-separated-values", _RESULTS, (), ("tsv",), _W3C + "SPARQL_Results_TSV"
)
TURTLE = Format(
    "turtle", "text/turtle", _GRAPH, ("application/turtle", "application/x-turtle"),
    ("turtle", "ttl"), _W3C + "Turtle", ox.RdfFormat.TURTLE,
)
JSON_LD = Format(
    "json-ld", "application/ld+json", _GRAPH,
    ("application/x-json+ld", "application/json", "text/json"),
    ("json-ld", "jsonld", "json"), _W3C + "JSON-LD", ox.RdfFormat.JSON_LD,
)
RDF_XML = Format(
    "rdf-xml", "application/rdf+xml", _GRAPH, ("application/xml", "text/xml"),
    ("rdf-xml", "rdfxml", "rdf+xml", "xml", "rdf"), _W3C + "RDF_XML", ox.RdfFormat.RDF_XML,
)
N_TRIPLES = Format(
    "n-triples", "application/n-triples", _GRAPH, ("text/plain",),
    ("n-triples", "ntriples", "nt"), _W3C + "N-Triples", ox.RdfFormat.N_TRIPLES,
)
N3 = Format(
    "n3", "text/n3", _GRAPH, ("text/rdf+n3",), ("n3",), _W3C + "N3", ox.RdfFormat.N3
)
TRIG = Format(
    "trig", "application/trig", _GRAPH, (), ("trig",), _W3C + "TriG", ox.RdfFormat.TRIG
)
N_QUADS = Format(
    "n-quads", "application/n-quads", _GRAPH, (), ("n-quads", "nquads", "nq"),
    _W3C + "N-Quads", ox.RdfFormat.N_QUADS,
)

#: In order of preference: the first format of a kind is its default (no Accept, or ``*/*``).
ALL_FORMATS: tuple[Format, ...] = (
    SPARQL_JSON, SPARQL_XML, SPARQL_CSV, SPARQL_TSV,
    TURTLE, JSON_LD, RDF_XML, N_TRIPLES, N3, TRIG, N_QUADS,
)


#: The one table of RDF file extensions: extension → syntax. ``semaxkg serve`` loads any of
#: them; a store upload reads the dataset ones (:data:`DATASET_EXTENSIONS`).
FILE_EXTENSIONS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".ntriples": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".nquads": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".n3": ox.RdfFormat.N3,
}
#: Extensions of the files that hold named graphs in lines we can split (N-Quads, TriG).
DATASET_EXTENSIONS: dict[str, ox.RdfFormat] = {
    ext: syntax for ext, syntax in FILE_EXTENSIONS.items()
    if syntax in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG)
}


def media_type_of(syntax: ox.RdfFormat) -> str:
    """The canonical media type of an RDF syntax, from the registry.

    >>> media_type_of(ox.RdfFormat.N_TRIPLES)
    'application/n-triples'
    """
    return next(f.media_type for f in ALL_FORMATS if f.rdf_format == syntax)


def formats_for(kind: Kind) -> tuple[Format, ...]:
    """Formats that can serialise a result of ``kind``, default first."""
    return tuple(f for f in ALL_FORMATS if kind in f.kinds)


def offers_for(kind: Kind) -> dict[str, Format]:
    """Media type (canonical, then aliases) → format, for ``kind``, in preference order."""
    offers: dict[str, Format] = {}
    for fmt in formats_for(kind):
        offers.setdefault(fmt.media_type, fmt)
    for fmt in formats_for(kind):
        for alias in fmt.aliases:
            offers.setdefault(alias, fmt)
    return offers


def by_short_name(kind: Kind, name: str) -> Format | None:
    """The format of ``kind`` named ``name`` (``json``, ``ttl``…) or given as a media type."""
    key = name.strip().lower()
    for fmt in formats_for(kind):
        if key in fmt.short_names or key == fmt.media_type:
            return fmt
    return offers_for(kind).get(key)


def not_acceptable_message(what: str, offered: Iterable[str]) -> str:
    """The one wording of every 406: what did not fit, then the media types offered.

    >>> print(not_acceptable_message("this document", ["text/turtle", "text/html"]), end="")
    None of the media types in Accept fits this document. Supported:
    text/turtle
    text/html
    """
    listed = "\n".join(dict.fromkeys(offered))
    return f"None of the media types in Accept fits {what}. Supported:\n{listed}\n"


def supported_media_types() -> list[str]:
    """Every canonical media type, for 406 answers and the service description."""
    return [f.media_type for f in ALL_FORMATS]
