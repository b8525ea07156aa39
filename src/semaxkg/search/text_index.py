"""Answer searches from an index file written by :mod:`semaxkg.search.index_build`.

The file is opened read-only, one connection per process and thread (an SQLite connection
must not cross a ``fork``, and the web workers and query executors are forked), so the web
workers and the SPARQL executors all read the same file.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from semaxkg.search.ranking import (
    Tier,
    edit_distance,
    fts_phrase,
    fts_words_query,
    kind_weight,
    normalise,
    trigrams,
    typo_allowance,
    without_scheme,
    words,
)

#: Candidates read per way of matching before ranking (more than any page shows).
CANDIDATES = 200
#: Vocabulary words compared with a misspelt word.
CORRECTION_CANDIDATES = 300
#: Longest search text looked up, in characters (the rest is ignored).
MAX_QUERY_CHARS = 200
#: Shortest word that is corrected when unknown.
MIN_CORRECTED_CHARS = 3
#: Above every character a key may hold: ``key < prefix + END`` ends a prefix range.
END = "\U0010ffff"


@dataclass(frozen=True)
class Hit:
    """One resource found: what the API and the pages show, and why it matched."""

    iri: str
    label: str
    kind: str
    group: str
    snippet: str
    tier: Tier


@dataclass(frozen=True)
class Found:
    """The answer to one search: the hits, best first, and a corrected text if one was needed."""

    query: str
    hits: tuple[Hit, ...]
    did_you_mean: str | None = None


#: How a document matched: tier, the tier within a corrected match, a tie-break.
_Found = tuple[Tier, int, float]
_Rank = tuple[int, int, int, int, float, str]


class SearchIndex:
    """Read-only access to one index file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._kinds: list[str] | None = None

    def _db(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None or getattr(self._local, "pid", None) != os.getpid():
            db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
            self._local.db, self._local.pid = db, os.getpid()
        return db

    def kinds(self) -> list[str]:
        """Every kind and group a search may be narrowed to, sorted (read once: the file
        never changes)."""
        if self._kinds is None:
            rows = self._db().execute("SELECT kind FROM docs UNION SELECT grp FROM docs")
            self._kinds = sorted(str(row[0]) for row in rows)
        return list(self._kinds)

    def search(self, query: str, kind: str | None = None, limit: int = 10) -> Found:
        """The best ``limit`` resources for ``query`` (of ``kind``, a kind or group, if given)."""
        text = normalise(query[:MAX_QUERY_CHARS])
        if not text:
            return Found(query, ())
        found: dict[int, _Found] = {}
        self._match(text, kind, found, corrected=False)
        corrected = self.correct(words(text))
        if corrected is not None:
            self._match(normalise(corrected), kind, found, corrected=True)
        return Found(query, tuple(self._ranked(found, limit)), corrected)

    def _match(self, text: str, kind: str | None, found: dict[int, _Found],
               corrected: bool) -> None:
        def offer(doc: int, tier: Tier, tie: float) -> None:
            # A corrected match ranks by how it matched the corrected text, within its tier.
            key = (Tier.CORRECTED, int(tier), tie) if corrected else (tier, 0, tie)
            if doc not in found or key < found[doc]:
                found[doc] = key

        db, narrow, args = self._db(), _kind_clause(kind), _kind_args(kind)
        for variant in dict.fromkeys((text, normalise(without_scheme(text)))):
            for doc, fld in db.execute(
                    f"SELECT k.doc, k.field FROM keys k JOIN docs d ON d.id = k.doc "
                    f"WHERE k.key = ?{narrow} LIMIT {CANDIDATES}", (variant, *args)):
                offer(doc, Tier.EXACT, fld)
            for doc, size in db.execute(
                    f"SELECT k.doc, length(k.key) + k.field FROM keys k JOIN docs d "
                    f"ON d.id = k.doc WHERE k.key > ? AND k.key < ?{narrow} "
                    f"ORDER BY length(k.key) LIMIT {CANDIDATES}", (variant, variant + END, *args)):
                offer(doc, Tier.PREFIX, size)
        query_words = words(text)
        if query_words:
            fts = fts_words_query(query_words)
            for tier, match in ((Tier.LABEL_WORDS, "{names} : (" + fts + ")"),
                                (Tier.TEXT_WORDS, fts)):
                for position, (doc,) in enumerate(db.execute(
                        f"SELECT w.rowid FROM words w JOIN docs d ON d.id = w.rowid "
                        f"WHERE words MATCH ?{narrow} ORDER BY w.rank LIMIT {CANDIDATES}",
                        (match, *args))):
                    offer(doc, tier, position)
        if len(text) >= 3 and not corrected:
            for position, (doc,) in enumerate(db.execute(
                    f"SELECT g.rowid FROM grams g JOIN docs d ON d.id = g.rowid "
                    f"WHERE grams MATCH ?{narrow} LIMIT {CANDIDATES}",
                    (fts_phrase(text), *args))):
                offer(doc, Tier.FRAGMENT, position)

    def _ranked(self, found: dict[int, _Found], limit: int) -> list[Hit]:
        if not found:
            return []
        db = self._db()
        ranked: list[tuple[_Rank, Hit]] = []
        ids = sorted(found)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for doc, iri, label, kind, group, depth, snippet in db.execute(
                    f"SELECT id, iri, label, kind, grp, depth, snippet FROM docs "
                    f"WHERE id IN ({marks})", chunk):
                tier, subtier, tie = found[doc]
                rank = (int(tier), subtier, kind_weight(kind), depth, tie, label.casefold())
                ranked.append((rank, Hit(iri, label, kind, group, snippet, tier)))
        ranked.sort(key=lambda pair: (pair[0], pair[1].iri))
        return [hit for _, hit in ranked[:limit]]

    def correct(self, query_words: list[str]) -> str | None:
        """``query_words`` with each unknown word replaced by the nearest label word, as the
        labels spell them ("semx" → "Semax"); ``None`` when no word needed correcting."""
        db = self._db()
        out: list[str] = []
        changed = False
        for word in query_words:
            known = db.execute("SELECT shown FROM vocab WHERE word >= ? AND word < ? LIMIT 1",
                               (word, word + END)).fetchone()
            if known is not None or len(word) < MIN_CORRECTED_CHARS or word.isdigit():
                out.append(word)
                continue
            best = self._nearest(word)
            changed = changed or best is not None
            out.append(best if best is not None else word)
        return " ".join(out) if changed else None

    def _nearest(self, word: str) -> str | None:
        db = self._db()
        grams = " OR ".join(fts_phrase(gram) for gram in trigrams(word))
        rows = db.execute(
            f"SELECT v.word, v.shown, v.uses FROM vocab_grams g JOIN vocab v ON v.id = g.rowid "
            f"WHERE vocab_grams MATCH ? LIMIT {CORRECTION_CANDIDATES}", (grams,)).fetchall()
        rows += db.execute(
            f"SELECT word, shown, uses FROM vocab WHERE word >= ? AND word < ? "
            f"LIMIT {CORRECTION_CANDIDATES}", (word[:2], word[:2] + END)).fetchall()
        allowance = typo_allowance(word)
        best: tuple[int, int, str, str] | None = None
        for candidate, shown, uses in rows:
            distance = edit_distance(word, candidate, allowance)
            if distance <= allowance:
                key = (distance, -int(uses), str(candidate), str(shown))
                best = key if best is None or key < best else best
        return best[3] if best is not None else None


def _kind_clause(kind: str | None) -> str:
    return "" if kind is None else " AND (d.kind = ? OR d.grp = ?)"


def _kind_args(kind: str | None) -> tuple[str, ...]:
    return () if kind is None else (kind, kind)
