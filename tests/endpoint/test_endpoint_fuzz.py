"""Grammar-aware fuzzing of the endpoint (issue 11, item 7).

Queries are drawn from a small SPARQL grammar (query forms, dataset clauses, nested group
patterns with OPTIONAL/UNION/MINUS/GRAPH/FILTER/BIND/VALUES/sub-selects, expressions,
modifiers), then optionally mutated (a token dropped, doubled or replaced by random text);
requests mix them with random methods, paths, headers, content types and raw bytes. The
property, in-process (Flask test client) and against a live ``semaxkg serve``: never a 5xx
other than the time-out's 503, always a body naming the problem, CORS and the security
headers on every answer, no error logged. Counts are in docs/endpoint.md ("Hostile input").
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

import pytest
import requests
from endpoint_support import ID, ONT, LiveServer
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from semaxkg.web.security import SECURITY_HEADERS

#: Examples per run: in-process (fast) and live (each a real HTTP request).
IN_PROCESS_EXAMPLES = 1000
LIVE_EXAMPLES = 300
METHODS = ["GET", "POST", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"]
PATHS = ["/sparql", "/sparql/", "/sparql?query=ASK%7B%7D", "/health", "/id/semax",
         "/id/semax.ttl", "/id/%ff%20x", "/graph/entities", "/api/labels",
         "/api/labels?iri=javascript:alert(1)", "/", "/static/query.js", "/static/../x",
         "/dumps", "/.well-known/void", "/ontology", "/no%0d%0aSet-Cookie:x", "//sparql"]
ACCEPTS = ["", "*/*", "text/html", "application/sparql-results+json", "text/csv",
           "text/turtle;q=0.5, application/ld+json", "image/png", "text/*;q=abc", ";;;,,",
           "application/sparql-results+xml, application/rdf+xml", "\u00e9/\u00e9"]
CONTENT_TYPES = ["application/sparql-query", "application/x-www-form-urlencoded",
                 "application/sparql-update", "text/plain", "", "multipart/form-data",
                 "application/sparql-query; charset=latin-1", "application/json",
                 "application/x-www-form-urlencoded; charset=utf-16"]
#: Statuses any request may get; 503 only for a stopped query.
TIMEOUT_TEXT = "The query was stopped"

# ---- a small SPARQL grammar -----------------------------------------------------------------

variables = st.sampled_from(["?s", "?p", "?o", "?x", "?n", "$y", "?g"])
iris = st.sampled_from([
    f"<{ID}semax>", f"<{ONT}Claim>", f"<{ONT}about>", "<http://www.w3.org/2000/01/rdf-schema#label>",
    "<javascript:alert(1)>", "<relative>", "<>", "<http://x/%ZZ>", "sx:Claim", "rdfs:label", "a",
    "<https://w3id.org/semaxkg/graph/source-000>",
])
literals = st.one_of(
    st.sampled_from(['"Semax"@en', '"claim 1"', "3", "-1.5e3", "true", '"1"^^xsd:integer',
                     "'''multi\nline'''", '"\\u0041"', '"bad escape \\q"']),
    st.text(max_size=12).map(lambda t: '"' + t.replace("\\", "\\\\").replace('"', '\\"')
                             .replace("\n", "\\n").replace("\r", "\\r") + '"'),
)
terms = st.one_of(variables, iris, literals, st.just("[]"), st.just("_:b0"))
functions = st.sampled_from(["STR", "LANG", "ISIRI", "BOUND", "ABS", "UCASE", "STRLEN",
                             "DATATYPE", "IRI", "ENCODE_FOR_URI", "SHA256", "YEAR", "NOW"])
operators = st.sampled_from(["=", "!=", "<", ">", "&&", "||", "+", "*", "/", "-"])


def _expressions() -> st.SearchStrategy[str]:
    leaf = st.one_of(variables, literals, iris)
    return st.recursive(leaf, lambda inner: st.one_of(
        st.tuples(functions, inner).map(lambda f: f"{f[0]}({f[1]})"),
        st.tuples(inner, operators, inner).map(lambda e: f"({e[0]} {e[1]} {e[2]})"),
        st.tuples(inner, literals).map(lambda e: f"REGEX(STR({e[0]}), {e[1]})"),
        inner.map(lambda e: f"!{e}"),
    ), max_leaves=6)


expressions = _expressions()
triples = st.tuples(terms, st.one_of(variables, iris, st.just(f"<{ONT}about>/^<{ONT}about>*")),
                    terms).map(lambda t: f"{t[0]} {t[1]} {t[2]} .")


def _groups() -> st.SearchStrategy[str]:
    basic = st.lists(triples, min_size=0, max_size=2).map(" ".join)
    return st.recursive(basic.map(lambda b: "{ " + b + " }"), lambda inner: st.one_of(
        st.tuples(inner, inner).map(lambda g: f"{{ {g[0]} UNION {g[1]} }}"),
        st.tuples(basic, inner).map(lambda g: f"{{ {g[0]} OPTIONAL {g[1]} }}"),
        st.tuples(basic, inner).map(lambda g: f"{{ {g[0]} MINUS {g[1]} }}"),
        st.tuples(st.one_of(variables, iris), inner).map(lambda g: f"{{ GRAPH {g[0]} {g[1]} }}"),
        st.tuples(basic, expressions).map(lambda g: f"{{ {g[0]} FILTER({g[1]}) }}"),
        st.tuples(basic, expressions, variables).map(lambda g: f"{{ {g[0]} BIND({g[1]} AS {g[2]}) }}"),
        st.tuples(variables, st.lists(st.one_of(iris, literals), max_size=3)).map(
            lambda g: f"{{ VALUES {g[0]} {{ {' '.join(g[1])} }} }}"),
        st.tuples(basic, inner).map(lambda g: f"{{ {g[0]} FILTER NOT EXISTS {g[1]} }}"),
        inner.map(lambda g: f"{{ {{ SELECT * WHERE {g} LIMIT 2 }} }}"),
    ), max_leaves=4)


groups = _groups()
prologue = st.sampled_from([
    "", "PREFIX sx: <https://w3id.org/semaxkg/ontology/>\n",
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nPREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n",
    "BASE <https://w3id.org/semaxkg/>\n", "PREFIX : <javascript:>\n",
])
datasets = st.lists(st.sampled_from([
    "FROM <https://w3id.org/semaxkg/graph/source-000>", "FROM NAMED <https://w3id.org/semaxkg/graph/entities>",
    "FROM <graph/entities>", "FROM sx:x", "FROM <nope:>",
]), max_size=2).map(" ".join)
modifiers = st.lists(st.sampled_from([
    "ORDER BY ?s", "ORDER BY DESC(?o)", "GROUP BY ?s", "LIMIT 3", "OFFSET 1", "LIMIT 0",
    "HAVING(COUNT(*) > 1)", "LIMIT 99999999999999999999",
]), max_size=2).map(" ".join)
heads = st.one_of(
    st.sampled_from(["SELECT *", "SELECT ?s ?o", "SELECT DISTINCT ?s", "SELECT (COUNT(*) AS ?n)",
                     "ASK", "CONSTRUCT { ?s ?p ?o }", "CONSTRUCT", "DESCRIBE ?s",
                     "DESCRIBE <https://w3id.org/semaxkg/id/semax>", "INSERT DATA",
                     "SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"]),
    expressions.map(lambda e: f"SELECT ({e} AS ?e)"),
)
grammar_queries = st.tuples(prologue, heads, datasets, groups, modifiers).map(
    lambda q: f"{q[0]}{q[1]} {q[2]} WHERE {q[3]} {q[4]}".strip())


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A grammar query, maybe with one token dropped, doubled or replaced by random text."""
    query = draw(grammar_queries)
    words = query.split(" ")
    action = draw(st.sampled_from(["keep", "keep", "drop", "double", "replace"]))
    if action == "keep" or not words:
        return query
    at = draw(st.integers(0, len(words) - 1))
    if action == "drop":
        del words[at]
    elif action == "double":
        words.insert(at, words[at])
    else:
        words[at] = draw(st.text(max_size=8))
    return " ".join(words)


