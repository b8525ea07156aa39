"""The answer cache in front of Flask: hits replay the stored answer, everything else passes."""

from __future__ import annotations

import io
import json
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import EnvironBuilder

from semaxkg.sparql.cache import CachedAnswer, ResultCache
from semaxkg.web import create_app
from semaxkg.web.sparql.answer_cache import AnswerCacheMiddleware

ASK = "ASK { ?s ?p ?o }"
SELECT_ONE = "SELECT ?x WHERE { VALUES ?x { 1 } }"
CSV = "text/csv"


@pytest.fixture(scope="module")
def counted_app(nq_file: Path) -> Iterator[Flask]:
    """An app whose Flask request handling is counted (``app.config['FLASK_REQUESTS']``).

    The page cache is off: these tests count what reaches Flask past the ``/sparql`` cache
    alone (the page cache has its own tests in ``tests/web/test_compression.py``).
    """
    app = create_app({"DATA_FILES": [str(nq_file)], "TESTING": True, "PAGE_CACHE": False})
    app.config["FLASK_REQUESTS"] = 0

    @app.before_request
    def count() -> None:
        app.config["FLASK_REQUESTS"] += 1

    @app.get("/echo")
    def echo() -> str:
        return "echo"

    yield app
    app.extensions["semaxkg"].close()


@pytest.fixture()
def counted(counted_app: Flask) -> FlaskClient:
    counted_app.config["FLASK_REQUESTS"] = 0
    return counted_app.test_client()


def _flask_requests(client: FlaskClient) -> int:
    count: int = client.application.config["FLASK_REQUESTS"]
    return count


def test_repeated_get_is_answered_before_flask(counted: FlaskClient) -> None:
    query = {"query": SELECT_ONE + " # repeated get"}
    first = counted.get("/sparql", query_string=query, headers={"Accept": CSV})
    second = counted.get("/sparql", query_string=query, headers={"Accept": CSV})
    assert _flask_requests(counted) == 1
    assert (first.status_code, second.status_code) == (200, 200)
    assert first.data == second.data == b"x\r\n1\r\n"
    assert first.headers["SemaxKG-Cache"] == "miss"
    assert second.headers["SemaxKG-Cache"] == "hit"
    without_marker = [(k, v) for k, v in second.headers.items() if k != "SemaxKG-Cache"]
    assert without_marker == [(k, v) for k, v in first.headers.items() if k != "SemaxKG-Cache"]
    assert second.headers["Access-Control-Allow-Origin"] == "*"
    assert second.headers["Vary"] == "Accept, Accept-Encoding"
    assert second.headers["Content-Type"] == "text/csv; charset=utf-8"


def test_hit_with_matching_if_none_match_gets_304(counted: FlaskClient) -> None:
    query = {"query": ASK + " # conditional"}
    etag = counted.get("/sparql", query_string=query).headers["ETag"]
    again = counted.get("/sparql", query_string=query, headers={"If-None-Match": etag})
    other = counted.get("/sparql", query_string=query, headers={"If-None-Match": '"other"'})
    assert _flask_requests(counted) == 1
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Vary"] == "Accept, Accept-Encoding"
    assert again.headers["Access-Control-Allow-Origin"] == "*"
    assert "Content-Type" not in again.headers
    assert other.status_code == 200
    assert json.loads(other.data) == {"head": {}, "boolean": True}


def test_post_query_body_is_cached_and_still_read_on_a_miss(counted: FlaskClient) -> None:
    headers = {"Content-Type": "application/sparql-query", "Accept": CSV}
    one = counted.post("/sparql", data="SELECT ?x { VALUES ?x { 7 } }", headers=headers)
    two = counted.post("/sparql", data="SELECT ?x { VALUES ?x { 7 } }", headers=headers)
    three = counted.post("/sparql", data="SELECT ?x { VALUES ?x { 8 } }", headers=headers)
    assert _flask_requests(counted) == 2
    assert [r.data for r in (one, two, three)] == [b"x\r\n7\r\n", b"x\r\n7\r\n", b"x\r\n8\r\n"]
    assert [r.headers["SemaxKG-Cache"] for r in (one, two, three)] == ["miss", "hit", "miss"]


