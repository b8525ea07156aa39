"""The source texts, read at run time from the folder the user names (``SOURCES_DIR``).

The project carries no sentence of its sources: the graph records each document's file name,
length and SHA-256, and passages point into the text by character offsets. A page that shows
a passage reads the text from ``SOURCES_DIR`` (``semaxkg serve --sources DIR``; by default the
project's ``../shared/sources`` when that folder exists), checks it against the recorded
checksum and only then shows it. When the folder is not set, the file is missing or the text
differs, :func:`read_source_text` says why and how to enable the view instead.

Texts are kept in memory per process once verified (keyed by path, size and modification
time), so a page with two hundred passages reads and hashes each file once.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from flask import current_app

from semaxkg.rdf.graph_store import GraphStore
from semaxkg.web.pages.prologue import PROLOGUE

#: Largest source file read (bytes); a larger file is refused, not read.
MAX_SOURCE_BYTES = 8 * 1024 * 1024
#: Most verified texts kept in memory per process.
MAX_CACHED_TEXTS = 32
#: How a reader turns the view on (shown whenever the text cannot be shown).
ENABLE_HINT = ("start the server with `semaxkg serve --sources DIR` (or set SEMAXKG_SOURCES_DIR) "
               "naming the folder that holds the source files")

_RECORD = PROLOGUE + """
SELECT ?file ?sha ?length WHERE {
  ?doc a sxo:SourceDocument .
  OPTIONAL { ?doc sxo:fileName ?file }
  OPTIONAL { ?doc sxo:sha256 ?sha }
  OPTIONAL { ?doc sxo:textLength ?length }
} LIMIT 1"""


@dataclass(frozen=True)
class DocumentRecord:
    """What the graph records about a source document's text."""

    iri: str
    file_name: str
    sha256: str
    length: int | None


@dataclass(frozen=True)
class SourceText:
    """A source text, or why it cannot be shown (``text`` is None then)."""

    record: DocumentRecord | None
    text: str | None
    problem: str | None = None

    @property
    def available(self) -> bool:
        """True when the text was found and matches its recorded checksum."""
        return self.text is not None


#: (resolved path, size, mtime) -> (hex SHA-256, text).
_cache: dict[tuple[str, int, int], tuple[str, str]] = {}
_cache_lock = threading.Lock()


def load_record(store: GraphStore, document: str) -> DocumentRecord | None:
    """The recorded file name, checksum and length of ``document``; None when incomplete."""
    rows = store.select(_RECORD, {"doc": ox.NamedNode(document)})
    if not rows:
        return None
    file, sha, length = rows[0].get("file"), rows[0].get("sha"), rows[0].get("length")
    if not (isinstance(file, ox.Literal) and isinstance(sha, ox.Literal)):
        return None
    size = int(length.value) if isinstance(length, ox.Literal) and length.value.isdigit() else None
    return DocumentRecord(document, file.value, sha.value.lower(), size)


def sources_dir() -> str:
    """The configured ``SOURCES_DIR`` of the current app (``""``: none)."""
    return str(current_app.config.get("SOURCES_DIR") or "")


def read_source_text(folder: str, record: DocumentRecord | None) -> SourceText:
    """The text of ``record`` from ``folder``, verified against the recorded SHA-256."""
    if record is None:
        return SourceText(None, None, "the graph records no file name and checksum for this "
                                      "document")
    if not folder:
        return SourceText(record, None, "no folder of source texts is configured")
    name = record.file_name
    # The file name comes from the data: only a plain name inside the folder is read.
    if not name or Path(name).name != name or name in (".", ".."):
        return SourceText(record, None, f"the recorded file name {name!r} is not a plain file name")
    path = Path(folder) / name
    try:
        stat = path.stat()
    except OSError:
        return SourceText(record, None, f"{name} is not in the sources folder")
    if stat.st_size > MAX_SOURCE_BYTES:
        return SourceText(record, None, f"{name} is larger than {MAX_SOURCE_BYTES} bytes")
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    with _cache_lock:
        cached = _cache.get(key)
    if cached is not None and cached[0] == record.sha256:
        return SourceText(record, cached[1])
    try:
        data = path.read_bytes()[:MAX_SOURCE_BYTES + 1]
    except OSError:
        return SourceText(record, None, f"{name} could not be read")
    digest = hashlib.sha256(data).hexdigest()
    if digest != record.sha256:
        return SourceText(record, None, f"{name} differs from the text the passages were "
                                        "read from (its SHA-256 does not match the recorded one)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return SourceText(record, None, f"{name} is not UTF-8")
    with _cache_lock:
        if len(_cache) >= MAX_CACHED_TEXTS:
            _cache.pop(next(iter(_cache)))
        _cache[key] = (digest, text)
    return SourceText(record, text)


def source_text(store: GraphStore, document: str) -> SourceText:
    """The verified text of ``document`` from the app's ``SOURCES_DIR``, or why not."""
    return read_source_text(sources_dir(), load_record(store, document))
