"""Helpers of the triplestore tests: a real Oxigraph server, and a faulty proxy in front of it.

``OxigraphServer`` runs ``oxigraph serve --union-default-graph`` (the ``oxigraph`` PyPI
package's binary) on a free port of 127.0.0.1, in memory or on a folder, and stops it.
``FaultProxy`` forwards every request to a backend and can misbehave on purpose: demand a
password, answer 503 a number of times, hold a request past the client's time limit, kill the
backend in the middle of a given upload, or drop part of an upload.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
import requests
from tests.build_snapshot import BUILD, built_snapshot, is_built
from tests.live_process import free_port, start_on_free_port, stop_process, wait_until_answering

REPO = Path(__file__).resolve().parents[2]
GRAPH = "https://w3id.org/semaxkg/graph/"
MANIFEST = GRAPH + "manifest"


#: The build the tests publish and compare with: this process's snapshot of data/ttl (the
#: same copy as the ``built_dir`` fixture; see tests/build_snapshot.py).
TTL = built_snapshot() if is_built() else BUILD


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` executable next to this Python, or on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file():
        return str(beside)
    return shutil.which("oxigraph")


class OxigraphServer:
    """``oxigraph serve --union-default-graph`` on 127.0.0.1 (stopped by :meth:`stop`)."""

    def __init__(self, workdir: Path, *, location: Path | None = None, union: bool = True,
                 timeout_s: int | None = None, port: int | None = None) -> None:
        binary = oxigraph_binary()
        assert binary is not None, "the oxigraph binary is missing: pip install oxigraph"
        self.location = location
        options: list[str] = []
        if location is not None:
            options += ["--location", str(location)]
        if union:
            options.append("--union-default-graph")
        if timeout_s is not None:
            options += ["--timeout-s", str(timeout_s)]
        workdir.mkdir(parents=True, exist_ok=True)
        self._log_path = workdir / "oxigraph.log"
        self._log = self._log_path.open("ab")

        def launch(port: int) -> subprocess.Popen[bytes]:
            return subprocess.Popen([binary, "serve", "--bind", f"127.0.0.1:{port}", *options],
                                    stdout=self._log, stderr=subprocess.STDOUT, cwd=workdir)

        def ready(port: int, process: subprocess.Popen[bytes]) -> bool:
            return wait_until_answering(f"http://127.0.0.1:{port}/query", process, 30, {"query": "ASK {}"})

        if port is None:  # a new server: any free port
            self.port, self.process, up = start_on_free_port(launch, ready)
        else:  # a restart on the port its clients know
            self.port, self.process = port, launch(port)
            up = ready(port, self.process)
        self.base = f"http://127.0.0.1:{self.port}"
        self.query_url = self.base + "/query"
        self.store_url = self.base + "/store"
        if up:
            return
        self.stop()
        raise RuntimeError(f"oxigraph did not start: {self._log_path.read_text()}")

    def kill(self) -> None:
        """Kill the server at once (SIGKILL): the store going away."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL)."""
        stop_process(self.process)
        self._log.close()

    def graph_triples(self, graph: str) -> set[str]:
        """The graph's triples as N-Triples lines (Graph Store GET)."""
        response = requests.get(self.store_url, params={"graph": graph},
                                headers={"Accept": "application/n-triples"}, timeout=30)
        if response.status_code == 404:
            return set()
        response.raise_for_status()
        return {line for line in response.text.splitlines() if line.strip()}

    def counts(self) -> dict[str, int]:
        """Triples per named graph."""
        response = requests.post(
            self.query_url, data={"query": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g "
                                           "{ ?s ?p ?o } } GROUP BY ?g"},
            headers={"Accept": "application/sparql-results+json"}, timeout=30)
        response.raise_for_status()
        rows = response.json()["results"]["bindings"]
        return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}


def file_triples(path: Path) -> int:
    """Triples in an RDF file (parsed by pyoxigraph)."""
    return sum(1 for _ in ox.parse(path=path))


def file_lines(path: Path) -> set[str]:
    """The file's triples without blank nodes, as N-Triples lines, as an Oxigraph store keeps
    them (it stores integer-derived literals such as xsd:nonNegativeInteger as xsd:integer)."""
    store = ox.Store()
    store.load(path=path)
    return {f"{q.triple} ." for q in store
            if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)}


