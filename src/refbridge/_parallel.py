"""Long pure-Python batches on every core, in forked workers.

The work reaches the workers through the pool's initializer: under ``fork`` it is inherited,
with the function and everything it refers to (a million records, say), without pickling;
only index ranges go out and results come back. Nothing is kept in this module in the
parent process. :func:`fork_map` runs in this process below ``min_items``, with one core,
where ``fork`` is unavailable (Windows, macOS default) or unsafe (other threads are running).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

__all__ = ["can_fork", "fork_chunks", "fork_map"]

T = TypeVar("T")

#: The chunk function of the pool this process works for, set by the pool's initializer in
#: each worker (never in the parent): ``work(start, stop)``.
_WORK: Callable[[int, int], Any] | None = None


def _install(work: Callable[[int, int], Any]) -> None:
    global _WORK
    _WORK = work


def _run_chunk(bounds: tuple[int, int]) -> Any:
    assert _WORK is not None, "run only in a worker started by fork_chunks"
    return _WORK(*bounds)


def can_fork() -> bool:
    """Can workers be forked here (and this process is not itself such a worker)?"""
    return "fork" in multiprocessing.get_all_start_methods() and _WORK is None


def fork_chunks(work: Callable[[int, int], T], size: int, workers: int) -> list[T]:
    """``work(start, stop)`` for about eight chunks per worker of ``range(size)``, in order."""
    if size <= 0:
        return []
    step = -(-size // (workers * 8))
    chunks = [(start, min(start + step, size)) for start in range(0, size, step)]
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_install, initargs=(work,)) as pool:
        return list(pool.imap(_run_chunk, chunks))


def fork_map(
    function: Callable[[Any], T],
    items: Sequence[Any],
    *,
    workers: int | None = None,
    min_items: int = 2_000,
) -> list[T]:
    """``[function(item) for item in items]``; ``workers`` defaults to the number of cores."""
    workers = workers or os.cpu_count() or 1
    # forking a process that runs other threads can deadlock the child on their locks
    forkable = can_fork() and threading.active_count() == 1
    if workers <= 1 or len(items) < max(min_items, 2) or not forkable:
        return [function(item) for item in items]
    parts = fork_chunks(
        lambda start, stop: [function(item) for item in items[start:stop]], len(items), workers
    )
    return [result for part in parts for result in part]
