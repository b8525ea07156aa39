"""The entity hierarchy: ``skos:broader`` between outcomes, conditions and other entities.

Entities name their broader concepts in the statement files (``broader: [stroke]`` on
ischemic stroke). The conflict rules and the agreement query compare objects through it, so
"anxiety-like behaviour" in one source and "stress-related behaviour" in another are related
nodes, not strangers. The links must form a hierarchy: no cycles, and a broader concept of the
same family (an outcome under an outcome or a condition, a condition under a condition, ...).
"""

from __future__ import annotations

from collections.abc import Mapping

from semaxkg.build.model import Entity, Study

#: Which kinds may sit under which: the broader concept's kind for each narrower kind.
BROADER_KINDS: dict[str, frozenset[str]] = {
    "outcome": frozenset({"outcome", "condition"}),
    "condition": frozenset({"condition"}),
    "target": frozenset({"target"}),
    "mechanism": frozenset({"mechanism"}),
    "anatomy": frozenset({"anatomy"}),
    "compound": frozenset({"compound"}),
    "neurotransmitter": frozenset({"neurotransmitter", "compound"}),
    "population": frozenset({"population"}),
}
#: Kinds a mechanism may be named after (its ``molecule``).
MOLECULE_KINDS = frozenset({"target", "neurotransmitter", "compound"})


def ancestors(entities: Mapping[str, Entity | Study], ident: str) -> tuple[str, ...]:
    """``ident`` and every concept above it by ``broader`` (breadth first, each once)."""
    out: list[str] = [ident]
    i = 0
    while i < len(out):
        ent = entities.get(out[i])
        if isinstance(ent, Entity):
            out.extend(b for b in ent.broader if b not in out)
        i += 1
    return tuple(out)


def within(entities: Mapping[str, Entity | Study], narrow: str, broad: str) -> bool:
    """Whether ``narrow`` is ``broad`` or lies under it."""
    return broad in ancestors(entities, narrow)


def related(entities: Mapping[str, Entity | Study], a: str, b: str) -> bool:
    """Whether two different entities lie one under the other (equal ids are not 'related')."""
    return a != b and (within(entities, a, b) or within(entities, b, a))


def cycle_through(entities: Mapping[str, Entity | Study], ident: str) -> bool:
    """Whether following ``broader`` from ``ident`` leads back to it."""
    ent = entities.get(ident)
    if not isinstance(ent, Entity):
        return False
    return any(ident in ancestors(entities, b) for b in ent.broader)
