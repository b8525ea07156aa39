"""Counts over a converted dataset: claims per source, kind and evidence level; conflicts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rdflib import RDF, Dataset, URIRef
from rdflib.namespace import SKOS

from semaxkg.rdf.namespaces import CONFLICTS_GRAPH, ONTOLOGY_GRAPH, SXO


@dataclass
class Stats:
    """Headline numbers of the graph."""

    triples: int = 0
    claims_per_source: Counter[str] = field(default_factory=Counter)
    claims_per_kind: Counter[str] = field(default_factory=Counter)
    claims_per_level: Counter[str] = field(default_factory=Counter)
    claims_per_support: Counter[str] = field(default_factory=Counter)
    conflicts_per_kind: Counter[str] = field(default_factory=Counter)
    #: Conflicts by what they are about (``sxo:conflictBasis``); those without one are not counted.
    conflicts_per_basis: Counter[str] = field(default_factory=Counter)

    @property
    def claims(self) -> int:
        """Total number of claims."""
        return sum(self.claims_per_source.values())

    @property
    def conflicts(self) -> int:
        """Total number of conflicts."""
        return sum(self.conflicts_per_kind.values())


def compute_stats(ds: Dataset) -> Stats:
    """Count claims by source, kind, evidence level and support kind; conflicts by kind and basis."""
    ontology = ds.graph(ONTOLOGY_GRAPH)

    def code(iri: object) -> str:
        note = ontology.value(iri if isinstance(iri, URIRef) else None, SKOS.notation)
        return str(note) if note is not None else str(iri)

    st = Stats(triples=len(ds))
    for g in ds.graphs():
        name = str(g.identifier)
        if g.identifier == CONFLICTS_GRAPH:
            for c in g.subjects(RDF.type, SXO.Conflict):
                st.conflicts_per_kind[code(g.value(c, SXO.conflictKind))] += 1
                for basis in g.objects(c, SXO.conflictBasis):
                    st.conflicts_per_basis[code(basis)] += 1
            continue
        for claim in g.subjects(RDF.type, SXO.Claim):
            st.claims_per_source[name.rsplit("/", 1)[-1]] += 1
            st.claims_per_kind[code(g.value(claim, SXO.hasClaimKind))] += 1
            st.claims_per_level[code(g.value(claim, SXO.evidenceLevel))] += 1
            st.claims_per_support[code(g.value(claim, SXO.supportKind))] += 1
    return st


def format_stats(st: Stats, ranks: dict[str, int] | None = None) -> str:
    """A plain-text table of the statistics."""
    lines = [f"claims: {st.claims}", "", "claims per source:"]
    lines += [f"  {k:<28} {v:>5}" for k, v in sorted(st.claims_per_source.items())]
    lines += ["", "claims per kind:"]
    lines += [f"  {k:<28} {v:>5}" for k, v in sorted(st.claims_per_kind.items())]
    lines += ["", "claims per evidence level (strongest first):"]
    order = ranks or {}
    lines += [f"  {k:<28} {v:>5}" for k, v in
              sorted(st.claims_per_level.items(), key=lambda kv: (order.get(kv[0], 99), kv[0]))]
    lines += ["", "claims per support kind:"]
    lines += [f"  {k:<28} {v:>5}" for k, v in
              sorted(st.claims_per_support.items(), key=lambda kv: (order.get(kv[0], 99), kv[0]))]
    lines += ["", f"conflicts: {st.conflicts}"]
    lines += [f"  {k:<28} {v:>5}" for k, v in sorted(st.conflicts_per_kind.items())]
    lines += ["", f"conflicts with a recorded basis: {sum(st.conflicts_per_basis.values())}"]
    lines += [f"  {k:<28} {v:>5}" for k, v in sorted(st.conflicts_per_basis.items())]
    return "\n".join(lines)
