"""``/sparql``: the SPARQL 1.1 Protocol for queries (read-only).

GET ``?query=``, POST ``application/x-www-form-urlencoded`` (body and URL parameters) and POST
``application/sparql-query``; ``default-graph-uri``/``named-graph-uri`` build the dataset
(without them the default graph is the union of all graphs). Every form of update gets 403.
A GET without a query returns the service description (RDF); a browser (``text/html`` first in
``Accept``, no ``format`` parameter) gets the query page instead (``semaxkg.web.sparql.query_page``).
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request
from werkzeug.datastructures import MultiDict

from semaxkg.rdf.formats import Kind, not_acceptable_message, offers_for
from semaxkg.search import sparql_functions
from semaxkg.sparql import negotiation
from semaxkg.sparql.cache import etag_for
from semaxkg.sparql.executor import QueryCrashed, QueryStopped, QueryTimeout, deadline_after
from semaxkg.sparql.messages import QueryRequest, QueryResponse
from semaxkg.sparql.service_description import describe_dataset
from semaxkg.web.api_errors import (
    ApiError,
    bad_request,
    forbidden,
    too_large,
    unsupported_media_type,
)
from semaxkg.web.config import public_url
from semaxkg.web.request_clock import REQUEST_STARTED_KEY
from semaxkg.web.sparql import query_page
from semaxkg.web.state import EndpointState, get_state

bp = Blueprint("sparql", __name__)

FORM_TYPE = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
FORMAT_PARAMETERS = ("format", "output", "results")
READ_ONLY = "SPARQL Update is not allowed: this endpoint is read-only."
#: Service descriptions kept per worker, one per (endpoint URL, format).
MAX_SERVICE_DESCRIPTIONS = 64

#: 406 answers vary with Accept, like every negotiated answer.
VARY_ACCEPT = {"Vary": "Accept"}


def _operation() -> tuple[list[str], MultiDict[str, str]]:
    """The query texts and all protocol parameters of the request; refuses updates."""
    args = request.args
    if request.method in ("GET", "HEAD"):  # HEAD: the GET's status and headers, no body
        if "update" in args:
            forbidden(READ_ONLY)
        return args.getlist("query"), args
    mimetype = request.mimetype
    charset = request.mimetype_params.get("charset")
    if mimetype == UPDATE_TYPE or "update" in args:
        forbidden(READ_ONLY)
    if not mimetype:
        unsupported_media_type(
            f"Content-Type is missing: POST a query as {FORM_TYPE} (query=...) "
            f"or as {QUERY_TYPE}."
        )
    if charset is not None and charset.strip().lower() not in ("utf-8", "utf8"):
        unsupported_media_type(f"charset={charset} is not supported: send the query as UTF-8.")
    if mimetype == FORM_TYPE:
        form = request.form
        if "update" in form:
            forbidden(READ_ONLY)
        params: MultiDict[str, str] = MultiDict(args)
        for key, value in form.items(multi=True):
            params.add(key, value)
        return params.getlist("query"), params
    if mimetype == QUERY_TYPE:
        raw = request.get_data(cache=False)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad_request(f"the query body is not valid UTF-8 (byte {exc.start})",
                        "send the query text encoded as UTF-8")
        return [text, *args.getlist("query")], args
    unsupported_media_type(
        f"Content-Type {mimetype} is not supported: use {FORM_TYPE} or {QUERY_TYPE}."
    )


def _query_request(state: EndpointState) -> QueryRequest | None:
    queries, params = _operation()
    if not queries:
        if request.method in ("GET", "HEAD") and not request.args:
            return None
        bad_request("the query parameter is missing", "send exactly one query parameter")
    if len(queries) > 1:
        bad_request(f"{len(queries)} queries were sent", "send exactly one query parameter")
    query = queries[0]
    if not query.strip():
        bad_request("the query is empty", "send the text of a SPARQL query")
    if len(query) > state.max_query_chars:
        too_large(f"The query is longer than the limit of {state.max_query_chars} characters.")
    if "\x00" in query:
        bad_request("the query contains a NUL character", "remove the NUL (\\0) character")
    hint = next((params[k] for k in FORMAT_PARAMETERS if params.get(k)), None)
    return QueryRequest(
        query=query,
        default_graphs=tuple(params.getlist("default-graph-uri")),
        named_graphs=tuple(params.getlist("named-graph-uri")),
        base_iri=state.base_iri,
        accept=request.headers.get("Accept", ""),
        format_hint=hint,
        row_cap=state.row_cap,
    )


def _cache_status(state: EndpointState) -> str:
    """``miss`` marks a fresh answer for the answer cache (``web.answer_cache``) to keep."""
    return "miss" if state.cache is not None else "off"


def _to_flask(answer: QueryResponse, etag: str | None, cache_status: str) -> Response:
    response = Response(answer.body, status=answer.status, content_type=answer.content_type)
    for name, value in answer.headers:
        response.headers[name] = value
    response.headers["Vary"] = "Accept"
    if etag is not None and answer.status == 200:
        response.set_etag(etag)
    response.headers["SemaxKG-Cache"] = cache_status
    return response


def executor_error(exc: QueryTimeout | QueryStopped, timeout: float) -> ApiError:
    """The answer to a query its executor did not answer: time limit, memory or a crash
    (shared with the fast path, ``web.sparql.fast_path``)."""
    if isinstance(exc, QueryTimeout):
        return ApiError(
            503,
            f"The query was stopped after the time limit of {timeout:g} s. "
            "Make it more selective or add a LIMIT.",
            {"Retry-After": "1"},
        )
    if isinstance(exc, QueryCrashed):
        return ApiError(
            500, f"The query engine crashed on this query ({exc.signal_name}) and was "
            "restarted; the server is fine and other queries are unaffected. Please report "
            "the query: a valid query should get an answer, an invalid one a 400.",
        )
    return ApiError(
        503, "The query was stopped: it needed more memory than allowed.",
        {"Retry-After": "1"},
    )


def _answer(state: EndpointState, query: QueryRequest) -> Response:
    if not negotiation.acceptable_at_all(request.accept_mimetypes) and not query.format_hint:
        raise ApiError(406, negotiation.not_acceptable_response().body.decode(), VARY_ACCEPT)
    etag = etag_for(state.version, query)
    if request.if_none_match.contains(etag):
        response = Response(status=304)
        response.set_etag(etag)
        response.headers["Vary"] = "Accept"
        return response
    started = request.environ.get(REQUEST_STARTED_KEY)
    deadline = (started + state.timeout) if isinstance(started, float) else (
        deadline_after(state.timeout))
    try:
        answer = state.run(query, deadline)
    except (QueryTimeout, QueryStopped) as exc:
        raise executor_error(exc, state.timeout) from None
    return _to_flask(answer, etag, _cache_status(state) if answer.cacheable else "off")


def _service_description(state: EndpointState) -> Response:
    accept = request.accept_mimetypes
    offers = offers_for(Kind.GRAPH)
    choice = accept.best_match([*offers, "text/html"]) if accept else "text/turtle"
    headers = {"Vary": "Accept", "SemaxKG-Cache": _cache_status(state)}
    if choice == "text/html":
        return query_page.page_response()
    if choice is None:
        raise ApiError(406, not_acceptable_message(
            "the service description", (f.media_type for f in offers.values())), VARY_ACCEPT)
    fmt = offers[choice]
    # The endpoint's URL comes from configuration, never from the request's Host header; the
    # path is the route's own (/sparql or /sparql/).
    endpoint_url = public_url(current_app) + request.path.lstrip("/")
    key = (endpoint_url, fmt.name)
    body = state.service_descriptions.get(key)
    if body is None:
        # The text-search functions exist only in the built-in store, not in a remote one.
        functions = sparql_functions.FUNCTION_IRIS if state.remote is None else ()
        triples = describe_dataset(endpoint_url, *state.summary(), functions)
        assert fmt.rdf_format is not None
        quads_needed = fmt.rdf_format in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS)
        items = (
            [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
            if quads_needed else triples
        )
        body = ox.serialize(items, format=fmt.rdf_format) or b""
        if len(state.service_descriptions) < MAX_SERVICE_DESCRIPTIONS:
            state.service_descriptions[key] = body
    return Response(body, content_type=fmt.content_type, headers=headers)


@bp.route("/sparql", methods=["GET", "POST", "OPTIONS"], provide_automatic_options=False)
@bp.route("/sparql/", methods=["GET", "POST", "OPTIONS"], provide_automatic_options=False)
def sparql() -> Response:
    """Answer a SPARQL query, the service description, a form, or a CORS preflight."""
    if request.method == "OPTIONS":
        return Response(status=204, headers={"Allow": "GET, HEAD, POST, OPTIONS"})
    if query_page.wants_page():  # one substring test on Accept for protocol clients
        return query_page.page_response()
    state = get_state()
    query = _query_request(state)
    if query is None:
        return _service_description(state)
    return _answer(state, query)
