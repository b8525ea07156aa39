"""The evidence summary of an entity: per outcome and per mechanism, its claims by evidence level.

Rows are the objects of the outcome claims and the mechanism claims whose subject is the
entity (claim kinds ``sxo:kind-outcome`` and ``sxo:kind-mechanism``, fixed by each claim's
relation in the ontology); columns are the evidence levels, strongest first. A claim
**supports** its relation when it asserts it, whatever the direction of the change, and
**disputes** it when it denies it (``sxo:negated true``) or reports no change
(``sxo:direction sxo:unchanged``). Every claim is counted once, in one cell. The columns are
the levels present: a claim whose cited study does not support it sits in its own column
(``cited_not_supported``); claims about a study are neither outcome nor mechanism claims.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from semaxkg.rdf.graph_store import GraphStore
from semaxkg.web.pages.prologue import PROLOGUE, sxo

#: The claim kinds summarised, in the order of the table's sections.
SUMMARY_KINDS: tuple[str, ...] = (sxo("kind-outcome"), sxo("kind-mechanism"))
#: A claim reporting this direction says the relation does not hold.
NO_CHANGE = sxo("unchanged")
SUPPORTING = "supporting"
DISPUTING = "disputing"

_CLAIMS = PROLOGUE + """
SELECT DISTINCT ?claim ?kind ?object ?level ?rank ?negated ?direction WHERE {
  VALUES ?kind { sxo:kind-outcome sxo:kind-mechanism }
  ?claim a sxo:Claim ;
         sxo:claimSubject ?subject ;
         sxo:hasClaimKind ?kind ;
         sxo:claimObject ?object ;
         sxo:evidenceLevel ?level .
  ?level sxo:rank ?rank .
  OPTIONAL { ?claim sxo:negated ?negated }
  OPTIONAL { ?claim sxo:direction ?direction }
}"""


@dataclass(frozen=True)
class Level:
    """An evidence level column."""

    iri: str
    rank: int


@dataclass
class Cell:
    """The claims of one row at one level, split by stance."""

    supporting: list[str] = field(default_factory=list)
    disputing: list[str] = field(default_factory=list)

    def count(self, stance: str) -> int:
        """How many claims take ``stance``."""
        return len(self.supporting if stance == SUPPORTING else self.disputing)

    @property
    def total(self) -> int:
        """Claims in the cell."""
        return len(self.supporting) + len(self.disputing)


@dataclass
class Row:
    """One outcome or mechanism: its cells by evidence level IRI."""

    object: str
    cells: dict[str, Cell] = field(default_factory=dict)

    def cell(self, level: str) -> Cell:
        """The cell at ``level`` (empty when no claim)."""
        return self.cells.get(level, Cell())

    def claims(self, stance: str | None = None) -> list[str]:
        """The claims the row counts, of one stance or of both (what its total links to)."""
        found: list[str] = []
        for cell in self.cells.values():
            if stance in (None, SUPPORTING):
                found.extend(cell.supporting)
            if stance in (None, DISPUTING):
                found.extend(cell.disputing)
        return found

    def total(self, stance: str | None = None) -> int:
        """Claims in the row, of one stance or of both."""
        if stance is None:
            return sum(c.total for c in self.cells.values())
        return sum(c.count(stance) for c in self.cells.values())


@dataclass
class Section:
    """The rows of one claim kind."""

    kind: str
    rows: list[Row]


@dataclass
class EvidenceSummary:
    """The whole summary: its level columns and one section per summarised claim kind."""

    subject: str
    levels: list[Level]
    sections: list[Section]

    @property
    def empty(self) -> bool:
        """True when the subject has no outcome or mechanism claim."""
        return not any(section.rows for section in self.sections)

    def iris(self) -> set[str]:
        """Every IRI the table shows."""
        found = {level.iri for level in self.levels}
        for section in self.sections:
            found.add(section.kind)
            found.update(row.object for row in section.rows)
        return found


def stance(negated: bool, directions: set[str]) -> str:
    """Whether a claim supports or disputes its relation (see the module docstring)."""
    return DISPUTING if negated or NO_CHANGE in directions else SUPPORTING


def load_summary(store: GraphStore, subject: str) -> EvidenceSummary:
    """The evidence summary of ``subject`` (one query, bound to the subject's IRI)."""
    rows = store.select(_CLAIMS, {"subject": ox.NamedNode(subject)})
    facts: dict[str, tuple[str, str, str, bool, set[str]]] = {}
    ranks: dict[str, int] = {}
    for row in rows:
        claim, kind, obj, level = (row.get(name) for name in ("claim", "kind", "object", "level"))
        rank = row.get("rank")
        if not (isinstance(claim, ox.NamedNode) and isinstance(kind, ox.NamedNode)
                and isinstance(obj, ox.NamedNode) and isinstance(level, ox.NamedNode)
                and isinstance(rank, ox.Literal)):
            continue
        ranks[level.value] = int(rank.value)
        negated_term, direction = row.get("negated"), row.get("direction")
        negated = isinstance(negated_term, ox.Literal) and negated_term.value in ("true", "1")
        entry = facts.setdefault(claim.value, (kind.value, obj.value, level.value, False, set()))
        directions = entry[4]
        if isinstance(direction, ox.NamedNode):
            directions.add(direction.value)
        facts[claim.value] = (entry[0], entry[1], entry[2], entry[3] or negated, directions)
    by_kind: dict[str, dict[str, Row]] = {kind: {} for kind in SUMMARY_KINDS}
    for claim_iri, (kind_iri, obj_iri, level_iri, denied, changes) in sorted(facts.items()):
        row_view = by_kind.setdefault(kind_iri, {}).setdefault(obj_iri, Row(obj_iri))
        cell = row_view.cells.setdefault(level_iri, Cell())
        (cell.supporting if stance(denied, changes) == SUPPORTING else cell.disputing).append(claim_iri)
    levels = [Level(iri, rank) for iri, rank in sorted(ranks.items(), key=lambda item: (item[1], item[0]))]
    sections = [
        Section(kind, sorted(rows_.values(), key=lambda r: (-r.total(), r.object)))
        for kind, rows_ in by_kind.items()
    ]
    return EvidenceSummary(subject, levels, sections)
