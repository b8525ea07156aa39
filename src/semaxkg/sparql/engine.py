"""Run one SPARQL query against a :class:`Dataset` and return a complete HTTP-ready answer.

:func:`execute` never raises for a bad query: it returns a :class:`QueryResponse` with the
status (400 for a syntax error, 403 for an update, 406 when no acceptable format fits the
query's kind), so it can run in an executor process and send its answer back over a pipe.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable

import pyoxigraph as ox
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from semaxkg.rdf import sparql_lexer as lexer
from semaxkg.rdf.formats import Kind
from semaxkg.rdf.iri_scheme import BASE, FUNCTIONS, GRAPH, PREFIXES, prefixes_for
from semaxkg.search import sparql_functions
from semaxkg.sparql import negotiation, nesting, projection, syntax_errors
from semaxkg.sparql.messages import (
    QueryRequest,
    QueryResponse,
    bad_request_response,
    error_response,
)
from semaxkg.sparql.serializers import boolean_body, graph_body, solutions_body
from semaxkg.store.dataset import Dataset

log = logging.getLogger(__name__)

#: Prefixes written in Turtle, TriG, N3 and RDF/XML answers: bound as in the documents and dumps
#: (``sx:`` is ``id/``, ``sxo:`` the ontology; see :data:`semaxkg.rdf.iri_scheme.PREFIXES`).
DEFAULT_PREFIXES: dict[str, str] = {
    name: PREFIXES[name] for name in ("rdf", "rdfs", "xsd", "owl", "prov", "sxo", "sx")
} | {"sxg": GRAPH}


def answer_prefixes(base: str | None) -> dict[str, str]:
    """:data:`DEFAULT_PREFIXES` for a graph minted under ``base`` (the ``IRI_BASE`` setting):
    ``sx:`` and ``sxg:`` follow it, as in that server's documents and dumps."""
    if not base:
        return DEFAULT_PREFIXES
    return DEFAULT_PREFIXES | {"sx": prefixes_for(base)["sx"], "sxg": base + "graph/"}


def _graph_terms(iris: tuple[str, ...], parameter: str) -> list[ox.NamedNode]:
    terms = []
    for iri in iris:
        try:
            terms.append(ox.NamedNode(iri))
        except ValueError as exc:
            raise ValueError(f"{parameter} {iri!r} is not an absolute IRI: {exc}") from exc
    return terms


#: The fixes named by the engine's 400 answers.
GRAPH_FIX = "give default-graph-uri and named-graph-uri as absolute IRIs (https://…)"
QUERY_FIX = "correct the query (the part named above) and send it again"


def check_query(text: str) -> QueryResponse | None:
    """Checks made before any parser runs: nesting (400), updates (403) and SERVICE (400).

    ``None`` when fine. Cheap (one pass of the tokeniser), so the web thread runs them too.
    """
    deep = nesting.too_deep(text)
    if deep is not None:
        return bad_request_response(deep.message(), deep.fix())
    form = lexer.query_form(text)
    if form in lexer.UPDATE_KEYWORDS:
        return error_response(403, "SPARQL Update is not allowed: this endpoint is read-only.")
    if lexer.uses_service(text):
        return bad_request_response("SERVICE is not supported: this endpoint never calls other "
                                    "endpoints", "remove the SERVICE clause")
    return None


def execute(dataset: Dataset, request: QueryRequest,
            search_path: str | None = None) -> QueryResponse:
    """Parse, evaluate and serialise ``request`` against ``dataset``; the text-search
    functions (:mod:`semaxkg.search.sparql_functions`) read the index at ``search_path``."""
    refused = check_query(request.query)
    if refused is not None:
        return refused
    default_graph: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = None
    named_graphs: list[ox.NamedNode | ox.BlankNode] | None = None
    union = False
    try:
        if request.default_graphs or request.named_graphs:
            default_graph = list(_graph_terms(request.default_graphs, "default-graph-uri"))
            named_graphs = list(_graph_terms(request.named_graphs, "named-graph-uri"))
        else:
            # FROM / FROM NAMED in the query define the dataset; otherwise: union of all graphs.
            union = "FROM" not in lexer.query_keywords(request.query)
    except ValueError as exc:
        return bad_request_response(str(exc), GRAPH_FIX)
    try:
        results = dataset.store.query(
            request.query,
            base_iri=request.base_iri,
            use_default_graph_as_union=union,
            default_graph=default_graph,
            named_graphs=named_graphs,
            custom_functions=sparql_functions.functions(search_path),
        )
    except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
        return _refused(request, exc)
    accept: MIMEAccept = parse_accept_header(request.accept, MIMEAccept)
    try:
        return _serialise(results, accept, request)
    except (OSError, ValueError, TypeError) as exc:
        return bad_request_response(f"the query failed while evaluating: {exc}", QUERY_FIX)


_Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
#: How pyoxigraph refuses a query calling a function it does not know (a RuntimeError).
_UNKNOWN_FUNCTION = re.compile(r"^The custom function (<[^>]*>) is not supported")
#: At most this many unknown functions are stood in for when only parsing (a remote store's).
MAX_UNKNOWN_FUNCTIONS = 32


