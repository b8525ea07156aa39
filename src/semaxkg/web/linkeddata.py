"""Content negotiation for linked-data documents, shared by every dereferencing surface.

An IRI path (``/id/compound/semax``, ``/ontology/Claim``, ``/graph/source-000``) answers
``303 See Other`` to the document for the negotiated format, which lives at the same path
plus a suffix (``.html``, ``.ttl``, ``.jsonld``, ``.nt``, ``.rdf``). People and crawlers can
ask for a suffix directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from flask import Response, request
from werkzeug.datastructures import MIMEAccept

from semaxkg.namespaces import PREFIXES


@dataclass(frozen=True)
class DocumentFormat:
    """One representation of a linked-data document."""

    suffix: str
    media_type: str
    rdf_format: ox.RdfFormat | None  # None for HTML
    aliases: tuple[str, ...] = ()


HTML = DocumentFormat("html", "text/html", None, ("application/xhtml+xml",))
TURTLE = DocumentFormat("ttl", "text/turtle", ox.RdfFormat.TURTLE,
                        ("application/x-turtle", "application/turtle"))
JSON_LD = DocumentFormat("jsonld", "application/ld+json", ox.RdfFormat.JSON_LD,
                         ("application/json",))
N_TRIPLES = DocumentFormat("nt", "application/n-triples", ox.RdfFormat.N_TRIPLES, ("text/plain",))
RDF_XML = DocumentFormat("rdf", "application/rdf+xml", ox.RdfFormat.RDF_XML,
                         ("application/xml", "text/xml"))

#: Every document format; the order breaks ties between equally weighted types (an RDF
#: client listing several RDF syntaxes at q=1 gets Turtle).
DOCUMENT_FORMATS: tuple[DocumentFormat, ...] = (HTML, TURTLE, JSON_LD, N_TRIPLES, RDF_XML)
BY_SUFFIX: dict[str, DocumentFormat] = {fmt.suffix: fmt for fmt in DOCUMENT_FORMATS}


def choose_document_format(accept: MIMEAccept) -> DocumentFormat | None:
    """The format for ``accept``: q-values first, then specificity; ``None`` means 406.

    No ``Accept`` or ``*/*`` alone gives HTML. A browser's list
    (``text/html,…,application/xml;q=0.9,*/*;q=0.8``) gets HTML because ``text/html`` has the
    highest weight; an RDF client's list gets RDF because it does not name HTML (or names it
    lower).
    """
    if not accept or all(value == "*/*" for value, _ in accept):
        return HTML
    offers: dict[str, DocumentFormat] = {}
    for fmt in DOCUMENT_FORMATS:
        offers.setdefault(fmt.media_type, fmt)
    for fmt in DOCUMENT_FORMATS:
        for alias in fmt.aliases:
            offers.setdefault(alias, fmt)
    best = accept.best_match(list(offers))
    return offers[best] if best is not None else None


def see_other(path: str, fmt: DocumentFormat) -> Response:
    """``303 See Other`` from an IRI path to its document in ``fmt``."""
    response = Response(status=303)
    response.headers["Location"] = f"{path}.{fmt.suffix}"
    response.headers["Vary"] = "Accept"
    return response


def negotiated_see_other(path: str) -> Response:
    """303 to the document the request's ``Accept`` prefers (406 text when none fits)."""
    fmt = choose_document_format(request.accept_mimetypes)
    if fmt is None:
        offered = "\n".join(f.media_type for f in DOCUMENT_FORMATS)
        response = Response(f"None of the media types in Accept is offered. Offered:\n{offered}\n",
                            status=406, mimetype="text/plain")
        response.headers["Vary"] = "Accept"
        return response
    return see_other(path, fmt)


def rdf_body(triples: Iterable[ox.Triple], fmt: DocumentFormat) -> bytes:
    """Serialise ``triples`` in an RDF document format (prefixes written where the syntax has them)."""
    if fmt.rdf_format is None:
        raise ValueError(f"{fmt.suffix} is not an RDF format")
    prefixes = PREFIXES if fmt.rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    body = ox.serialize(list(triples), format=fmt.rdf_format, prefixes=prefixes)
    return body if body is not None else b""
