"""Run queries in a pre-forked child process that can be killed when a query runs too long.

pyoxigraph cannot cancel a running query and Python signal handlers do not run while its Rust
code runs, so a thread-based time-out cannot free the worker. Instead each web worker keeps
child processes forked *after* the store is loaded (they share it copy-on-write) and sends
them queries over a pipe. When no answer arrives within the time limit the child is killed
with SIGKILL, a fresh one is forked, and :class:`QueryTimeout` is raised.

The child also drops every inherited file descriptor but its pipe, limits its address space
(a query that needs more memory is stopped, not the server) and, where the kernel allows it,
moves into an empty network namespace, so that no query can reach the network.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import logging
import os
import queue
import resource
import signal
import threading
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, Pipe

from semaxkg.endpoint.engine import QueryRequest, QueryResponse, error_response

log = logging.getLogger(__name__)

Runner = Callable[[QueryRequest], QueryResponse]

_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000
_RESET_SIGNALS = ("SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGWINCH",
                  "SIGCHLD", "SIGALRM", "SIGTTIN", "SIGTTOU", "SIGABRT")


class QueryTimeout(Exception):
    """The query ran longer than the time limit and was stopped."""


class QueryStopped(Exception):
    """The executor process died while answering (memory limit or crash)."""


@functools.cache
def _unshare() -> Callable[[int], int] | None:
    """libc's ``unshare``, looked up once in the parent: a child forked from a multi-threaded
    worker should not have to take the dynamic loader's lock."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    function: Callable[[int], int] = libc.unshare
    return function


def isolate_network() -> bool:
    """Move this process into a new, empty network namespace; return whether it worked."""
    unshare = _unshare()
    if unshare is None:
        return False
    return any(unshare(flags) == 0 for flags in (_CLONE_NEWNET, _CLONE_NEWUSER | _CLONE_NEWNET))


def _limit_memory(extra_bytes: int | None) -> None:
    if not extra_bytes:
        return
    with open("/proc/self/statm") as statm:
        current = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = current + extra_bytes
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _child_main(conn: Connection, run: Runner, memory_bytes: int | None) -> None:
    for name in _RESET_SIGNALS:
        signal.signal(getattr(signal, name), signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    keep = conn.fileno()
    os.closerange(3, keep)
    os.closerange(keep + 1, 65536)
    isolated = isolate_network()
    _limit_memory(memory_bytes)
    log.debug("executor %d ready (network isolated: %s)", os.getpid(), isolated)
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        try:
            response = run(request)
        except MemoryError:
            response = error_response(503, "The query was stopped: it needed too much memory.")
        except Exception:  # the child must answer whatever happens in the engine
            log.exception("query failed in the executor")
            response = error_response(500, "Internal error while answering the query.")
        try:
            conn.send(response)
        except (OSError, ValueError):
            return


class ProcessExecutor:
    """One child process answering queries one at a time, killed and replaced on time-out."""

    def __init__(self, run: Runner, timeout: float, memory_bytes: int | None = None) -> None:
        self._run = run
        self.timeout = timeout
        self._memory_bytes = memory_bytes
        self.pid = 0
        self._conn: Connection | None = None
        self._spawn()

    def _spawn(self) -> None:
        _unshare()
        parent_end, child_end = Pipe(duplex=True)
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            try:
                parent_end.close()
                _child_main(child_end, self._run, self._memory_bytes)
            finally:
                os._exit(0)
        child_end.close()
        self.pid = pid
        self._conn = parent_end

    def _reap(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def execute(self, request: QueryRequest) -> QueryResponse:
        """Answer ``request`` in the child; raise :class:`QueryTimeout` or :class:`QueryStopped`."""
        if self._conn is None:
            self._spawn()
        conn = self._conn
        assert conn is not None
        try:
            conn.send(request)
            if not conn.poll(self.timeout):
                log.warning("query exceeded %.1f s; killing executor %d", self.timeout, self.pid)
                self._reap()
                self._spawn()
                raise QueryTimeout(self.timeout)
            response: QueryResponse = conn.recv()
            return response
        except (EOFError, OSError) as exc:
            log.warning("executor %d died while answering: %s", self.pid, exc)
            self._reap()
            self._spawn()
            raise QueryStopped(str(exc)) from exc

    def close(self) -> None:
        """Stop the child process."""
        self._reap()


class ExecutorPool:
    """Up to ``size`` executors for the threads of one process; created lazily."""

    def __init__(self, factory: Callable[[], ProcessExecutor], size: int) -> None:
        self.pid = os.getpid()
        self._factory = factory
        self._size = max(1, size)
        self._idle: queue.LifoQueue[ProcessExecutor] = queue.LifoQueue()
        self._all: list[ProcessExecutor] = []
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def executor(self) -> Iterator[ProcessExecutor]:
        """Borrow an executor for one query."""
        try:
            item = self._idle.get_nowait()
        except queue.Empty:
            with self._lock:
                grow = len(self._all) < self._size
                if grow:
                    item = self._factory()
                    self._all.append(item)
            if not grow:
                item = self._idle.get()
        try:
            yield item
        finally:
            self._idle.put(item)

    def warm_up(self, all_executors: bool = False) -> None:
        """Fork the first executor (or all of them) now rather than on the first queries."""
        with contextlib.ExitStack() as borrowed:
            for _ in range(self._size if all_executors else 1):
                borrowed.enter_context(self.executor())

    def close(self) -> None:
        """Stop every executor of this process."""
        if os.getpid() != self.pid:
            return
        for item in self._all:
            item.close()
        self._all.clear()