def _unknown_iri(exc: RuntimeError) -> str:
    """The IRI of the unknown function ``exc`` names; any other RuntimeError is raised again."""
    found = _UNKNOWN_FUNCTION.match(str(exc))
    if found is None:
        raise exc
    return found.group(1)[1:-1]


def _refused(request: QueryRequest, exc: Exception) -> QueryResponse:
    """The 400 for a query pyoxigraph would not prepare: a syntax error, an unknown function,
    anything else it raised (the same answer whether it was evaluated here or only parsed)."""
    if isinstance(exc, SyntaxError):
        return bad_request_response(*syntax_errors.explain_parts(
            request.query, exc.msg, prefixes_for(request.base_iri or BASE)))
    if isinstance(exc, RuntimeError):
        return bad_request_response(*_unknown_function(exc))
    return bad_request_response(f"the query failed: {exc}", QUERY_FIX)


def _kind(results: object) -> Kind:
    """The kind of a (lazy) query result."""
    if isinstance(results, ox.QueryBoolean):
        return Kind.BOOLEAN
    if isinstance(results, ox.QuerySolutions):
        return Kind.SOLUTIONS
    return Kind.GRAPH


def _unknown_function(exc: RuntimeError) -> tuple[str, str]:
    """What is wrong and the fix, for a call of a function the endpoint does not know."""
    return (f"the function <{_unknown_iri(exc)}> is not known to this endpoint",
            f"use a SPARQL 1.1 built-in or cast, or sxf:score / sxf:matches "
            f"(PREFIX sxf: <{FUNCTIONS}>)")


def _parse_only(query: str, base_iri: str | None) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """``query`` prepared on an empty store, never iterated (a remote store evaluates it).

    Functions pyoxigraph does not know (the remote store's own) get a stand-in that is never
    called, so that only the remote store decides about them.
    """
    stand_ins: dict[ox.NamedNode, Callable[..., _Term | None]] = {}
    while True:
        try:
            return ox.Store().query(query, base_iri=base_iri, custom_functions=stand_ins)
        except RuntimeError as exc:
            if len(stand_ins) >= MAX_UNKNOWN_FUNCTIONS:
                raise
            stand_ins[ox.NamedNode(_unknown_iri(exc))] = lambda *args: None


def precheck(request: QueryRequest) -> QueryResponse | Kind:
    """Everything :func:`execute` checks before evaluating, without evaluating anything.

    Used in front of a remote store (``serve --store``): the same 403/400/406 answers as the
    local endpoint, else the kind of result the query gives. pyoxigraph parses the query
    against an empty store; the lazy result is never iterated.
    """
    refused = check_query(request.query)
    if refused is not None:
        return refused
    if FUNCTIONS in request.query:
        return bad_request_response(*sparql_functions.REMOTE_REFUSAL)
    try:
        _graph_terms(request.default_graphs, "default-graph-uri")
        _graph_terms(request.named_graphs, "named-graph-uri")
    except ValueError as exc:
        return bad_request_response(str(exc), GRAPH_FIX)
    try:
        parsed = _parse_only(request.query, request.base_iri)
    except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
        # A RuntimeError here: more unknown functions than stand-ins.
        return _refused(request, exc)
    kind = _kind(parsed)
    accept: MIMEAccept = parse_accept_header(request.accept, MIMEAccept)
    if negotiation.choose(accept, kind, request.format_hint) is None:
        return negotiation.not_acceptable_response(kind)
    return kind


def serialise_results(
    results: ox.QuerySolutions | ox.QueryBoolean | Iterable[ox.Triple], request: QueryRequest
) -> QueryResponse:
    """Serialise results evaluated elsewhere (a remote store) exactly as :func:`execute` does."""
    accept: MIMEAccept = parse_accept_header(request.accept, MIMEAccept)
    return _serialise(results, accept, request)


def _serialise(
    results: ox.QuerySolutions | ox.QueryBoolean | Iterable[ox.Triple],
    accept: MIMEAccept,
    request: QueryRequest,
) -> QueryResponse:
    kind = _kind(results)
    fmt = negotiation.choose(accept, kind, request.format_hint)
    if fmt is None:
        return negotiation.not_acceptable_response(kind)
    cap = request.row_cap
    headers: list[tuple[str, str]] = []
    if isinstance(results, ox.QueryBoolean):
        body = boolean_body(fmt, bool(results))
    elif isinstance(results, ox.QuerySolutions):
        variables = [v.value for v in results.variables]
        order = projection.star_order(request.query, variables)
        picks = [variables.index(v) for v in order] if order and order != variables else None
        rows: list[list[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None]] = []
        truncated = False
        for solution in results:
            if cap is not None and len(rows) >= cap:
                truncated = True
                break
            row = list(solution)
            rows.append([row[i] for i in picks] if picks else row)
        variables = order or variables
        body = solutions_body(fmt, variables, rows, cap if truncated else None)
        if truncated:
            headers.append(("SPARQL-Results-Truncated", str(cap)))
    else:
        body, truncated = graph_body(fmt, results, cap, answer_prefixes(request.base_iri))
        if truncated:
            headers.append(("SPARQL-Results-Truncated", str(cap)))
    return QueryResponse(200, fmt.content_type, body, tuple(headers))
