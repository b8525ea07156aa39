"""Issue 14: ``/sparql`` answered on the front's event loop outside Flask (``web.sparql.fast_path``).

The front is driven with stand-ins for Granian's RSGI scope and protocol (as in
``test_endpoint_loop_hits``). Two fronts over the same app: one with the fast path, one
without (every request through Flask in a thread). For a set of queries x formats x methods
the two must answer with the same status, headers and body; the fast one must not have used
a thread, and what it does not handle must reach Flask.
"""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from endpoint_support import PATHOLOGICAL
from flask import Flask

from semaxkg.web import create_app
from semaxkg.web.body_front import BodyDeadlineFront
from semaxkg.web.sparql.fast_path import FastPath

Answer = tuple[int, list[tuple[str, str]], bytes]

QUERIES = [
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o }",  # over the 50-row cap: truncated
    "SELECT ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } LIMIT 3",
    "ASK { ?s ?p ?o }",
    "CONSTRUCT WHERE { ?s ?p ?o }",
    "DESCRIBE <https://w3id.org/semaxkg/id/semax>",
    "SELECT ?x WHERE {",  # syntax error: 400 from the engine
    "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }",  # 400 before parsing
]
ACCEPTS = ["", "application/sparql-results+json", "application/sparql-results+xml",
           "text/csv", "text/tab-separated-values", "text/turtle", "application/n-triples",
           "application/rdf+xml;q=0.9, application/sparql-results+xml"]


class _Headers(dict[str, str]):
    """Granian's header map: ``get``, ``in`` and ``items`` on lower-case names."""


class _Scope:
    def __init__(self, method: str, query: str, headers: dict[str, str]) -> None:
        self.method, self.path, self.query_string = method, "/sparql", query
        self.server, self.client = "127.0.0.1:8000", "127.0.0.1:40000"
        self.http_version, self.scheme = "1.1", "http"
        self.headers = _Headers({"host": "127.0.0.1:8000", **headers})


