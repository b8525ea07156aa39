"""Safe by default: time limit, no network access (SSRF), CORS everywhere, short errors."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox
import pytest
import requests
from endpoint_support import PATHOLOGICAL, LiveServer
from flask.testing import FlaskClient

from semaxkg.sparql.executor import isolate_network

TIMEOUT_BODY = (
    b"The query was stopped after the time limit of 2 s. Make it more selective or add a LIMIT.\n"
)


#: What the test itself sends to the listener to know it has seen everything before.
MARKER = b"marker: every earlier connection is recorded"


class Listener:
    """A local TCP listener that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            conn.settimeout(1)
            try:
                self.connections.append(conn.recv(4096))
            except OSError:
                self.connections.append(b"")
            conn.close()

    def settled(self, seconds: float = 10) -> list[bytes]:
        """The connections made so far, once every earlier connection has been recorded.

        Connections are accepted in order, so after our own marker connection shows up no
        earlier one can still be waiting: no guessed sleep for something that must not come.
        """
        count = len(self.connections)
        with socket.create_connection(("127.0.0.1", self.port), timeout=seconds) as marker:
            marker.sendall(MARKER)
        deadline = time.monotonic() + seconds
        while MARKER not in self.connections[count:]:
            assert time.monotonic() < deadline, "the listener did not record the marker"
            time.sleep(0.01)
        seen = [c for c in self.connections if c != MARKER]
        self.connections.remove(MARKER)
        return seen

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


@pytest.fixture()
def listener() -> Iterator[Listener]:
    target = Listener()
    yield target
    target.close()


def test_pyoxigraph_alone_would_call_service(listener: Listener) -> None:
    """Positive control: without the guard, pyoxigraph opens a connection for SERVICE."""
    with contextlib.suppress(OSError):
        ox.Store().query(f"SELECT * {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}")
    connections = listener.settled()
    assert len(connections) == 1
    assert connections[0].startswith(b"POST / HTTP/1.1")


def ssrf_queries(port: int) -> list[str]:
    iri = f"http://127.0.0.1:{port}/sparql"
    return [
        f"SELECT * WHERE {{ SERVICE <{iri}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{iri}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{iri}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE<{iri}>{{?s?p?o}} }} }} }}",
        f"SELECT * WHERE {{ # comment\n SeRvIcE <{iri}> {{ ?s ?p ?o }} }}",
        f"ASK FROM <{iri}> {{ ?s ?p ?o }}",
        f"ASK FROM NAMED <{iri}> {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}",
        f"DESCRIBE <{iri}>",
        f"LOAD <{iri}>",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER(?o = <{iri}>) }}",
    ]


def test_no_query_opens_a_network_connection(client: FlaskClient, listener: Listener) -> None:
    statuses = []
    for query in ssrf_queries(listener.port):
        response = client.get("/sparql", query_string={"query": query})
        statuses.append(response.status_code)
        assert response.status_code in (200, 400, 403)
    assert listener.settled() == []
    assert statuses[:5] == [400] * 5
    assert statuses[9] == 403


def test_service_refusal_message(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={
        "query": "SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"})
    assert response.status_code == 400
    assert response.data == (
        b"Bad request: SERVICE is not supported: this endpoint never calls other endpoints.\n"
        b"Fix: remove the SERVICE clause.\n")


def test_service_keyword_in_strings_iris_and_names_is_not_refused(client: FlaskClient) -> None:
    query = ('PREFIX service: <http://example.org/SERVICE#> '
             'SELECT ?service WHERE { BIND("SERVICE <x>" AS ?service) } # SERVICE')
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": "text/csv"})
    assert response.status_code == 200
    assert response.data == b"service\r\nSERVICE <x>\r\n"


def test_executor_network_namespace_blocks_even_unguarded_service(listener: Listener) -> None:
    """Defence in depth: in an isolated child, pyoxigraph's SERVICE cannot connect."""
    pid = os.fork()
    if pid == 0:  # child
        code = 3
        try:
            if isolate_network():
                code = 0
                try:
                    ox.Store().query(
                        f"SELECT * {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}"
                    )
                except OSError:
                    code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) == 3:
        pytest.skip("this kernel does not allow unshare(CLONE_NEWNET) here")
    assert listener.settled() == []


@pytest.mark.slow  # out of the fast tier (make test-fast): waits out a time limit or fuzzes
def test_timeout_in_process_app_answers_503_then_recovers(client: FlaskClient) -> None:
    started = time.monotonic()
    response = client.get("/sparql", query_string={"query": PATHOLOGICAL})
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response.data == TIMEOUT_BODY
    assert response.headers["Retry-After"] == "1"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert elapsed < 2 + 8  # stopped near the 2 s limit, not after the query's minutes
    after = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
    assert after.status_code == 200
    assert json.loads(after.data)["boolean"] is True


def test_timeout_on_live_server_while_other_queries_are_answered(live_server: LiveServer) -> None:
    def slow() -> tuple[int, bytes, float]:
        started = time.monotonic()
        response = requests.get(live_server.url, params={"query": PATHOLOGICAL}, timeout=30)
        return response.status_code, response.content, time.monotonic() - started

    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(slow)
        time.sleep(0.2)
        answers = [
            requests.get(live_server.url, params={"query": f"ASK {{ FILTER({i} = {i}) }}"},
                         timeout=5)
            for i in range(20)
        ]
        status, body, elapsed = future.result()
    assert status == 503
    assert body == TIMEOUT_BODY
    assert elapsed < 2 + 8
    assert [a.status_code for a in answers] == [200] * 20
    assert all(a.json()["boolean"] is True for a in answers)
    # both workers (including the one whose executor was killed) keep answering
    again = [requests.get(live_server.url, params={"query": f"SELECT ({i} AS ?x) {{}}"},
                          headers={"Accept": "text/csv"}, timeout=5) for i in range(10)]
    assert [a.text for a in again] == [f"x\r\n{i}\r\n" for i in range(10)]


@pytest.mark.parametrize(("path", "status"), [
    ("/sparql?query=ASK%7B%7D", 200),
    ("/sparql?query=SELEC", 400),
    ("/sparql?update=CLEAR%20ALL", 403),
    ("/nowhere", 404),
])
def test_cors_header_on_every_response(client: FlaskClient, path: str, status: int) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]


def test_cors_on_405_and_406(client: FlaskClient) -> None:
    assert client.put("/sparql").headers["Access-Control-Allow-Origin"] == "*"
    response = client.get("/sparql?query=ASK%7B%7D", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_preflight_options(client: FlaskClient) -> None:
    response = client.options("/sparql", headers={
        "Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, accept",
    })
    assert response.status_code == 204
    assert response.data == b""
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Access-Control-Allow-Methods"] == "GET, HEAD, POST, OPTIONS"
    assert response.headers["Access-Control-Allow-Headers"] == "content-type, accept"
    assert response.headers["Access-Control-Max-Age"] == "86400"
    assert response.headers["Allow"] == "GET, HEAD, POST, OPTIONS"


def test_error_bodies_are_short_text_never_html(client: FlaskClient) -> None:
    for response in (client.get("/nowhere"), client.put("/sparql"),
                     client.get("/sparql?query=SELECT%20*%20%7B"),
                     client.post("/sparql", data="x", content_type="text/plain")):
        assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
        assert b"<html" not in response.data.lower()
        assert b"<!doctype" not in response.data.lower()
        assert b"Traceback" not in response.data
        assert len(response.data) < 500
    assert client.get("/nowhere").data.startswith(b"404 Not Found: ")
