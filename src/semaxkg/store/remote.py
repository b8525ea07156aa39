"""A remote SPARQL 1.1 endpoint as a :class:`~semaxkg.rdf.graph_store.GraphStore` (``serve --store``).

Queries go out as SPARQL 1.1 Protocol form POSTs; SELECT/ASK answers come back as SPARQL
JSON, CONSTRUCT/DESCRIBE as N-Triples, and both are parsed by pyoxigraph into the same terms
:class:`~semaxkg.store.local.LocalStore` returns. The store's default graph must be the union
of its named graphs (checked by :meth:`RemoteStore.check`); which graphs are served, and the
version used for ETags and caches, come from the publication manifest
(:mod:`semaxkg.store.manifest`), re-read at most every :data:`VERSION_REFRESH_SECONDS`.
"""

from __future__ import annotations

import io
import logging
import threading
import time
from collections.abc import Iterator, Sequence
from typing import Any

import pyoxigraph as ox
import requests

from semaxkg.errors import StoreError
from semaxkg.rdf import sparql_lexer as lexer
from semaxkg.rdf.graph_store import Bindings, Row, solution_rows, with_bindings
from semaxkg.store.http import Connection, StoreAuth
from semaxkg.store.manifest import MANIFEST_GRAPH, PUB, Manifest, manifest_from

log = logging.getLogger(__name__)

#: Seconds a page's query may take on the store before we give up (``QUERY_TIMEOUT`` in the app).
DEFAULT_QUERY_TIMEOUT_SECONDS: float = 10.0
#: Seconds between two reads of the manifest (a re-publish shows up at most this late).
VERSION_REFRESH_SECONDS: float = 5.0
#: Seconds a (re-)read of the manifest for the data's version may take; on time-out the last
#: known version is kept.
VERSION_READ_TIMEOUT_SECONDS: float = 2.0
#: Bytes read from the store per chunk when streaming an answer.
STREAM_CHUNK_BYTES: int = 64 * 1024

SPARQL_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
FORM = "application/x-www-form-urlencoded"

#: Where to read how to make the default graph the union of the named graphs, per store.
UNION_HELP = (
    "make the store's default graph the union of its named graphs: Oxigraph "
    "`oxigraph serve --union-default-graph`, Fuseki `tdb2:unionDefaultGraph true`, GraphDB and "
    "Virtuoso do so by default (see docs/triplestores.md)"
)

_MANIFEST_QUERY = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{MANIFEST_GRAPH}> {{ ?s ?p ?o }} }}"
_UNION_PROBE = f"ASK {{ <{MANIFEST_GRAPH}> <{PUB}complete> ?complete }}"
_SAMPLE_QUERY = (
    "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(!isBlank(?s) && !isBlank(?o)) } LIMIT 1"
)
_GRAPHS_QUERY = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"


#: The variable Virtuoso (7.2) answers an ASK with, as a one-row (true) or empty (false) table.
VIRTUOSO_ASK_VARIABLE = "__ASK_RETVAL"


def as_boolean(result: ox.QuerySolutions | ox.QueryBoolean) -> ox.QueryBoolean | None:
    """``result`` as the answer of an ASK query, or ``None`` when it is a real table.

    Virtuoso answers ASK with a table of one variable, ``__ASK_RETVAL``, in every results
    format; that table is read as the boolean it stands for.
    """
    if isinstance(result, ox.QueryBoolean):
        return result
    if [v.value for v in result.variables] != [VIRTUOSO_ASK_VARIABLE]:
        return None
    value = any(isinstance(term := row[VIRTUOSO_ASK_VARIABLE], ox.Literal)
                and term.value not in ("0", "false") for row in result)
    answer = ox.parse_query_results(b'{"head":{},"boolean":%s}' % (b"true" if value else b"false"),
                                    ox.QueryResultsFormat.JSON)
    assert isinstance(answer, ox.QueryBoolean)
    return answer


