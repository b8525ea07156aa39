"""The store and the query machinery of one app, reachable through ``app.extensions``.

There is no module-level global: :func:`init_app` loads the dataset once (in ``semaxkg serve``'s
main process, before Granian forks the workers, which share it copy-on-write) and every request reaches
it through :func:`get_state` or :func:`get_store`.

With ``STORE_URL`` set (``semaxkg serve --store URL``) no dataset is loaded: a
:class:`~semaxkg.store.remote.RemoteStore` is checked at start-up (it answers; its default
graph is the union of its named graphs) and becomes the graph store of every surface, and
``/sparql`` is answered through it (:mod:`semaxkg.sparql.remote_backend`) with the same checks, limits
and formats. The result cache is off then: the remote data may change under us.
"""

from __future__ import annotations

import atexit
import functools
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from flask import Config, Flask, current_app

from semaxkg.errors import UsageError
from semaxkg.rdf.formats import Kind
from semaxkg.rdf.graph_store import GraphStore
from semaxkg.rdf.release_layout import recorded_releases
from semaxkg.search import index_build
from semaxkg.sparql import engine
from semaxkg.sparql.cache import ResultCache
from semaxkg.sparql.executor import ProcessExecutor, deadline_after
from semaxkg.sparql.executor_pool import ExecutorPool
from semaxkg.sparql.messages import QueryRequest, QueryResponse
from semaxkg.store.dataset import Dataset, load_dataset
from semaxkg.store.local import LocalStore
from semaxkg.web.build_status import BuildStatus

if TYPE_CHECKING:
    from semaxkg.store.remote import RemoteStore

log = logging.getLogger(__name__)

EXTENSION_KEY = "semaxkg"


