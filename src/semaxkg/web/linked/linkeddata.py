"""Content negotiation for linked-data documents, shared by every dereferencing surface.

An IRI path (``/id/compound/semax``, ``/ontology/Claim``, ``/graph/source-000``) answers
``303 See Other`` to the document for the negotiated format, which lives at the same path
plus a suffix (``.html``, ``.ttl``, ``.jsonld``, ``.nt``, ``.rdf``). People and crawlers can
ask for a suffix directly.

HTML renderer registry
----------------------
The ``.html`` document of an IRI is drawn by whichever surface knows that kind of resource.
A surface registers a renderer for an IRI prefix when its blueprint is registered::

    from semaxkg.web.linked.linkeddata import register_html_renderer

    @bp.record_once
    def _register(state: BlueprintSetupState) -> None:
        base = state.app.config["IRI_BASE"]
        register_html_renderer(state.app, base + "id/", render_resource_page)

``fn(iri) -> str | None`` runs inside the request (``get_graph_store()``, ``render_template``
work), receives the full IRI (under the configured base) of a resource **known to exist**
(the caller answered 404 already otherwise), and returns the whole HTML page, or ``None`` to
decline (the next renderer is tried). Renderers are tried longest prefix first; among equal
prefixes, the one registered last first. The generic page of :mod:`semaxkg.web.linked.resources`
(registered with the empty prefix) takes whatever nobody claims: a table of the resource's
triples with labels, its incoming links and links to its other formats.
:func:`render_html` runs the chain.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Flask, Response, current_app, render_template, request
from flask.sansio.app import App
from werkzeug.datastructures import MIMEAccept

from semaxkg.rdf import formats, jsonld
from semaxkg.rdf.iri_scheme import prefixes_for
from semaxkg.rdf.prefixes import used_prefixes
from semaxkg.sparql.cache import etag_for
from semaxkg.web.search.search_state import suggestions_for_iri
from semaxkg.web.state import get_graph_store, get_state

#: Where the ``@context`` built from the ontology is cached in ``app.extensions``.
CONTEXT_KEY = "semaxkg.jsonld_context"


@dataclass(frozen=True)
class DocumentFormat:
    """One representation of a linked-data document."""

    suffix: str
    media_type: str
    rdf_format: ox.RdfFormat | None  # None for HTML
    aliases: tuple[str, ...] = ()


HTML = DocumentFormat("html", "text/html", None, ("application/xhtml+xml",))


def _document(fmt: formats.Format, suffix: str, aliases: tuple[str, ...]) -> DocumentFormat:
    """A document format made from the registry's entry (``aliases``: those documents accept)."""
    return DocumentFormat(suffix, fmt.media_type, fmt.rdf_format, aliases)


TURTLE = _document(formats.TURTLE, "ttl", ("application/x-turtle", "application/turtle"))
JSON_LD = _document(formats.JSON_LD, "jsonld", ("application/json",))
N_TRIPLES = _document(formats.N_TRIPLES, "nt", ("text/plain",))
RDF_XML = _document(formats.RDF_XML, "rdf", ("application/xml", "text/xml"))

#: Every document format; the order breaks ties between equally weighted types (an RDF
#: client listing several RDF syntaxes at q=1 gets Turtle).
DOCUMENT_FORMATS: tuple[DocumentFormat, ...] = (HTML, TURTLE, JSON_LD, N_TRIPLES, RDF_XML)
BY_SUFFIX: dict[str, DocumentFormat] = {fmt.suffix: fmt for fmt in DOCUMENT_FORMATS}


def choose_document_format(accept: MIMEAccept,
                           default: DocumentFormat | None = None) -> DocumentFormat | None:
    """The format for ``accept``: q-values first, then specificity; ``None`` means 406.

    No ``Accept`` or ``*/*`` alone gives ``default`` (HTML unless told otherwise). A browser's list
    (``text/html,…,application/xml;q=0.9,*/*;q=0.8``) gets HTML because ``text/html`` has the
    highest weight; an RDF client's list gets RDF because it does not name HTML (or names it
    lower).
    """
    # Werkzeug matches a parameterised entry (``application/ld+json;profile=…``) only with an
    # offer carrying the same parameters: the profile picks the JSON-LD form, not the format.
    accept = MIMEAccept([(value.split(";", 1)[0].strip().lower(), quality)
                         for value, quality in accept])
    if not accept or all(value == "*/*" for value, _ in accept):
        return default if default is not None else HTML
    offers: dict[str, DocumentFormat] = {}
    for fmt in DOCUMENT_FORMATS:
        offers.setdefault(fmt.media_type, fmt)
    for fmt in DOCUMENT_FORMATS:
        for alias in fmt.aliases:
            offers.setdefault(alias, fmt)
    best = accept.best_match(list(offers))
    return offers[best] if best is not None else None


