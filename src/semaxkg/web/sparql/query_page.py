"""The query page at ``/sparql`` for people, and the small labels API its script calls.

``/sparql`` belongs to the SPARQL protocol; :func:`wants_page` decides, before any protocol
work, whether a request comes from a person's browser: a GET (or HEAD) whose ``Accept`` puts
``text/html`` (or XHTML) at its highest weight with no result or RDF type beside it, and no
``format``/``output``/``results``/``update`` parameter. Browsers send
``text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8``; protocol clients
(SPARQLWrapper, rdflib, Jena, rapper/roqet, curl) never name ``text/html`` first, so they keep
getting answers. A request whose ``Accept`` does not contain ``html`` at all is decided by one
substring test, so the protocol path stays as cheap as before.

The page runs queries with ``fetch`` (POST form, SPARQL JSON or N-Triples), asks
``/api/labels`` for the labels and local paths of the IRIs it shows, and reflects the query in
the URL (``?query=``). It works with no internet: its script and stylesheet are served from
the package's ``static/`` folder.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, jsonify, render_template, request
from flask.blueprints import BlueprintSetupState
from werkzeug.datastructures import MIMEAccept

from semaxkg.rdf.formats import Kind, offers_for
from semaxkg.rdf.iri_scheme import prefixes_for
from semaxkg.web.api_errors import ApiError, bad_request, too_large, unsupported_media_type
from semaxkg.web.config import public_url
from semaxkg.web.iris import get_mapper
from semaxkg.web.labels import labels_for
from semaxkg.web.sparql import named_queries
from semaxkg.web.state import get_graph_store, get_state

bp = Blueprint("query_page", __name__)


@bp.record_once
def _load_named_queries(setup: BlueprintSetupState) -> None:
    # Read once, when the blueprint is registered (start-up), not per request.
    named_queries.init_app(setup.app)


#: Media types that mean "a page for a person".
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
#: Every media type (canonical or alias) the protocol answers in: a client naming one of them
#: as high as HTML is a protocol client.
PROTOCOL_TYPES = frozenset(media for kind in Kind for media in offers_for(kind))
#: Parameters that ask the protocol for an answer (or an update), never for the page.
PROTOCOL_PARAMETERS = ("format", "output", "results", "update")
#: Most IRIs one ``/api/labels`` request may ask about.
MAX_LABEL_IRIS = 1000
FORM_TYPE = "application/x-www-form-urlencoded"
#: What the editor holds when no query or named query is asked for.
DEFAULT_QUERY = """\
# The classes of the graph, with how many resources each has.
SELECT ?class (COUNT(?resource) AS ?resources)
WHERE { ?resource a ?class }
GROUP BY ?class
ORDER BY DESC(?resources)
LIMIT 25
"""
#: Rows of a result the page draws at once (the rest are a click on "Next" away).
RESULT_PAGE_ROWS = 100
#: The search API whose answers complete entity names (absent on older servers: then none).
SEARCH_API = "/api/search"
#: Download links: ``format`` parameter value, label, file name (SELECT/ASK, then graphs).
RESULT_DOWNLOADS = (
    ("csv", "CSV", "results.csv"), ("tsv", "TSV", "results.tsv"),
    ("json", "SPARQL JSON", "results.srj"), ("xml", "SPARQL XML", "results.srx"),
)
GRAPH_DOWNLOADS = (
    ("turtle", "Turtle", "results.ttl"), ("json-ld", "JSON-LD", "results.jsonld"),
    ("nt", "N-Triples", "results.nt"), ("rdf", "RDF/XML", "results.rdf"),
)


def prefers_html(accept: MIMEAccept) -> bool:
    """Whether ``accept`` puts a page type at its top weight and no protocol type beside it."""
    entries = [(value.lower(), quality) for value, quality in accept]
    if not entries:
        return False
    top = max(quality for _, quality in entries)
    leaders = {value for value, quality in entries if quality == top}
    return bool(leaders & PAGE_TYPES) and not leaders & PROTOCOL_TYPES


def wants_page() -> bool:
    """Whether the current ``/sparql`` request should get the query page (see module doc)."""
    if "html" not in request.headers.get("Accept", ""):
        return False
    if request.method not in ("GET", "HEAD"):
        return False
    if any(name in request.args for name in PROTOCOL_PARAMETERS):
        return False
    return prefers_html(request.accept_mimetypes)


def _downloads(entries: tuple[tuple[str, str, str], ...]) -> list[dict[str, str]]:
    return [{"format": name, "label": label, "file": file} for name, label, file in entries]


def page_response() -> Response:
    """The query page; ``?query=`` fills the editor and runs, ``?named=`` preselects a query."""
    queries = named_queries.get_named_queries()
    by_name = {query.name: query for query in queries}
    named = request.args.get("named")
    selected = None
    if named:
        selected = by_name.get(named)
        if selected is None:
            choices = ", ".join(by_name) or "(none: the server has no named queries)"
            raise ApiError(404, f"There is no named query {named!r}: use one of {choices}.")
    asked = request.args.get("query")
    if asked is not None:
        text = asked
    elif selected is not None:
        text = selected.text
    else:
        text = DEFAULT_QUERY
    state = get_state()
    page_data: dict[str, Any] = {
        "named": {q.name: {"title": q.title, "description": q.description, "text": q.text}
                  for q in queries},
        "labels": "/api/labels",
        "labelBatch": MAX_LABEL_IRIS,
        "base": get_mapper().base,
        "downloads": {"results": _downloads(RESULT_DOWNLOADS),
                      "graph": _downloads(GRAPH_DOWNLOADS)},
        "prefixes": prefixes_for(get_mapper().base),
        "search": SEARCH_API,
        "pageSize": RESULT_PAGE_ROWS,
    }
    body = render_template(
        "sparql_page.html",
        endpoint=public_url(current_app) + "sparql",
        action=request.path,
        queries=queries,
        selected=selected,
        text=text,
        autorun=asked is not None and bool(asked.strip()),
        timeout=state.timeout,
        row_cap=state.row_cap,
        formats=[(name, label) for name, label, _ in RESULT_DOWNLOADS + GRAPH_DOWNLOADS],
        page_data=page_data,
        prefix_names=", ".join(f"{name}:" for name in page_data["prefixes"]),
    )
    return Response(body, content_type="text/html; charset=utf-8", headers={"Vary": "Accept"})


def _asked_iris() -> list[str]:
    if request.method == "POST":
        if request.mimetype != FORM_TYPE:
            unsupported_media_type(f"POST the IRIs as {FORM_TYPE} (iri=...&iri=...).")
        values = request.form.getlist("iri")
    else:
        values = request.args.getlist("iri")
    if not values:
        bad_request("the iri parameter is missing", "send one or more iri=<absolute IRI>")
    if len(values) > MAX_LABEL_IRIS:
        too_large(f"{len(values)} IRIs were sent: send at most {MAX_LABEL_IRIS} per request.")
    for value in values:
        try:
            ox.NamedNode(value)
        except ValueError as exc:
            bad_request(f"iri {value!r} is not an absolute IRI: {exc}",
                        "send absolute IRIs (https://…) only")
    return values


@bp.route("/api/labels", methods=["GET", "POST"])
def labels() -> Response:
    """``{"labels": {iri: {"label": …, "href": …}}}`` for each ``iri`` parameter.

    ``href`` is where a page links for the IRI: the server's own path for IRIs under the IRI
    base, the IRI itself when it is ``http``/``https``; an IRI of any other scheme
    (``javascript:``, ``data:``…) gets no ``href``: it is shown as text. The IRIs reach the
    store as bound values, never as text.
    """
    iris = _asked_iris()
    mapper = get_mapper()
    found = labels_for(get_graph_store(), iris)
    answer: dict[str, dict[str, str]] = {}
    for iri in iris:
        entry = {"label": found[iri]}
        href = mapper.href(iri)
        if href:
            entry["href"] = href
        answer[iri] = entry
    response = jsonify({"labels": answer})
    response.headers["Cache-Control"] = "no-cache"
    return response
