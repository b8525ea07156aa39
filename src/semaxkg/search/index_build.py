"""Write the search index of a served graph: one SQLite file per store version.

The graph is read through :class:`~semaxkg.rdf.graph_store.GraphStore` (one ``SELECT`` over the
label, identifier and text predicates), so the same index is made over the local files and over
``serve --store``. The file is written beside its final name and renamed into place, so a reader
never sees half an index, and it is reused as long as the store's version is the same.

Tables: ``docs`` (one row per resource: IRI, label, kind, group, snippet), ``keys`` (every
label, alternative label and identifier, normalised, B-tree indexed: exact and prefix hits),
``words`` (FTS5, unicode61: names and body text), ``grams`` (FTS5 trigram: fragments of
names) and ``vocab``/``vocab_grams`` (the words of the labels, for typo corrections).
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from semaxkg.rdf.graph_store import GraphStore, with_values
from semaxkg.rdf.iri_scheme import BASE, PREFIXES, SXO
from semaxkg.search.ranking import normalise, words

log = logging.getLogger(__name__)

_SKOS, _RDFS, _SCHEMA = PREFIXES["skos"], PREFIXES["rdfs"], PREFIXES["schema"]
#: Label predicates, preferred first (an English label before others of one predicate).
LABEL_PREDICATES = (_SKOS + "prefLabel", _RDFS + "label", PREFIXES["dcterms"] + "title",
                    _SCHEMA + "name", SXO + "title", SXO + "personName")
ALT_PREDICATES = (_SKOS + "altLabel",)
#: Identifier predicates and how a snippet names them.
ID_PREDICATES = {SXO + "pmid": "PMID", SXO + "doiValue": "DOI", SXO + "hasCASNumber": "CAS",
                 _SKOS + "notation": "code"}
#: Longer texts searched by their words: claim paraphrases, titles, definitions.
TEXT_PREDICATES = (SXO + "paraphrase", SXO + "title", _SKOS + "definition", _RDFS + "comment",
                   SXO + "findingSummary")
#: Longest snippet kept, in characters.
SNIPPET_CHARS = 200
#: Kinds shown as their own group; every other kind is an "entity".
OWN_GROUPS = frozenset({"claim", "study", "source", "term"})
ENTITY_GROUP = "entity"

#: A word as written (its case kept), for the spelling a correction is shown in.
_RAW_WORD = re.compile(r"\w+")
#: The serial number ending a flat id (``claim-0001``): what is left names the kind.
_FLAT_NUMBER = re.compile(r"[-_]?[0-9]+$")

_QUERY = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?s) && isLiteral(?o)) }"

SCHEMA = """
CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE docs(id INTEGER PRIMARY KEY, iri TEXT NOT NULL, label TEXT NOT NULL,
                  kind TEXT NOT NULL, grp TEXT NOT NULL, depth INTEGER NOT NULL,
                  snippet TEXT NOT NULL, ids TEXT NOT NULL);
CREATE INDEX docs_iri ON docs(iri);
CREATE TABLE keys(key TEXT NOT NULL, doc INTEGER NOT NULL, field INTEGER NOT NULL);
CREATE VIRTUAL TABLE words USING fts5(names, body, tokenize='unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE grams USING fts5(names, tokenize='trigram');
CREATE TABLE vocab(id INTEGER PRIMARY KEY, word TEXT NOT NULL UNIQUE, shown TEXT NOT NULL,
                   uses INTEGER NOT NULL);
CREATE VIRTUAL TABLE vocab_grams USING fts5(word, tokenize='trigram');
"""
#: Field numbers in ``keys`` (a label beats an alternative label beats an identifier).
LABEL_FIELD, ALT_FIELD, ID_FIELD = 0, 1, 2
#: Bump when the tables change: an index file of another format is rebuilt.
FORMAT = "2"


@dataclass
class Entry:
    """What one resource contributes to the index."""

    iri: str
    labels: list[tuple[int, int, str]] = field(default_factory=list)
    alts: list[str] = field(default_factory=list)
    ids: list[tuple[str, str]] = field(default_factory=list)
    texts: list[tuple[int, str]] = field(default_factory=list)

    def label(self) -> str:
        """The preferred label, else the first text, else the IRI's last segment."""
        if self.labels:
            return min(self.labels)[2]
        if self.texts:
            return min(self.texts)[1]
        return self.iri.rstrip("/#").rsplit("/", 1)[-1]

    def snippet(self, label: str) -> str:
        """The first text that is not the label, else the identifiers, cut to a snippet."""
        for _, text in sorted(self.texts):
            if text != label:
                return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS - 1] + "…"
        return self.id_text()

    def id_text(self) -> str:
        """The identifiers as shown: ``PMID 11517472 · DOI 10.1/x``."""
        return " · ".join(f"{name} {value}" for name, value in self.ids)


def _language_rank(term: ox.Literal) -> int:
    language = term.language
    if language is None:
        return 1
    return 0 if language == "en" or language.startswith("en-") else 2