def wants_expanded_jsonld() -> bool:
    """Whether the request asks for expanded JSON-LD.

    Either ``?profile=expanded`` or an ``Accept`` entry
    ``application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"`` (the profile may
    list several IRIs separated by spaces).
    """
    if request.args.get("profile") in ("expanded", jsonld.EXPANDED_PROFILE):
        return True
    for value, quality in request.accept_mimetypes:
        media, _, params = value.partition(";")
        if media.strip().lower() != JSON_LD.media_type or quality <= 0:
            continue
        for param in params.split(";"):
            name, _, raw = param.partition("=")
            profiles = raw.strip().strip('"').split()
            if name.strip().lower() == "profile" and jsonld.EXPANDED_PROFILE in profiles:
                return True
    return False


def see_other(path: str, fmt: DocumentFormat) -> Response:
    """``303 See Other`` from an IRI path to its document in ``fmt``.

    ``?profile=expanded`` is kept on the way, so the JSON-LD document is the expanded one.
    """
    response = Response(status=303)
    location = f"{path}.{fmt.suffix}"
    if fmt is JSON_LD and request.args.get("profile"):
        location += "?" + urlencode({"profile": request.args["profile"]})
    response.headers["Location"] = location
    response.headers["Vary"] = "Accept"
    return response


def not_acceptable(what: str, offered: Iterable[DocumentFormat]) -> Response:
    """406 in the one wording (:func:`semaxkg.rdf.formats.not_acceptable_message`), ``Vary: Accept``."""
    message = formats.not_acceptable_message(what, (f.media_type for f in offered))
    response = Response(message, status=406, content_type="text/plain; charset=utf-8")
    response.headers["Vary"] = "Accept"
    return response


def negotiated_see_other(path: str, default: DocumentFormat | None = None) -> Response:
    """303 to the document the request's ``Accept`` prefers (406 text when none fits).

    ``default`` is the format for a request without ``Accept`` (HTML unless told otherwise).
    """
    fmt = choose_document_format(request.accept_mimetypes, default)
    if fmt is None:
        return not_acceptable("this document", DOCUMENT_FORMATS)
    return see_other(path, fmt)


def served_prefixes() -> dict[str, str]:
    """Our prefixes for the current app's ``IRI_BASE`` (``sx:`` is ``{IRI_BASE}id/``)."""
    return prefixes_for(str(current_app.config["IRI_BASE"]))


def rdf_body(triples: Iterable[ox.Triple], fmt: DocumentFormat,
             prefixes: dict[str, str] | None = None) -> bytes:
    """Serialise ``triples`` in an RDF document format.

    Turtle and RDF/XML get our prefixes (plus ``prefixes``); JSON-LD is compact with our
    ``@context`` embedded (see :mod:`semaxkg.rdf.jsonld`), or expanded when the request asks for
    it (:func:`wants_expanded_jsonld`). Call it inside a request.
    """
    if fmt.rdf_format is None:
        raise ValueError(f"{fmt.suffix} is not an RDF format")
    if fmt is JSON_LD:
        if wants_expanded_jsonld():
            return jsonld.expanded(triples)
        return jsonld.compact(triples, jsonld_context())
    triples = list(triples)
    chosen = None
    if fmt.rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML):
        chosen = used_prefixes(triples, {**(prefixes or {}), **served_prefixes()})
    body = ox.serialize(triples, format=fmt.rdf_format, prefixes=chosen)
    return body if body is not None else b""


def media_type_header(fmt: DocumentFormat) -> str:
    """The ``Content-Type`` of a document: ``; charset=utf-8`` on the text types."""
    if fmt.media_type.startswith("text/"):
        return f"{fmt.media_type}; charset=utf-8"
    return fmt.media_type


def jsonld_context() -> dict[str, Any]:
    """Our ``@context``, built from the ontology in the store once per store version."""
    store = get_graph_store()
    cached: tuple[str, dict[str, Any]] | None = current_app.extensions.get(CONTEXT_KEY)
    if cached is None or cached[0] != store.version:
        cached = (store.version, jsonld.build_context(store, str(current_app.config["IRI_BASE"])))
        current_app.extensions[CONTEXT_KEY] = cached
    return cached[1]


