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
from typing import Any, Protocol

import pyoxigraph as ox

#: What the first figure counts, as every surface names it.
TRIPLES_NAME = "distinct triples in the union of the graphs"
#: What the second figure counts.
QUADS_NAME = "quads across the named graphs"

#: Distinct triples of the union default graph (Oxigraph's union may repeat a triple).
DISTINCT_TRIPLES_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
#: Quads: every graph's triples, summed; and the number of named graphs.
QUADS_QUERY = "SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?g) AS ?graphs) WHERE { GRAPH ?g { ?s ?p ?o } }"


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


class _Selects(Protocol):
    def select(self, query: str) -> list[dict[str, Any]]: ...


def _int(row: dict[str, Any], name: str) -> int:
    value = row.get(name)
    return int(value.value) if isinstance(value, ox.Literal) else 0


def store_size(store: _Selects) -> DatasetSize:
    """The size of what a store serves (a ``GraphStore``: local dataset or triplestore)."""
    distinct = store.select(DISTINCT_TRIPLES_QUERY)
    quads = store.select(QUADS_QUERY)
    row = quads[0] if quads else {}
    return DatasetSize(_int(distinct[0] if distinct else {}, "n"), _int(row, "n"),
                       _int(row, "graphs"))
