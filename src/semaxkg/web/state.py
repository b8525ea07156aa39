"""The store and the query machinery of one app, reachable through ``app.extensions``.

There is no module-level global: :func:`init_app` loads the dataset once (in the gunicorn
master when ``preload_app`` is on, so workers share it copy-on-write) and every request reaches
it through :func:`get_state` or :func:`get_store`.
"""

from __future__ import annotations

import atexit
import functools
import os
from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import Flask, current_app

from semaxkg.endpoint import engine
from semaxkg.endpoint.cache import ResultCache
from semaxkg.endpoint.dataset import Dataset, load_dataset
from semaxkg.endpoint.engine import QueryRequest, QueryResponse
from semaxkg.endpoint.executor import ExecutorPool, ProcessExecutor
from semaxkg.errors import UsageError
from semaxkg.store import GraphStore
from semaxkg.store.local import LocalStore

EXTENSION_KEY = "semaxkg"


@dataclass
class EndpointState:
    """What the blueprints share: the dataset, the result cache and the executors."""

    dataset: Dataset
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
    _pool: ExecutorPool | None = field(default=None, repr=False)
    service_descriptions: dict[tuple[str, str], bytes] = field(default_factory=dict)
    #: What the pages, dumps and VoID read through (the local dataset unless configured).
    graph_store: GraphStore | None = None

    def pool(self) -> ExecutorPool:
        """This process's executor pool (a forked worker gets its own)."""
        if self._pool is None or self._pool.pid != os.getpid():
            factory = functools.partial(
                ProcessExecutor,
                functools.partial(engine.execute, self.dataset),
                self.timeout,
                self.memory_bytes,
            )
            self._pool = ExecutorPool(factory, self.executors_per_worker)
            atexit.register(self._pool.close)
        return self._pool

    def run(self, request: QueryRequest) -> QueryResponse:
        """Answer ``request`` (may raise ``QueryTimeout`` or ``QueryStopped``)."""
        if self.executor_kind == "inline":
            return engine.execute(self.dataset, request)
        with self.pool().executor() as executor:
            return executor.execute(request)

    def close(self) -> None:
        """Stop the executor children of this process."""
        if self._pool is not None:
            self._pool.close()


def _positive_or_none(value: object) -> int | None:
    number = int(value)  # type: ignore[call-overload]
    return number if number > 0 else None


def init_app(app: Flask) -> EndpointState:
    """Load the configured dataset and attach the endpoint state to ``app``."""
    config = app.config
    if config["EXECUTOR"] not in ("process", "inline"):
        raise UsageError(f"EXECUTOR must be 'process' or 'inline', not {config['EXECUTOR']!r}")
    entries = int(config["RESULT_CACHE_ENTRIES"])
    cache = (
        ResultCache(entries, int(config["RESULT_CACHE_BYTES"]),
                    int(config["RESULT_CACHE_ENTRY_BYTES"]))
        if entries > 0 else None
    )
    state = EndpointState(
        dataset=load_dataset(list(config["DATA_FILES"])),
        timeout=float(config["QUERY_TIMEOUT"]),
        row_cap=_positive_or_none(config["MAX_RESULT_ROWS"]),
        max_query_chars=int(config["MAX_QUERY_CHARS"]),
        base_iri=config["BASE_IRI"] or None,
        executor_kind=str(config["EXECUTOR"]),
        executors_per_worker=int(config["EXECUTORS_PER_WORKER"]),
        memory_bytes=_positive_or_none(config["QUERY_MEMORY_BYTES"]),
        cache=cache,
        cors_origin=str(config["CORS_ALLOW_ORIGIN"]),
        cors_max_age=int(config["CORS_MAX_AGE"]),
    )
    state.graph_store = LocalStore(state.dataset)
    app.extensions[EXTENSION_KEY] = state
    return state


def get_state(app: Flask | None = None) -> EndpointState:
    """The endpoint state of ``app`` (default: the current app)."""
    target = app if app is not None else current_app
    state: EndpointState = target.extensions[EXTENSION_KEY]
    return state


def get_store() -> ox.Store:
    """The current app's read-only store (for the other blueprints)."""
    return get_state().dataset.store


def get_graph_store() -> GraphStore:
    """The current app's :class:`GraphStore`, what every surface but ``/sparql`` reads."""
    store = get_state().graph_store
    if store is None:
        raise RuntimeError("the app has no graph store: create it with create_app()")
    return store