def inline_values(query: str) -> str:
    """``query`` with its trailing ``VALUES`` clause moved to the start of its WHERE group.

    The GraphStore convention passes bound values as a trailing ``VALUES`` clause
    (:func:`~semaxkg.rdf.graph_store.with_bindings`). Some stores refuse that form (Virtuoso 7 accepts it
    only after a SELECT that projects the variable); at the start of the WHERE group every
    store accepts it, and for queries that follow the convention (no aggregate over a bound
    variable it does not group by) the answer is the same. Queries without a trailing
    ``VALUES`` clause, or without a WHERE group, are returned unchanged. Only positions found
    by the tokenizer are used: strings, IRIs and comments never move anything.
    """
    found = list(lexer.tokens(query))
    depth = 0
    where_brace = first_brace = values_at = None
    after_where = False
    for index, (kind, token, _offset) in enumerate(found):
        if kind == "other" and token == "{":
            if depth == 0:
                if first_brace is None:
                    first_brace = index
                if after_where and where_brace is None:
                    where_brace = index
            depth += 1
        elif kind == "other" and token == "}":
            depth -= 1
        elif depth == 0 and kind == "word":
            upper = token.upper()
            if upper == "WHERE":
                after_where = True
            elif upper == "VALUES":
                values_at = index
    target = where_brace if where_brace is not None else first_brace
    if values_at is None or target is None or target > values_at:
        return query
    last = found[-1]
    if not (last[0] == "other" and last[1] == "}"):
        return query
    clause_start = found[values_at][2]
    brace_end = found[target][2] + 1
    clause = query[clause_start:].rstrip()
    return f"{query[:brace_end]} {clause} {query[brace_end:clause_start].rstrip()}"


def graph_values(graph: ox.NamedNode) -> str:
    """``VALUES ?g { <graph> }`` for *inside* a WHERE clause.

    Written from a parsed :class:`pyoxigraph.NamedNode` (which cannot hold ``>`` or spaces),
    so, as with :func:`~semaxkg.rdf.graph_store.with_bindings`, the text cannot change the query's shape;
    inside the pattern the store uses its graph index instead of joining after a full scan.
    """
    return f"VALUES ?g {{ {graph} }}"


def parse_timeout_parameter(setting: str) -> tuple[str, int] | None:
    """``STORE_TIMEOUT_PARAMETER`` (``""``, ``NAME`` in seconds or ``NAME:ms``) as
    ``(name, factor from seconds)``; ``None`` when no parameter is sent.

    >>> parse_timeout_parameter("timeout:ms")
    ('timeout', 1000)
    """
    if not setting:
        return None
    name, _colon, unit = setting.partition(":")
    if not name.isidentifier() or unit not in ("", "s", "ms"):
        from semaxkg.errors import UsageError

        raise UsageError(f"STORE_TIMEOUT_PARAMETER {setting!r}: give NAME (seconds) or "
                         "NAME:ms, e.g. timeout")
    return name, 1000 if unit == "ms" else 1


