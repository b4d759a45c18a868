"""Scoring candidate pairs on every core.

Pair scoring is pure Python (rapidfuzz aside) and dominates the run time, so large batches are
split over forked worker processes (:func:`refbridge._parallel.fork_chunks`): the keys reach
the workers through the pool's initializer (no pickling of a million records); only the pair
indices go out and the scores and verdict codes come back. Where ``fork`` is unavailable
(Windows, macOS default) scoring runs in this process.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .._parallel import can_fork, fork_chunks
from .keys import RecordKey
from .scoring import compare

__all__ = ["map_keys", "score_pairs"]

_MIN_PARALLEL = 50_000  # below this, starting processes costs more than it saves


def map_keys(
    items: Sequence[Any], make_key: Callable[[Any], RecordKey], workers: int | None = None
) -> list[RecordKey]:
    """``[make_key(item) for item in items]``, over forked workers when ``items`` is large."""
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(items) < _MIN_PARALLEL // 5 or not can_fork():
        return [make_key(item) for item in items]
    parts = fork_chunks(
        lambda start, stop: [make_key(item) for item in items[start:stop]], len(items), workers
    )
    return [key for part in parts for key in part]


def _score(keys: Sequence[RecordKey], pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scores = np.empty(len(pairs), dtype=np.float32)
    verdicts = np.empty(len(pairs), dtype=np.int8)
    for x, (i, j) in enumerate(pairs.tolist()):
        scores[x], verdicts[x] = compare(keys[i], keys[j])
    return scores, verdicts


def score_pairs(
    keys: Sequence[RecordKey], pairs: np.ndarray, workers: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Score and verdict code of every pair (``float32`` and ``int8`` arrays, pair order)."""
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(pairs) < _MIN_PARALLEL or not can_fork():
        return _score(keys, pairs)
    parts = fork_chunks(lambda start, stop: _score(keys, pairs[start:stop]), len(pairs), workers)
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
