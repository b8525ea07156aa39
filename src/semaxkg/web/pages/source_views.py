"""Source documents as pages show them: who published them, what they disclose, what they claim.

:func:`load_sources` reads every source (or the ones named) in five queries: the documents'
own triples, the graph each lives in, their disclosures with the passage each was read from,
their claim counts per evidence level, and the size of their reference lists.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from semaxkg.rdf.graph_store import GraphStore, Row, with_values
from semaxkg.web.pages.prologue import PROLOGUE, RDFS_LABEL, sxo

_SOURCES = PROLOGUE + """
SELECT DISTINCT ?source ?p ?o WHERE { ?source a sxo:SourceDocument ; ?p ?o . }"""

_GRAPHS = PROLOGUE + """
SELECT DISTINCT ?source ?graph WHERE { GRAPH ?graph { ?source a sxo:SourceDocument } }"""

_DISCLOSURES = PROLOGUE + """
SELECT DISTINCT ?source ?disclosure ?kind ?commercial ?declared ?note ?start ?end WHERE {
  ?source a sxo:SourceDocument ; sxo:hasDisclosure ?disclosure .
  OPTIONAL { ?disclosure sxo:disclosureKind ?kind . OPTIONAL { ?kind sxo:commercial ?commercial } }
  OPTIONAL { ?disclosure sxo:declared ?declared }
  OPTIONAL { ?disclosure sxo:note ?note }
  OPTIONAL { ?disclosure sxo:hasPassage/oa:hasSelector ?selector .
             ?selector oa:start ?start ; oa:end ?end }
}"""

_LEVEL_COUNTS = PROLOGUE + """
SELECT ?source ?level ?rank (COUNT(DISTINCT ?claim) AS ?claims) WHERE {
  ?source a sxo:SourceDocument .
  ?claim a sxo:Claim ; prov:wasQuotedFrom ?source ; sxo:evidenceLevel ?level .
  ?level sxo:rank ?rank .
} GROUP BY ?source ?level ?rank"""

_REFERENCE_COUNTS = PROLOGUE + """
SELECT ?source (COUNT(DISTINCT ?reference) AS ?references) WHERE {
  ?source a sxo:SourceDocument ; sxo:hasReference ?reference .
} GROUP BY ?source"""


@dataclass
class DisclosureView:
    """Something a source states or shows about itself."""

    iri: str
    kind: str | None = None
    commercial: bool | None = None
    declared: bool | None = None
    note: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass
class SourceView:
    """One source document with its credibility facts and claim counts."""

    iri: str
    label: str | None = None
    graph: str | None = None
    #: The document's own literal facts by predicate (title, author, date, rating, …).
    facts: dict[str, list[ox.Literal]] = field(default_factory=dict)
    publisher_kind: str | None = None
    disclosures: list[DisclosureView] = field(default_factory=list)
    #: Claims per evidence level IRI, and the rank of each level.
    claims_by_level: dict[str, int] = field(default_factory=dict)
    level_ranks: dict[str, int] = field(default_factory=dict)
    references: int = 0

    @property
    def claims(self) -> int:
        """How many claims the document makes."""
        return sum(self.claims_by_level.values())

    def fact(self, local: str) -> ox.Literal | None:
        """The first value of ``sxo:<local>`` on the document, if any."""
        values = self.facts.get(sxo(local))
        return values[0] if values else None

    def flag(self, local: str) -> bool | None:
        """A boolean fact (``sxo:commercialInterest``…) as True/False, None when absent."""
        value = self.fact(local)
        return None if value is None else value.value in ("true", "1")

    def levels(self) -> list[tuple[str, int]]:
        """(level IRI, claims) strongest level first."""
        return sorted(self.claims_by_level.items(), key=lambda item: (self.level_ranks[item[0]], item[0]))

    def iris(self) -> set[str]:
        """Every IRI the source card shows."""
        found = {self.iri, *self.claims_by_level}
        found.update(x for x in (self.graph, self.publisher_kind) if x)
        found.update(self.facts)
        for disclosure in self.disclosures:
            found.add(disclosure.iri)
            if disclosure.kind:
                found.add(disclosure.kind)
        return found


def _bool(row: Row, name: str) -> bool | None:
    term = row.get(name)
    return term.value in ("true", "1") if isinstance(term, ox.Literal) else None


def _int(row: Row, name: str) -> int | None:
    term = row.get(name)
    return int(term.value) if isinstance(term, ox.Literal) else None


def _query(query: str, wanted: list[str] | None) -> str:
    if wanted is None:
        return query
    return with_values(query, "source", [ox.NamedNode(iri) for iri in wanted])


def load_sources(store: GraphStore, sources: Iterable[str] | None = None) -> list[SourceView]:
    """The source documents named (all when ``None``), sorted by IRI."""
    wanted = sorted(set(sources)) if sources is not None else None
    if wanted == []:
        return []
    views: dict[str, SourceView] = {}
    for row in store.select(_query(_SOURCES, wanted)):
        source, predicate, term = row.get("source"), row.get("p"), row.get("o")
        if not (isinstance(source, ox.NamedNode) and isinstance(predicate, ox.NamedNode)):
            continue
        view = views.setdefault(source.value, SourceView(source.value))
        if predicate.value == RDFS_LABEL and isinstance(term, ox.Literal):
            view.label = term.value
        elif predicate.value == sxo("publisherKind") and isinstance(term, ox.NamedNode):
            view.publisher_kind = term.value
        elif isinstance(term, ox.Literal):
            view.facts.setdefault(predicate.value, []).append(term)
    for row in store.select(_query(_GRAPHS, wanted)):
        source, graph = row.get("source"), row.get("graph")
        if isinstance(source, ox.NamedNode) and isinstance(graph, ox.NamedNode) and source.value in views:
            views[source.value].graph = graph.value
    disclosures: dict[str, DisclosureView] = {}
    for row in store.select(_query(_DISCLOSURES, wanted)):
        source, disclosure = row.get("source"), row.get("disclosure")
        if not (isinstance(source, ox.NamedNode) and isinstance(disclosure, ox.NamedNode)
                and source.value in views):
            continue
        view_d = disclosures.get(disclosure.value)
        if view_d is None:
            view_d = disclosures[disclosure.value] = DisclosureView(disclosure.value)
            views[source.value].disclosures.append(view_d)
        kind, note = row.get("kind"), row.get("note")
        view_d.kind = kind.value if isinstance(kind, ox.NamedNode) else view_d.kind
        view_d.commercial = _bool(row, "commercial") if view_d.commercial is None else view_d.commercial
        view_d.declared = _bool(row, "declared") if view_d.declared is None else view_d.declared
        view_d.note = note.value if isinstance(note, ox.Literal) else view_d.note
        view_d.start = _int(row, "start") if view_d.start is None else view_d.start
        view_d.end = _int(row, "end") if view_d.end is None else view_d.end
    for row in store.select(_query(_LEVEL_COUNTS, wanted)):
        source, level = row.get("source"), row.get("level")
        rank, claims = _int(row, "rank"), _int(row, "claims")
        if (isinstance(source, ox.NamedNode) and isinstance(level, ox.NamedNode) and rank is not None
                and claims is not None and source.value in views):
            views[source.value].claims_by_level[level.value] = claims
            views[source.value].level_ranks[level.value] = rank
    for row in store.select(_query(_REFERENCE_COUNTS, wanted)):
        source, references = row.get("source"), _int(row, "references")
        if isinstance(source, ox.NamedNode) and references is not None and source.value in views:
            views[source.value].references = references
    for view in views.values():
        view.disclosures.sort(key=lambda d: (d.start if d.start is not None else -1, d.iri))
    return [views[iri] for iri in sorted(views)]


_REFERENCES = PROLOGUE + """
SELECT DISTINCT ?reference ?number ?authors ?year ?title ?venue ?study ?pubmed ?doi WHERE {
  ?source sxo:hasReference ?reference .
  OPTIONAL { ?reference sxo:referenceNumber ?number }
  OPTIONAL { ?reference sxo:authors ?authors }
  OPTIONAL { ?reference sxo:year ?year }
  OPTIONAL { ?reference sxo:title ?title }
  OPTIONAL { ?reference sxo:venue ?venue }
  OPTIONAL { ?reference sxo:refersToStudy ?study }
  OPTIONAL { ?reference sxo:pubmed ?pubmed }
  OPTIONAL { ?reference sxo:doi ?doi }
}"""


@dataclass
class ReferenceView:
    """One entry of a source's reference list."""

    iri: str
    number: int | None = None
    authors: str | None = None
    year: int | None = None
    title: str | None = None
    venue: str | None = None
    studies: list[str] = field(default_factory=list)
    pubmed: list[str] = field(default_factory=list)
    doi: list[str] = field(default_factory=list)

    def iris(self) -> set[str]:
        """Every IRI the entry shows."""
        return {self.iri, *self.studies, *self.pubmed, *self.doi}


def _text(row: Row, name: str) -> str | None:
    term = row.get(name)
    return term.value if isinstance(term, ox.Literal) else None


def _add_iri(items: list[str], row: Row, name: str) -> None:
    term = row.get(name)
    if isinstance(term, ox.NamedNode) and term.value not in items:
        items.append(term.value)


def load_references(store: GraphStore, source: str) -> list[ReferenceView]:
    """The reference list of ``source``, by number."""
    views: dict[str, ReferenceView] = {}
    for row in store.select(_REFERENCES, {"source": ox.NamedNode(source)}):
        reference = row.get("reference")
        if not isinstance(reference, ox.NamedNode):
            continue
        view = views.setdefault(reference.value, ReferenceView(reference.value))
        view.number = view.number if view.number is not None else _int(row, "number")
        view.year = view.year if view.year is not None else _int(row, "year")
        view.authors = view.authors or _text(row, "authors")
        view.title = view.title or _text(row, "title")
        view.venue = view.venue or _text(row, "venue")
        _add_iri(view.studies, row, "study")
        _add_iri(view.pubmed, row, "pubmed")
        _add_iri(view.doi, row, "doi")
    return sorted(views.values(), key=lambda r: (r.number if r.number is not None else 0, r.iri))
