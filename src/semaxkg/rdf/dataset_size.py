"""The dataset's size, counted one way everywhere (issue 16: one count, explained).

Two figures, always under these names: the **distinct triples in the union** of the named
graphs (a triple asserted in two graphs counts once; VoID's ``void:triples``, the union dumps
.ttl/.nt) and the **quads across the named graphs** (each graph's triples summed; the N-Quads
and TriG dumps, the server's start-up log). The home page, ``semaxkg stats``, the VoID page and
the README show both, named by :data:`TRIPLES_NAME` and :data:`QUADS_NAME`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from semaxkg.rdf.graph_store import GraphStore, with_values

#: What the first figure counts, as every surface names it.
TRIPLES_NAME = "distinct triples in the union of the graphs"
#: What the second figure counts.
QUADS_NAME = "quads across the named graphs"

@dataclass(frozen=True)
class DatasetSize:
    """The two figures and the number of named graphs."""

    triples: int
    quads: int
    graphs: int

    def lines(self) -> list[str]:
        """``<n> distinct triples in the union of the graphs`` and the quads line."""
        return [f"{self.triples} {TRIPLES_NAME}",
                f"{self.quads} {QUADS_NAME} ({self.graphs} graphs)"]


def size_of_quads(quads: list[ox.Quad]) -> DatasetSize:
    """The size of a list of quads (each in a named graph)."""
    return DatasetSize(
        triples=len({(q.subject, q.predicate, q.object) for q in quads}),
        quads=len(set(quads)),
        graphs=len({q.graph_name for q in quads}),
    )


def size_of_file(path: Path) -> DatasetSize:
    """The size of an N-Quads or TriG file (the built ``semaxkg.nq``)."""
    fmt = ox.RdfFormat.TRIG if path.suffix == ".trig" else ox.RdfFormat.N_QUADS
    with path.open("rb") as stream:
        return size_of_quads(list(ox.parse(stream, format=fmt)))



#: Distinct triples and quads of the graphs listed by a trailing ``VALUES ?g`` (over a
#: triplestore, its bookkeeping graph — the publication manifest — is not part of the data).
_LISTED_TRIPLES = "SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
_LISTED_QUADS = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


def _count(store: GraphStore, inner: str, graphs: list[ox.NamedNode]) -> int:
    """Rows of ``inner`` restricted to ``graphs`` (its ``VALUES`` inside the sub-query)."""
    query = "SELECT (COUNT(*) AS ?n) WHERE { " + with_values(inner, "g", graphs) + " }"
    rows = store.select(query)
    value = rows[0].get("n") if rows else None
    return int(value.value) if isinstance(value, ox.Literal) else 0


def store_size(store: GraphStore) -> DatasetSize:
    """The size of the data a store serves (local dataset or triplestore: its data graphs)."""
    graphs = store.named_graphs()
    if not graphs:
        return DatasetSize(0, 0, 0)
    return DatasetSize(_count(store, _LISTED_TRIPLES, graphs), _count(store, _LISTED_QUADS, graphs),
                       len(graphs))