class _Protocol:
    def __init__(self, body: bytes) -> None:
        self._body = body
        self.answers: list[Answer] = []

    def __aiter__(self) -> _Protocol:
        return self

    async def __anext__(self) -> bytes:
        if not self._body:
            raise StopAsyncIteration
        part, self._body = self._body, b""
        return part

    def response_bytes(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.answers.append((status, list(headers), body))


class _Front:
    """A front with or without the fast path, counting the requests sent to a thread."""

    def __init__(self, app: Flask, fast: bool) -> None:
        self.front = BodyDeadlineFront(app, 2, 1 << 20, "*",
                                       fast=FastPath.for_app(app) if fast else None)
        self.hops = 0
        submit = self.front._pool.submit

        def counted(fn: Any, *args: Any) -> Any:
            self.hops += 1
            return submit(fn, *args)

        self.front._pool.submit = counted  # type: ignore[method-assign]

    def ask(self, method: str, params: dict[str, str], headers: dict[str, str] | None = None,
            body: bytes | None = None, content_type: str = "") -> Answer:
        heads = dict(headers or {})
        data = b""
        query_string = urlencode(params)
        if method == "POST":
            data = body if body is not None else urlencode(params).encode()
            query_string = "" if body is None else urlencode(params)
            heads |= {"content-type": content_type or "application/x-www-form-urlencoded",
                      "content-length": str(len(data))}
        protocol = _Protocol(data)
        asyncio.run(self.front.__rsgi__(_Scope(method, query_string, heads), protocol))
        assert len(protocol.answers) == 1
        return protocol.answers[0]


@pytest.fixture(scope="module")
def cache_off(nq_file: Path) -> Iterator[Flask]:
    app = create_app({"DATA_FILES": [str(nq_file)], "TESTING": True, "PAGE_CACHE": False,
                      "RESULT_CACHE_ENTRIES": 0, "MAX_RESULT_ROWS": 50, "QUERY_TIMEOUT": 1,
                      "EXECUTORS_PER_WORKER": 2})
    yield app
    app.extensions["semaxkg"].close()


def _same(fast: Answer, flask: Answer) -> None:
    assert fast[0] == flask[0]
    assert fast[1] == flask[1]
    assert fast[2] == flask[2]


def test_fast_path_answers_as_flask_for_queries_formats_and_methods(cache_off: Flask) -> None:
    fast, slow = _Front(cache_off, True), _Front(cache_off, False)
    asked = 0
    for query in QUERIES:
        for accept in ACCEPTS:
            headers = {"accept": accept} if accept else {}
            for method, body, content_type in (("GET", None, ""), ("POST", None, ""),
                                               ("POST", query.encode(), "application/sparql-query")):
                params = {} if body is not None else {"query": query}
                got = fast.ask(method, params, headers, body, content_type)
                want = slow.ask(method, params, headers, body, content_type)
                _same(got, want)
                asked += 1
    assert fast.hops == 0 and slow.hops == asked
    statuses = {fast.ask("GET", {"query": q})[0] for q in QUERIES}
    assert statuses == {200, 400}


def test_fast_path_format_parameter_gzip_and_graph_parameters_as_flask(cache_off: Flask) -> None:
    fast, slow = _Front(cache_off, True), _Front(cache_off, False)
    cases = [
        ("GET", {"query": QUERIES[1], "format": "csv"}, {}),
        ("GET", {"query": QUERIES[3], "output": "nt"}, {"accept": "text/csv"}),
        ("GET", {"query": QUERIES[1]}, {"accept-encoding": "gzip"}),
        ("POST", {"query": QUERIES[0]}, {"accept-encoding": "gzip, deflate"}),
        ("GET", {"query": QUERIES[1], "default-graph-uri": "https://w3id.org/semaxkg/graph/entities"}, {}),
        ("GET", {"query": QUERIES[1], "named-graph-uri": "not an iri"}, {}),
    ]
    for method, params, headers in cases:
        _same(fast.ask(method, params, headers), slow.ask(method, params, headers))
    assert fast.hops == 0
    status, headers, body = fast.ask("GET", {"query": QUERIES[1]}, {"accept-encoding": "gzip"})
    assert (status, dict(headers)["Content-Encoding"]) == (200, "gzip")
    assert b'"label"' in gzip.decompress(body)


def test_fast_path_leaves_flask_the_cases_it_does_not_handle(cache_off: Flask) -> None:
    fast, slow = _Front(cache_off, True), _Front(cache_off, False)
    cases: list[tuple[str, dict[str, str], dict[str, str], bytes | None, str]] = [
        ("GET", {}, {}, None, ""),  # the service description
        ("GET", {}, {"accept": "text/html"}, None, ""),  # the query page
        ("GET", {"query": ""}, {}, None, ""),  # empty
        ("GET", {"update": "DROP ALL"}, {}, None, ""),  # update: 403
        ("GET", {"query": QUERIES[2]}, {"accept": "image/png"}, None, ""),  # 406
        ("GET", {"query": QUERIES[2]}, {"if-none-match": '"abc"'}, None, ""),
        ("POST", {"query": QUERIES[2]}, {}, b"query=ASK%7B%7D", "text/plain"),  # 415
        ("POST", {}, {}, b"\xff\xfe", "application/sparql-query"),  # not UTF-8: 400
        ("POST", {}, {}, QUERIES[2].encode(), "application/sparql-query; charset=latin-1"),
    ]
    for method, params, headers, body, content_type in cases:
        _same(fast.ask(method, params, headers, body, content_type),
              slow.ask(method, params, headers, body, content_type))
    assert fast.hops == slow.hops == len(cases)
    raw = _Protocol(b"")
    asyncio.run(fast.front.__rsgi__(_Scope("GET", "query=%FF", {}), raw))
    assert raw.answers[0][0] == 400 and b"not valid UTF-8" in raw.answers[0][2]
    assert fast.hops == len(cases) + 1


@pytest.mark.slow  # out of the fast tier (make test-fast): waits out a time limit or fuzzes
def test_fast_path_runaway_gets_the_same_503_and_the_executor_is_replaced(
        cache_off: Flask) -> None:
    fast, slow = _Front(cache_off, True), _Front(cache_off, False)
    pool = cache_off.extensions["semaxkg"].pool()
    got = fast.ask("GET", {"query": PATHOLOGICAL})
    want = slow.ask("GET", {"query": PATHOLOGICAL})
    _same(got, want)
    assert got[0] == 503 and got[2].startswith(b"The query was stopped after the time limit")
    assert dict(got[1])["Retry-After"] == "1" and fast.hops == 0
    # The killed executor was replaced: the next query is answered.
    assert fast.ask("GET", {"query": QUERIES[2]})[0] == 200
    assert all(executor.pid > 0 for executor in pool._all)


def test_fast_path_with_the_answer_cache_stores_what_flask_would(nq_file: Path) -> None:
    config = {"DATA_FILES": [str(nq_file)], "TESTING": True, "PAGE_CACHE": False,
              "MAX_RESULT_ROWS": 50}
    apps = [create_app(dict(config)) for _ in range(2)]
    try:
        fast, slow = _Front(apps[0], True), _Front(apps[1], False)
        fast.front.loop_hits = slow.front.loop_hits = True
        for query in QUERIES[:3]:
            first, want = fast.ask("GET", {"query": query}), slow.ask("GET", {"query": query})
            _same(first, want)
            assert dict(first[1])["SemaxKG-Cache"] == "miss"
            again, want_again = (fast.ask("GET", {"query": query}),
                                 slow.ask("GET", {"query": query}))
            _same(again, want_again)
            assert dict(again[1])["SemaxKG-Cache"] == "hit"
        assert fast.hops == 0 and slow.hops == 3
        cache = apps[0].extensions["semaxkg"].cache
        assert len(cache) == 3
        assert (cache.hits, cache.misses) == (3, 3)  # one count per request, as in Flask
        flask_cache = apps[1].extensions["semaxkg"].cache
        assert (flask_cache.hits, flask_cache.misses) == (3, 3)
    finally:
        for app in apps:
            app.extensions["semaxkg"].close()