def document_response(body: bytes | str, fmt: DocumentFormat, etag_key: str) -> Response:
    """200 with the document (exact media type, ETag from the store version), or 304.

    ``etag_key`` names what the body shows (a path); the store version is added, so any
    change of the data changes every ETag, and so is the build shown in the banner of
    ``serve --watch`` (the page and the gzip memo, keyed by ETag, must not replay an old one).
    """
    data = body.encode("utf-8") if isinstance(body, str) else body
    variant = "expanded" if fmt is JSON_LD and wants_expanded_jsonld() else fmt.suffix
    response = Response(data, status=200, content_type=media_type_header(fmt))
    version, build, recorded = get_state().page_variant()
    response.set_etag(etag_for(version, (etag_key, variant, build, recorded)))
    response.headers["Vary"] = "Accept"
    response.make_conditional(request)
    return response


def not_found_body(iri: str, message: str, fmt: DocumentFormat | None) -> tuple[str, str]:
    """The body and ``Content-Type`` of a 404 for a client that prefers ``fmt``.

    Turtle and N-Triples clients get a comment in their own syntax (a valid, empty graph
    that says why); JSON-LD and RDF/XML clients and a client no format fits get plain text.
    HTML is drawn by the caller (``not_found.html``).
    """
    text = f"404 Not Found: {message}"
    if fmt is TURTLE or fmt is N_TRIPLES:
        assert fmt is not None
        lines = "".join(f"# {line}\n" for line in text.splitlines())
        return lines, media_type_header(fmt)
    return text + "\n", "text/plain; charset=utf-8"


def not_found(iri: str | None, message: str, fmt: DocumentFormat | None,
              suggest: bool = True) -> Response:
    """404 in ``fmt``: the ``not_found.html`` page, a comment in Turtle/N-Triples, else plain
    text. The page lists search suggestions for ``iri`` unless ``suggest`` is false."""
    if fmt is HTML:
        # A page for a person suggests what the IRI may have meant (machine formats do not).
        suggestions = suggestions_for_iri(iri)[1] if iri and suggest else []
        page = render_template("not_found.html", iri=iri, message=message,
                               suggestions=suggestions)
        response = Response(page, status=404, content_type=media_type_header(HTML))
    else:
        body, content_type = not_found_body(iri or "", message, fmt)
        response = Response(body, status=404, content_type=content_type)
    response.headers["Vary"] = "Accept"
    return response


def rdf_alternates(path: str) -> list[tuple[str, str, str]]:
    """``(suffix, media type, href)`` of each RDF document of the IRI path ``path``.

    The templates show them as ``<link rel="alternate">`` and as download links
    (``_alternates.html``).
    """
    return [(fmt.suffix, fmt.media_type, f"{path}.{fmt.suffix}")
            for fmt in DOCUMENT_FORMATS if fmt is not HTML]


#: Draws the HTML page of one IRI, or declines with ``None``.
HtmlRenderer = Callable[[str], "str | None"]
#: Where the registry lives in ``app.extensions``.
RENDERERS_KEY = "semaxkg.html_renderers"


def register_html_renderer(app: App, iri_prefix: str, fn: HtmlRenderer) -> None:
    """Let ``fn`` draw the HTML page of every IRI starting with ``iri_prefix``."""
    renderers: list[tuple[str, HtmlRenderer]] = app.extensions.setdefault(RENDERERS_KEY, [])
    renderers.append((iri_prefix, fn))


def html_renderers(app: Flask | None = None) -> list[tuple[str, HtmlRenderer]]:
    """The registered renderers in the order they are tried (longest prefix, then latest)."""
    target = app if app is not None else current_app
    registered: list[tuple[str, HtmlRenderer]] = target.extensions.get(RENDERERS_KEY, [])
    order = sorted(range(len(registered)), key=lambda i: (-len(registered[i][0]), -i))
    return [registered[i] for i in order]


def render_html(iri: str) -> str | None:
    """The HTML page of ``iri`` from the first renderer that claims it (``None``: nobody did)."""
    for prefix, fn in html_renderers():
        if iri.startswith(prefix):
            page = fn(iri)
            if page is not None:
                return page
    return None
