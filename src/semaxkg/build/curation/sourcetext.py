"""Read a source's recorded metadata and its text, checked against the recorded checksum.

Only the one statement file that holds the source (or the statement) is read, so a curator
can locate passages while other files are still being written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from semaxkg.build.suggest import did_you_mean
from semaxkg.build.yamlfile import LocatedDocument, load_yaml
from semaxkg.errors import InputError, Location, Problem

#: Statement files that hold one source each.
SOURCE_GLOB = "source-*.yaml"


@dataclass(frozen=True)
class SourceText:
    """A source's id, file name, text, and where its ``source:`` block is."""

    source_id: str
    file: str
    text: str
    location: Location
    #: (title, start) of each recorded section heading, in text order.
    sections: tuple[tuple[str, int], ...] = ()

    def section_at(self, offset: int) -> str | None:
        """The title of the recorded section holding ``offset``, if any."""
        found = None
        for title, start in self.sections:
            if start <= offset:
                found = title
        return found


def source_documents(statements_dir: Path) -> Iterator[LocatedDocument]:
    """Each ``source-*.yaml`` in ``statements_dir`` that has a ``source:`` mapping."""
    for path in sorted(statements_dir.glob(SOURCE_GLOB)):
        doc = load_yaml(path, path.name)
        if isinstance(doc.data, dict) and isinstance(doc.data.get("source"), dict):
            yield doc


def _meta(statements_dir: Path, source_id: str) -> tuple[dict[str, Any], LocatedDocument]:
    for doc in source_documents(statements_dir):
        if doc.data["source"].get("id") == source_id:
            return doc.data["source"], doc
    known = sorted(str(d.data["source"].get("id")) for d in source_documents(statements_dir))
    raise InputError([Problem(Location(str(statements_dir)), f"no source '{source_id}'",
                              f"name one of {', '.join(known) or '(none yet: run add-source)'}")])


def read_source(statements_dir: Path, sources_dir: Path, source_id: str) -> SourceText:
    """The text of ``source_id``; :class:`InputError` when missing or its sha256 differs."""
    meta, doc = _meta(statements_dir, source_id)
    where = doc.location(("source",))
    path = sources_dir / str(meta.get("file"))
    if not path.is_file():
        raise InputError([Problem(where, f"source text {path} not found",
                                  "pass --sources DIR with the source texts")])
    text = path.read_bytes().decode("utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if digest != meta.get("sha256"):
        raise InputError([Problem(doc.location(("source", "sha256")),
                                  f"sha256 of {path.name} is {digest}, recorded {meta.get('sha256')}",
                                  "the text changed: use the recorded text, or re-check every "
                                  "offset and record the new sha256")])
    sections = tuple(sorted(((str(x.get("title")), int(x.get("start", 0)))
                             for x in meta.get("sections") or [] if isinstance(x, dict)),
                            key=lambda t: t[1]))
    return SourceText(source_id, path.name, text, where, sections)


def find_statement(statements_dir: Path, statement_id: str) -> tuple[str, dict[str, Any], Location]:
    """The source id, the statement mapping and its location, for ``statement_id``."""
    known: list[str] = []
    for doc in source_documents(statements_dir):
        for i, st in enumerate(doc.data.get("statements") or []):
            if isinstance(st, dict) and st.get("id") == statement_id:
                return str(doc.data["source"].get("id")), st, doc.location(("statements", i))
            if isinstance(st, dict):
                known.append(str(st.get("id")))
    raise InputError([Problem(Location(str(statements_dir)),
                              f"no statement '{statement_id}'{did_you_mean(statement_id, known)}",
                              "give a statement id from a source-NNN.yaml file")])
