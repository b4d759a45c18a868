"""Lookups in daemon threads that Ctrl-C can leave at once, with what finished so far.

check-dois and resolve both look up many DOIs; the client's limiter decides how many requests
really go out at once, the threads only keep that many in flight.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

Progress = Callable[[int, int], None]

_T = TypeVar("_T")


def in_daemon_threads(
    function: Callable[[str], _T],
    todo: dict[str, str],
    workers: int,
    progress: Progress | None = None,
) -> dict[str, _T]:
    """``function(value)`` for each of ``todo`` (key -> value) in daemon threads, by key.

    ``function`` must not raise. Daemon threads let Ctrl-C return at once: :class:`Stopped`
    carries the results so far, and threads still waiting on the network are left to the
    client's cancellation, never delaying the exit.
    """
    results: dict[str, _T] = {}
    pending = list(todo.items())[::-1]
    lock = threading.Lock()
    finished = threading.Event()
    if not pending:
        return results

    def work() -> None:
        while True:
            with lock:
                if not pending:
                    return
                key, value = pending.pop()
            result = function(value)
            with lock:
                results[key] = result
                done = len(results)
                if done == len(todo):
                    finished.set()
                if progress is not None:
                    progress(done, len(todo))

    for _ in range(max(1, min(workers, len(todo)))):
        threading.Thread(target=work, daemon=True, name="refbridge-doi").start()
    try:
        while not finished.wait(0.05):
            pass
    except KeyboardInterrupt:
        with lock:
            raise Stopped(dict(results)) from None
    return results


class Stopped(KeyboardInterrupt):
    """Ctrl-C while :func:`in_daemon_threads` waited: ``results`` holds what finished."""

    def __init__(self, results: dict[str, Any]) -> None:
        super().__init__("interrupted")
        self.results = results
