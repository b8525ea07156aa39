"""The executor pool's lending rules, with stand-in executors (no processes)."""

from __future__ import annotations

from typing import Any, cast

from semaxkg.sparql.executor import ProcessExecutor
from semaxkg.sparql.executor_pool import ExecutorPool


class StandIn:
    """Counts its closes; enough of an executor for the pool."""

    def __init__(self) -> None:
        self.closed = 0

    def close(self) -> None:
        self.closed += 1


def _pool(size: int) -> tuple[ExecutorPool[Any], list[StandIn]]:
    made: list[StandIn] = []

    def factory() -> ProcessExecutor[Any]:
        made.append(StandIn())
        return cast(ProcessExecutor[Any], made[-1])

    return ExecutorPool(factory, size), made


def test_try_borrow_grows_to_the_size_then_says_none() -> None:
    pool, made = _pool(2)
    first, second = pool.try_borrow(), pool.try_borrow()
    assert first is not None and second is not None and first is not second
    assert pool.try_borrow() is None
    pool.give_back(first)
    assert pool.try_borrow() is first
    assert len(made) == 2


def test_fast_path_give_back_after_watch_retire_stops_the_executor() -> None:
    # serve --watch retires the pool while the event loop holds an executor: given back, it
    # must stop (its graph is no longer served), not return to the idle queue.
    pool, made = _pool(2)
    held = pool.try_borrow()
    idle = pool.try_borrow()
    assert held is not None and idle is not None
    pool.give_back(idle)
    pool.retire()
    assert [m.closed for m in made] == [0, 1]  # the idle one at once
    pool.give_back(held)
    assert [m.closed for m in made] == [1, 1]  # the held one when given back
    assert pool.try_borrow() is None  # nothing idle came back; the pool is full of retired ones


def test_executor_context_stops_a_retired_executor_too() -> None:
    pool, made = _pool(1)
    with pool.executor() as item:
        pool.retire()
        assert cast(StandIn, item).closed == 0
    assert made[0].closed == 1
