"""Hostile input against ``semaxkg serve --store`` over a real Oxigraph server (issue 11).

Each test is named after the request that showed the hole: the crash query that killed the
server after two requests, stalled bodies, a runaway query, a frozen store, a half-published
store. Timing is asserted only as "answered before the stall or the limit ended".
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from flask import Flask
from store_support import GRAPH, REPO, TTL, OxigraphServer, free_port
from tests.hostile_support import (
    CRASH_QUERY,
    LATE_BODY,
    NO_ANSWER,
    stall_bodies,
    status_line,
    timed_get,
    whole_answer,
)
from tests.live_process import stop_process, wait_until_answering

from semaxkg.sparql.limits import MAX_QUERY_NESTING
from semaxkg.web import create_app
from semaxkg.web.state import get_state

#: The live server's query time limit.
LIMIT_SECONDS = 3
#: A query that runs for minutes on the published graph (a cross product of 6 patterns).
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(
    f"?s{i} ?p{i} ?o{i} ." for i in range(6)) + " }"
#: A runaway whose patterns share variables: Oxigraph joins them by looking each one up in
#: the store, where it checks its --timeout-s cancellation (a pure cross product, RUNAWAY,
#: joins tables already read and is never checked).
# Seven joined hops: five finished inside a 3 s limit on an idle machine (then the answer was
# 200, not the runaway the test needs); each hop multiplies the work.
JOINED_RUNAWAY = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?b ?q ?c . ?c ?r ?d . "
                  "?d ?t ?e . ?e ?u ?f . ?f ?v ?g . ?x ?y ?a }")


class StoreServer:
    """``semaxkg serve --store URL`` on a free port (2 workers), stopped by :meth:`stop`."""

    def __init__(self, store_url: str, log: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.url = self.base + "/sparql"
        self._log = log.open("wb")
        self.log_path = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "semaxkg.cli", "serve", "--store", store_url, "--port",
             str(self.port), "--workers", "2"],
            stdout=self._log, stderr=subprocess.STDOUT, cwd=REPO,
            env={**os.environ, "SEMAXKG_QUERY_TIMEOUT": str(LIMIT_SECONDS)})
        if not wait_until_answering(self.base + "/health", self.process, 60):
            self.stop()
            raise RuntimeError(log.read_text())

    def workers(self) -> set[int]:
        """The worker processes (children of the main process)."""
        found = set()
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                if ppid == self.process.pid:
                    found.add(int(entry.name))
        return found

    def stop(self) -> None:
        stop_process(self.process)
        self._log.close()


@pytest.fixture(scope="module")
def store_server(published: OxigraphServer,
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreServer]:
    server = StoreServer(published.query_url, tmp_path_factory.mktemp("serve") / "serve.log")
    yield server
    server.stop()


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_serve_store_survives_1000_crash_shaped_requests(store_server: StoreServer) -> None:
    """Before: the second 20 KB request of 1,000 nested FILTER NOT EXISTS stopped the server."""
    workers = store_server.workers()
    assert len(workers) == 2
    statuses = []
    with requests.Session() as session:
        for _ in range(1000):
            answer = session.post(store_server.url, data=CRASH_QUERY.encode(), timeout=30,
                                  headers={"Content-Type": "application/sparql-query"})
            statuses.append(answer.status_code)
    assert statuses == [400] * 1000
    assert answer.text.startswith(
        f"Bad request: the query nests too deeply: {MAX_QUERY_NESTING + 1} levels at line 1,")
    assert store_server.process.poll() is None
    assert store_server.workers() == workers  # no worker died or was replaced
    ask = requests.get(store_server.url, params={"query": "ASK { ?s ?p ?o }"},
                       headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert ask.json() == {"head": {}, "boolean": True}


def test_eight_stalled_request_bodies_over_the_store_get_408_and_never_freeze_health(
        store_server: StoreServer) -> None:
    stalled = stall_bodies(store_server.port, 8)
    try:
        time.sleep(0.5)
        health = [timed_get(store_server.base + "/health") for _ in range(3)]
        asks = [timed_get(store_server.url, params={"query": f"ASK {{ ?s ?p {i} }}"})
                for i in range(3)]
        still_stalled = [status_line(sock, 0.01) for sock in stalled]
        late = [whole_answer(sock, 30) for sock in stalled]  # default deadline: 10 s
    finally:
        for sock in stalled:
            sock.close()
    assert still_stalled == [NO_ANSWER] * 8  # answered while the bodies were held back
    assert [answer.split(b"\r\n", 1)[0] for answer in late] == [LATE_BODY] * 8
    assert [answer.status_code for answer, _s in health + asks] == [200] * 6
    assert {answer.json()["status"] for answer, _s in health} == {"ok"}


@pytest.fixture()
def own_store(tmp_path: Path) -> Iterator[OxigraphServer]:
    """A published Oxigraph server of its own (a runaway or a freeze must not touch others)."""
    from semaxkg.store.upload import Publisher, graphs_in_directory

    server = OxigraphServer(tmp_path / "oxigraph", timeout_s=LIMIT_SECONDS)
    Publisher(server.query_url).publish(graphs_in_directory(TTL))
    yield server
    if server.process.poll() is None:
        os.kill(server.process.pid, signal.SIGCONT)
    server.stop()


def test_runaway_query_over_the_store_gets_503_at_the_limit_while_health_answers(
        own_store: OxigraphServer, tmp_path: Path) -> None:
    server = StoreServer(own_store.query_url, tmp_path / "serve.log")
    try:
        before = _cpu_seconds(own_store.process.pid)
        started = time.monotonic()
        with requests.Session() as session:
            pending = session.get(server.url, params={"query": RUNAWAY}, timeout=60)
        took = time.monotonic() - started
        health, _health_s = timed_get(server.base + "/health")
        after_503 = _cpu_seconds(own_store.process.pid)
        time.sleep(3)
        later = _cpu_seconds(own_store.process.pid)
    finally:
        server.stop()
    assert pending.status_code == 503
    assert pending.text == (f"The query was stopped after the time limit of {LIMIT_SECONDS} s. "
                            "Make it more selective or add a LIMIT.\n")
    assert took < 2 * LIMIT_SECONDS
    assert health.status_code == 200
    # Measured, not asserted: Oxigraph 0.5 neither stops at --timeout-s nor when the
    # connection closes (see docs/triplestores.md); the numbers go to the test log.
    print(f"oxigraph CPU: {after_503 - before:.1f} s until the 503, "
          f"{later - after_503:.1f} s in the 3 s after it")


def test_joined_runaway_over_the_store_is_stopped_by_oxigraph_timeout_s(
        own_store: OxigraphServer, tmp_path: Path) -> None:
    """Before: the store kept two cores busy for minutes after our 503. With --timeout-s
    (docs/triplestores.md), Oxigraph cancels a query that reads the store: idle after it."""
    server = StoreServer(own_store.query_url, tmp_path / "serve.log")
    try:
        pending = requests.get(server.url, params={"query": JOINED_RUNAWAY}, timeout=60)
        time.sleep(1)  # Oxigraph's own --timeout-s (the same limit) has passed by now
        after_stop = _cpu_seconds(own_store.process.pid)
        time.sleep(3)
        later = _cpu_seconds(own_store.process.pid)
        # The store itself says it stopped the query.
        direct = requests.post(own_store.query_url, data={"query": JOINED_RUNAWAY}, timeout=60)
    finally:
        server.stop()
    assert pending.status_code == 503
    assert later - after_stop < 0.5  # idle: the runaway no longer runs in the store
    assert "The SPARQL operation has been cancelled" in direct.text


def test_frozen_store_makes_sparql_answer_503_within_the_limit(
        own_store: OxigraphServer) -> None:
    """Before: a frozen store made /sparql take 20 s while saying it stopped after 10 s."""
    app = create_app({"STORE_URL": own_store.query_url, "TESTING": True,
                      "QUERY_TIMEOUT": LIMIT_SECONDS})
    client = app.test_client()
    try:
        assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200
        time.sleep(5.5)  # the manifest (the data's version) is due to be re-read
        os.kill(own_store.process.pid, signal.SIGSTOP)
        started = time.monotonic()
        frozen = client.get("/sparql", query_string={"query": "ASK { ?s ?p 1 }"})
        took = time.monotonic() - started
        health_started = time.monotonic()
        health = client.get("/health")
        health_took = time.monotonic() - health_started
    finally:
        os.kill(own_store.process.pid, signal.SIGCONT)
        get_state(app).close()
    assert frozen.status_code == 503
    assert took < 2 * LIMIT_SECONDS, took  # before: twice the limit (20 s for a 10 s limit)
    assert health.status_code == 503
    assert health_took < LIMIT_SECONDS, health_took


def _unpublished_app(server: OxigraphServer) -> Flask:
    """An app over a store holding one graph put there by hand (no semaxkg manifest)."""
    response = requests.put(server.store_url, params={"graph": GRAPH + "entities"},
                            data=(TTL / "entities.ttl").read_bytes(),
                            headers={"Content-Type": "text/turtle"}, timeout=60)
    response.raise_for_status()
    return create_app({"STORE_URL": server.query_url, "TESTING": True})


def test_health_over_a_store_without_manifest_is_degraded_naming_what_is_missing(
        oxigraph: OxigraphServer) -> None:
    app = _unpublished_app(oxigraph)
    try:
        answer = app.test_client().get("/health")
    finally:
        get_state(app).close()
    assert answer.status_code == 200
    body = answer.json
    assert body is not None
    assert body["status"] == "degraded"
    assert body["missing"] == ("the store has no semaxkg manifest: every named graph is "
                               "served unchecked; publish with `semaxkg publish --to URL`")
    assert body["namedGraphs"] == 1


class _FormCatcher:
    """A local HTTP endpoint that records the forms POSTed to it and answers ``true``."""

    def __init__(self) -> None:
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        from threading import Thread
        from urllib.parse import parse_qs

        forms: list[dict[str, list[str]]] = []
        self.forms = forms

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                forms.append(parse_qs(self.rfile.read(length).decode()))
                body = b'{"head":{},"boolean":true}'
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize(("setting", "sent"), [("timeout", "3"), ("timeout:ms", "3000"),
                                               ("", None)])
def test_store_is_asked_to_stop_at_the_time_limit(setting: str, sent: str | None) -> None:
    from semaxkg.store.remote import SPARQL_JSON, RemoteStore

    catcher = _FormCatcher()
    try:
        store = RemoteStore(catcher.url, timeout=3, timeout_parameter=setting)
        store.post("ASK {}", accept=SPARQL_JSON).close()
        store.close()
    finally:
        catcher.close()
    assert catcher.forms[0]["query"] == ["ASK {}"]
    assert catcher.forms[0].get("timeout") == (None if sent is None else [sent])


def test_oxigraph_ignores_the_timeout_parameter(published: OxigraphServer) -> None:
    app = create_app({"STORE_URL": published.query_url, "TESTING": True,
                      "STORE_TIMEOUT_PARAMETER": "timeout"})
    try:
        answer = app.test_client().get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"},
                                       headers={"Accept": "application/sparql-results+json"})
    finally:
        get_state(app).close()
    assert answer.json == {"head": {}, "boolean": True}


def test_health_over_a_half_published_store_is_degraded_listing_the_complete_graphs(
        oxigraph: OxigraphServer) -> None:
    """Before: /health said "ok" for a store whose last publish did not finish."""
    from semaxkg.store.manifest import MANIFEST_GRAPH
    from semaxkg.store.remote import RemoteStore
    from semaxkg.store.upload import Publisher, graphs_in_directory

    Publisher(oxigraph.query_url).publish(graphs_in_directory(TTL))
    store = RemoteStore(oxigraph.query_url)
    manifest = store.manifest(refresh=True)
    store.close()
    assert manifest is not None and manifest.complete
    dropped = GRAPH + "entities"
    half = manifest.without(dropped)  # what an interrupted re-publish of `entities` leaves
    requests.put(oxigraph.store_url, params={"graph": MANIFEST_GRAPH}, data=half.ntriples(),
                 headers={"Content-Type": "application/n-triples"},
                 timeout=60).raise_for_status()
    app = create_app({"STORE_URL": oxigraph.query_url, "TESTING": True})
    try:
        answer = app.test_client().get("/health")
    finally:
        get_state(app).close()
    assert answer.status_code == 200
    body = answer.json
    assert body is not None
    assert body["status"] == "degraded"
    assert body["completeGraphs"] == sorted(set(manifest.entries) - {dropped})
    assert body["missing"] == ("the last publish did not finish: only the graphs listed in "
                               "completeGraphs are served; run `semaxkg publish --to URL` "
                               "again")
