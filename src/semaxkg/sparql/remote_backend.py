"""``/sparql`` over a remote store: the local endpoint's checks, limits and formats, the store's data.

A request is checked exactly as the in-process endpoint checks it (403 for updates, 400 for
SERVICE, bad syntax or bad graph IRIs, 406 when no acceptable format fits) *before* anything
is sent. The store is then asked for SPARQL JSON (SELECT/ASK) or N-Triples (CONSTRUCT/
DESCRIBE); the answer is parsed as it streams in, cut at the row cap, and serialised by the
same code as local answers, so formats, negotiation, truncation notes and headers match.
The time limit applies to the whole exchange; the connection is closed when it runs out.
"""

from __future__ import annotations

import logging
import time

import pyoxigraph as ox
import requests

from semaxkg.errors import StoreError
from semaxkg.rdf.formats import Kind
from semaxkg.sparql import engine
from semaxkg.sparql.dataset_clause import DatasetClause, DatasetClauseError, dataset_clause
from semaxkg.sparql.executor import QueryTimeout
from semaxkg.sparql.messages import QueryRequest, QueryResponse, bad_request_response
from semaxkg.store.remote import N_TRIPLES, SPARQL_JSON, RemoteStore, as_boolean, body_reader

log = logging.getLogger(__name__)

#: Statuses of the store that mean the *query* was refused (passed on as 400).
QUERY_REJECTED = frozenset({400, 422})


def remote_query_text(request: QueryRequest) -> str:
    """The query as sent to the store: with our base IRI, so relative IRIs resolve the same."""
    if not request.base_iri:
        return request.query
    base = ox.NamedNode(request.base_iri)  # parsed: cannot break out of <...>
    return f"BASE {base}\n{request.query}"


def protocol_dataset(request: QueryRequest) -> DatasetClause | QueryResponse:
    """The graphs to send as ``default-graph-uri``/``named-graph-uri``.

    The request's own parameters when it has any (they replace the query's FROM clauses, as
    locally); else the query's ``FROM``/``FROM NAMED`` graphs, which a store with a union
    default graph may otherwise ignore (see :mod:`semaxkg.sparql.dataset_clause`); a clause
    that cannot be read is a 400 naming the fix.
    """
    if request.default_graphs or request.named_graphs:
        return DatasetClause(request.default_graphs, request.named_graphs)
    try:
        clause = dataset_clause(request.query, request.base_iri)
    except DatasetClauseError as exc:
        return bad_request_response(
            f"the FROM / FROM NAMED clauses could not be read ({exc})",
            "name the graphs with absolute IRIs, or send them as default-graph-uri / "
            "named-graph-uri parameters")
    return clause if clause is not None else DatasetClause((), ())


def _timed_out(exc: StoreError) -> bool:
    cause = exc.__cause__
    return isinstance(cause, requests.Timeout) and not isinstance(cause, requests.ConnectTimeout)


def answer(store: RemoteStore, request: QueryRequest, timeout: float,
           checked: Kind | None = None, deadline: float | None = None) -> QueryResponse:
    """Answer ``request`` from ``store`` (may raise ``QueryTimeout`` or :class:`StoreError`).

    ``checked`` is the kind :func:`~semaxkg.sparql.engine.precheck` found when it already
    ran (in an executor); ``deadline`` (a :func:`time.monotonic` value, default ``timeout``
    from now) bounds the whole exchange, and the store is asked to stop by then too.
    """
    if checked is None:
        prechecked = engine.precheck(request)
        if isinstance(prechecked, QueryResponse):
            return prechecked
        checked = prechecked
    kind = checked
    graphs = protocol_dataset(request)
    if isinstance(graphs, QueryResponse):
        return graphs
    if deadline is None:
        deadline = time.monotonic() + timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise QueryTimeout(timeout)
    try:
        response = store.post(
            remote_query_text(request),
            accept=N_TRIPLES if kind is Kind.GRAPH else SPARQL_JSON,
            default_graphs=graphs.default_graphs, named_graphs=graphs.named_graphs,
            timeout=left, stream=True,
        )
    except StoreError as exc:
        if _timed_out(exc):
            raise QueryTimeout(timeout) from exc
        if exc.status in QUERY_REJECTED:
            return bad_request_response(f"the triplestore rejected the query: {exc}",
                                        "correct the query as the triplestore's message says")
        raise
    body = body_reader(response, deadline)
    try:
        if kind is Kind.GRAPH:
            triples = (quad.triple for quad in ox.parse(body, ox.RdfFormat.N_TRIPLES))
            return engine.serialise_results(triples, request)
        results = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
        if kind is Kind.BOOLEAN:
            results = as_boolean(results) or results
        return engine.serialise_results(results, request)
    except TimeoutError as exc:
        raise QueryTimeout(timeout) from exc
    except SyntaxError as exc:
        raise StoreError(f"{store.endpoint} sent an answer that does not parse: {exc}") from exc
    except (OSError, requests.RequestException) as exc:
        if time.monotonic() > deadline or isinstance(exc, requests.Timeout):
            raise QueryTimeout(timeout) from exc
        raise StoreError(f"{store.endpoint} broke off its answer: {exc}",
                         transient=True) from exc
    finally:
        response.close()