def test_form_post_keys_on_body_and_url_parameters(counted: FlaskClient) -> None:
    form = {"query": "SELECT ?x { VALUES ?x { 9 } }"}
    one = counted.post("/sparql", data=form, headers={"Accept": CSV})
    two = counted.post("/sparql?format=json", data=form, headers={"Accept": CSV})
    three = counted.post("/sparql", data=form, headers={"Accept": CSV})
    assert one.data == three.data == b"x\r\n9\r\n"
    assert json.loads(two.data)["results"]["bindings"] == [
        {"x": {"type": "literal", "value": "9",
               "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]
    assert [r.headers["SemaxKG-Cache"] for r in (one, two, three)] == ["miss", "miss", "hit"]


def test_accept_is_part_of_the_key(counted: FlaskClient) -> None:
    query = {"query": SELECT_ONE + " # accept"}
    as_csv = counted.get("/sparql", query_string=query, headers={"Accept": CSV})
    as_tsv = counted.get("/sparql", query_string=query,
                         headers={"Accept": "text/tab-separated-values"})
    assert as_csv.data == b"x\r\n1\r\n"
    assert as_tsv.data == b'?x\n"1"^^<http://www.w3.org/2001/XMLSchema#integer>\n'
    assert as_tsv.headers["SemaxKG-Cache"] == "miss"


def test_host_is_part_of_the_key_but_never_of_the_service_description(counted: FlaskClient) -> None:
    bodies = [
        counted.get("/sparql", headers={"Accept": "application/n-triples", "Host": host}).data
        for host in ("a.example", "b.example", "a.example")
    ]
    endpoint = "<http://www.w3.org/ns/sparql-service-description#endpoint>"
    # sd:endpoint is the configured public URL (issue 11: no Host reflection).
    assert f"{endpoint} <https://w3id.org/semaxkg/sparql> .".encode() in bodies[0]
    assert bodies[0] == bodies[1] == bodies[2]
    assert _flask_requests(counted) == 2


def test_errors_and_other_paths_go_to_flask_every_time(counted: FlaskClient) -> None:
    for _ in range(2):
        bad = counted.get("/sparql", query_string={"query": "SELEC"})
        assert bad.status_code == 400
        assert bad.headers["SemaxKG-Cache"] == "off"  # errors are never stored
        assert counted.get("/echo").data == b"echo"
        assert counted.get("/health").status_code == 200
    assert _flask_requests(counted) == 6


def test_cache_off_installs_no_middleware(nq_file: Path) -> None:
    app = create_app({"DATA_FILES": [str(nq_file)], "RESULT_CACHE_ENTRIES": 0,
                      "EXECUTOR": "inline"})
    assert not isinstance(app.wsgi_app, AnswerCacheMiddleware)
    client = app.test_client()
    answers = [client.get("/sparql", query_string={"query": ASK}) for _ in range(2)]
    assert [a.headers["SemaxKG-Cache"] for a in answers] == ["off", "off"]


def _fake_app(calls: list[dict[str, Any]]) -> Any:
    def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        calls.append({"body": environ["wsgi.input"].read()})
        start_response("200 OK", [("Content-Type", "text/plain"), ("SemaxKG-Cache", "miss")])
        return [b"answer"]
    return app


def _call(middleware: AnswerCacheMiddleware, **environ: Any) -> tuple[str, bytes]:
    seen: list[str] = []
    env = EnvironBuilder(path="/sparql", method="POST").get_environ()
    env.update(environ)
    body = b"".join(middleware(env, lambda status, headers, exc_info=None: seen.append(status)))
    return seen[0], body


def test_post_without_length_or_over_the_limit_passes_through_uncached() -> None:
    calls: list[dict[str, Any]] = []
    middleware = AnswerCacheMiddleware(_fake_app(calls), ResultCache(8, 10_000, 10_000), 16)
    for _ in range(2):
        assert _call(middleware, CONTENT_LENGTH="", **{"wsgi.input": io.BytesIO(b"q")}) == (
            "200 OK", b"answer")
        big = b"x" * 17
        assert _call(middleware, CONTENT_LENGTH="17", **{"wsgi.input": io.BytesIO(big)}) == (
            "200 OK", b"answer")
    assert calls == [{"body": b"q"}, {"body": b"x" * 17}] * 2
    assert len(middleware.cache) == 0
    assert _call(middleware, CONTENT_LENGTH="3", **{"wsgi.input": io.BytesIO(b"abc")}) == (
        "200 OK", b"answer")
    assert _call(middleware, CONTENT_LENGTH="3", **{"wsgi.input": io.BytesIO(b"abc")}) == (
        "200 OK", b"answer")
    assert calls[-1] == {"body": b"abc"}
    assert len(calls) == 5
    assert len(middleware.cache) == 1


def _answer(size: int) -> CachedAnswer:
    return CachedAnswer("200 OK", [], b"", None, [], size)


def test_result_cache_evicts_least_recent_by_entries_and_bytes() -> None:
    cache = ResultCache(max_entries=2, max_bytes=100, max_entry_bytes=60)
    assert cache.put("a", _answer(10)) and cache.put("b", _answer(10))
    assert cache.get("a") is not None  # "b" is now the least recent
    assert cache.put("c", _answer(10))
    assert (cache.get("b"), len(cache), cache.bytes) == (None, 2, 20)
    assert cache.put("d", _answer(60))
    assert cache.put("e", _answer(50))  # 60 + 50 > 100: "d" goes too
    assert [cache.get(k) is not None for k in "acde"] == [False, False, False, True]
    assert cache.bytes == 50
    assert not cache.put("f", _answer(61))
    assert cache.get("f") is None
    assert (cache.hits, cache.misses) == (2, 5)


def _slow_app(calls: list[float], seconds: float, status: str, marker: str) -> Any:
    lock = threading.Lock()

    def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        with lock:
            calls.append(time.monotonic())
            number = len(calls)
        time.sleep(seconds)
        start_response(status, [("Content-Type", "text/plain"), ("SemaxKG-Cache", marker)])
        return [f"answer {number}".encode()]
    return app


def _together(middleware: AnswerCacheMiddleware, n: int) -> list[tuple[str, bytes]]:
    def one(_: int) -> tuple[str, bytes]:
        return _call(middleware, REQUEST_METHOD="GET", QUERY_STRING="query=slow")
    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(one, range(n)))


def _middleware(app: Callable[..., Iterable[bytes]], wait: float) -> AnswerCacheMiddleware:
    return AnswerCacheMiddleware(app, ResultCache(8, 10_000, 10_000), 1024, wait)


def test_identical_concurrent_requests_run_the_query_once() -> None:
    calls: list[float] = []
    middleware = _middleware(_slow_app(calls, 0.3, "200 OK", "miss"), wait=5)
    assert _together(middleware, 6) == [("200 OK", b"answer 1")] * 6
    assert len(calls) == 1
    assert _call(middleware, REQUEST_METHOD="GET", QUERY_STRING="query=slow") == (
        "200 OK", b"answer 1")
    assert len(calls) == 1


def test_identical_concurrent_requests_share_an_answer_that_is_not_stored() -> None:
    calls: list[float] = []
    middleware = _middleware(_slow_app(calls, 0.3, "503 SERVICE UNAVAILABLE", "off"), wait=5)
    assert _together(middleware, 4) == [("503 SERVICE UNAVAILABLE", b"answer 1")] * 4
    assert len(calls) == 1
    assert _call(middleware, REQUEST_METHOD="GET", QUERY_STRING="query=slow") == (
        "503 SERVICE UNAVAILABLE", b"answer 2")
    assert len(middleware.cache) == 0


def test_a_waiting_request_goes_alone_after_the_wait_limit() -> None:
    calls: list[float] = []
    middleware = _middleware(_slow_app(calls, 0.5, "200 OK", "miss"), wait=0.1)
    answers = _together(middleware, 2)
    assert len(calls) == 2
    assert calls[1] - calls[0] >= 0.1
    assert sorted(answers) == [("200 OK", b"answer 1"), ("200 OK", b"answer 2")]
