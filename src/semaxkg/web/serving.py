"""Running the app under Granian: preloaded store, forked workers, executors, access log.

Granian (a Rust HTTP server, run through its RSGI interface: see body_front) was chosen by
measurement over gunicorn: it keeps connections alive and parses HTTP in Rust, where
gunicorn's sync workers close every connection and its gthread workers parse in Python (see
benchmarks/README.md). The app, and so
the store, is built once in the main process; the workers are *forked* from it (Granian's
multiprocessing start method is set to ``fork``) and share the store copy-on-write. Each
worker forks its query executors as it starts, while it is still single-threaded, before
Granian starts its Rust runtime threads in it.
"""

from __future__ import annotations

import errno
import functools
import gc
import logging
import multiprocessing
import socket
from typing import Any

from flask import Flask
from granian._granian import SocketHolder
from granian.constants import HTTPModes, Interfaces
from granian.server.mp import MPServer

from semaxkg.errors import UsageError
from semaxkg.web import build_watch
from semaxkg.web.body_front import BodyDeadlineFront
from semaxkg.web.sparql.fast_path import FastPath
from semaxkg.web.state import get_state

log = logging.getLogger(__name__)

#: One line per request: client, request line (without the query string, which may be
#: long or private), status and milliseconds.
ACCESS_LOG_FORMAT = '%(addr)s "%(method)s %(path)s %(protocol)s" %(status)d %(dt_ms).1fms'

#: Granian's loggers, sent to stderr like the rest of semaxkg's diagnostics.
LOGGING_CONFIG: dict[str, Any] = {
    "formatters": {
        # Escaping formatters: a CR/LF in a request path cannot start a forged line.
        "generic": {"()": "semaxkg.logsafe.EscapingFormatter",
                    "fmt": "%(levelname)s granian: %(message)s"},
        "access": {"()": "semaxkg.logsafe.EscapingFormatter", "fmt": "%(message)s"},
    },
    "handlers": {
        "console": {"formatter": "generic", "class": "logging.StreamHandler",
                    "stream": "ext://sys.stderr"},
        "access": {"formatter": "access", "class": "logging.StreamHandler",
                   "stream": "ext://sys.stderr"},
    },
    "loggers": {
        "_granian": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "granian.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
    },
}

#: Seconds a stopping worker gets to finish its requests before it is killed.
WORKER_KILL_SECONDS = 5


def _freeze_heap() -> None:
    """Keep the garbage collector off the objects that exist now, before forking.

    A forked process shares its parent's memory until it writes to a page; a collection pass
    writes to every object it visits, so without this each child soon holds its own copy of
    the parent's whole Python heap.
    """
    gc.collect()
    gc.freeze()


def worker_app(app: Flask, threads: int) -> BodyDeadlineFront:
    """Run in each freshly forked worker: start its executors, then hand Granian the app,
    behind the front that reads request bodies under a deadline (``threads`` app threads)."""
    state = get_state(app)
    if state.executor_kind == "process":
        _freeze_heap()
        state.executors().warm_up(all_executors=True)
    build_watch.start(app)  # after the forks of the executors: a thread is not forked along
    return BodyDeadlineFront(app, threads, int(app.config["MAX_CONTENT_LENGTH"]),
                             str(app.config["CORS_ALLOW_ORIGIN"]),
                             float(app.config["BODY_READ_TIMEOUT"]),
                             loop_hits=state.cache is not None, fast=FastPath.for_app(app))


#: Connections the kernel queues before the workers accept them.
LISTEN_BACKLOG = 1024


def bind_port(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``, owned by this server alone.

    Granian binds each worker with ``SO_REUSEPORT``, so a second server started on a port in
    use would silently share its traffic. Binding here, once and without ``SO_REUSEPORT``,
    makes that second start fail; the workers then share this one socket.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # restart over TIME_WAIT
    try:
        sock.bind((host, port))
        sock.listen(LISTEN_BACKLOG)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(
                f"port {port} on {host} is already in use (another server is running there?): "
                f"stop it, or choose another port with --port, e.g. --port {port + 1}"
            ) from exc
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}") from exc
    sock.set_inheritable(True)
    return sock


class _OwnSocketServer(MPServer):
    """Granian's multi-process server, its workers sharing the socket from :func:`bind_port`."""

    def __init__(self, sock: socket.socket, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._own_socket = sock

    def _init_shared_socket(self) -> None:
        self._ssp = None
        # Granian's stubs type these attributes None; its shared-socket path sets them so.
        self._shd = SocketHolder(self._own_socket.fileno(), False, LISTEN_BACKLOG)  # type: ignore[call-arg,assignment]
        self._sfd = self._own_socket.fileno()  # type: ignore[assignment]
        self._sso = self._own_socket

    def _drop_shared_socket(self) -> None:
        self._own_socket.close()


def granian_server(app: Flask, host: str, port: int, workers: int, threads: int,
                   sock: socket.socket | None = None) -> MPServer:
    """The Granian server that ``semaxkg serve`` runs: its ASGI interface (one event-loop
    thread per worker) with the app in :class:`BodyDeadlineFront`'s ``threads`` threads.

    It listens on ``sock`` (from :func:`bind_port`; bound here when not given).
    """
    return _OwnSocketServer(
        sock if sock is not None else bind_port(host, port),
        "semaxkg.web:create_app",  # only named in Granian's log; the loader returns ``app``
        address=host,
        port=port,
        # RSGI (Granian's own async interface): bodies are awaited on the worker's event
        # loop under a deadline, never read in a blocking thread (see body_front).
        interface=Interfaces.RSGI,
        workers=workers,
        http=HTTPModes.http1,
        websockets=False,
        log_access=True,
        log_access_format=ACCESS_LOG_FORMAT,
        log_dictconfig=LOGGING_CONFIG,
        respawn_failed_workers=True,
        workers_kill_timeout=WORKER_KILL_SECONDS,
    )


def run(app: Flask, host: str, port: int, workers: int, threads: int,
        sock: socket.socket | None = None) -> None:
    """Serve ``app`` on ``sock`` (default: bind ``host:port``) until SIGINT or SIGTERM."""
    # Workers must inherit the loaded store: fork, also where Python defaults to forkserver.
    multiprocessing.set_start_method("fork", force=True)
    server = granian_server(app, host, port, workers, threads, sock)
    _freeze_heap()
    # An RSGI target is an object with ``__rsgi__``; Granian's stub expects a plain callable.
    server.serve(target_loader=functools.partial(worker_app, app, threads),  # type: ignore[arg-type]
                 wrap_loader=False)