@dataclass
class EndpointState:
    """What the blueprints share: the dataset (or remote store), the result cache, the executors."""

    #: The loaded dataset; ``None`` when serving over a remote store.
    dataset: Dataset | None
    timeout: float
    row_cap: int | None
    max_query_chars: int
    base_iri: str | None
    executor_kind: str
    executors_per_worker: int
    memory_bytes: int | None
    cache: ResultCache | None
    cors_origin: str
    cors_max_age: int
    #: Private memory above which an executor is replaced by a fresh fork (``None``: never).
    private_bytes: int | None = None
    _pool: ExecutorPool[QueryResponse] | None = field(default=None, repr=False)
    #: Over a remote store: executors that parse queries (the pre-check) where a parser crash
    #: or a slow query plan cannot take the web worker with it.
    _check_pool: ExecutorPool[QueryResponse | Kind] | None = field(default=None, repr=False)
    service_descriptions: dict[tuple[str, str], bytes] = field(default_factory=dict)
    #: What the pages, dumps and VoID read through (the local dataset unless configured).
    graph_store: GraphStore | None = None
    #: The remote store behind every surface (``STORE_URL``), else ``None``.
    remote: RemoteStore | None = None
    #: The search index file of the served data (``semaxkg.search``), read by the executors.
    search_path: str | None = None
    #: ``serve --watch``: the watcher's latest build (see :mod:`semaxkg.web.build_watch`).
    build_status: BuildStatus | None = None
    #: The recorded releases' folder (``RELEASES_DIR``): pages link them, so they vary with it.
    releases_dir: Path | None = None

    @property
    def version(self) -> str:
        """The served data's version: the files' digest, or the remote manifest's version."""
        if self.remote is not None:
            return self.remote.version
        assert self.dataset is not None
        return self.dataset.version

    def page_variant(self) -> tuple[str, int, tuple[str, ...]]:
        """What a drawn page depends on besides the request: the data's version, under
        ``serve --watch`` the build whose problems its banner shows, and the recorded
        releases (``/releases/`` and the claim pages' "as in release" links: a release
        recorded while the server runs must show at once, not after a restart)."""
        serial = self.build_status.serial if self.build_status is not None else 0
        recorded = recorded_releases(self.releases_dir) if self.releases_dir is not None else ()
        return self.version, serial, recorded

    def swap(self, dataset: Dataset, search_path: Path) -> None:
        """Serve ``dataset``, whose search index is ``search_path``, from now on (``serve
        --watch``): the caches keyed by the version miss, and the executors holding the old
        store (and reading the old index) stop once their query is answered."""
        old = self._pool
        self.graph_store = LocalStore(dataset)
        self.dataset = dataset
        self.search_path = str(search_path)
        self._pool = None
        self.service_descriptions.clear()
        if old is not None:
            old.retire()

    def summary(self) -> tuple[int, tuple[str, ...]]:
        """Triples (quads) served and the names of the named graphs (service description)."""
        if self.remote is not None:
            manifest = self.remote.manifest()
            graphs = tuple(g.value for g in self.remote.named_graphs())
            if manifest is not None:
                return manifest.triples, graphs
            return sum(self.remote.counts().values()), graphs
        assert self.dataset is not None
        return self.dataset.quads, self.dataset.named_graphs

    def pool(self) -> ExecutorPool[QueryResponse]:
        """This process's executor pool (a forked worker gets its own)."""
        if self._pool is None or self._pool.pid != os.getpid():
            if self.dataset is None:
                raise RuntimeError("no executors over a remote store")
            factory = functools.partial(
                ProcessExecutor[QueryResponse],
                functools.partial(engine.execute, self.dataset, search_path=self.search_path),
                self.timeout,
                self.memory_bytes,
                self.private_bytes,
            )
            self._pool = ExecutorPool(factory, self.executors_per_worker)
            atexit.register(self._pool.close)
        return self._pool

    def check_pool(self) -> ExecutorPool[QueryResponse | Kind]:
        """This process's pre-check executors (over a remote store)."""
        if self._check_pool is None or self._check_pool.pid != os.getpid():
            factory = functools.partial(
                ProcessExecutor[QueryResponse | Kind], engine.precheck, self.timeout,
                self.memory_bytes,
            )
            self._check_pool = ExecutorPool(factory, self.executors_per_worker)
            atexit.register(self._check_pool.close)
        return self._check_pool

    def executors(self) -> ExecutorPool[QueryResponse] | ExecutorPool[QueryResponse | Kind]:
        """The pool a worker starts as it forks: query executors, or pre-check ones."""
        return self.check_pool() if self.remote is not None else self.pool()

    def run(self, request: QueryRequest, deadline: float | None = None) -> QueryResponse:
        """Answer ``request`` by ``deadline`` (a :func:`time.monotonic` value; default: the
        time limit from now), the wait for a free executor included.

        May raise ``QueryTimeout``, ``QueryStopped``/``QueryCrashed`` or ``StoreError``.
        """
        if deadline is None:
            deadline = deadline_after(self.timeout)
        refused = engine.check_query(request.query)  # cheap: nothing too deep is ever parsed
        if refused is not None:
            return refused
        if self.remote is not None:
            from semaxkg.sparql import remote_backend as proxy  # only with STORE_URL (see _remote_store)

            if self.executor_kind == "inline":
                checked = engine.precheck(request)
            else:
                with self.check_pool().executor(deadline) as executor:
                    checked = executor.execute(request, _left(deadline))
            if isinstance(checked, QueryResponse):
                return checked
            return proxy.answer(self.remote, request, self.timeout, checked, deadline)
        assert self.dataset is not None
        if self.executor_kind == "inline":
            return engine.execute(self.dataset, request, self.search_path)
        with self.pool().executor(deadline) as executor:
            return executor.execute(request, _left(deadline))

    def close(self) -> None:
        """Stop the executor children of this process."""
        for pool in (self._pool, self._check_pool):
            if pool is not None:
                pool.close()
        if self.remote is not None:
            self.remote.close()


def _left(deadline: float) -> float:
    return max(0.0, deadline - time.monotonic())


def _positive_or_none(value: object) -> int | None:
    number = int(value)  # type: ignore[call-overload]
    return number if number > 0 else None


