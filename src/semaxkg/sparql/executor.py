"""Run queries in a pre-forked child process that can be killed when a query runs too long.

pyoxigraph cannot cancel a running query and Python signal handlers do not run while its Rust
code runs, so a thread-based time-out cannot free the worker. Instead each web worker keeps
child processes forked *after* the store is loaded (they share it copy-on-write) and sends
them queries over a socket pair (one frame each way, :mod:`semaxkg.sparql.executor_wire`).
When no answer arrives within the time limit the child is killed with SIGKILL, a fresh one
is forked, and :class:`QueryTimeout` is raised. A web thread waits
for the answer (:meth:`ProcessExecutor.execute`); the serving front's event loop awaits it
without a thread (:meth:`ProcessExecutor.execute_async`, the ``/sparql`` fast path).

The child also drops every inherited file descriptor but its socket, limits its address space
(a query that needs more memory is stopped, not the server) and, where the kernel allows it,
moves into an empty network namespace, so that no query can reach the network. It answers in
a thread with a large stack (:data:`EXECUTOR_STACK_BYTES`): the parser recurses once per
nesting level, and a child forked from a web thread would otherwise inherit that thread's small
stack. When the child dies anyway, its exit status says why: SIGABRT (Rust's allocator gives up
under the address-space limit) or a kernel SIGKILL means memory, any other signal is a crash
(:class:`QueryCrashed`).
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import functools
import logging
import os
import resource
import signal
import socket
import threading
import time
import typing
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from semaxkg.sparql import executor_wire as wire
from semaxkg.sparql.messages import QueryRequest, error_response

log = logging.getLogger(__name__)

Answer = TypeVar("Answer")
Runner = Callable[[QueryRequest], Any]

#: Stack of the thread answering queries in an executor child (virtual memory, committed only
#: as used): a thousand times what the deepest query :data:`~semaxkg.sparql.limits.MAX_QUERY_NESTING`
#: admits needs.
EXECUTOR_STACK_BYTES = 64 * 1024 * 1024
#: Seconds to wait for a child whose pipe closed to finish dying, to read why it died.
DEATH_WAIT_SECONDS = 1.0
#: Signals that mean the child ran out of memory rather than crashed: Rust aborts when an
#: allocation fails under the address-space limit; the kernel's OOM killer sends SIGKILL.
MEMORY_SIGNALS = frozenset({signal.SIGABRT, signal.SIGKILL})

_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000
_RESET_SIGNALS = ("SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGWINCH",
                  "SIGCHLD", "SIGALRM", "SIGTTIN", "SIGTTOU", "SIGABRT")


#: Answers between two looks at an executor's private memory (reading it walks its pages).
PRIVATE_CHECK_EVERY = 32


def private_dirty_bytes(pid: int) -> int:
    """Memory written by process ``pid`` since it was forked (``Private_Dirty``): its own heap
    and the shared pages it copied on write; 0 when unknown."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Private_Dirty:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


class QueryTimeout(Exception):
    """The query ran longer than the time limit and was stopped."""


class QueryStopped(Exception):
    """The executor process died while answering because the query needed too much memory."""


class QueryCrashed(QueryStopped):
    """The executor process died while answering from a crash (a signal such as SIGSEGV).

    ``signal_name`` names the signal (``"SIGSEGV"``), or is ``"exit N"`` / ``"unknown"``.
    """

    def __init__(self, signal_name: str) -> None:
        super().__init__(signal_name)
        self.signal_name = signal_name


def deadline_after(seconds: float) -> float:
    """The :func:`time.monotonic` value ``seconds`` from now."""
    return time.monotonic() + seconds


def remaining(deadline: float) -> float:
    """Seconds left until ``deadline`` (a :func:`deadline_after` value), never negative."""
    return max(0.0, deadline - time.monotonic())


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


