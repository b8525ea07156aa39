"""``/id/…`` and ``/graph/…``: every resource and graph IRI dereferences (linked data).

* ``GET /id/<path>`` (an IRI path) → ``303 See Other`` to ``/id/<path>.<suffix>`` for the
  format ``Accept`` prefers (``Vary: Accept``; 406 when nothing fits); an IRI the graph does
  not mention → 404 in the negotiated format.
* ``GET /id/<path>.<suffix>`` → the document: RDF (``ttl``, ``jsonld``, ``nt``, ``rdf``) is
  the resource document of :mod:`semaxkg.web.linked.documents`; ``html`` is drawn by the renderer
  registry of :mod:`semaxkg.web.linked.linkeddata` (the generic page of :mod:`semaxkg.web.linked.generic`
  when no surface claims the IRI). An unknown suffix → 404 naming the suffixes.
* ``/graph/<name>`` works the same way; its RDF document is the graph's content and its page
  a summary.
* ``GET /context.jsonld``: our JSON-LD ``@context``.
"""

from __future__ import annotations

from urllib.parse import quote

import pyoxigraph as ox
from flask import Blueprint, Response, request
from flask.blueprints import BlueprintSetupState

from semaxkg.rdf import jsonld
from semaxkg.web.iris import get_mapper
from semaxkg.web.linked import documents, generic
from semaxkg.web.linked.linkeddata import (
    BY_SUFFIX,
    HTML,
    choose_document_format,
    document_response,
    jsonld_context,
    negotiated_see_other,
    not_found,
    rdf_body,
    register_html_renderer,
    render_html,
)
from semaxkg.web.state import get_graph_store

bp = Blueprint("resources", __name__)

#: The SPARQL endpoint's path (documents link to it for what they leave out).
SPARQL_PATH = "sparql"


@bp.record_once
def _register_renderers(state: BlueprintSetupState) -> None:
    base = str(state.app.config["IRI_BASE"])
    # The empty prefix makes the generic page the last resort for every IRI.
    register_html_renderer(state.app, "", generic.render_generic)
    register_html_renderer(state.app, base + "graph/", generic.render_graph)


def is_iri(text: str) -> bool:
    """Whether ``text`` is an absolute IRI (RFC 3987, as pyoxigraph checks it)."""
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def _split_suffix(path: str) -> tuple[str, str | None]:
    """``/id/a/b.ttl`` → (``/id/a/b``, ``ttl``); our ids have no dots, so a dot is a suffix."""
    head, _, last = path.rpartition("/")
    if "." not in last:
        return path, None
    name, _, suffix = last.rpartition(".")
    return f"{head}/{name}", suffix


def _dereference(path: str, is_graph: bool) -> Response:
    base_path, suffix = _split_suffix(path)
    mapper = get_mapper()
    iri = mapper.iri_for(base_path)
    if not is_iri(iri):
        # A path no IRI can have (a space, <, ", a control character, bytes that are not
        # UTF-8…) names nothing here: 404 like any unknown resource, shown percent-encoded
        # so the answer (and any log) holds no raw control character.
        wanted = BY_SUFFIX.get(suffix) if suffix is not None else None
        return not_found(None, f"{quote(path, safe='/')} is not an IRI path: no resource has it",
                         wanted or choose_document_format(request.accept_mimetypes))
    store = get_graph_store()
    fmt = BY_SUFFIX.get(suffix) if suffix is not None else None
    if suffix is not None and fmt is None:
        known = ", ".join(f".{s}" for s in BY_SUFFIX)
        return not_found(iri, f"no document format '.{suffix}': use one of {known}", HTML
                         if choose_document_format(request.accept_mimetypes) is HTML else None)
    known_iri = (documents.graph_exists(store, iri) if is_graph
                 else documents.exists(store, iri))
    if not known_iri:
        what = "graph" if is_graph else "resource"
        wanted = fmt if fmt is not None else choose_document_format(request.accept_mimetypes)
        return not_found(iri, f"no {what} <{iri}> in this dataset", wanted)
    if fmt is None:
        return negotiated_see_other(base_path)
    if fmt is HTML:
        page = render_html(iri)
        if page is None:  # no renderer at all: the blueprint registers a catch-all
            raise RuntimeError(f"no HTML renderer for {iri}")
        return document_response(page, HTML, path)
    if is_graph:
        triples = documents.graph_triples(store, iri)
    else:
        doc = documents.resource_document(store, iri)
        triples = doc.triples(mapper.iri_for(path), mapper.base + SPARQL_PATH)
    return document_response(rdf_body(triples, fmt, documents.DOCUMENT_PREFIXES), fmt, path)


@bp.get("/id/<path:rest>")
def resource(rest: str) -> Response:
    """A resource IRI (303) or one of its documents."""
    return _dereference("/id/" + rest, is_graph=False)


@bp.get("/graph/<path:rest>")
def graph(rest: str) -> Response:
    """A graph IRI (303) or one of its documents."""
    return _dereference("/graph/" + rest, is_graph=True)


@bp.get("/context.jsonld")
def context() -> Response:
    """Our JSON-LD ``@context`` (prefixes and the ontology's terms)."""
    response = Response(jsonld.context_document(jsonld_context()), status=200,
                        content_type=jsonld.MEDIA_TYPE)
    response.set_etag(f"context-{get_graph_store().version}")
    response.make_conditional(request)
    return response
