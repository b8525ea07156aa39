"""Publish the built dataset to a triplestore with the SPARQL 1.1 Graph Store HTTP Protocol.

Each named graph is sent with ``PUT`` (which replaces the graph, so publishing twice gives the
same store), streamed from its file in chunks with ``Content-Length`` (never a second copy in
memory), retried with backoff on transient failures, then **verified**: the triple count the
store reports for the graph must equal the count of the file.

The publication manifest (:mod:`semaxkg.store.manifest`) says which graphs are complete. A
run first withdraws, in one write, the claims of every graph it is about to replace (and
marks the publish unfinished); a graph is claimed again only after its check, so an
interrupted run never leaves a graph claimed complete that is missing or half-loaded. New
claims are written at most every :data:`CLAIM_INTERVAL_SECONDS` (and at the end, and on
failure if the store still answers), so the manifest is rewritten a bounded number of times
however many graphs there are.

Input: the build folder (one Turtle file per graph, named after the graph's last segment) or
one N-Quads/TriG file, which is first split by graph into temporary N-Triples files.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
import requests

from semaxkg.errors import InputError, Location, Problem, StoreError
from semaxkg.rdf.formats import DATASET_EXTENSIONS, FILE_EXTENSIONS, media_type_of
from semaxkg.rdf.iri_scheme import GRAPH
from semaxkg.store.http import (
    CONNECT_TIMEOUT_SECONDS,
    MAX_ATTEMPTS,
    StoreAuth,
    exception_error,
    status_error,
    with_retries,
)
from semaxkg.store.manifest import MANIFEST_GRAPH, GraphEntry, Manifest, now
from semaxkg.store.remote import SPARQL_JSON, RemoteStore

log = logging.getLogger(__name__)

#: Turtle files of the build folder that are not graphs: the SHACL report
#: (``pipeline.REPORT_FILE``) and the VoID description (``void.VOID_FILE``). A test checks
#: that the remaining files are exactly the named graphs of ``semaxkg.nq``.
NOT_GRAPH_FILES = frozenset({"shacl-report.ttl", "void.ttl"})
#: Bytes read from a graph file per chunk of the request body.
UPLOAD_CHUNK_BYTES: int = 1024 * 1024
#: Seconds between two progress lines of one upload.
PROGRESS_INTERVAL_SECONDS: float = 5.0
#: Seconds to wait for the store's answer to one request (a big PUT is parsed and indexed
#: before the store answers).
UPLOAD_TIMEOUT_SECONDS: float = 300.0
#: Seconds between two writes of the manifest's new claims during a run.
CLAIM_INTERVAL_SECONDS: float = 2.0
#: Lines held while splitting a dataset file before they are appended to the graph files.
SPLIT_FLUSH_LINES: int = 100_000

#: Graph files of a build folder: suffix → (format, media type), from the format registry.
GRAPH_SUFFIXES = {suffix: (FILE_EXTENSIONS[suffix], media_type_of(FILE_EXTENSIONS[suffix]))
                  for suffix in (".ttl", ".nt")}
DATASET_FORMATS = DATASET_EXTENSIONS
N_TRIPLES = media_type_of(ox.RdfFormat.N_TRIPLES)
T = TypeVar("T")


@dataclass(frozen=True)
class LocalGraph:
    """One graph to publish: its name, file, media type, triple count and checksum."""

    name: str
    path: Path
    media_type: str
    triples: int
    sha256: str

    @property
    def size(self) -> int:
        """Bytes of the file."""
        return self.path.stat().st_size


@dataclass(frozen=True)
class GraphReport:
    """What publishing one graph did: triples in the file, in the store before and after."""

    name: str
    local: int
    before: int
    after: int
    seconds: float


def _count_and_hash(path: Path, fmt: ox.RdfFormat) -> tuple[int, str]:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(UPLOAD_CHUNK_BYTES):
            digest.update(chunk)
    try:
        count = sum(1 for _ in ox.parse(path=path, format=fmt, lenient=True))
    except SyntaxError as exc:
        line = getattr(exc, "lineno", None)
        raise InputError([Problem(Location(str(path), line), str(exc),
                                  "rebuild with `semaxkg build`")]) from exc
    return count, digest.hexdigest()


def graphs_in_directory(directory: Path) -> list[LocalGraph]:
    """The graphs of a build folder: every ``*.ttl`` but the report and the VoID file, and
    every ``*.nt`` (the scale benchmark's batched build writes N-Triples)."""
    files = sorted(p for p in directory.iterdir()
                   if p.suffix in GRAPH_SUFFIXES and p.name not in NOT_GRAPH_FILES)
    if not files:
        raise InputError([Problem(Location(str(directory)), "no graph files (*.ttl) here",
                                  "run `semaxkg build` or pass --data DIR_OR_FILE")])
    out = []
    for path in files:
        fmt, media_type = GRAPH_SUFFIXES[path.suffix]
        triples, sha = _count_and_hash(path, fmt)
        # A file's graph name is the graph namespace plus the file's stem.
        out.append(LocalGraph(GRAPH + path.stem, path, media_type, triples, sha))
    return out


def split_dataset(path: Path, folder: Path) -> list[LocalGraph]:
    """Split an N-Quads or TriG file by graph into N-Triples files in ``folder`` (streaming)."""
    fmt = DATASET_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError([Problem(Location(str(path)), "not a dataset file",
                                  "pass the build folder, or a .nq or .trig file")])
    files: dict[str, Path] = {}
    pending: dict[str, list[str]] = {}
    held = 0

    def flush() -> None:
        for name, lines in pending.items():
            with files[name].open("a", encoding="utf-8") as out:
                out.writelines(lines)
        pending.clear()

    try:
        for quad in ox.parse(path=path, format=fmt, lenient=True):
            graph = quad.graph_name
            if not isinstance(graph, ox.NamedNode):
                raise InputError([Problem(Location(str(path)), f"a triple in the default graph "
                                          f"({quad.triple})", "put every triple in a named graph")])
            name = graph.value
            if name not in files:
                files[name] = folder / f"graph-{len(files):05d}.nt"
            pending.setdefault(name, []).append(f"{quad.triple} .\n")
            held += 1
            if held >= SPLIT_FLUSH_LINES:
                flush()
                held = 0
    except SyntaxError as exc:
        raise InputError([Problem(Location(str(path), getattr(exc, "lineno", None)),
                                  str(exc))]) from exc
    flush()
    out = []
    for name in sorted(files):
        triples, sha = _count_and_hash(files[name], ox.RdfFormat.N_TRIPLES)
        out.append(LocalGraph(name, files[name], N_TRIPLES, triples, sha))
    return out


@contextmanager
def local_graphs(data: Path) -> Iterator[list[LocalGraph]]:
    """The graphs of ``data`` (a build folder or a dataset file), counted and hashed."""
    if data.is_dir():
        yield graphs_in_directory(data)
        return
    if not data.is_file():
        raise InputError([Problem(Location(str(data)), "no such file or folder",
                                  "run `semaxkg build` or pass --data DIR_OR_FILE")])
    with tempfile.TemporaryDirectory(prefix="semaxkg-publish-") as folder:
        yield split_dataset(data, Path(folder))


def dataset_version(graphs: list[LocalGraph]) -> str:
    """A digest of the graphs published together (names and checksums)."""
    digest = hashlib.blake2b(digest_size=16)
    for graph in sorted(graphs, key=lambda g: g.name):
        digest.update(f"{graph.name}\0{graph.sha256}\n".encode())
    return digest.hexdigest()


def short_name(graph: str) -> str:
    """``source-000`` for ``…/graph/source-000``; other IRIs in full."""
    return graph[len(GRAPH):] if graph.startswith(GRAPH) else graph


class UploadBody:
    """A graph file as a request body: read in chunks, again from the start on every attempt.

    ``len()`` gives ``requests`` the ``Content-Length`` (no chunked encoding, which some stores
    refuse); iterating logs progress every :data:`PROGRESS_INTERVAL_SECONDS`.
    """

    def __init__(self, graph: LocalGraph, interval: float = PROGRESS_INTERVAL_SECONDS) -> None:
        self.graph = graph
        self.interval = interval
        self._size = graph.size

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[bytes]:
        started = last = time.monotonic()
        sent = 0
        with self.graph.path.open("rb") as handle:
            while chunk := handle.read(UPLOAD_CHUNK_BYTES):
                sent += len(chunk)
                yield chunk
                moment = time.monotonic()
                if moment - last >= self.interval:
                    last = moment
                    rate = sent / max(moment - started, 1e-9) / 2**20
                    log.info("%s: %d%% sent (%.1f of %.1f MiB, %.1f MiB/s)",
                             short_name(self.graph.name), 100 * sent // max(self._size, 1),
                             sent / 2**20, self._size / 2**20, rate)


def default_graph_store(query_url: str) -> str:
    """The Graph Store endpoint next to ``query_url``: Oxigraph's ``/store`` for ``…/query``."""
    trimmed = query_url.rstrip("/")
    if trimmed.endswith("/query"):
        return trimmed[: -len("query")] + "store"
    return query_url


class Publisher:
    """Uploads graphs to one store and keeps its manifest."""

    def __init__(self, query_url: str, graph_store_url: str | None = None, *,
                 auth: StoreAuth | None = None, timeout: float = UPLOAD_TIMEOUT_SECONDS,
                 attempts: int = MAX_ATTEMPTS,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.query_url = query_url
        self.graph_store_url = graph_store_url or default_graph_store(query_url)
        self.store = RemoteStore(query_url, auth=auth, timeout=timeout)
        self.timeout = timeout
        self.attempts = attempts
        self._sleep = sleep

    def _retrying(self, what: str, call: Callable[[], T]) -> T:
        return with_retries(call, what=what, attempts=self.attempts, sleep=self._sleep)

    def _send(self, method: str, graph: str, what: str, **kwargs: object) -> None:
        def send() -> None:
            self.store.connection.request(
                method, self.graph_store_url, what=what, read_timeout=self.timeout,
                send_timeout=self.timeout, params={"graph": graph}, **kwargs,
            ).close()

        self._retrying(what, send)

    def write_manifest(self, manifest: Manifest) -> None:
        """Replace the manifest graph in the store."""
        self._send("PUT", MANIFEST_GRAPH, "writing the manifest", data=manifest.ntriples(),
                   headers={"Content-Type": N_TRIPLES})

    def check_store(self) -> None:
        """Fail early when the query endpoint or the Graph Store endpoint refuses us."""
        what = "checking the SPARQL endpoint"
        self._retrying(what, lambda: self.store.post("ASK {}", accept=SPARQL_JSON,
                                                     what=what).close())
        # A HEAD on the graph store checks the URL and the credentials before any upload
        # (and, with digest authentication, gets the nonce, so bodies are sent only once).
        what = "checking the graph store endpoint"
        try:
            response = self.store.connection.session().head(
                self.graph_store_url, params={"graph": MANIFEST_GRAPH},
                timeout=(CONNECT_TIMEOUT_SECONDS, self.timeout))
        except requests.RequestException as exc:
            raise exception_error(what, self.graph_store_url, exc, self.timeout) from exc
        if response.status_code in (401, 403):
            raise status_error(what, response)

    def publish(self, graphs: list[LocalGraph], *, prune: bool = False) -> list[GraphReport]:
        """Upload every graph, verify it, keep the manifest; return one report per graph."""
        self.check_store()
        before = self._retrying("counting triples per graph",
                                lambda: self.store.counts(timeout=self.timeout))
        manifest = self._retrying("reading the manifest",
                                  lambda: self.store.manifest(refresh=True)) or Manifest()
        manifest = manifest.without(*(g.name for g in graphs))
        self.write_manifest(manifest)
        written = time.monotonic()
        reports = []
        for index, graph in enumerate(graphs, 1):
            try:
                report = self._publish_graph(graph, before.get(graph.name, 0))
            except StoreError as exc:
                self._claim_on_failure(manifest)
                raise StoreError(
                    f"publishing graph {graph.name} failed: {exc}. The manifest "
                    f"<{MANIFEST_GRAPH}> does not claim this graph; run publish again",
                    transient=exc.transient, graph=graph.name, status=exc.status) from exc
            manifest = manifest.with_entry(
                GraphEntry(graph.name, graph.triples, graph.sha256, now()))
            if time.monotonic() - written >= CLAIM_INTERVAL_SECONDS:
                self.write_manifest(manifest)
                written = time.monotonic()
            log.info("[%d/%d] %s: verified %d triples (before %d) in %.1f s", index,
                     len(graphs), short_name(graph.name), report.after, report.before,
                     report.seconds)
            reports.append(report)
        manifest = self._handle_stale(graphs, before, manifest, prune)
        self.write_manifest(manifest.finished(dataset_version(graphs)))
        return reports

    def _claim_on_failure(self, manifest: Manifest) -> None:
        """Best effort: record the graphs verified so far (the store may be gone)."""
        try:
            self.store.connection.request(
                "PUT", self.graph_store_url, what="writing the manifest",
                read_timeout=self.timeout, send_timeout=self.timeout,
                params={"graph": MANIFEST_GRAPH},
                data=manifest.ntriples(), headers={"Content-Type": N_TRIPLES}).close()
        except StoreError as exc:
            log.warning("could not record the graphs verified so far: %s", exc)

    def _publish_graph(self, graph: LocalGraph, before: int) -> GraphReport:
        started = time.monotonic()
        log.info("%s: sending %d triples (%.1f MiB); the store has %d",
                 short_name(graph.name), graph.triples, graph.size / 2**20, before)
        self._send("PUT", graph.name, f"uploading graph {graph.name}",
                   data=UploadBody(graph), headers={"Content-Type": graph.media_type})
        after = self._retrying(f"counting the triples of {graph.name}",
                               functools.partial(self.store.count, graph.name,
                                                 timeout=self.timeout))
        if after != graph.triples:
            raise StoreError(
                f"the store holds {after} triples in the graph after the upload, the "
                f"file {graph.path} has {graph.triples}", graph=graph.name)
        return GraphReport(graph.name, graph.triples, before, after, time.monotonic() - started)

    def _handle_stale(self, graphs: list[LocalGraph], before: dict[str, int],
                      manifest: Manifest, prune: bool) -> Manifest:
        ours = {g.name for g in graphs} | {MANIFEST_GRAPH}
        stale = sorted({name for name in before if name.startswith(GRAPH)}
                       .union(manifest.entries).difference(ours))
        if not stale:
            return manifest
        if not prune:
            log.warning("the store holds graphs that are not in this dataset (left as they "
                        "are; --prune deletes them): %s", ", ".join(stale))
            return manifest
        manifest = manifest.without(*stale)
        self.write_manifest(manifest)
        for name in stale:
            self._send("DELETE", name, f"deleting graph {name}")
            log.info("deleted stale graph %s", name)
        return manifest
