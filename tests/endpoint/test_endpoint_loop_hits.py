"""Answer-cache hits answered on the serving front's event loop, without the thread hop.

The front (``body_front.BodyDeadlineFront``) is driven here with stand-ins for Granian's RSGI
scope and protocol objects; the pool's ``submit`` is replaced by one that records what went
to a thread, so the tests see which requests took the hop and which did not.
"""

from __future__ import annotations

import asyncio
import gzip
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from flask import Flask

from semaxkg.web import create_app
from semaxkg.web.body_front import BodyDeadlineFront

SELECT_ONE = "SELECT ?x WHERE { VALUES ?x { 1 } }"


class _Headers(dict[str, str]):
    """Granian's header map: ``get``, ``in`` and ``items`` on lower-case names."""


class _Scope:
    def __init__(self, method: str, path: str, query: str, headers: dict[str, str]) -> None:
        self.method, self.path, self.query_string = method, path, query
        self.server, self.client = "127.0.0.1:8000", "127.0.0.1:40000"
        self.http_version, self.scheme = "1.1", "http"
        self.headers = _Headers({"host": "127.0.0.1:8000", **headers})


class _Protocol:
    """Granian's response object: records the one answer; iterates the request body."""

    def __init__(self, body: bytes = b"") -> None:
        self._body = body
        self.answers: list[tuple[int, dict[str, str], bytes]] = []

    def __aiter__(self) -> _Protocol:
        return self

    async def __anext__(self) -> bytes:
        if not self._body:
            raise StopAsyncIteration
        part, self._body = self._body, b""
        return part

    def response_bytes(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.answers.append((status, {k.lower(): v for k, v in headers}, body))


@pytest.fixture(scope="module")
def flask_threads(nq_file: Path) -> Iterator[tuple[Flask, list[str]]]:
    """An app (answer cache on) that records the thread each Flask request ran in."""
    app = create_app({"DATA_FILES": [str(nq_file)], "TESTING": True, "PAGE_CACHE": False})
    threads: list[str] = []

    @app.before_request
    def record() -> None:
        threads.append(threading.current_thread().name)

    yield app, threads
    app.extensions["semaxkg"].close()


def _front(app: Flask, loop_hits: bool = True) -> tuple[BodyDeadlineFront, list[str]]:
    front = BodyDeadlineFront(app, 2, 1 << 20, "*", loop_hits=loop_hits)
    hops: list[str] = []
    submit = front._pool.submit

    def counted_submit(fn: Any, environ: dict[str, Any], *args: Any) -> Any:
        hops.append(environ["PATH_INFO"])
        return submit(fn, environ, *args)

    front._pool.submit = counted_submit  # type: ignore[method-assign]
    return front, hops


def _ask(front: BodyDeadlineFront, method: str = "GET", query: str = SELECT_ONE,
         headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    form = urlencode({"query": query})
    heads = {"accept": "application/sparql-results+json", **(headers or {})}
    body = b""
    if method == "POST":
        body = form.encode()
        heads |= {"content-type": "application/x-www-form-urlencoded",
                  "content-length": str(len(body))}
    protocol = _Protocol(body)
    scope = _Scope(method, "/sparql", form if method == "GET" else "", heads)
    asyncio.run(front.__rsgi__(scope, protocol))
    assert len(protocol.answers) == 1
    return protocol.answers[0]


def test_get_sparql_repeated_is_answered_on_the_loop(
        flask_threads: tuple[Flask, list[str]]) -> None:
    app, threads = flask_threads
    front, hops = _front(app)
    query = "SELECT ?x WHERE { VALUES ?x { 'loop-get' } }"
    first = _ask(front, query=query)
    second = _ask(front, query=query)
    assert hops == ["/sparql"]  # the miss took the hop, the hit did not
    assert (first[0], first[1]["semaxkg-cache"]) == (200, "miss")
    assert (second[0], second[1]["semaxkg-cache"]) == (200, "hit")
    assert second[2] == first[2] and b'"loop-get"' in second[2]
    assert second[1]["etag"] == first[1]["etag"]
    assert second[1]["access-control-allow-origin"] == "*"
    assert "Accept" in second[1]["vary"] and "Accept-Encoding" in second[1]["vary"]
    # Flask ran once, in a pool thread: never on the event loop.
    assert [name.startswith("semaxkg-app") for name in threads[-1:]] == [True]


def test_get_sparql_if_none_match_304_on_the_loop(
        flask_threads: tuple[Flask, list[str]]) -> None:
    app, _ = flask_threads
    front, hops = _front(app)
    query = "SELECT ?x WHERE { VALUES ?x { 'loop-304' } }"
    etag = _ask(front, query=query)[1]["etag"]
    status, headers, body = _ask(front, query=query, headers={"if-none-match": etag})
    assert (status, body, headers["etag"]) == (304, b"", etag)
    assert headers["access-control-allow-origin"] == "*"
    assert hops == ["/sparql"]


def test_get_sparql_gzip_hit_on_the_loop(flask_threads: tuple[Flask, list[str]]) -> None:
    app, _ = flask_threads
    front, hops = _front(app)
    query = "SELECT ?x WHERE { VALUES ?x { 'loop-gzip' } }"
    plain = _ask(front, query=query)
    status, headers, body = _ask(front, query=query, headers={"accept-encoding": "gzip"})
    assert (status, headers["content-encoding"]) == (200, "gzip")
    assert gzip.decompress(body) == plain[2]
    assert headers["etag"] == plain[1]["etag"][:-1] + '-gzip"'
    assert hops == ["/sparql"]


def test_post_sparql_form_repeated_is_answered_on_the_loop(
        flask_threads: tuple[Flask, list[str]]) -> None:
    app, _ = flask_threads
    front, hops = _front(app)
    query = "SELECT ?x WHERE { VALUES ?x { 'loop-post' } }"
    first = _ask(front, "POST", query)
    second = _ask(front, "POST", query)
    assert hops == ["/sparql"]
    assert (first[1]["semaxkg-cache"], second[1]["semaxkg-cache"]) == ("miss", "hit")
    assert second[2] == first[2] and b'"loop-post"' in second[2]


def test_get_sparql_miss_and_bad_query_never_run_flask_on_the_loop(
        flask_threads: tuple[Flask, list[str]]) -> None:
    app, threads = flask_threads
    front, hops = _front(app)
    before = len(threads)
    status, _, body = _ask(front, query="SELECT ?x WHERE {")
    assert status == 400 and body.startswith(
        b'Bad request: SPARQL syntax error at line 1, column 17: "{" is never closed.')
    assert _ask(front, query="SELECT ?x WHERE {")[0] == 400  # errors are not stored
    assert hops == ["/sparql", "/sparql"]
    assert len(threads) == before + 2
    assert all(name.startswith("semaxkg-app") for name in threads[before:])


def test_get_sparql_counts_one_miss_per_request(
        flask_threads: tuple[Flask, list[str]]) -> None:
    app, _ = flask_threads
    front, _ = _front(app)
    cache = app.extensions["semaxkg"].cache
    hits, misses = cache.hits, cache.misses
    query = "SELECT ?x WHERE { VALUES ?x { 'loop-count' } }"
    _ask(front, query=query)
    _ask(front, query=query)
    assert (cache.hits - hits, cache.misses - misses) == (1, 1)


def test_get_health_and_cache_off_always_take_the_hop(
        flask_threads: tuple[Flask, list[str]]) -> None:
    app, _ = flask_threads
    front, hops = _front(app)
    protocol = _Protocol()
    asyncio.run(front.__rsgi__(_Scope("GET", "/health", "", {}), protocol))
    assert protocol.answers[0][0] == 200 and hops == ["/health"]
    off, off_hops = _front(app, loop_hits=False)
    query = "SELECT ?x WHERE { VALUES ?x { 'loop-off' } }"
    _ask(off, query=query)
    assert _ask(off, query=query)[1]["semaxkg-cache"] == "hit"
    assert off_hops == ["/sparql", "/sparql"]


def test_get_sparql_cache_off_answer_is_one_write(nq_file: Path) -> None:
    """Issue 14, step 1: with the cache off a ``/sparql`` answer (Flask's body iterator) is
    handed to Granian as one bytes object (``response_bytes``: head and body in one write, no
    second small write left waiting for the client's delayed ACK)."""
    app = create_app({"DATA_FILES": [str(nq_file)], "TESTING": True, "PAGE_CACHE": False,
                      "RESULT_CACHE_ENTRIES": 0})
    try:
        front, hops = _front(app, loop_hits=False)
        status, headers, body = _ask(front, query="SELECT ?x WHERE { VALUES ?x { 'one' } }")
        assert (status, hops) == (200, ["/sparql"])
        assert headers["semaxkg-cache"] == "off"
        assert isinstance(body, bytes) and b'"one"' in body
        assert int(headers.get("content-length", len(body))) == len(body)
    finally:
        app.extensions["semaxkg"].close()
