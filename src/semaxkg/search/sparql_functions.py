"""Text search inside SPARQL: ``sxf:score`` and ``sxf:matches``, answered from the search index.

Registered with pyoxigraph's ``custom_functions`` by the query engine (in the executor
processes, which open the index file read-only); ``sxf:`` is
``https://w3id.org/semaxkg/function/``. With a resource IRI as first argument both read the
ranking of :mod:`semaxkg.search.text_index`; with a literal they compare that text itself:

* ``sxf:score(?x, "text")`` — an ``xsd:double`` in (0, 1], 1 for the best match, lower down the
  ranking; unbound (an error, so ``FILTER`` drops the row) when ``?x`` does not match;
* ``sxf:matches(?x, "text")`` — ``true`` or ``false``.

Nothing here reaches the network. Over ``serve --store`` the remote triplestore evaluates the
query and knows neither function: such queries are refused with a 400 (:data:`REMOTE_REFUSAL`).
"""

from __future__ import annotations

import functools
import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from semaxkg.rdf.iri_scheme import FUNCTIONS, PREFIXES
from semaxkg.search.ranking import normalise, words
from semaxkg.search.text_index import SearchIndex

log = logging.getLogger(__name__)

SCORE = FUNCTIONS + "score"
MATCHES = FUNCTIONS + "matches"
#: The functions' IRIs, as the service description lists them.
FUNCTION_IRIS = (SCORE, MATCHES)
#: Most resources one search text gives a score to (the rest of the ranking does not match).
FUNCTION_HITS = 1000
#: Search texts whose rankings an executor keeps (a query calls a function once per row).
KEPT_RANKINGS = 64
#: Scores of a literal compared with a text: equal, starting with it, holding its words.
LITERAL_SCORES = (1.0, 0.75, 0.5)
_DOUBLE = ox.NamedNode(PREFIXES["xsd"] + "double")
_TRUE = ox.Literal("true", datatype=ox.NamedNode(PREFIXES["xsd"] + "boolean"))
_FALSE = ox.Literal("false", datatype=ox.NamedNode(PREFIXES["xsd"] + "boolean"))

#: What a query using the functions over a remote store is told (the one 400 style: what, fix).
REMOTE_REFUSAL = (
    "the text-search functions sxf:score and sxf:matches (<" + FUNCTIONS + ">) are answered "
    "only by the built-in store, and this server reads a remote triplestore (serve --store), "
    "which does not know them",
    "use GET /api/search?q=TEXT instead, or serve the files",
)

Function = Callable[..., ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None]


@functools.lru_cache(maxsize=4)
def _index(path: str) -> SearchIndex:
    return SearchIndex(Path(path))


@functools.lru_cache(maxsize=KEPT_RANKINGS)
def _ranking(path: str, text: str) -> dict[str, float]:
    """Score of every resource matching ``text``: 1 for the first, falling with the rank."""
    hits = _index(path).search(text, limit=FUNCTION_HITS).hits
    return {hit.iri: round(1 - position / len(hits), 6) for position, hit in enumerate(hits)}


def literal_score(value: str, text: str) -> float | None:
    """How well the string ``value`` matches the search ``text`` (see :data:`LITERAL_SCORES`)."""
    wanted, have = normalise(text), normalise(value)
    if not wanted:
        return None
    if have == wanted:
        return LITERAL_SCORES[0]
    if have.startswith(wanted):
        return LITERAL_SCORES[1]
    value_words = words(have)
    if all(any(w.startswith(q) for w in value_words) for q in words(wanted)):
        return LITERAL_SCORES[2]
    return None


def score_of(path: str | None, term: object, text: object) -> float | None:
    """The score of ``term`` (an IRI or a literal) for the search ``text``; ``None``: no match."""
    if not isinstance(text, ox.Literal):
        return None
    if isinstance(term, ox.Literal):
        return literal_score(term.value, text.value)
    if isinstance(term, ox.NamedNode) and path is not None:
        try:
            return _ranking(path, text.value).get(term.value)
        except sqlite3.Error:  # no index file (removed under us): no match, never a crash
            log.exception("search index %s unreadable", path)
    return None


def functions(path: str | None) -> dict[ox.NamedNode, Function]:
    """The functions to register with ``Store.query`` (``path``: the index file, if any)."""

    def score(term: object, text: object) -> ox.Literal | None:
        found = score_of(path, term, text)
        return None if found is None else ox.Literal(repr(found), datatype=_DOUBLE)

    def matches(term: object, text: object) -> ox.Literal:
        return _FALSE if score_of(path, term, text) is None else _TRUE

    return {ox.NamedNode(SCORE): score, ox.NamedNode(MATCHES): matches}
