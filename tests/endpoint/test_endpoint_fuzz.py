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
from endpoint_support import LiveServer
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.sparql_grammar import queries

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

@pytest.mark.slow  # out of the fast tier (make test-fast): fuzzes
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


@pytest.mark.slow  # out of the fast tier (make test-fast): fuzzes
@settings(max_examples=IN_PROCESS_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(query=queries, accept=st.sampled_from(ACCEPTS))
def test_grammar_queries_are_answered_or_refused_with_a_reason(
        client: FlaskClient, query: str, accept: str) -> None:
    response = client.post("/sparql", data={"query": query}, headers={"Accept": accept})
    _check("POST", response.status_code, response.headers, response.get_data())
    if response.status_code == 400:
        text = response.get_data(as_text=True)
        assert text.startswith("Bad request: "), text[:200]
        assert "\nFix: " in text, text[:200]


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