queries = st.one_of(grammar_queries, mutated(), st.text(max_size=200))


@st.composite
def requests_(draw: st.DrawFn) -> dict[str, Any]:
    """One request: method, path, headers, and a query as URL parameter, form or body."""
    method = draw(st.sampled_from(METHODS))
    path = draw(st.sampled_from(PATHS))
    headers = {"Accept": draw(st.sampled_from(ACCEPTS))}
    extra = draw(st.sampled_from(["", "X-Junk", "If-None-Match", "Origin", "Cookie"]))
    if extra:
        # Printable ASCII without edge spaces: what an HTTP client library lets through.
        headers[extra] = draw(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7e),
                                      max_size=40)).strip()
    transport = draw(st.sampled_from(["url", "form", "body", "bytes", "none"]))
    request: dict[str, Any] = {"method": method, "path": path, "headers": headers}
    query = draw(queries)
    if transport == "url":
        name = draw(st.sampled_from(["query", "query", "update", "format", "default-graph-uri",
                                     "iri"]))
        request["path"] = path + ("&" if "?" in path else "?") + urlencode({name: query})
    elif transport == "form":
        request["data"] = {"query": query}
    elif transport in ("body", "bytes"):
        request["data"] = query.encode("utf-8") if transport == "body" else draw(st.binary(max_size=200))
        request["headers"]["Content-Type"] = draw(st.sampled_from(CONTENT_TYPES))
    return request