class RemoteStore:
    """:class:`~semaxkg.rdf.graph_store.GraphStore` over a SPARQL 1.1 query endpoint."""

    def __init__(self, endpoint: str, *, auth: StoreAuth | None = None,
                 timeout: float = DEFAULT_QUERY_TIMEOUT_SECONDS,
                 version_refresh: float = VERSION_REFRESH_SECONDS,
                 timeout_parameter: str = "") -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self._timeout_field = parse_timeout_parameter(timeout_parameter)
        self.connection = Connection(auth)
        self._version_refresh = version_refresh
        self._lock = threading.Lock()
        self._manifest: Manifest | None = None
        self._manifest_read = float("-inf")
        self._fallback_version = f"unpublished-{time.time():.0f}"

    # -- the protocol --------------------------------------------------------------------

    def post(self, query: str, *, accept: str, what: str = "query",
             default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = (),
             timeout: float | None = None, stream: bool = False) -> requests.Response:
        """Send ``query`` with the SPARQL 1.1 Protocol (form POST); :class:`StoreError` unless 2xx."""
        form: list[tuple[str, str]] = [("query", query)]
        if self._timeout_field is not None:  # ask the store itself to stop in time
            name, factor = self._timeout_field
            form.append((name, f"{max(1, round((timeout or self.timeout) * factor))}"))
        form += [("default-graph-uri", iri) for iri in default_graphs]
        form += [("named-graph-uri", iri) for iri in named_graphs]
        return self.connection.request(
            "POST", self.endpoint, what=what, read_timeout=timeout or self.timeout,
            data=form, headers={"Accept": accept, "Content-Type": FORM}, stream=stream,
        )

    def _results(self, query: str, what: str,
                 timeout: float | None = None) -> ox.QuerySolutions | ox.QueryBoolean:
        response = self.post(query, accept=SPARQL_JSON, what=what, timeout=timeout)
        try:
            return ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON)
        except SyntaxError as exc:
            raise StoreError(f"{what}: {self.endpoint} sent SPARQL JSON that does not parse: "
                             f"{exc}") from exc

    def _solutions(self, query: str, what: str,
                   timeout: float | None = None) -> ox.QuerySolutions:
        result = self._results(query, what, timeout)
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError(f"{what}: {self.endpoint} answered a SELECT query with a boolean")
        return result

    # -- GraphStore ----------------------------------------------------------------------

    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]:
        """All solutions of a SELECT query, as dictionaries of bound variables."""
        result = self._results(inline_values(with_bindings(query, bindings)), "SELECT query")
        return solution_rows(result)

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        """The answer of an ASK query."""
        result = as_boolean(self._results(inline_values(with_bindings(query, bindings)),
                                          "ASK query"))
        if result is None:
            raise TypeError("ask() needs an ASK query")
        return bool(result)

    def construct(self, query: str, bindings: Bindings | None = None) -> Iterator[ox.Triple]:
        """The triples of a CONSTRUCT or DESCRIBE query, streamed from the store."""
        response = self.post(inline_values(with_bindings(query, bindings)), accept=N_TRIPLES,
                             what="CONSTRUCT query", stream=True)
        return stream_triples(response, self.endpoint)

    def named_graphs(self) -> list[ox.NamedNode]:
        """The complete graphs of the manifest, or every named graph of an unpublished store."""
        manifest = self.manifest()
        if manifest is not None:
            return [ox.NamedNode(g) for g in sorted(manifest.entries)]
        rows = self.select(_GRAPHS_QUERY)
        names = {g.value for row in rows if isinstance(g := row.get("g"), ox.NamedNode)}
        names.discard(MANIFEST_GRAPH)
        return [ox.NamedNode(g) for g in sorted(names)]

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        """Every quad of ``graph`` (all served graphs when ``None``), streamed graph by graph."""
        graphs = [graph] if graph is not None else self.named_graphs()
        for name in graphs:
            query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {graph_values(name)} GRAPH ?g {{ ?s ?p ?o }} }}"
            response = self.post(query, accept=N_TRIPLES, what=f"reading graph {name.value}",
                                 stream=True)
            for triple in stream_triples(response, self.endpoint):
                yield ox.Quad(triple.subject, triple.predicate, triple.object, name)

    @property
    def version(self) -> str:
        """The manifest's version (re-read at most every few seconds, each time within
        :data:`VERSION_READ_TIMEOUT_SECONDS`: a frozen store must not delay every answer)."""
        try:
            manifest = self.manifest(timeout=VERSION_READ_TIMEOUT_SECONDS)
        except StoreError as exc:
            log.warning("keeping the last known version: %s", exc)
            with self._lock:  # try again after the refresh interval, not on every request
                self._manifest_read = time.monotonic()
            manifest = self._manifest
        return manifest.version() if manifest is not None else self._fallback_version

    # -- manifest, counts and the start-up check -------------------------------------------

    def manifest(self, *, refresh: bool = False,
                 timeout: float | None = None) -> Manifest | None:
        """The publication manifest, or ``None`` when the store was never published to."""
        with self._lock:
            fresh = time.monotonic() - self._manifest_read < self._version_refresh
            if fresh and not refresh:
                return self._manifest
        response = self.post(_MANIFEST_QUERY, accept=N_TRIPLES, what="reading the manifest",
                             stream=True, timeout=timeout)
        deadline = None if timeout is None else time.monotonic() + timeout
        manifest = manifest_from(stream_triples(response, self.endpoint, deadline))
        with self._lock:
            self._manifest = manifest
            self._manifest_read = time.monotonic()
        return manifest

    def count(self, graph: str, *, timeout: float | None = None) -> int:
        """Triples the store holds in ``graph`` (0 when it does not exist)."""
        node = ox.NamedNode(graph)
        query = (f"SELECT (COUNT(*) AS ?n) WHERE {{ {graph_values(node)} "
                 "GRAPH ?g { ?s ?p ?o } }")
        for solution in self._solutions(query, f"counting the triples of {graph}", timeout):
            number = solution["n"]
            if isinstance(number, ox.Literal):
                return int(number.value)
        return 0

    def counts(self, *, timeout: float | None = None) -> dict[str, int]:
        """Triples per named graph of the store (one scan)."""
        query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        out: dict[str, int] = {}
        for solution in self._solutions(query, "counting triples per graph", timeout):
            name, number = solution["g"], solution["n"]
            if isinstance(name, ox.NamedNode) and isinstance(number, ox.Literal):
                out[name.value] = int(number.value)
        return out

    def ping(self, timeout: float | None = None) -> None:
        """Ask the store ``ASK {}``; :class:`StoreError` when it does not answer in time."""
        self.post("ASK {}", accept=SPARQL_JSON, what="checking the store",
                  timeout=timeout).close()

    def check(self) -> Manifest | None:
        """Check the store answers and its default graph is the union; return the manifest."""
        self.ping()
        manifest = self.manifest(refresh=True)
        if manifest is not None:
            union = self.ask(_UNION_PROBE)
        else:
            sample = self.select(_SAMPLE_QUERY)
            if not sample:
                raise StoreError(
                    f"the store at {self.endpoint} holds no named graph: publish the dataset "
                    "first with `semaxkg publish --to URL`")
            row = sample[0]
            union = self.ask("ASK { ?s ?p ?o }", {k: v for k, v in row.items()
                                                  if isinstance(v, ox.NamedNode | ox.Literal)})
        if not union:
            raise StoreError(f"the default graph of {self.endpoint} is not the union of its "
                             f"named graphs: {UNION_HELP}")
        if manifest is None:
            log.warning("%s has no semaxkg manifest: serving every named graph; publish with "
                        "`semaxkg publish` to serve only complete graphs", self.endpoint)
        elif not manifest.complete:
            log.warning("the last publish to %s did not finish: serving the %d graph(s) it "
                        "completed", self.endpoint, len(manifest.entries))
        return manifest

    def close(self) -> None:
        """Close this process's HTTP session."""
        self.connection.close()


