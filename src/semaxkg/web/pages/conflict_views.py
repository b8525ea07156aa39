"""Conflicts as pages show them: kind, status, how they were found, the sides and why.

One query reads every triple of the wanted conflicts together with the source of each claim
they involve; :class:`ConflictView` sorts the triples into the parts a reader needs. A side is
either a claim (with the document that made it) or a record: the cited study's own record, or
an external reference record, with what that record says.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from semaxkg.rdf.graph_store import GraphStore, with_values
from semaxkg.web.pages.prologue import PROLOGUE, RDF_TYPE, RDFS_COMMENT, RDFS_LABEL, sxo

#: The ``detectedBy`` value of a conflict recorded by hand (others name a rule).
CURATOR = "curator"

_CONFLICTS = PROLOGUE + """
SELECT DISTINCT ?conflict ?p ?o ?src WHERE {
  ?conflict a sxo:Conflict ; ?p ?o .
  OPTIONAL { ?o prov:wasQuotedFrom ?src }
}"""

_KINDS = PROLOGUE + """
SELECT ?kind ?notation WHERE {
  ?kind a sxo:ConflictKind ; skos:notation ?notation .
}"""

_STATUSES = PROLOGUE + """
SELECT ?status ?notation WHERE {
  ?status a sxo:ConflictStatus ; skos:notation ?notation .
}"""

_BASES = PROLOGUE + """
SELECT ?basis ?notation WHERE {
  ?basis a sxo:ConflictBasis ; skos:notation ?notation .
}"""

#: Properties drawn in their own place on a conflict card (the rest are listed as details).
_SHOWN = frozenset({
    RDF_TYPE, RDFS_LABEL, RDFS_COMMENT, sxo("conflictKind"), sxo("conflictStatus"),
    sxo("detectedBy"), sxo("involvesClaim"), sxo("citedRecord"), sxo("referenceRecord"),
    sxo("recordSays"),
})


@dataclass
class ClaimSide:
    """A claim taking part in a conflict, with the documents it was quoted from."""

    claim: str
    sources: list[str] = field(default_factory=list)


@dataclass
class ConflictView:
    """One conflict, ready for a page."""

    iri: str
    kind: str | None = None
    status: str | None = None
    #: What the disagreement is about (``sxo:conflictBasis``), when a basis is recorded.
    basis: str | None = None
    explanation: str | None = None
    detected_by: str | None = None
    claims: list[ClaimSide] = field(default_factory=list)
    records: list[str] = field(default_factory=list)
    record_says: str | None = None
    #: Other properties (record part, record mechanism, …) as (predicate, term) pairs.
    details: list[tuple[str, ox.NamedNode | ox.Literal]] = field(default_factory=list)

    @property
    def curated(self) -> bool:
        """True when a curator recorded the conflict, False when a rule found it."""
        return self.detected_by == CURATOR

    def claim_iris(self) -> list[str]:
        """The IRIs of the claims involved."""
        return [side.claim for side in self.claims]

    def iris(self) -> set[str]:
        """Every IRI the card shows (for one batched label lookup)."""
        found = {self.iri, *self.records, *self.claim_iris()}
        found.update(s for side in self.claims for s in side.sources)
        found.update(x for x in (self.kind, self.status, self.basis) if x)
        for predicate, term in self.details:
            found.add(predicate)
            if isinstance(term, ox.NamedNode):
                found.add(term.value)
        return found


def _add(view: ConflictView, predicate: str, term: ox.NamedNode | ox.Literal,
         source: ox.NamedNode | None) -> None:
    value = term.value
    if predicate == sxo("conflictKind"):
        view.kind = value
    elif predicate == sxo("conflictStatus"):
        view.status = value
    elif predicate == sxo("conflictBasis"):
        # Kept among the details too, so the card lists it where it always did.
        view.basis = value
        if (predicate, term) not in view.details:
            view.details.append((predicate, term))
    elif predicate == RDFS_COMMENT:
        view.explanation = value
    elif predicate == sxo("detectedBy"):
        view.detected_by = value
    elif predicate == sxo("recordSays"):
        view.record_says = value
    elif predicate in (sxo("citedRecord"), sxo("referenceRecord")):
        if value not in view.records:
            view.records.append(value)
    elif predicate == sxo("involvesClaim"):
        side = next((s for s in view.claims if s.claim == value), None)
        if side is None:
            side = ClaimSide(value)
            view.claims.append(side)
        if source is not None and source.value not in side.sources:
            side.sources.append(source.value)
    elif predicate not in _SHOWN and (predicate, term) not in view.details:
        view.details.append((predicate, term))


def load_conflicts(store: GraphStore, conflicts: Iterable[str] | None = None) -> list[ConflictView]:
    """The conflicts named (all when ``None``), sorted by IRI."""
    query = _CONFLICTS
    if conflicts is not None:
        wanted = sorted(set(conflicts))
        if not wanted:
            return []
        query = with_values(_CONFLICTS, "conflict", [ox.NamedNode(iri) for iri in wanted])
    views: dict[str, ConflictView] = {}
    for row in store.select(query):
        conflict, predicate, term = row.get("conflict"), row.get("p"), row.get("o")
        if not (isinstance(conflict, ox.NamedNode) and isinstance(predicate, ox.NamedNode)
                and isinstance(term, ox.NamedNode | ox.Literal)):
            continue
        view = views.setdefault(conflict.value, ConflictView(conflict.value))
        source = row.get("src")
        _add(view, predicate.value, term, source if isinstance(source, ox.NamedNode) else None)
    for view in views.values():
        view.claims.sort(key=lambda side: side.claim)
        view.details.sort(key=lambda item: (item[0], item[1].value))
    return [views[iri] for iri in sorted(views)]


def _notations(store: GraphStore, query: str, variable: str) -> dict[str, str]:
    codes: dict[str, str] = {}
    for row in store.select(query):
        term, notation = row.get(variable), row.get("notation")
        if isinstance(term, ox.NamedNode) and isinstance(notation, ox.Literal):
            codes[notation.value] = term.value
    return dict(sorted(codes.items()))


def conflict_kinds(store: GraphStore) -> dict[str, str]:
    """The conflict kinds the ontology defines: notation code → IRI, sorted by code."""
    return _notations(store, _KINDS, "kind")


def conflict_statuses(store: GraphStore) -> dict[str, str]:
    """The conflict statuses the ontology defines: notation code → IRI, sorted by code."""
    return _notations(store, _STATUSES, "status")


def conflict_bases(store: GraphStore) -> dict[str, str]:
    """The conflict bases the ontology defines: notation code → IRI, sorted by code."""
    return _notations(store, _BASES, "basis")
