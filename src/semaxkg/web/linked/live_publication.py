"""Where the served dumps and VoID come from: the build's files, or the store.

**Fast path**: when the served data is exactly the build's ``semaxkg.nq`` (its SHA-256 is
the one ``void.ttl`` records for it), the files of the build folder (config ``BUILD_DIR``)
are served as they are: ``semaxkg.trig``/``semaxkg.nq`` plain, ``dumps/*.gz`` gzipped, and
the plain union files by decompressing their ``.gz`` while streaming; sizes, checksums and
counts come from ``void.ttl``.

**Otherwise** (other ``--data`` files, a remote store): the same dumps and description are
made from the :class:`~semaxkg.rdf.graph_store.GraphStore` on first use by the maker the build
uses too (:func:`semaxkg.rdf.publication.make_publication`) and kept in memory per store version.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from flask import current_app

from semaxkg.rdf import dumps, void
from semaxkg.rdf.dumps import GZIP_SUFFIX, DumpFile, DumpFormat
from semaxkg.rdf.graph_store import GraphStore, Term
from semaxkg.rdf.iri_scheme import DCAT, FOAF, SPDX, VOID
from semaxkg.rdf.publication import make_publication
from semaxkg.web.linked.linkeddata import jsonld_context
from semaxkg.web.state import get_graph_store, get_state

log = logging.getLogger(__name__)

#: Where the publication is cached in ``app.extensions``.
EXTENSION_KEY = "semaxkg.publication"
#: Bytes per chunk when streaming a file.
CHUNK_BYTES = 256 * 1024

_BY_NAME: dict[str, DumpFormat] = {fmt.file_name: fmt for fmt in dumps.FORMATS}
_LOCK = threading.Lock()


@dataclass
class ServedPublication:
    """The dump files and the VoID triples served by one app."""

    files: dict[str, DumpFile]
    void_triples: list[ox.Triple]
    #: Where each file's bytes come from: a path (``.gz`` path + True: decompress) …
    paths: dict[str, tuple[Path, bool]] = field(default_factory=dict)
    #: … or memory.
    contents: dict[str, bytes] = field(default_factory=dict)
    #: "build" (the build's files) or "store" (made from the store).
    origin: str = "store"

    def chunks(self, name: str) -> Iterator[bytes]:
        """The bytes of file ``name``, in chunks."""
        if name in self.contents:
            yield self.contents[name]
            return
        path, decompress = self.paths[name]
        with gzip.open(path, "rb") if decompress else path.open("rb") as stream:
            while chunk := stream.read(CHUNK_BYTES):
                yield chunk


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def _objects(triples: list[ox.Triple], subject: ox.NamedNode | ox.BlankNode, predicate: str) -> list[Term]:
    return [t.object for t in triples if t.subject == subject and t.predicate.value == predicate]


def _one_int(triples: list[ox.Triple], subject: ox.NamedNode | ox.BlankNode, predicate: str) -> int:
    for term in _objects(triples, subject, predicate):
        if isinstance(term, ox.Literal):
            return int(term.value)
    return 0


def files_from_void(triples: list[ox.Triple]) -> list[DumpFile]:
    """The dump files a VoID description lists (name, size, SHA-256, statements)."""
    datasets = [t.object for t in triples if t.predicate.value == FOAF + "primaryTopic"]
    dataset = datasets[0] if datasets else None
    if not isinstance(dataset, ox.NamedNode):
        return []
    union = _one_int(triples, dataset, VOID + "triples")
    quads = sum(_one_int(triples, g, VOID + "triples")
                for g in _objects(triples, dataset, VOID + "subset") if isinstance(g, ox.NamedNode))
    found: list[DumpFile] = []
    for dist in _objects(triples, dataset, DCAT + "distribution"):
        if not isinstance(dist, ox.NamedNode):
            continue
        urls = _objects(triples, dist, DCAT + "downloadURL")
        name = urls[0].value.rsplit("/", 1)[-1] if urls and isinstance(urls[0], ox.NamedNode) else ""
        gzipped = name.endswith(GZIP_SUFFIX)
        fmt = _BY_NAME.get(name.removesuffix(GZIP_SUFFIX))
        checksums = _objects(triples, dist, SPDX + "checksum")
        values = [v for c in checksums if isinstance(c, ox.NamedNode)
                  for v in _objects(triples, c, SPDX + "checksumValue") if isinstance(v, ox.Literal)]
        if fmt is None or not values:
            continue
        found.append(DumpFile(fmt, gzipped, _one_int(triples, dist, DCAT + "byteSize"), values[0].value,
                              quads if fmt.named_graphs else union))
    return sorted(found, key=lambda f: (dumps.FORMATS.index(f.fmt), f.gzipped))


def from_build(build_dir: Path, data_files: list[str]) -> ServedPublication | None:
    """The build's files, when they describe the served data; else ``None``."""
    void_file = build_dir / void.VOID_FILE
    if not void_file.is_file() or len(data_files) != 1:
        return None
    triples = list(ox.parse(path=str(void_file), format=ox.RdfFormat.TURTLE))
    files = {f.name: f for f in files_from_void(triples)}
    nquads = files.get(dumps.N_QUADS.file_name)
    if nquads is None or _sha256(Path(data_files[0])) != nquads.sha256:
        return None
    publication = ServedPublication(files, triples, origin="build")
    for name, dump in files.items():
        if dump.gzipped:
            path, decompress = build_dir / dumps.DUMPS_SUBDIR / name, False
        elif dump.fmt.named_graphs:
            path, decompress = build_dir / name, False
        else:
            path, decompress = build_dir / dumps.DUMPS_SUBDIR / (name + GZIP_SUFFIX), True
        if not path.is_file():
            log.warning("build folder %s lacks %s: dumps are made from the store", build_dir, path)
            return None
        publication.paths[name] = (path, decompress)
    return publication


def from_store(store: GraphStore, base: str) -> ServedPublication:
    """Dumps and description made from ``store`` by the one publication maker."""
    made = make_publication(store, base, context=jsonld_context())
    publication = ServedPublication({f.name: f for f in made.files}, made.void_triples)
    for fmt, data in made.contents.items():
        publication.contents[fmt.file_name] = data
        publication.contents[fmt.file_name + GZIP_SUFFIX] = dumps.gzip_bytes(data)
    return publication


def get_publication() -> ServedPublication:
    """The current app's publication (made once per store version)."""
    store = get_graph_store()
    with _LOCK:
        cached: tuple[str, ServedPublication] | None = current_app.extensions.get(EXTENSION_KEY)
        if cached is None or cached[0] != store.version:
            config = current_app.config
            dataset = get_state().dataset  # None over a remote store
            served = list(dataset.files) if dataset is not None else []
            publication = from_build(Path(str(config["BUILD_DIR"])), served)
            if publication is None:
                log.info("dumps and VoID are made from the store (no matching build folder)")
                publication = from_store(store, str(config["IRI_BASE"]))
            cached = (store.version, publication)
            current_app.extensions[EXTENSION_KEY] = cached
        return cached[1]