def built_graphs() -> dict[str, Path]:
    """Graph name → Turtle file, for every named graph of the build's ``semaxkg.nq``."""
    names = {q.graph_name.value for q in ox.parse(path=TTL / "semaxkg.nq")}
    return {name: TTL / (name.rsplit("/", 1)[-1] + ".ttl") for name in sorted(names)}


@dataclass
class Faults:
    """What the proxy does wrong (all off by default); counters of what it did."""

    #: ``(user, password)`` the proxy demands with Basic authentication.
    credentials: tuple[str, str] | None = None
    #: ``(user, password)`` the proxy demands with Digest authentication (as Virtuoso's -auth).
    digest: tuple[str, str] | None = None
    #: Answer this many PUTs with 503 before forwarding any.
    fail_puts: int = 0
    #: Seconds to hold the PUT of ``hold_graph`` before forwarding (past the client's time-out).
    hold_puts: float = 0.0
    hold_graph: str | None = None
    #: On the PUT of this graph: forward nothing, read part of the body, then call ``on_kill``.
    kill_on_graph: str | None = None
    on_kill: Callable[[], None] | None = None
    #: On the PUT of this graph: forward only the first N-Triples line of the body.
    truncate_graph: str | None = None
    failed: int = 0
    puts: list[str] = field(default_factory=list)
    unauthorised: int = 0
    #: PUT bodies that arrived without valid credentials (and so had to be sent again).
    refused_bodies: int = 0


DIGEST_REALM = "test store"
DIGEST_NONCE = "5e1f0c7a"


def _md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def _digest_ok(handler: BaseHTTPRequestHandler, user: str, password: str) -> bool:
    """Whether the request carries a valid RFC 7616 (MD5, qop=auth) Digest response."""
    header = handler.headers.get("Authorization", "")
    if not header.startswith("Digest "):
        return False
    fields = dict(re.findall(r'(\w+)="?([^",]*)"?', header[len("Digest "):]))
    if fields.get("username") != user or fields.get("nonce") != DIGEST_NONCE:
        return False
    ha1 = _md5(f"{user}:{DIGEST_REALM}:{password}")
    ha2 = _md5(f"{handler.command}:{fields.get('uri', '')}")
    expected = _md5(f"{ha1}:{DIGEST_NONCE}:{fields.get('nc', '')}:{fields.get('cnonce', '')}:"
                    f"auth:{ha2}")
    return fields.get("response") == expected


