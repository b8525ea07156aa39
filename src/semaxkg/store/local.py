"""The built-in store: the immutable in-memory pyoxigraph dataset loaded at start-up."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from semaxkg.rdf.graph_store import Bindings, Row, solution_rows, with_bindings
from semaxkg.store.dataset import Dataset


class LocalStore:
    """:class:`~semaxkg.rdf.graph_store.GraphStore` over a loaded :class:`Dataset` (union default graph)."""

    def __init__(self, dataset: Dataset) -> None:
        self._dataset = dataset
        self._store = dataset.store

    @classmethod
    def from_quads(cls, quads: Iterable[ox.Quad], version: str) -> LocalStore:
        """A store over ``quads`` held in memory (the build counts its publication with it)."""
        store = ox.Store()
        store.extend(quads)
        graphs = tuple(sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)))
        return cls(Dataset(store, version, (), graphs, len(store)))

    @property
    def version(self) -> str:
        """The digest of the loaded files."""
        return self._dataset.version

    def _query(self, query: str, bindings: Bindings | None) -> object:
        return self._store.query(with_bindings(query, bindings), use_default_graph_as_union=True)

    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]:
        """All solutions of a SELECT query, as dictionaries of bound variables."""
        result = self._query(query, bindings)
        return solution_rows(result)

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        """The answer of an ASK query."""
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise TypeError("ask() needs an ASK query")
        return bool(result)

    def construct(self, query: str, bindings: Bindings | None = None) -> Iterator[ox.Triple]:
        """The triples of a CONSTRUCT or DESCRIBE query."""
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise TypeError("construct() needs a CONSTRUCT or DESCRIBE query")
        return iter(result)

    def named_graphs(self) -> list[ox.NamedNode]:
        """The named graphs, sorted by IRI."""
        return sorted((g for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)),
                      key=lambda g: g.value)

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        """Every quad of ``graph``, or of the whole dataset."""
        return iter(self._store.quads_for_pattern(None, None, None, graph))
