"""How a search text is normalised, split and compared, and how hits are ordered.

A hit's rank is a tuple, smaller first: its :class:`Tier` (exact label, prefix, words in the
labels, words anywhere, a fragment inside a label, then typo-corrected), the kind's weight
(named things before studies and sources, those before claims), how deep its IRI is (a
study before a reference inside a source), then a tie-break within the tier.
"""

from __future__ import annotations

import re
import unicodedata
from enum import IntEnum

#: Words of a text: letters and digits (so "ACTH(4-7)-PGP" gives acth, 4, 7, pgp).
_WORD = re.compile(r"\w+")
#: "PMID 123", "doi:10.1/x", "CAS 80714-61-0": the identifier without its scheme.
_SCHEME = re.compile(r"^(?:pmid|doi|cas|pubmed)\s*[:#]?\s*(?=\S)", re.IGNORECASE)


class Tier(IntEnum):
    """Why a resource matched, best first."""

    EXACT = 0  # the whole text is a label, an alternative label or an identifier
    PREFIX = 1  # a label, alternative label or identifier starts with the text
    LABEL_WORDS = 2  # every word starts a word of the labels or identifiers
    TEXT_WORDS = 3  # every word starts a word anywhere (paraphrase, title, definition)
    FRAGMENT = 4  # the text occurs inside a label or identifier
    CORRECTED = 5  # found only after correcting a misspelt word


#: Kind weight within a tier: named entities and ontology terms, then studies and
#: sources, then claims (whose labels are whole sentences).
KIND_WEIGHT: dict[str, int] = {"study": 1, "source": 1, "conflict": 2, "claim": 2}


def kind_weight(kind: str) -> int:
    """Where a kind sorts within one tier (0 for entities and terms)."""
    return KIND_WEIGHT.get(kind, 0)


def normalise(text: str) -> str:
    """Case-folded, accents removed, whitespace collapsed: the form every key is kept in."""
    if not text.isascii():  # most labels are: skip the decomposition
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


def without_scheme(text: str) -> str:
    """``text`` with a leading ``PMID``/``DOI``/``CAS`` label removed (else unchanged)."""
    return _SCHEME.sub("", text, count=1)


def words(text: str) -> list[str]:
    """The normalised words of ``text``."""
    return _WORD.findall(normalise(text))


def fts_words_query(query_words: list[str]) -> str:
    """An FTS5 query needing every word as a word prefix (``"semax"* AND "bdnf"*``)."""
    return " AND ".join(f'"{word}"*' for word in query_words)


def fts_phrase(text: str) -> str:
    """``text`` as one quoted FTS5 string (a fragment for the trigram tables)."""
    return '"' + text.replace('"', '""') + '"'


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance of ``a`` and ``b`` (an adjacent swap costs 1);
    anything over ``limit`` is reported as ``limit + 1`` (cut short)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def typo_allowance(word: str) -> int:
    """Edits a misspelt word may be away from its correction: 1 up to five letters, else 2."""
    return 1 if len(word) <= 5 else 2


def trigrams(word: str) -> list[str]:
    """The three-letter pieces of ``word`` (the word itself when shorter)."""
    if len(word) <= 3:
        return [word]
    return [word[i:i + 3] for i in range(len(word) - 2)]
