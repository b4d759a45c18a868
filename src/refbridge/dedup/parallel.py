"""Scoring candidate pairs on every core.

Pair scoring is pure Python (rapidfuzz aside) and dominates the run time, so large batches are
split over forked worker processes: the keys are inherited through ``fork`` (no pickling of a
million records); only the pair indices go out and the scores and verdict codes come back.
Where ``fork`` is unavailable (Windows, macOS default) scoring runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .keys import RecordKey
from .scoring import compare

__all__ = ["map_keys", "score_pairs"]

_MIN_PARALLEL = 50_000  # below this, starting processes costs more than it saves
_KEYS: Sequence[RecordKey] = ()
_PAIRS: np.ndarray = np.zeros((0, 2), dtype=np.int64)
_ITEMS: Sequence[Any] = ()
_MAKE_KEY: Callable[[Any], RecordKey] | None = None


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _keys_range(bounds: tuple[int, int]) -> list[RecordKey]:
    assert _MAKE_KEY is not None
    make = _MAKE_KEY
    return [make(item) for item in _ITEMS[bounds[0] : bounds[1]]]


def map_keys(
    items: Sequence[Any], make_key: Callable[[Any], RecordKey], workers: int | None = None
) -> list[RecordKey]:
    """``[make_key(item) for item in items]``, over forked workers when ``items`` is large."""
    global _ITEMS, _MAKE_KEY
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(items) < _MIN_PARALLEL // 5 or not _can_fork():
        return [make_key(item) for item in items]
    _ITEMS, _MAKE_KEY = items, make_key
    try:
        step = -(-len(items) // (workers * 8))
        chunks = [(s, min(s + step, len(items))) for s in range(0, len(items), step)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return [key for part in pool.imap(_keys_range, chunks) for key in part]
    finally:
        _ITEMS, _MAKE_KEY = (), None


def _score_range(bounds: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    start, stop = bounds
    keys = _KEYS
    scores = np.empty(stop - start, dtype=np.float32)
    verdicts = np.empty(stop - start, dtype=np.int8)
    for x, (i, j) in enumerate(_PAIRS[start:stop].tolist()):
        scores[x], verdicts[x] = compare(keys[i], keys[j])
    return scores, verdicts


def score_pairs(
    keys: Sequence[RecordKey], pairs: np.ndarray, workers: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Score and verdict code of every pair (``float32`` and ``int8`` arrays, pair order)."""
    global _KEYS, _PAIRS
    workers = workers or os.cpu_count() or 1
    _KEYS, _PAIRS = keys, pairs
    try:
        if workers <= 1 or len(pairs) < _MIN_PARALLEL or not _can_fork():
            return _score_range((0, len(pairs)))
        step = -(-len(pairs) // (workers * 8))
        chunks = [(s, min(s + step, len(pairs))) for s in range(0, len(pairs), step)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_score_range, chunks, chunksize=1)
        return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
    finally:
        _KEYS, _PAIRS = (), np.zeros((0, 2), dtype=np.int64)