def kind_of(iri: str, base: str) -> tuple[str, int] | None:
    """The kind of a resource (``compound``, ``claim``, ``term``…) and its depth below it;
    ``None`` for what is not searched (SHACL shapes)."""
    if iri.startswith(SXO) or iri == BASE + "ontology":
        return "term", 1
    for root in dict.fromkeys((base, BASE)):
        if iri.startswith(root):
            parts = iri[len(root):].strip("/").split("/")
            if parts[0] == "shapes":
                return None
            if parts[0] == "id" and len(parts) >= 3:
                return parts[1], len(parts) - 1
            if parts[0] == "id" and len(parts) == 2:  # flat: id/claim-0001 is a claim
                return _FLAT_NUMBER.sub("", parts[1]) or "id", 1
            return parts[0] or "term", len(parts)
    return "term", 1


def collect(store: GraphStore) -> dict[str, Entry]:
    """Every resource with a label, identifier or text, read from ``store``."""
    label_rank = {p: n for n, p in enumerate(LABEL_PREDICATES)}
    text_rank = {p: n for n, p in enumerate(TEXT_PREDICATES)}
    predicates = set(label_rank) | set(ALT_PREDICATES) | set(ID_PREDICATES) | set(text_rank)
    query = with_values(_QUERY, "p", [ox.NamedNode(p) for p in sorted(predicates)])
    entries: dict[str, Entry] = {}
    for row in store.select(query):
        subject, predicate, value = row.get("s"), row.get("p"), row.get("o")
        if not (isinstance(subject, ox.NamedNode) and isinstance(predicate, ox.NamedNode)
                and isinstance(value, ox.Literal)) or not value.value.strip():
            continue
        entry = entries.setdefault(subject.value, Entry(subject.value))
        name, text = predicate.value, " ".join(value.value.split())
        if name in label_rank:
            entry.labels.append((label_rank[name], _language_rank(value), text))
        if name in text_rank:
            entry.texts.append((text_rank[name], text))
        if name in ALT_PREDICATES:
            entry.alts.append(text)
        if name in ID_PREDICATES:
            entry.ids.append((ID_PREDICATES[name], text))
    return entries


def _write(db: sqlite3.Connection, entries: dict[str, Entry], base: str) -> int:
    vocab: Counter[str] = Counter()
    shown: dict[str, Counter[str]] = {}
    written = 0
    for iri in sorted(entries):
        kind = kind_of(iri, base)
        if kind is None:
            continue
        entry, written = entries[iri], written + 1
        label = entry.label()
        entry.alts = sorted(set(entry.alts) - {label})
        entry.ids = sorted(set(entry.ids))
        group = kind[0] if kind[0] in OWN_GROUPS else ENTITY_GROUP
        db.execute("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?)",
                   (written, iri, label, kind[0], group, kind[1], entry.snippet(label),
                    entry.id_text()))
        keys = {(normalise(label), LABEL_FIELD)} | {(normalise(a), ALT_FIELD) for a in entry.alts}
        keys |= {(normalise(value), ID_FIELD) for _, value in entry.ids}
        db.executemany("INSERT INTO keys VALUES (?,?,?)", [(k, written, f) for k, f in keys])
        names = " ".join([label, *entry.alts, *(f"{n} {v}" for n, v in entry.ids)])
        body = " ".join(text for _, text in sorted(set(entry.texts)))
        db.execute("INSERT INTO words(rowid, names, body) VALUES (?,?,?)", (written, names, body))
        db.execute("INSERT INTO grams(rowid, names) VALUES (?,?)", (written, normalise(names)))
        for text in (label, *entry.alts):
            for raw in _RAW_WORD.findall(text):
                for word in words(raw):
                    vocab[word] += 1
                    shown.setdefault(word, Counter())[raw] += 1
    for number, (word, uses) in enumerate(sorted(vocab.items()), 1):
        spelling = min(shown[word].items(), key=lambda item: (-item[1], item[0]))[0]
        db.execute("INSERT INTO vocab VALUES (?,?,?,?)", (number, word, spelling, uses))
        db.execute("INSERT INTO vocab_grams(rowid, word) VALUES (?,?)", (number, word))
    return written


def index_path(folder: Path, version: str, base: str) -> Path:
    """Where the index of one store version (and IRI base) is kept."""
    tag = normalise(base).encode().hex()[-16:]
    return folder / f"search-{FORMAT}-{version}-{tag}.sqlite"


def default_folder() -> Path:
    """The folder of index files when none is configured: one per user under the temp dir."""
    return Path(tempfile.gettempdir()) / f"semaxkg-search-{os.getuid()}"


def ensure_index(store: GraphStore, version: str, base: str, folder: Path) -> Path:
    """The index file of ``store`` at ``version``: reused when present, else built now."""
    path = index_path(folder, version, base)
    if path.is_file():
        return path
    started = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    entries = collect(store)
    handle, partial = tempfile.mkstemp(dir=folder, prefix=path.stem, suffix=".part")
    os.close(handle)
    try:
        db = sqlite3.connect(partial)
        # A half-written file is thrown away anyway: no journal, no syncs while writing.
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        with db:
            db.executescript(SCHEMA)
            written = _write(db, entries, base)
            db.execute("CREATE INDEX keys_key ON keys(key)")
            db.executemany("INSERT INTO meta VALUES (?,?)",
                           [("version", version), ("base", base), ("format", FORMAT)])
        db.execute("INSERT INTO words(words) VALUES ('optimize')")
        db.execute("INSERT INTO grams(grams) VALUES ('optimize')")
        db.commit()
        db.close()
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    log.info("search index: %d resources in %.2f s (%s)", written,
             time.perf_counter() - started, path.name)
    return path
