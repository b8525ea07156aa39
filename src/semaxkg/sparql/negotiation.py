"""Choosing the answer's format from the client's ``Accept`` header and the query's kind.

Rules: an explicit ``format``/``output``/``results`` parameter naming a format of the right
kind wins; no ``Accept`` (or only ``*/*``) gives the kind's default (SPARQL JSON, Turtle);
otherwise Werkzeug's ``best_match`` honours q-values and specificity among the formats of
that kind and their aliases. Offering result *and* graph types together (rdflib sends
``application/sparql-results+xml, application/rdf+xml`` for every query) therefore picks the
one that fits the query. A client that accepts only the *other* kind's XML or JSON gets the
XML or JSON of this kind rather than 406 (rasqal's roqet asks for
``application/sparql-results+xml`` even for DESCRIBE). Nothing fitting → ``None`` (406).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from werkzeug.datastructures import MIMEAccept

from semaxkg.rdf.formats import (
    JSON_LD,
    RDF_XML,
    SPARQL_JSON,
    SPARQL_XML,
    Format,
    Kind,
    by_short_name,
    formats_for,
    not_acceptable_message,
    offers_for,
)
from semaxkg.sparql.messages import error_response

#: The same syntax family across kinds: asked for one, answer with the other.
SIBLINGS: dict[Format, Format] = {
    SPARQL_XML: RDF_XML, RDF_XML: SPARQL_XML, SPARQL_JSON: JSON_LD, JSON_LD: SPARQL_JSON,
}

if TYPE_CHECKING:
    from semaxkg.sparql.messages import QueryResponse


#: Accept headers up to this many entries and characters have their choices memoised.
MEMO_MAX_ENTRIES = 16
MEMO_MAX_CHARS = 1024
MEMO_SIZE = 512


def choose(accept: MIMEAccept, kind: Kind, hint: str | None = None) -> Format | None:
    """The format to answer a ``kind`` result in, or ``None`` when nothing offered fits."""
    entries = tuple(accept)
    if len(entries) <= MEMO_MAX_ENTRIES and sum(len(v) for v, _ in entries) <= MEMO_MAX_CHARS:
        # Clients send the same few headers again and again; matching costs ~0.1 ms.
        return _choose_memo(entries, kind, hint)
    return _choose(accept, kind, hint)


@functools.lru_cache(maxsize=MEMO_SIZE)
def _choose_memo(
    entries: tuple[tuple[str, float], ...], kind: Kind, hint: str | None
) -> Format | None:
    return _choose(MIMEAccept(entries), kind, hint)


def _choose(accept: MIMEAccept, kind: Kind, hint: str | None) -> Format | None:
    if hint:
        hinted = by_short_name(kind, hint)
        if hinted is not None:
            return hinted
    if not accept:
        return formats_for(kind)[0]
    offers = offers_for(kind)
    best = accept.best_match(list(offers))
    if best is not None:
        return offers[best]
    other = Kind.GRAPH if kind is not Kind.GRAPH else Kind.SOLUTIONS
    other_offers = offers_for(other)
    asked = accept.best_match(list(other_offers))
    sibling = SIBLINGS.get(other_offers[asked]) if asked is not None else None
    return sibling if sibling is not None and kind in sibling.kinds else None


def acceptable_at_all(accept: MIMEAccept) -> bool:
    """Whether some kind of result could be answered (checked before running a query)."""
    return any(choose(accept, kind) is not None for kind in Kind)


def supported_list(kind: Kind | None = None) -> str:
    """The supported media types (of ``kind``, or all), one per line, for 406 bodies."""
    kinds = [kind] if kind is not None else list(Kind)
    seen: dict[str, None] = {}
    for k in kinds:
        for fmt in formats_for(k):
            seen.setdefault(fmt.media_type, None)
    return "\n".join(seen)


def not_acceptable_response(kind: Kind | None = None) -> QueryResponse:
    """A 406 answer listing what is supported."""
    what = f"a {kind.value} result" if kind is not None else "this endpoint"
    return error_response(406, not_acceptable_message(what, supported_list(kind).split("\n")))
