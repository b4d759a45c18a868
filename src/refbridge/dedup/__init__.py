"""Deduplication: which records are one work, which are related works, and why.

``deduplicate(records)`` takes references (or precomputed :class:`RecordKey`\\ s) and returns
one :class:`Cluster` per work, every input index in exactly one cluster. The steps, one module
each: compact keys (:mod:`.keys`), blocking (:mod:`.blocking`), pair scoring with guards
(:mod:`.scoring`, over all cores by :mod:`.parallel`), guarded union (:mod:`.clustering`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..model import Reference
from .blocking import candidate_pairs
from .clustering import Cluster, Link, build_clusters
from .keys import RecordKey, record_key
from .parallel import map_keys, score_pairs
from .scoring import MERGE_THRESHOLD, RELATION_THRESHOLD, Explanation, explain

__all__ = [
    "MERGE_THRESHOLD",
    "RELATION_THRESHOLD",
    "Cluster",
    "Explanation",
    "Link",
    "RecordKey",
    "deduplicate",
    "explain",
    "record_key",
]


def deduplicate(
    records: Iterable[Reference | RecordKey],
    *,
    not_duplicates: Iterable[tuple[int, int]] = (),
    workers: int | None = None,
    evidence: bool = True,
) -> list[Cluster]:
    """Cluster records into works.

    ``not_duplicates`` are pairs of input indices a person said are different works: they never
    end in one cluster. ``workers`` caps the processes used for scoring (default: all cores).
    ``evidence=False`` skips the human-readable reasons (scores and margins stay).
    """
    keys = map_keys(list(records), _key, workers)
    pairs = candidate_pairs(keys)
    scores, verdicts = score_pairs(keys, pairs, workers)
    return build_clusters(
        keys, pairs, scores, verdicts, not_duplicates=not_duplicates, evidence=evidence
    )


def _key(record: Any) -> RecordKey:
    return record if isinstance(record, RecordKey) else record_key(record)
