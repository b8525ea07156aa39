"""The one publication maker: the dumps and the VoID description of a dataset.

The build (:func:`semaxkg.build.pipeline.write_publication`, over the quads it has just
made) and the web (:mod:`semaxkg.web.linked.live_publication`, over any
:class:`~semaxkg.rdf.graph_store.GraphStore` when no matching build folder is there) both call
:func:`make_publication`, so the same quads give the same bytes on both paths. The build
writes what it returns to disk (:meth:`Publication.write`); the web keeps it in memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from semaxkg.rdf import dumps, jsonld, void
from semaxkg.rdf.dumps import DumpFile, DumpFormat
from semaxkg.rdf.graph_store import GraphStore
from semaxkg.rdf.iri_scheme import prefixes_for


@dataclass(frozen=True)
class Publication:
    """Every plain dump, the description of every dump file, and the VoID triples."""

    contents: dict[DumpFormat, bytes]
    files: list[DumpFile]
    void_triples: list[ox.Triple]
    base: str

    def void_turtle(self) -> bytes:
        """The VoID description as reproducible Turtle (``void.ttl``)."""
        return void.turtle(self.void_triples, self.base)

    def write(self, out_dir: Path) -> list[Path]:
        """Write the plain TriG and N-Quads, ``dumps/*.gz`` and ``void.ttl`` into ``out_dir``.

        Only the named-graph dumps are written plain: the union dumps live gzipped only
        (the server decompresses them while streaming), to keep the repository small.
        """
        written: list[Path] = []
        for fmt in (dumps.TRIG, dumps.N_QUADS):
            path = out_dir / fmt.file_name
            path.write_bytes(self.contents[fmt])
            written.append(path)
        folder = out_dir / dumps.DUMPS_SUBDIR
        folder.mkdir(exist_ok=True)
        for fmt, data in self.contents.items():
            path = folder / (fmt.file_name + dumps.GZIP_SUFFIX)
            path.write_bytes(dumps.gzip_bytes(data))
            written.append(path)
        description = out_dir / void.VOID_FILE
        description.write_bytes(self.void_turtle())
        written.append(description)
        return written


def make_publication(store: GraphStore, base: str, quads: Sequence[ox.Quad] | None = None,
                     context: dict[str, Any] | None = None) -> Publication:
    """The publication of the data in ``store``, minted under ``base``.

    ``quads`` are the quads to dump (default: every quad of ``store``); the build passes the
    quads it made, whose blank-node labels and literal datatypes are exactly its own (a
    pyoxigraph store renames the one and normalises some of the other). ``context`` is the
    JSON-LD ``@context`` (default: made from the ontology in ``store``; the web passes the
    one it caches). Counts in the description come from ``store``.
    """
    quads = list(store.quads()) if quads is None else list(quads)
    triples = dumps.union_triples(quads)
    prefixes = prefixes_for(base)
    if context is None:
        context = jsonld.build_context(store, base)
    contents = {**dumps.render_named(quads, prefixes), **dumps.render_union(triples, context, prefixes)}
    statements = {fmt: len(quads) if fmt.named_graphs else len(triples) for fmt in contents}
    files = dumps.describe(contents, statements)
    return Publication(contents, files, void.describe(store, files, base), base)
