"""Issue 14: the executor hand-off (one frame each way over a socketpair), answered on an
event loop, and executors replaced when they hold too much private memory."""

from __future__ import annotations

import asyncio
import os
import time

import pytest

from semaxkg.sparql import executor_wire as wire
from semaxkg.sparql.executor import (
    PRIVATE_CHECK_EVERY,
    ProcessExecutor,
    QueryTimeout,
    private_dirty_bytes,
)
from semaxkg.sparql.messages import QueryRequest

MIB = 1024 * 1024
_kept: list[bytearray] = []


def _echo(request: QueryRequest) -> tuple[str, int]:
    if request.query == "sleep":
        time.sleep(30)
    return request.query, os.getpid()


def _grow(request: QueryRequest) -> int:
    """Writes 1 MiB the child keeps: its private memory grows with every query."""
    _kept.append(bytearray(b"x" * MIB))
    return os.getpid()


def test_frame_round_trip_of_a_large_answer() -> None:
    import socket
    import threading

    left, right = socket.socketpair()
    left.setblocking(False)
    try:
        payload = ("x" * (3 * MIB), ("a", None, 7))
        sender = threading.Thread(target=right.sendall, args=(wire.frame(payload),))
        sender.start()  # more than the socket buffer holds: read while it is sent
        assert wire.receive_by(left, time.monotonic() + 30) == payload
        sender.join()
    finally:
        left.close()
        right.close()


def test_execute_async_answers_and_a_runaway_is_killed_at_its_limit() -> None:
    executor = ProcessExecutor(_echo, timeout=1.0)
    try:
        first_pid = executor.pid
        answer = asyncio.run(executor.execute_async(QueryRequest(query="ASK {}")))
        assert answer == ("ASK {}", first_pid)
        with pytest.raises(QueryTimeout):
            asyncio.run(executor.execute_async(QueryRequest(query="sleep"), 0.5))
        with pytest.raises(ChildProcessError):  # the runaway's process is gone
            os.waitpid(first_pid, os.WNOHANG)
        assert executor.pid != first_pid
        # The fresh child answers, from a thread (the blocking path) too.
        assert executor.execute(QueryRequest(query="again")) == ("again", executor.pid)
    finally:
        executor.close()


def test_executor_over_its_private_memory_is_replaced_by_a_fresh_fork() -> None:
    executor = ProcessExecutor(_grow, timeout=10.0, private_bytes=8 * MIB)
    try:
        first_pid = executor.pid
        pids = [executor.execute(QueryRequest(query="q")) for _ in range(PRIVATE_CHECK_EVERY)]
        assert set(pids) == {first_pid}
        # After the 32nd answer the child (32 MiB written) was replaced.
        assert executor.pid != first_pid
        assert private_dirty_bytes(executor.pid) < 8 * MIB
        assert executor.execute(QueryRequest(query="q")) == executor.pid
    finally:
        executor.close()


def test_executor_without_a_private_limit_is_kept() -> None:
    executor = ProcessExecutor(_grow, timeout=10.0)
    try:
        first_pid = executor.pid
        for _ in range(PRIVATE_CHECK_EVERY):
            executor.execute(QueryRequest(query="q"))
        assert executor.pid == first_pid
        assert private_dirty_bytes(first_pid) >= PRIVATE_CHECK_EVERY * MIB
    finally:
        executor.close()