def _limit_wait(response: requests.Response, seconds: float) -> None:
    """Make the next read of ``response``'s socket wait at most ``seconds``.

    ``requests`` applies its read time-out to each read, so a store sending a byte now and
    then could stretch an answer far past the deadline; the socket's own time-out is
    shortened to what is left. (urllib3 keeps the socket at ``raw._fp.fp.raw._sock``; when
    that is not there the per-read time-out still applies.)
    """
    sock = getattr(getattr(getattr(getattr(response.raw, "_fp", None), "fp", None), "raw",
                           None), "_sock", None)
    if sock is not None:
        sock.settimeout(max(0.01, seconds))


class _ChunkStream(io.RawIOBase):
    """The chunks of a streamed response as a raw binary stream, with an optional deadline."""

    def __init__(self, response: requests.Response, deadline: float | None) -> None:
        self._chunks = response.iter_content(STREAM_CHUNK_BYTES)
        self._response = response
        self._deadline = deadline
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self._pending:
            if self._deadline is not None:
                left = self._deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("the answer did not arrive within the time limit")
                _limit_wait(self._response, left)
            self._pending = next(self._chunks, b"")
        view = memoryview(buffer).cast("B")
        size = min(len(view), len(self._pending))
        view[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def body_reader(response: requests.Response, deadline: float | None = None) -> io.BufferedReader:
    """A streamed response body as the file object pyoxigraph reads (gzip undone).

    With a ``deadline`` (a :func:`time.monotonic` value) reading raises :class:`TimeoutError`
    once the time is over, so a store trickling out a huge answer cannot hold a worker forever.
    """
    return io.BufferedReader(_ChunkStream(response, deadline), STREAM_CHUNK_BYTES)


def stream_triples(response: requests.Response, endpoint: str,
                   deadline: float | None = None) -> Iterator[ox.Triple]:
    """Parse an N-Triples answer as it arrives; close the connection when done or abandoned."""
    try:
        for quad in ox.parse(body_reader(response, deadline), ox.RdfFormat.N_TRIPLES):
            yield quad.triple
    except TimeoutError as exc:
        raise StoreError(f"{endpoint} did not finish its answer in time", transient=True) from exc
    except SyntaxError as exc:
        raise StoreError(f"{endpoint} sent N-Triples that do not parse: {exc}") from exc
    except requests.RequestException as exc:
        raise StoreError(f"{endpoint} broke off its answer: {exc}", transient=True) from exc
    finally:
        response.close()