def _remote_store(config: Config) -> RemoteStore | None:
    """The store named by ``STORE_URL``, checked; ``None`` when serving the local files."""
    url = str(config.get("STORE_URL") or "")
    if not url:
        return None
    if not url.startswith(("http://", "https://")):
        raise UsageError(f"STORE_URL {url!r} is not an http(s) URL of a SPARQL endpoint")
    # Imported here: the HTTP client (requests) costs ~0.1 s of start-up, and serving local
    # files must start within a second (issue 4).
    from semaxkg.store.http import make_auth
    from semaxkg.store.remote import RemoteStore

    password = config.get("STORE_PASSWORD")
    auth = make_auth(config.get("STORE_USER") or None,
                     None if password is None else str(password),
                     str(config.get("STORE_AUTH_SCHEME") or "basic"))
    store = RemoteStore(url, auth=auth, timeout=float(config["QUERY_TIMEOUT"]),
                        timeout_parameter=str(config.get("STORE_TIMEOUT_PARAMETER") or ""))
    manifest = store.check()
    log.info("serving over %s: %s", url,
             f"{len(manifest.entries)} complete graph(s), {manifest.triples} triples"
             if manifest is not None else "no manifest")
    return store


def search_folder(config: Config) -> Path:
    """Where search index files are kept: ``SEARCH_INDEX_DIR``, else a folder under the temp dir."""
    configured = str(config.get("SEARCH_INDEX_DIR") or "")
    return Path(configured) if configured else index_build.default_folder()


def build_search_index(config: Config, store: GraphStore | None, version: str) -> Path:
    """The search index of the served data at ``version`` (made now unless already on disk)."""
    if store is None:
        raise RuntimeError("the app has no graph store to index")
    folder = search_folder(config)
    try:
        return index_build.ensure_index(store, version, str(config["IRI_BASE"]), folder)
    except OSError as exc:
        raise UsageError(f"cannot write the search index in {folder}: {exc.strerror or exc}; "
                         "set SEARCH_INDEX_DIR to a writable folder") from exc


def init_app(app: Flask) -> EndpointState:
    """Load the configured dataset (or check the remote store) and attach the state to ``app``."""
    config = app.config
    if config["EXECUTOR"] not in ("process", "inline"):
        raise UsageError(f"EXECUTOR must be 'process' or 'inline', not {config['EXECUTOR']!r}")
    remote = _remote_store(config)
    entries = int(config["RESULT_CACHE_ENTRIES"])
    cache = (
        ResultCache(entries, int(config["RESULT_CACHE_BYTES"]),
                    int(config["RESULT_CACHE_ENTRY_BYTES"]))
        if entries > 0 and remote is None else None
    )
    state = EndpointState(
        dataset=load_dataset(list(config["DATA_FILES"])) if remote is None else None,
        timeout=float(config["QUERY_TIMEOUT"]),
        row_cap=_positive_or_none(config["MAX_RESULT_ROWS"]),
        max_query_chars=int(config["MAX_QUERY_CHARS"]),
        base_iri=str(config["IRI_BASE"]),
        executor_kind=str(config["EXECUTOR"]),
        executors_per_worker=int(config["EXECUTORS_PER_WORKER"]),
        memory_bytes=_positive_or_none(config["QUERY_MEMORY_BYTES"]),
        private_bytes=_positive_or_none(config["EXECUTOR_PRIVATE_BYTES"]),
        cache=cache,
        cors_origin=str(config["CORS_ALLOW_ORIGIN"]),
        cors_max_age=int(config["CORS_MAX_AGE"]),
    )
    state.remote = remote
    state.releases_dir = Path(config["RELEASES_DIR"]) if config.get("RELEASES_DIR") else None
    if remote is not None:
        state.graph_store = remote
    elif state.dataset is not None:
        state.graph_store = LocalStore(state.dataset)
    state.search_path = str(build_search_index(config, state.graph_store, state.version))
    app.extensions[EXTENSION_KEY] = state
    return state


def get_state(app: Flask | None = None) -> EndpointState:
    """The endpoint state of ``app`` (default: the current app)."""
    target = app if app is not None else current_app
    state: EndpointState = target.extensions[EXTENSION_KEY]
    return state


def get_store() -> ox.Store:
    """The current app's in-process pyoxigraph store (not there over a remote store)."""
    dataset = get_state().dataset
    if dataset is None:
        raise RuntimeError("serving over a remote store: read through get_graph_store()")
    return dataset.store


def get_graph_store() -> GraphStore:
    """The current app's :class:`GraphStore`, what every surface but ``/sparql`` reads."""
    store = get_state().graph_store
    if store is None:
        raise RuntimeError("the app has no graph store: create it with create_app()")
    return store
