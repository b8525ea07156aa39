"""A pool of executor processes for the threads (and the event loop) of one server process.

Executors are forked lazily up to the pool's size; a query borrows one and gives it back.
``serve --watch`` retires a pool when it swaps in a new graph.
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading
from collections.abc import Callable, Iterator
from typing import Generic

from semaxkg.sparql.executor import Answer, ProcessExecutor, QueryTimeout, remaining


class ExecutorPool(Generic[Answer]):
    """Up to ``size`` executors for the threads of one process; created lazily."""

    def __init__(self, factory: Callable[[], ProcessExecutor[Answer]], size: int) -> None:
        self.pid = os.getpid()
        self._factory = factory
        self._size = max(1, size)
        self._idle: queue.LifoQueue[ProcessExecutor[Answer]] = queue.LifoQueue()
        self._all: list[ProcessExecutor[Answer]] = []
        self._lock = threading.Lock()
        #: Set by :meth:`retire`: each executor stops as it is given back.
        self._retired = False

    @contextlib.contextmanager
    def executor(self, deadline: float | None = None) -> Iterator[ProcessExecutor[Answer]]:
        """Borrow an executor for one query; :class:`QueryTimeout` if none frees up by ``deadline``.

        The wait counts against the query's time limit: a query queued behind runaways is
        answered 503 at its limit, not after theirs.
        """
        try:
            item = self._idle.get_nowait()
        except queue.Empty:
            with self._lock:
                grow = len(self._all) < self._size
                if grow:
                    item = self._factory()
                    self._all.append(item)
            if not grow:
                try:
                    item = self._idle.get(timeout=None if deadline is None
                                          else remaining(deadline))
                except queue.Empty:
                    raise QueryTimeout(0.0) from None
        try:
            yield item
        finally:
            if self._retired:
                item.close()
            else:
                self._idle.put(item)

    def try_borrow(self) -> ProcessExecutor[Answer] | None:
        """An idle executor (forking one if the pool is not full yet), or ``None`` at once:
        for the event loop, which must not wait. Hand it back with :meth:`give_back`."""
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if len(self._all) >= self._size:
                return None
            item = self._factory()
            self._all.append(item)
        return item

    def give_back(self, item: ProcessExecutor[Answer]) -> None:
        """Return an executor taken with :meth:`try_borrow` (stopped if the pool was retired
        meanwhile, as :meth:`executor` does)."""
        if self._retired:
            item.close()
        else:
            self._idle.put(item)

    def warm_up(self, all_executors: bool = False) -> None:
        """Fork the first executor (or all of them) now rather than on the first queries."""
        with contextlib.ExitStack() as borrowed:
            for _ in range(self._size if all_executors else 1):
                borrowed.enter_context(self.executor())

    def retire(self) -> None:
        """Stop the idle executors now and each borrowed one when it is given back: their
        store is no longer served (``serve --watch`` swapped in a new build), but a query
        running in one finishes on the graph it started on."""
        if os.getpid() != self.pid:
            return
        self._retired = True
        while True:
            try:
                item = self._idle.get_nowait()
            except queue.Empty:
                return
            item.close()

    def close(self) -> None:
        """Stop every executor of this process."""
        if os.getpid() != self.pid:
            return
        for item in self._all:
            item.close()
        self._all.clear()
