"""The recorded releases as the server reads them: ``RELEASES_DIR/VERSION/`` folders.

A release (written by ``semaxkg release``; see :mod:`semaxkg.rdf.release_layout`) is an RDF
artefact like ``data/ttl``: the server only reads it. Its description (``release.ttl``) is
small and read on each use; its dump is loaded into a store of its own the first time a claim
of that release is asked for, and kept (at most :data:`MAX_LOADED_RELEASES` per worker).
"""

from __future__ import annotations

import gzip
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from semaxkg.rdf.iri_scheme import DCAT, DCTERMS, RELEASES, SPDX, SXO, VOID
from semaxkg.rdf.release_layout import DESCRIPTION_NAME, DUMP_NAME, VERSION, releases

#: Release dumps kept loaded per worker (each a store of the whole graph as it was).
MAX_LOADED_RELEASES = 4


Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass(frozen=True)
class ReleaseInfo:
    """What a release's description says about it."""

    version: str
    issued: str
    triples: int | None
    claims: int | None
    previous: str | None
    dump_bytes: int | None
    dump_sha256: str | None


def _one(store: ox.Store, subject: ox.NamedNode | ox.BlankNode, predicate: str) -> Term | None:
    for quad in store.quads_for_pattern(subject, ox.NamedNode(predicate), None, None):
        return quad.object
    return None


def _int(term: Term | None) -> int | None:
    return int(term.value) if isinstance(term, ox.Literal) and term.value.isdigit() else None


def _claims(store: ox.Store, release: ox.NamedNode) -> int | None:
    for quad in store.quads_for_pattern(release, ox.NamedNode(VOID + "classPartition"), None, None):
        part = quad.object
        if isinstance(part, ox.NamedNode | ox.BlankNode) and \
                _one(store, part, VOID + "class") == ox.NamedNode(SXO + "Claim"):
            return _int(_one(store, part, VOID + "entities"))
    return None


def describe(folder: Path, version: str) -> ReleaseInfo:
    """The description of release ``version`` in ``folder`` (its ``release.ttl``)."""
    store = ox.Store()
    store.load(path=str(folder / version / DESCRIPTION_NAME), format=ox.RdfFormat.TURTLE)
    release = ox.NamedNode(RELEASES + version)
    dist = _one(store, release, DCAT + "distribution")
    checksum = _one(store, dist, SPDX + "checksum") if isinstance(dist, ox.NamedNode) else None
    previous = _one(store, release, DCAT + "previousVersion")
    issued = _one(store, release, DCTERMS + "issued")
    digest = (_one(store, checksum, SPDX + "checksumValue")
              if isinstance(checksum, ox.NamedNode | ox.BlankNode) else None)
    return ReleaseInfo(
        version, issued.value if isinstance(issued, ox.Literal) else "",
        _int(_one(store, release, VOID + "triples")), _claims(store, release),
        previous.value.removeprefix(RELEASES) if isinstance(previous, ox.NamedNode) else None,
        _int(_one(store, dist, DCAT + "byteSize")) if isinstance(dist, ox.NamedNode) else None,
        digest.value if isinstance(digest, ox.Literal) else None,
    )


class ReleaseArchive:
    """The releases of one folder, with the dumps loaded so far."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._loaded: OrderedDict[str, ox.Store] = OrderedDict()
        #: Each release's subjects, kept once read: "As in release" links on every claim page
        #: need them, and with more releases than stores kept each page would load every dump.
        self._subjects: dict[str, frozenset[str]] = {}
        self._lock = threading.Lock()

    def versions(self) -> list[str]:
        """The recorded versions, newest first."""
        return list(reversed(releases(self.folder))) if self.folder is not None else []

    def has(self, version: str) -> bool:
        """Whether ``version`` is a recorded release (checked before any path is made of it)."""
        return VERSION.match(version) is not None and version in self.versions()

    def path(self, version: str, name: str) -> Path:
        """A file of a recorded release (``has(version)`` checked first)."""
        assert self.folder is not None
        return self.folder / version / name

    def store(self, version: str) -> ox.Store:
        """The graph of release ``version``, loaded from its dump the first time."""
        with self._lock:
            found = self._loaded.get(version)
            if found is not None:
                self._loaded.move_to_end(version)
                return found
            store = ox.Store()
            store.bulk_load(gzip.decompress(self.path(version, DUMP_NAME).read_bytes()),
                            format=ox.RdfFormat.N_QUADS)
            self._loaded[version] = store
            while len(self._loaded) > MAX_LOADED_RELEASES:
                self._loaded.popitem(last=False)
            return store

    def claim_quads(self, version: str, iri: str) -> list[ox.Quad]:
        """The claim's own quads in release ``version`` and those of its passages, selectors
        and quantities (IRIs under its own), in a stable order; empty when it was not there."""
        store = self.store(version)
        own = [q for q in store.quads_for_pattern(ox.NamedNode(iri), None, None, None)]
        if not own:
            return []
        nested = [q for q in store if isinstance(q.subject, ox.NamedNode)
                  and q.subject.value.startswith(iri + "/")]
        quads = own + nested
        return sorted(quads, key=lambda q: (q.subject.value, q.predicate.value, str(q.object)))

    def releases_with(self, iri: str) -> list[str]:
        """The versions (newest first) whose graph has ``iri`` as a subject."""
        return [v for v in self.versions() if iri in self.subjects(v)]

    def subjects(self, version: str) -> frozenset[str]:
        """The IRIs that are subjects in release ``version`` (read from its dump once)."""
        found = self._subjects.get(version)
        if found is None:
            found = frozenset(q.subject.value for q in self.store(version)
                              if isinstance(q.subject, ox.NamedNode))
            self._subjects[version] = found
        return found
