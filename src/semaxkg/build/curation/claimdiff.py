"""Compare the claims of two builds (N-Quads), field by field.

A claim's *fields* are its own triples (``sxo:evidenceLevel``, ``sxo:hedging``, …), the
triples of the resources minted below its IRI (``…/passage-1/selector oa:start``), and, for
each curated or detected conflict it takes part in, the conflict's kind, status, basis and
detector. So a changed evidence level, a moved locator or a conflict that opens, closes or
changes status all show up as a changed field of the claims concerned.
"""

from __future__ import annotations

import gzip
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from semaxkg.rdf.iri_scheme import ID, PREFIXES, SXO

RDF_TYPE = PREFIXES["rdf"] + "type"
CLAIM_CLASS = SXO + "Claim"
CLAIM_BASE = ID + "claim/"
INVOLVES = SXO + "involvesClaim"
#: The conflict properties reported as fields of every claim the conflict involves.
CONFLICT_FIELDS = frozenset({SXO + "conflictKind", SXO + "conflictStatus", SXO + "conflictBasis",
                             SXO + "detectedBy", INVOLVES})
PARAPHRASE = SXO + "paraphrase"

Term = ox.NamedNode | ox.Literal | ox.BlankNode
#: (subject, predicate) of the triples making up one field.
FieldKey = tuple[str, str]


@dataclass
class ClaimSet:
    """Every claim of one build: claim id → field → object terms."""

    claims: dict[str, dict[FieldKey, frozenset[Term]]] = field(default_factory=dict)


@dataclass(frozen=True)
class FieldChange:
    """One field of a claim whose values differ."""

    subject: str
    predicate: str
    removed: tuple[Term, ...]
    added: tuple[Term, ...]


@dataclass
class ClaimDiff:
    """Claims added, removed and changed (with their changed fields) from A to B."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[FieldChange]] = field(default_factory=dict)
    paraphrases: dict[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """True when the two builds claim the same."""
        return not (self.added or self.removed or self.changed)


def read_quads(path: Path) -> list[ox.Quad]:
    """The quads of an N-Quads file (gzip-compressed when its name ends in ``.gz``)."""
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    return list(ox.parse(data, format=ox.RdfFormat.N_QUADS))


def _plain(quads: list[ox.Quad]) -> list[tuple[str, bool, str, Term]]:
    """(subject, subject is an IRI, predicate, object); quoted triples (RDF-star) are skipped."""
    out = []
    for q in quads:
        s, o = q.subject, q.object
        if not isinstance(s, ox.Triple) and not isinstance(o, ox.Triple):
            out.append((s.value, isinstance(s, ox.NamedNode), q.predicate.value, o))
    return out


def claim_set(quads: list[ox.Quad]) -> ClaimSet:
    """Group the quads by the claim they describe."""
    plain = _plain(quads)
    claims = {s for s, is_iri, p, o in plain
              if is_iri and p == RDF_TYPE and isinstance(o, ox.NamedNode)
              and o.value == CLAIM_CLASS and s.startswith(CLAIM_BASE)}
    conflicts: dict[str, set[str]] = defaultdict(set)
    for s, _, p, o in plain:
        if p == INVOLVES and o.value in claims:
            conflicts[s].add(o.value)
    fields: dict[str, dict[FieldKey, set[Term]]] = {c: defaultdict(set) for c in claims}
    for s, is_iri, p, o in plain:
        owner = CLAIM_BASE + s[len(CLAIM_BASE):].split("/", 1)[0] if s.startswith(CLAIM_BASE) else ""
        if is_iri and owner in claims:
            fields[owner][(s, p)].add(o)
        if p not in CONFLICT_FIELDS:
            continue
        for claim in conflicts.get(s, ()):
            # Membership shows as the conflict's involvesClaim of this claim alone.
            if p != INVOLVES or o.value == claim:
                fields[claim][(s, p)].add(o)
    return ClaimSet({c.removeprefix(CLAIM_BASE): {k: frozenset(v) for k, v in f.items()}
                     for c, f in fields.items()})


def _paraphrase(fields: dict[FieldKey, frozenset[Term]], claim: str) -> str:
    values = fields.get((CLAIM_BASE + claim, PARAPHRASE), frozenset())
    return next((v.value for v in values), "")


def diff(a: ClaimSet, b: ClaimSet) -> ClaimDiff:
    """What changed in the claims from ``a`` to ``b``."""
    out = ClaimDiff(added=sorted(b.claims.keys() - a.claims.keys()),
                    removed=sorted(a.claims.keys() - b.claims.keys()))
    for claim in out.added:
        out.paraphrases[claim] = _paraphrase(b.claims[claim], claim)
    for claim in out.removed:
        out.paraphrases[claim] = _paraphrase(a.claims[claim], claim)
    for claim in sorted(a.claims.keys() & b.claims.keys()):
        fa, fb = a.claims[claim], b.claims[claim]
        changes = []
        for key in sorted(fa.keys() | fb.keys()):
            old, new = fa.get(key, frozenset()), fb.get(key, frozenset())
            if old != new:
                changes.append(FieldChange(key[0], key[1], _sorted(old - new), _sorted(new - old)))
        if changes:
            out.changed[claim] = changes
            out.paraphrases[claim] = _paraphrase(fb, claim)
    return out


def _sorted(terms: frozenset[Term]) -> tuple[Term, ...]:
    return tuple(sorted(terms, key=str))
