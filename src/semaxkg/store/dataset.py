"""Loading RDF files into one immutable in-memory pyoxigraph store.

Quads keep their graph names; triples go to the default graph. The *version* of a dataset
is a digest of the files' bytes: the graph never changes while it is served, so every cache
and ETag is keyed by it.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from semaxkg.errors import InputError, Location, Problem
from semaxkg.rdf.formats import FILE_EXTENSIONS

log = logging.getLogger(__name__)

#: File extensions accepted by ``load_dataset`` (the registry's table).
FORMATS_BY_EXTENSION: dict[str, ox.RdfFormat] = FILE_EXTENSIONS


@dataclass(frozen=True)
class Dataset:
    """An immutable store and what describes it."""

    store: ox.Store
    version: str
    files: tuple[str, ...]
    named_graphs: tuple[str, ...]
    quads: int


def format_for(path: Path) -> ox.RdfFormat:
    """The RDF format of ``path``, from its extension; :class:`InputError` when unknown."""
    fmt = FORMATS_BY_EXTENSION.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS_BY_EXTENSION))
        raise InputError([Problem(Location(str(path)), "unknown RDF file extension",
                                  f"use one of {known}")])
    return fmt


def _located_error(path: Path, exc: SyntaxError) -> InputError:
    line = getattr(exc, "lineno", None)
    column = getattr(exc, "offset", None)
    return InputError([Problem(Location(str(path), line, column), str(exc))])


def load_dataset(paths: Sequence[str | Path]) -> Dataset:
    """Load ``paths`` into a fresh in-memory store; raise :class:`InputError` on bad input."""
    if not paths:
        raise InputError([Problem(Location("<data>"), "no RDF file given",
                                  "pass --data FILE or set DATA_FILES")])
    started = time.perf_counter()
    store = ox.Store()
    digest = hashlib.blake2b(digest_size=16)
    files: list[str] = []
    for raw in paths:
        path = Path(raw)
        fmt = format_for(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError([Problem(Location(str(path)), f"cannot read: {exc.strerror}",
                                      "run `semaxkg build` or pass --data FILE")]) from exc
        digest.update(path.name.encode() + b"\0" + data + b"\0")
        try:
            store.bulk_load(data, format=fmt, base_iri=path.resolve().as_uri())
        except SyntaxError as exc:
            raise _located_error(path, exc) from exc
        files.append(str(path))
    store.optimize()
    graphs = tuple(sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)))
    dataset = Dataset(store, digest.hexdigest(), tuple(files), graphs, len(store))
    log.info("loaded %d quads in %d named graphs from %d file(s) in %.2f s",
             dataset.quads, len(graphs), len(files), time.perf_counter() - started)
    return dataset
