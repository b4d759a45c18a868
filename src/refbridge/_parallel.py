"""``[function(item) for item in items]`` on every core, for long pure-Python batches.

Workers are forked, so they inherit ``function`` and ``items`` without pickling them; only
index ranges go out and results come back. Below ``min_items``, with one core, where
``fork`` is unavailable (Windows, macOS default) or unsafe (other threads are running), the
map runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

__all__ = ["fork_map"]

T = TypeVar("T")
_TASK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def _run(bounds: tuple[int, int]) -> list[Any]:
    assert _TASK is not None
    function, items = _TASK
    return [function(item) for item in items[bounds[0] : bounds[1]]]


def fork_map(
    function: Callable[[Any], T],
    items: Sequence[Any],
    *,
    workers: int | None = None,
    min_items: int = 2_000,
) -> list[T]:
    """The results in order; ``workers`` defaults to the number of cores."""
    global _TASK
    workers = workers or os.cpu_count() or 1
    # forking a process that runs other threads can deadlock the child on their locks
    forkable = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    if workers <= 1 or len(items) < max(min_items, 2) or not forkable or _TASK is not None:
        return [function(item) for item in items]
    step = -(-len(items) // (workers * 8))
    chunks = [(start, min(start + step, len(items))) for start in range(0, len(items), step)]
    _TASK = (function, items)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return [result for part in pool.imap(_run, chunks) for result in part]
    finally:
        _TASK = None
