"""The build's publication outputs: the gzipped dumps and the VoID description.

Run on the build's output folder after the TriG and N-Quads files are written, inside the
pipeline's temporary folder, so they are swapped into place with everything else.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox

from semaxkg.rdf import jsonld, void
from semaxkg.rdf.dumps import (
    DUMPS_SUBDIR,
    N_QUADS,
    TRIG,
    DumpFile,
    describe,
    gzip_bytes,
    render_union,
    union_triples,
)
from semaxkg.rdf.iri_scheme import BASE, prefixes_for
from semaxkg.store.dataset import Dataset
from semaxkg.store.local import LocalStore


def memory_store(quads: list[ox.Quad], version: str) -> LocalStore:
    """A :class:`~semaxkg.rdf.graph_store.GraphStore` over ``quads`` held in memory."""
    store = ox.Store()
    store.extend(quads)
    graphs = tuple(sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)))
    return LocalStore(Dataset(store, version, (), graphs, len(store)))


def write_publication(out_dir: Path, base: str = BASE) -> list[Path]:
    """Write ``dumps/*.gz`` and ``void.ttl`` from ``semaxkg.nq``/``.trig`` in ``out_dir``."""
    nquads = (out_dir / N_QUADS.file_name).read_bytes()
    trig = (out_dir / TRIG.file_name).read_bytes()
    # ox.parse keeps blank-node labels (a Store would rename them), so dumps stay reproducible.
    quads = list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
    store = memory_store(quads, hashlib.sha256(nquads).hexdigest())
    triples = union_triples(quads)
    contents = {TRIG: trig, N_QUADS: nquads, **render_union(triples, jsonld.build_context(store, base),
                                                            prefixes_for(base))}
    statements = {fmt: len(quads) if fmt.named_graphs else len(triples) for fmt in contents}
    files: list[DumpFile] = describe(contents, statements)
    folder = out_dir / DUMPS_SUBDIR
    folder.mkdir(exist_ok=True)
    written: list[Path] = []
    for fmt, data in contents.items():
        path = folder / (fmt.file_name + ".gz")
        path.write_bytes(gzip_bytes(data))
        written.append(path)
    description = out_dir / void.VOID_FILE
    description.write_bytes(void.turtle(void.describe(store, files, base), base))
    written.append(description)
    return written
