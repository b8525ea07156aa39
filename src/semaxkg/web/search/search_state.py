"""The search index of the app's served data, and its hits as the surfaces show them.

The index file is made by :func:`semaxkg.web.state.init_app` (the executors read it too).
Over a remote store the data may change: when the store's version moves on, the index of
the new version is made on the next search (once, under a lock).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app

from semaxkg.search.text_index import Found, SearchIndex
from semaxkg.web.iris import get_mapper
from semaxkg.web.state import build_search_index, get_state

log = logging.getLogger(__name__)

EXTENSION_KEY = "semaxkg.search"
#: Group names of the kinds, in the order the search page shows them.
GROUP_TITLES: dict[str, str] = {
    "entity": "Compounds and other entities", "claim": "Claims", "study": "Studies",
    "source": "Sources", "term": "Ontology terms",
}


@dataclass(frozen=True)
class Result:
    """One hit as the API and the pages show it."""

    iri: str
    label: str
    kind: str
    group: str
    href: str
    snippet: str

    def as_json(self) -> dict[str, str]:
        """The API's fields of a result."""
        return {"iri": self.iri, "label": self.label, "kind": self.kind, "href": self.href,
                "snippet": self.snippet}


class _Holder:
    """The index of one store version, replaced when the version changes."""

    def __init__(self, version: str, path: Path) -> None:
        self.lock = threading.Lock()
        self.version = version
        self.index = SearchIndex(path)


def init_app(app: Flask) -> None:
    """Attach the index already made for the app's data."""
    state = get_state(app)
    if state.search_path is None:
        raise RuntimeError("the search index was not made: call state.init_app first")
    app.extensions[EXTENSION_KEY] = _Holder(state.version, Path(state.search_path))


def get_index() -> SearchIndex:
    """The index of the data served now."""
    holder: _Holder = current_app.extensions[EXTENSION_KEY]
    state = get_state()
    version = state.version
    # A new version of the remote data, or the file removed under us (a temp-dir cleaner).
    if version != holder.version or not holder.index.path.is_file():
        with holder.lock:
            if version != holder.version or not holder.index.path.is_file():
                path = build_search_index(current_app.config, state.graph_store, version)
                holder.index, holder.version = SearchIndex(path), version
    return holder.index


def search(query: str, kind: str | None = None, limit: int = 10) -> tuple[Found, list[Result]]:
    """The hits of ``query`` and what to show for each (``href``: the page on this server)."""
    found = get_index().search(query, kind, limit)
    mapper = get_mapper()
    results = [Result(hit.iri, hit.label, hit.kind, hit.group, mapper.href(hit.iri), hit.snippet)
               for hit in found.hits]
    return found, results


def grouped(results: list[Result]) -> list[tuple[str, str, list[Result]]]:
    """``(group, title, results)`` in the page's order of groups, each keeping the ranking."""
    groups: dict[str, list[Result]] = {}
    for result in results:
        groups.setdefault(result.group, []).append(result)
    return [(name, GROUP_TITLES.get(name, name), groups[name])
            for name in GROUP_TITLES if name in groups]


#: Suggestions a 404 page shows.
NOT_FOUND_SUGGESTIONS = 5


def suggestions_for_iri(iri: str) -> tuple[Found, list[Result]]:
    """What a 404 of ``iri`` suggests: a search for the words of its last path segment."""
    parts = iri.rstrip("/#").rsplit("/", 2)
    words = " ".join(parts[-1].replace("-", " ").replace("_", " ").split())
    try:
        found, results = search(words, limit=NOT_FOUND_SUGGESTIONS * 4)
        # Every word must match; a mistyped year (gusev-1979) matches nothing. Then each
        # word alone, longest first, until there is something to suggest.
        for word in sorted(words.split(), key=len, reverse=True) if " " in words else ():
            if results:
                break
            results = search(word, limit=NOT_FOUND_SUGGESTIONS * 4)[1]
    except sqlite3.Error:  # the 404 stays a 404 whatever happens to the index
        log.exception("no suggestions for %s", iri)
        return Found(words, ()), []
    # Of the kind the path names first (/id/compound/semx: compounds), keeping the ranking.
    kind = parts[-2] if len(parts) == 3 else ""
    results = sorted((r for r in results if r.iri != iri), key=lambda r: r.kind != kind)
    return found, results[:NOT_FOUND_SUGGESTIONS]