def _child_main(conn: socket.socket, run: Runner, memory_bytes: int | None) -> None:
    # Process-wide set-up first, while single-threaded (unshare needs that).
    for name in _RESET_SIGNALS:
        signal.signal(getattr(signal, name), signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    keep = conn.fileno()
    os.closerange(3, keep)
    os.closerange(keep + 1, 65536)
    isolated = isolate_network()
    threading.stack_size(EXECUTOR_STACK_BYTES)
    ready = threading.Event()
    answering = threading.Thread(target=_child_loop, args=(conn, run, ready), name="executor")
    answering.start()
    _limit_memory(memory_bytes)  # after the thread's stack exists: it is not the query's
    log.debug("executor %d ready (network isolated: %s)", os.getpid(), isolated)
    ready.set()
    answering.join()


def _child_loop(conn: socket.socket, run: Runner, ready: threading.Event) -> None:
    ready.wait()
    while True:
        try:
            request = wire.receive_blocking(conn)
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
            wire.send_blocking(conn, response)
        except (OSError, ValueError):
            return


def _death_cause(status: int | None) -> QueryStopped:
    """What a child's exit status says about why it died while answering."""
    if status is None:
        return QueryCrashed("unknown")
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        if number in MEMORY_SIGNALS:
            return QueryStopped(signal.Signals(number).name)
        try:
            return QueryCrashed(signal.Signals(number).name)
        except ValueError:
            return QueryCrashed(f"signal {number}")
    return QueryCrashed(f"exit {os.waitstatus_to_exitcode(status)}")


class ProcessExecutor(Generic[Answer]):
    """One child process answering queries one at a time, killed and replaced on time-out."""

    def __init__(self, run: Callable[[QueryRequest], Answer], timeout: float,
                 memory_bytes: int | None = None, private_bytes: int | None = None) -> None:
        self._run = run
        self.timeout = timeout
        self._memory_bytes = memory_bytes
        #: Private memory above which the child is replaced by a fresh fork (``None``: never).
        self.private_bytes = private_bytes
        self._answers = 0
        self.pid = 0
        self._conn: socket.socket | None = None
        self._spawn()

    def _spawn(self) -> None:
        _unshare()
        parent_end, child_end = socket.socketpair()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            try:
                parent_end.close()
                _child_main(child_end, self._run, self._memory_bytes)
            finally:
                os._exit(0)
        child_end.close()
        parent_end.setblocking(False)  # waited on with poll (threads) or by the event loop
        self.pid = pid
        self._conn = parent_end

    def _reap(self, kill: bool = True) -> int | None:
        """Stop the child (SIGKILL unless it is dying anyway); return its wait status."""
        status: int | None = None
        if not kill:  # its pipe closed: let it finish dying, to read why
            waited_until = deadline_after(DEATH_WAIT_SECONDS)
            while status is None and time.monotonic() < waited_until:
                try:
                    pid, found = os.waitpid(self.pid, os.WNOHANG)
                except ChildProcessError:
                    break
                if pid:
                    status = found
                else:
                    time.sleep(0.01)
        if status is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                status = os.waitpid(self.pid, 0)[1]
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        return status

    def execute(self, request: QueryRequest, timeout: float | None = None) -> Answer:
        """Answer ``request`` in the child within ``timeout`` seconds (default: the executor's).

        Raises :class:`QueryTimeout`, :class:`QueryStopped` (memory) or :class:`QueryCrashed`.
        """
        if self._conn is None:
            self._spawn()
        conn = self._conn
        assert conn is not None
        limit = self.timeout if timeout is None else timeout
        deadline = deadline_after(limit)
        try:
            wire.send_by(conn, wire.frame(request), deadline)
            response: Answer = wire.receive_by(conn, deadline)
            self._answered()
            return response
        except wire.TimedOut:
            self._timed_out(limit)
        except (EOFError, OSError) as exc:
            cause = self._died()
            raise cause from exc

    async def execute_async(self, request: QueryRequest, timeout: float | None = None) -> Answer:
        """:meth:`execute` for the event loop: the answer is awaited, no thread waits for it."""
        if self._conn is None:
            self._spawn()
        conn = self._conn
        assert conn is not None
        limit = self.timeout if timeout is None else timeout
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(limit):
                await loop.sock_sendall(conn, wire.frame(request))
                response: Answer = await wire.receive_async(loop, conn)
            self._answered()
            return response
        except TimeoutError:
            self._timed_out(limit)
        except (EOFError, OSError) as exc:
            # Reading why the child died may wait for it to finish dying: not on the loop.
            cause = await loop.run_in_executor(None, self._died)
            raise cause from exc
        except BaseException:  # cancelled half-way: the child's state is unknown
            self._reap()
            self._spawn()
            raise

    def _answered(self) -> None:
        """Every :data:`PRIVATE_CHECK_EVERY` answers: replace the child if it holds more than
        ``private_bytes`` of its own memory. pyoxigraph writes to the in-memory store's pages
        while it reads, so without this each child ends up with a private copy of every store
        page its queries touched; a fresh fork shares them with the worker again."""
        self._answers += 1
        if not self.private_bytes or self._answers % PRIVATE_CHECK_EVERY:
            return
        private = private_dirty_bytes(self.pid)
        if private > self.private_bytes:
            log.info("executor %d holds %d MiB of its own: replaced by a fresh fork",
                     self.pid, private >> 20)
            self._reap()
            self._spawn()

    def _timed_out(self, limit: float) -> typing.NoReturn:
        log.warning("query exceeded %.1f s; killing executor %d", limit, self.pid)
        self._reap()
        self._spawn()
        raise QueryTimeout(self.timeout)

    def _died(self) -> QueryStopped:
        cause = _death_cause(self._reap(kill=False))
        log.warning("executor %d died while answering (%s)", self.pid, cause)
        self._spawn()
        return cause

    def close(self) -> None:
        """Stop the child process."""
        self._reap()

