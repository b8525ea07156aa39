"""Claims as pages show them: what is claimed, where it was read, how strong, who disagrees.

:func:`load_claims` reads any number of claims in four batched queries (the claims' own
triples, their passages, the studies behind them, the conflicts they take part in), whatever
the number of claims, so an entity page listing two hundred claims costs what a claim page
costs. Everything shown comes from the data: the passage text is the curators' paraphrase
(never the source's words), offsets are those of the ``oa:TextPositionSelector``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from semaxkg.rdf.graph_store import GraphStore, Row, Term, with_values
from semaxkg.rdf.iri_scheme import PROV
from semaxkg.web.pages.conflict_views import ConflictView, load_conflicts
from semaxkg.web.pages.prologue import PROLOGUE, RDF_TYPE, RDFS_LABEL, sxo

#: Most claims per query (keeps each VALUES clause a reasonable size).
CLAIM_BATCH = 200
#: ``skos:notation`` codes of the study design features that say how a study was blinded.
BLINDING_CODES = frozenset({"double_blind", "single_blind", "open_label"})
PROV_QUOTED_FROM = PROV + "wasQuotedFrom"
PROV_PRIMARY_SOURCE = PROV + "hadPrimarySource"

_TRIPLES = PROLOGUE + """
SELECT DISTINCT ?claim ?p ?o WHERE { ?claim a sxo:Claim ; ?p ?o . }"""

_PASSAGES = PROLOGUE + """
SELECT DISTINCT ?claim ?passage ?doc ?section ?start ?end WHERE {
  ?claim sxo:hasPassage ?passage .
  ?passage oa:hasSelector ?selector .
  ?selector oa:start ?start ; oa:end ?end .
  OPTIONAL { ?passage oa:hasSource ?doc }
  OPTIONAL { ?passage sxo:section ?section }
}"""

# Studies are read by their own IRIs (taken from the claims' triples): joining claims to
# studies inside one query with a VALUES list of claims is a hundred times slower.
_STUDIES = PROLOGUE + """
SELECT DISTINCT ?study ?p ?o ?notation WHERE {
  ?study a sxo:Study ; ?p ?o .
  OPTIONAL { ?o skos:notation ?notation }
}"""
#: Claim properties that point to the study behind the claim.
_STUDY_LINKS = frozenset({PROV_PRIMARY_SOURCE, sxo("supportingStudy")})

_CONFLICTS_OF = PROLOGUE + """
SELECT DISTINCT ?claim ?conflict WHERE { ?conflict sxo:involvesClaim ?claim . }"""

#: Claim properties drawn in their own place on a claim card; the rest are "qualifiers".
_SHOWN = frozenset({
    RDF_TYPE, RDFS_LABEL, sxo("paraphrase"), sxo("claimSubject"), sxo("claimPredicate"),
    sxo("claimObject"), sxo("claimValue"), sxo("hedging"), sxo("evidenceLevel"),
    sxo("hasClaimKind"), sxo("negated"), sxo("hasPassage"), sxo("conflictsWith"),
    sxo("note"), sxo("keyTerm"), sxo("evidenceRule"), sxo("evidenceType"),
    sxo("commercialSupportOnly"), sxo("supportingStudy"), sxo("citesReference"),
    sxo("supportKind"), sxo("studySupport"), sxo("gradedByStudy"), sxo("contextStudy"),
    PROV_QUOTED_FROM, PROV_PRIMARY_SOURCE,
})


@dataclass(frozen=True)
class PassageView:
    """Where a claim was read: the document, its section and the character span."""

    iri: str
    document: str | None
    section: str | None
    start: int
    end: int


@dataclass
class StudyView:
    """The study behind a claim, with the curated facts that grade it."""

    iri: str
    designs: list[str] = field(default_factory=list)
    blinding: list[str] = field(default_factory=list)
    species: list[str] = field(default_factory=list)
    populations: list[str] = field(default_factory=list)
    sample_size: int | None = None
    year: int | None = None
    pubmed: list[str] = field(default_factory=list)
    doi: list[str] = field(default_factory=list)

    def iris(self) -> set[str]:
        """Every IRI the study box shows."""
        return {self.iri, *self.designs, *self.species, *self.populations, *self.pubmed, *self.doi}


@dataclass
class ClaimView:
    """One claim with everything a reader needs to judge it."""

    iri: str
    text: str = ""
    subject: str | None = None
    predicate: str | None = None
    object: str | None = None
    value: ox.Literal | None = None
    negated: bool = False
    hedging: str | None = None
    level: str | None = None
    kind: str | None = None
    evidence_rule: str | None = None
    evidence_type: str | None = None
    commercial_support_only: bool = False
    #: How the source ties the claim to evidence, and what the linked study's record says.
    support: str | None = None
    study_support: str | None = None
    #: The study whose design set the level; studies shown only as context (curators' link).
    graded_by: str | None = None
    context_studies: list[str] = field(default_factory=list)
    note: str | None = None
    sources: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    passages: list[PassageView] = field(default_factory=list)
    studies: list[StudyView] = field(default_factory=list)
    conflicts: list[ConflictView] = field(default_factory=list)
    #: Claims that disagree with this one (``sxo:conflictsWith`` and the conflicts' other sides).
    conflicting: list[str] = field(default_factory=list)
    #: The documents each conflicting claim was quoted from (as far as the conflicts say).
    conflicting_sources: dict[str, list[str]] = field(default_factory=dict)
    #: Other properties (direction, species, dose, …) as (predicate, term) pairs.
    qualifiers: list[tuple[str, ox.NamedNode | ox.Literal]] = field(default_factory=list)

    @property
    def disputed(self) -> bool:
        """True when the claim takes part in a genuine conflict (apparent ones do not count)."""
        return any(conflict.status == sxo("genuine") for conflict in self.conflicts)

    def iris(self) -> set[str]:
        """Every IRI the claim card shows (for one batched label lookup)."""
        found = {self.iri, *self.sources, *self.references, *self.conflicting}
        found.update(s for sources in self.conflicting_sources.values() for s in sources)
        found.update(x for x in (self.subject, self.predicate, self.object, self.hedging,
                                 self.level, self.kind, self.evidence_type, self.support,
                                 self.study_support) if x)
        found.update(p.document for p in self.passages if p.document)
        for study in self.studies:
            found |= study.iris()
        for conflict in self.conflicts:
            found |= conflict.iris()
        for predicate, term in self.qualifiers:
            found.add(predicate)
            if isinstance(term, ox.NamedNode):
                found.add(term.value)
        return found


def _named(row: Row, name: str) -> str | None:
    term = row.get(name)
    return term.value if isinstance(term, ox.NamedNode) else None


def _literal(row: Row, name: str) -> ox.Literal | None:
    term = row.get(name)
    return term if isinstance(term, ox.Literal) else None


def _append(items: list[str], value: str) -> None:
    if value not in items:
        items.append(value)


def _add_triple(view: ClaimView, predicate: str, term: ox.NamedNode | ox.Literal) -> None:
    value = term.value
    if predicate == sxo("paraphrase") or (predicate == RDFS_LABEL and not view.text):
        view.text = value
    elif predicate == sxo("claimSubject"):
        view.subject = value
    elif predicate == sxo("claimPredicate"):
        view.predicate = value
    elif predicate == sxo("claimObject"):
        view.object = value
    elif predicate == sxo("claimValue") and isinstance(term, ox.Literal):
        view.value = term
    elif predicate == sxo("negated"):
        view.negated = value in ("true", "1")
    elif predicate == sxo("hedging"):
        view.hedging = value
    elif predicate == sxo("evidenceLevel"):
        view.level = value
    elif predicate == sxo("hasClaimKind"):
        view.kind = value
    elif predicate == sxo("evidenceRule"):
        view.evidence_rule = value
    elif predicate == sxo("evidenceType"):
        view.evidence_type = value
    elif predicate == sxo("supportKind"):
        view.support = value
    elif predicate == sxo("studySupport"):
        view.study_support = value
    elif predicate == sxo("gradedByStudy"):
        view.graded_by = value
    elif predicate == sxo("contextStudy"):
        _append(view.context_studies, value)
    elif predicate == sxo("commercialSupportOnly"):
        view.commercial_support_only = value in ("true", "1")
    elif predicate == sxo("note"):
        view.note = value
    elif predicate == PROV_QUOTED_FROM:
        _append(view.sources, value)
    elif predicate == sxo("citesReference"):
        _append(view.references, value)
    elif predicate == sxo("conflictsWith"):
        _append(view.conflicting, value)
    elif predicate not in _SHOWN and (predicate, term) not in view.qualifiers:
        view.qualifiers.append((predicate, term))


def _add_study_triple(study: StudyView, predicate: str, term: Term, notation: str | None) -> None:
    if isinstance(term, ox.Literal):
        if predicate == sxo("sampleSize") and study.sample_size is None:
            study.sample_size = int(term.value)
        elif predicate == sxo("year") and study.year is None:
            study.year = int(term.value)
        return
    if not isinstance(term, ox.NamedNode):
        return
    if predicate == sxo("designFeature"):
        _append(study.designs, term.value)
        if notation in BLINDING_CODES:
            _append(study.blinding, term.value)
    elif predicate == sxo("species"):
        _append(study.species, term.value)
    elif predicate == sxo("examinedPopulation"):
        _append(study.populations, term.value)
    elif predicate == sxo("pubmed"):
        _append(study.pubmed, term.value)
    elif predicate == sxo("doi"):
        _append(study.doi, term.value)


def _batches(iris: Sequence[str]) -> Iterable[list[ox.NamedNode]]:
    for start in range(0, len(iris), CLAIM_BATCH):
        yield [ox.NamedNode(iri) for iri in iris[start:start + CLAIM_BATCH]]


def load_claims(store: GraphStore, claims: Iterable[str]) -> list[ClaimView]:
    """The named claims (those that exist), in the order given, with all their parts."""
    wanted = list(dict.fromkeys(claims))
    views: dict[str, ClaimView] = {}
    conflicts_of: dict[str, list[str]] = {}
    studies_of: dict[str, list[str]] = {}
    for batch in _batches(wanted):
        for row in store.select(with_values(_TRIPLES, "claim", batch)):
            claim, predicate, term = _named(row, "claim"), _named(row, "p"), row.get("o")
            if claim and predicate and isinstance(term, ox.NamedNode | ox.Literal):
                _add_triple(views.setdefault(claim, ClaimView(claim)), predicate, term)
                if predicate in _STUDY_LINKS and isinstance(term, ox.NamedNode):
                    _append(studies_of.setdefault(claim, []), term.value)
        for row in store.select(with_values(_PASSAGES, "claim", batch)):
            claim, passage = _named(row, "claim"), _named(row, "passage")
            start, end, section = _literal(row, "start"), _literal(row, "end"), _literal(row, "section")
            if claim in views and passage and start is not None and end is not None:
                views[claim].passages.append(PassageView(
                    passage, _named(row, "doc"), section.value if section else None,
                    int(start.value), int(end.value)))
        for row in store.select(with_values(_CONFLICTS_OF, "claim", batch)):
            claim, conflict = _named(row, "claim"), _named(row, "conflict")
            if claim in views and conflict:
                conflicts_of.setdefault(claim, []).append(conflict)
    studies = _load_studies(store, {s for listed in studies_of.values() for s in listed})
    conflicts = {view.iri: view for view in load_conflicts(
        store, {iri for listed in conflicts_of.values() for iri in listed})}
    for claim, view in views.items():
        view.passages.sort(key=lambda p: (p.start, p.end, p.iri))
        view.studies = [studies[s] for s in sorted(studies_of.get(claim, [])) if s in studies]
        view.qualifiers.sort(key=lambda item: (item[0], item[1].value))
        wanted_conflicts = sorted(set(conflicts_of.get(claim, [])))
        view.conflicts = [conflicts[iri] for iri in wanted_conflicts if iri in conflicts]
        for involved in view.conflicts:
            for side in involved.claims:
                if side.claim != claim:
                    _append(view.conflicting, side.claim)
                    for source in side.sources:
                        _append(view.conflicting_sources.setdefault(side.claim, []), source)
        view.conflicting.sort()
    return [views[iri] for iri in wanted if iri in views]


def _load_studies(store: GraphStore, iris: set[str]) -> dict[str, StudyView]:
    """The studies named (those typed ``sxo:Study``), by IRI."""
    studies: dict[str, StudyView] = {}
    for batch in _batches(sorted(iris)):
        for row in store.select(with_values(_STUDIES, "study", batch)):
            study, predicate, term = _named(row, "study"), _named(row, "p"), row.get("o")
            if study and predicate and term is not None:
                notation = _literal(row, "notation")
                _add_study_triple(studies.setdefault(study, StudyView(study)), predicate, term,
                                  notation.value if notation else None)
    return studies
