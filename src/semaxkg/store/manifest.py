"""The publication manifest: which graphs of a remote store are complete, kept in the store.

``semaxkg publish`` keeps one small named graph, :data:`MANIFEST_GRAPH`, next to the data.
It lists one entry per graph that was uploaded **and verified** (its triple count read back
from the store equals the count of the local file), with that count and the file's SHA-256.
Before a graph is replaced its entry is removed, and it is written back only after the
check, so a graph is never claimed complete while it is missing, half-loaded or stale: an
interrupted publish leaves the graph out of the manifest (and ``complete`` false). The
manifest is replaced as a whole (Graph Store ``PUT``), so the protocol needs nothing but
the Graph Store endpoint.
``semaxkg serve --store`` lists only the manifest's graphs and derives its cache version
from the entries.

Its terms live in their own namespace (:data:`PUB`) and it has no ``rdf:type`` or label, so
the queries over the union default graph (labels, classes, the named queries) never see it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

import pyoxigraph as ox

from semaxkg import __version__
from semaxkg.rdf.iri_scheme import BASE, GRAPH, XSD

#: The manifest's graph name (also the subject of its dataset-level statements).
MANIFEST_GRAPH = GRAPH + "manifest"
#: Namespace of the manifest's terms.
PUB = BASE + "publish/"

_COMPLETE = ox.NamedNode(PUB + "complete")
_VERSION = ox.NamedNode(PUB + "datasetVersion")
_UPDATED = ox.NamedNode(PUB + "updated")
_PUBLISHER = ox.NamedNode(PUB + "publisher")
_ENTRY = ox.NamedNode(PUB + "graph")
_NAME = ox.NamedNode(PUB + "graphName")
_TRIPLES = ox.NamedNode(PUB + "triples")
_SHA256 = ox.NamedNode(PUB + "sha256")
_LOADED = ox.NamedNode(PUB + "loaded")


def now() -> str:
    """The current UTC time as an ``xsd:dateTime`` lexical form (whole seconds)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class GraphEntry:
    """One complete graph: its name, triple count, the SHA-256 of the file loaded, and when."""

    graph: str
    triples: int
    sha256: str
    loaded: str


@dataclass(frozen=True)
class Manifest:
    """The complete graphs of a store and whether the last publish finished."""

    entries: dict[str, GraphEntry] = field(default_factory=dict)
    complete: bool = False
    dataset_version: str | None = None
    #: When the manifest was last written (read from the store; writing stamps the time).
    updated: str | None = None

    def version(self) -> str:
        """A digest of what the store holds (graph, count, checksum), for ETags and caches."""
        digest = hashlib.blake2b(digest_size=16)
        for name in sorted(self.entries):
            entry = self.entries[name]
            digest.update(f"{name}\0{entry.triples}\0{entry.sha256}\n".encode())
        digest.update(b"complete" if self.complete else b"partial")
        return digest.hexdigest()

    @property
    def triples(self) -> int:
        """Triples in all complete graphs."""
        return sum(e.triples for e in self.entries.values())

    def without(self, *graphs: str) -> Manifest:
        """This manifest with ``graphs`` no longer claimed, and the publish not complete."""
        drop = set(graphs)
        entries = {k: v for k, v in self.entries.items() if k not in drop}
        return replace(self, entries=entries, complete=False, dataset_version=None)

    def with_entry(self, entry: GraphEntry) -> Manifest:
        """This manifest with ``entry`` claimed complete."""
        return replace(self, entries={**self.entries, entry.graph: entry})

    def finished(self, dataset_version: str) -> Manifest:
        """This manifest marked complete for ``dataset_version``."""
        return replace(self, complete=True, dataset_version=dataset_version)

    def triples_of(self) -> list[ox.Triple]:
        """The manifest as RDF triples (for the store)."""
        root = ox.NamedNode(MANIFEST_GRAPH)
        boolean = ox.NamedNode(XSD + "boolean")
        stamp = ox.NamedNode(XSD + "dateTime")
        out = [
            ox.Triple(root, _COMPLETE, ox.Literal("true" if self.complete else "false",
                                                  datatype=boolean)),
            ox.Triple(root, _PUBLISHER, ox.Literal(f"semaxkg {__version__}")),
            ox.Triple(root, _UPDATED, ox.Literal(now(), datatype=stamp)),
        ]
        if self.dataset_version:
            out.append(ox.Triple(root, _VERSION, ox.Literal(self.dataset_version)))
        for name in sorted(self.entries):
            entry = self.entries[name]
            node = ox.NamedNode(f"{MANIFEST_GRAPH}#{_entry_key(name)}")
            out += [
                ox.Triple(root, _ENTRY, node),
                ox.Triple(node, _NAME, ox.NamedNode(name)),
                ox.Triple(node, _TRIPLES, ox.Literal(str(entry.triples),
                                                     datatype=ox.NamedNode(XSD + "integer"))),
                ox.Triple(node, _SHA256, ox.Literal(entry.sha256)),
                ox.Triple(node, _LOADED, ox.Literal(entry.loaded, datatype=stamp)),
            ]
        return out

    def ntriples(self) -> bytes:
        """The manifest as N-Triples."""
        return ox.serialize(self.triples_of(), format=ox.RdfFormat.N_TRIPLES) or b""


def _entry_key(graph: str) -> str:
    return hashlib.blake2b(graph.encode(), digest_size=8).hexdigest()


def manifest_from(triples: Iterable[ox.Triple]) -> Manifest | None:
    """Read a manifest from its triples; ``None`` when there are none (never published)."""
    by_subject: dict[str, dict[str, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]] = {}
    entry_nodes: list[str] = []
    for triple in triples:
        subject = triple.subject
        if not isinstance(subject, ox.NamedNode):
            continue
        by_subject.setdefault(subject.value, {})[triple.predicate.value] = triple.object
        if (subject.value == MANIFEST_GRAPH and triple.predicate == _ENTRY
                and isinstance(triple.object, ox.NamedNode)):
            entry_nodes.append(triple.object.value)
    root = by_subject.get(MANIFEST_GRAPH)
    if root is None:
        return None
    entries: dict[str, GraphEntry] = {}
    for node in entry_nodes:
        values = by_subject.get(node, {})
        name, count = values.get(_NAME.value), values.get(_TRIPLES.value)
        sha, loaded = values.get(_SHA256.value), values.get(_LOADED.value)
        if not (isinstance(name, ox.NamedNode) and isinstance(count, ox.Literal)
                and isinstance(sha, ox.Literal)):
            continue  # a damaged entry claims nothing
        entries[name.value] = GraphEntry(
            name.value, int(count.value), sha.value,
            loaded.value if isinstance(loaded, ox.Literal) else "",
        )
    complete = root.get(_COMPLETE.value)
    version = root.get(_VERSION.value)
    updated = root.get(_UPDATED.value)
    return Manifest(
        entries=entries,
        complete=isinstance(complete, ox.Literal) and complete.value == "true",
        dataset_version=version.value if isinstance(version, ox.Literal) else None,
        updated=updated.value if isinstance(updated, ox.Literal) else None,
    )
