"""The dumps: the whole dataset in five RDF syntaxes, each also gzipped.

TriG and N-Quads keep the named graphs; Turtle, N-Triples and JSON-LD (compact, with our
``@context`` embedded) hold the union of the graphs. The build writes them reproducibly: the
plain TriG and N-Quads are the build's own ``semaxkg.trig``/``semaxkg.nq``; the folder
``dumps/`` beside them holds every dump gzipped (``mtime`` 0, no file name, so the same data
gives the same bytes), and only those, to keep the repository small — the server serves the
plain union files by decompressing them. :func:`render` is a pure function of the quads,
so ``semaxkg serve`` over another store (or other files) makes its dumps the same way.
"""

from __future__ import annotations

import gzip
import hashlib
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from semaxkg.rdf import formats, jsonld
from semaxkg.rdf.iri_scheme import PREFIXES
from semaxkg.rdf.prefixes import used_prefixes

#: Sub-folder of the build output holding the gzipped dumps.
DUMPS_SUBDIR = "dumps"
#: Media type of every ``.gz`` file (a gzip file, not a content encoding).
GZIP_MEDIA_TYPE = "application/gzip"
GZIP_SUFFIX = ".gz"
#: zlib level of the gzipped dumps (fixed: the bytes are committed).
GZIP_LEVEL = 9


@dataclass(frozen=True)
class DumpFormat:
    """One syntax the dataset is dumped in."""

    file_name: str
    media_type: str
    title: str
    #: Whether the file keeps the named graphs (quads) or holds their union (triples).
    named_graphs: bool


TRIG = DumpFormat("semaxkg.trig", formats.TRIG.media_type, "TriG, every graph with its name", True)
N_QUADS = DumpFormat("semaxkg.nq", formats.N_QUADS.media_type, "N-Quads, every graph with its name",
                     True)
TURTLE = DumpFormat("semaxkg.ttl", formats.TURTLE.media_type, "Turtle, the union of the graphs", False)
N_TRIPLES = DumpFormat("semaxkg.nt", formats.N_TRIPLES.media_type, "N-Triples, the union of the graphs",
                       False)
JSON_LD = DumpFormat("semaxkg.jsonld", formats.JSON_LD.media_type,
                     "JSON-LD (compact, context embedded), the union of the graphs", False)
#: Every dump format, in the order pages list them.
FORMATS: tuple[DumpFormat, ...] = (TRIG, N_QUADS, TURTLE, N_TRIPLES, JSON_LD)


@dataclass(frozen=True)
class DumpFile:
    """One file of the dumps, plain or gzipped, with what describes it."""

    fmt: DumpFormat
    gzipped: bool
    size: int
    sha256: str
    #: Quads (named-graph formats) or distinct triples (union formats) in the file.
    statements: int

    @property
    def name(self) -> str:
        """The file name (``semaxkg.ttl`` or ``semaxkg.ttl.gz``)."""
        return self.fmt.file_name + (GZIP_SUFFIX if self.gzipped else "")

    @property
    def media_type(self) -> str:
        """``application/gzip`` for a ``.gz`` file, else the syntax's media type."""
        return GZIP_MEDIA_TYPE if self.gzipped else self.fmt.media_type


def gzip_bytes(data: bytes) -> bytes:
    """``data`` gzipped reproducibly: no file name, ``mtime`` 0, fixed level."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0,
                       compresslevel=GZIP_LEVEL) as out:
        out.write(data)
    return buffer.getvalue()


def union_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The distinct triples of all graphs, sorted (so every serialisation is reproducible)."""
    return sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)


def _serialize(triples: Sequence[ox.Triple], fmt: ox.RdfFormat,
               prefixes: dict[str, str] | None = None) -> bytes:
    return ox.serialize(list(triples), format=fmt, prefixes=prefixes) or b""


def render_union(triples: Sequence[ox.Triple], context: dict[str, Any],
                 prefixes: dict[str, str] = PREFIXES) -> dict[DumpFormat, bytes]:
    """The union dumps (Turtle, N-Triples, JSON-LD) of sorted ``triples``; Turtle binds
    ``prefixes`` (:func:`semaxkg.rdf.iri_scheme.prefixes_for` a non-default base)."""
    return {
        TURTLE: _serialize(triples, ox.RdfFormat.TURTLE, used_prefixes(triples, prefixes)),
        N_TRIPLES: _serialize(triples, ox.RdfFormat.N_TRIPLES),
        JSON_LD: jsonld.compact(triples, context),
    }


def render_named(quads: Sequence[ox.Quad],
                 prefixes: dict[str, str] = PREFIXES) -> dict[DumpFormat, bytes]:
    """TriG and N-Quads of ``quads`` (for a store with no built files; sorted here)."""
    ordered = sorted(quads, key=str)
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in ordered]
    return {
        TRIG: ox.serialize(ordered, format=ox.RdfFormat.TRIG,
                           prefixes=used_prefixes(triples, prefixes)) or b"",
        N_QUADS: ox.serialize(ordered, format=ox.RdfFormat.N_QUADS) or b"",
    }


def describe(contents: dict[DumpFormat, bytes], statements: dict[DumpFormat, int]) -> list[DumpFile]:
    """A :class:`DumpFile` for each plain file of ``contents`` and for its gzipped copy."""
    files: list[DumpFile] = []
    for fmt in FORMATS:
        if fmt not in contents:
            continue
        plain = contents[fmt]
        packed = gzip_bytes(plain)
        for gzipped, data in ((False, plain), (True, packed)):
            files.append(DumpFile(fmt, gzipped, len(data), hashlib.sha256(data).hexdigest(),
                                  statements[fmt]))
    return files