class FaultProxy:
    """An HTTP proxy to ``backend`` on 127.0.0.1 that misbehaves as ``faults`` says."""

    def __init__(self, backend: str, faults: Faults) -> None:
        self.backend = backend
        self.faults = faults
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # quiet
                pass

            def _forward(self) -> None:
                proxy.handle(self)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.query_url = self.base + "/query"
        self.store_url = self.base + "/store"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the proxy."""
        self.server.shutdown()
        self.server.server_close()

    def _reply(self, handler: BaseHTTPRequestHandler, status: int, body: bytes,
               headers: dict[str, str] | None = None) -> None:
        handler.send_response(status)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(body)

    def handle(self, handler: BaseHTTPRequestHandler) -> None:
        faults = self.faults
        length = int(handler.headers.get("Content-Length") or 0)
        graph = parse_qs(urlsplit(handler.path).query).get("graph", [""])[0]
        if faults.digest is not None and not _digest_ok(handler, *faults.digest):
            faults.unauthorised += 1
            if handler.command == "PUT" and length:
                faults.refused_bodies += 1
            handler.rfile.read(length)
            self._reply(handler, 401, b"digest credentials needed\n", {
                "WWW-Authenticate": f'Digest realm="{DIGEST_REALM}", nonce="{DIGEST_NONCE}", '
                                    'qop="auth", algorithm=MD5'})
            return
        if faults.credentials is not None:
            expected = "Basic " + base64.b64encode(":".join(faults.credentials).encode()).decode()
            if handler.headers.get("Authorization") != expected:
                faults.unauthorised += 1
                handler.rfile.read(length)
                self._reply(handler, 401, b"wrong or missing credentials\n",
                            {"WWW-Authenticate": 'Basic realm="test store"'})
                return
        if handler.command == "PUT":
            faults.puts.append(graph)
            if faults.kill_on_graph == graph:
                handler.rfile.read(min(length, 1024))
                assert faults.on_kill is not None
                faults.on_kill()
                handler.close_connection = True
                handler.connection.shutdown(socket.SHUT_RDWR)
                return
            if faults.failed < faults.fail_puts:
                faults.failed += 1
                handler.rfile.read(length)
                self._reply(handler, 503, b"busy, try again\n", {"Retry-After": "0"})
                return
            if faults.hold_puts and graph == faults.hold_graph:
                time.sleep(faults.hold_puts)
        body = handler.rfile.read(length) if length else b""
        headers = {k: v for k, v in handler.headers.items()
                   if k.lower() in ("content-type", "accept")}
        if handler.command == "PUT" and graph and faults.truncate_graph == graph:
            first = next(iter(ox.parse(body, ox.RdfFormat.TURTLE)))
            body = f"{first.triple} .\n".encode()
            headers["Content-Type"] = "application/n-triples"
        try:
            answer = requests.request(handler.command, self.backend + handler.path, data=body,
                                      headers=headers, timeout=60)
        except requests.ConnectionError:
            self._reply(handler, 502, b"backend down\n")
            return
        keep = {k: v for k, v in answer.headers.items() if k.lower() == "content-type"}
        self._reply(handler, answer.status_code, answer.content, keep)


def run_cli(*args: str, env: dict[str, str] | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """``semaxkg ARGS`` in a subprocess; stdout and stderr captured."""
    environment = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "semaxkg.cli", *args], capture_output=True,
                          text=True, env=environment, cwd=REPO, timeout=timeout, check=False)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
ServerThreads = 10
CheckpointInterval = 60
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {dir}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10

[SPARQL]
; DefaultGraph stays unset: a query without FROM reads every graph (the union).
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


class VirtuosoServer:
    """Debian's ``virtuoso-t`` in the foreground on 127.0.0.1, with a user allowed to write."""

    user = "semax"
    password = "semax-test"

    def __init__(self, workdir: Path) -> None:
        workdir.mkdir(parents=True, exist_ok=True)
        ini = workdir / "virtuoso.ini"
        self._log = (workdir / "stdout.log").open("ab")
        ports: dict[int, int] = {}  # HTTP port -> SQL port

        def launch(http_port: int) -> subprocess.Popen[bytes]:
            ports[http_port] = free_port()
            ini.write_text(VIRTUOSO_INI.format(dir=workdir, sql_port=ports[http_port],
                                               http_port=http_port), encoding="utf-8")
            return subprocess.Popen(["virtuoso-t", "+configfile", str(ini), "+foreground"],
                                    stdout=self._log, stderr=subprocess.STDOUT, cwd=workdir)

        def ready(http_port: int, process: subprocess.Popen[bytes]) -> bool:
            return wait_until_answering(f"http://127.0.0.1:{http_port}/sparql", process, 120,
                                        {"query": "ASK {}"}, poll_s=0.2)

        self.http_port, self.process, up = start_on_free_port(launch, ready)
        self.sql_port = ports[self.http_port]
        base = f"http://127.0.0.1:{self.http_port}"
        self.query_url = base + "/sparql"
        self.store_url = base + "/sparql-graph-crud-auth"
        if not up:
            self.stop()
            raise RuntimeError(f"virtuoso did not start: {(workdir / 'virtuoso.log').read_text()}")
        # A fresh database has the dba password "dba"; the user gets the right to write.
        sql = (f"DB.DBA.USER_CREATE ('{self.user}', '{self.password}'); "
               f'GRANT SPARQL_UPDATE TO "{self.user}";')
        subprocess.run(["isql-vt", str(self.sql_port), "dba", "dba", f"exec={sql}"],
                       check=True, capture_output=True, timeout=60)

    def stop(self) -> None:
        """Stop the server."""
        stop_process(self.process, 30)
        self._log.close()