def _check(method: str, status: int, headers: Any, body: bytes) -> None:
    """The property every answer has."""
    text = body.decode("utf-8", "replace")
    assert status < 500 or (status == 503 and TIMEOUT_TEXT in text), (status, text[:300])
    assert "Traceback" not in text
    assert headers.get("Access-Control-Allow-Origin") == "*"
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name) == value, name
    if status >= 400 and method != "HEAD":
        # A body naming the problem: more than a bare status line.
        assert len(text.strip()) > 10, (status, text)


# ---- in-process -------------------------------------------------------------------------------

@settings(max_examples=IN_PROCESS_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(request=requests_())
def test_fuzzed_requests_never_fail_the_server(client: FlaskClient, caplog: pytest.LogCaptureFixture,
                                               request: dict[str, Any]) -> None:
    caplog.clear()
    response = client.open(request["path"], method=request["method"], headers=request["headers"],
                           data=request.get("data"))
    _check(request["method"], response.status_code, response.headers, response.get_data())
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == []


@settings(max_examples=IN_PROCESS_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(query=queries, accept=st.sampled_from(ACCEPTS))
def test_grammar_queries_are_answered_or_refused_with_a_reason(
        client: FlaskClient, query: str, accept: str) -> None:
    response = client.post("/sparql", data={"query": query}, headers={"Accept": accept})
    _check("POST", response.status_code, response.headers, response.get_data())
    if response.status_code == 400:
        text = response.get_data(as_text=True)
        assert text.startswith(("SPARQL syntax error", "The query", "SERVICE is not supported",
                                "query failed", "The FROM")), text[:200]


# ---- live -------------------------------------------------------------------------------------

@settings(max_examples=LIVE_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(request=requests_())
def test_fuzzed_requests_never_fail_the_live_server(live_server: LiveServer,
                                                    request: dict[str, Any]) -> None:
    root = live_server.url.removesuffix("/sparql")
    response = requests.request(request["method"], root + request["path"],
                                headers=request["headers"], data=request.get("data"), timeout=30, allow_redirects=False)
    _check(request["method"], response.status_code, response.headers, response.content)
    assert requests.get(root + "/health", timeout=5).status_code == 200
