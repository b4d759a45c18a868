"""Candidate pairs: which records are worth comparing at all.

Comparing every pair of a million records is 5e11 comparisons; blocking compares only records
that share a cheap key, so the number of pairs grows with the number of records, not its square.
Keys (each a separate pass, the union of their pairs is compared):

* the DOI, and the ISBN;
* the first author's script-independent surname key with the year, in two bucketings
  (``year // 2`` and ``(year + 1) // 2``) so that every pair of years at most one apart meets;
* the starts of the first significant words of the title (also of a chapter's book and of the
  original title of a translation), so typos in the author or the year do not hide a duplicate;
* year, first page and the first letter of the first author, for translated titles whose
  author block is too large to compare all-pairs;
* from the printed string, when a record has one: each DOI and URL, and the first author (or,
  none for a work without authors) with each identifying number of three or more
  digits — a patent, a standard, a year, a page — and each two such numbers together (an
  extent counts), so that a parse error in the title, the authors or the year does not keep
  two printings of one work from meeting.

A block larger than ``MAX_BLOCK`` is not compared all-pairs: it is sorted on a second key and
each record is compared with its ``WINDOW`` neighbours (the sorted-neighbourhood method).
"""

from __future__ import annotations

import itertools
from array import array
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any

import numpy as np

from .keys import STOP_WORDS, RecordKey

__all__ = ["MAX_BLOCK", "WINDOW", "candidate_pairs", "title_prefixes"]

MAX_BLOCK = 40
WINDOW = 12
_PREFIX_WORDS = 3
_PREFIX_CHARS = 24
_PAIRED_NUMBERS = 5


def title_prefixes(title_key: str) -> list[str]:
    """Blocking keys of a title: the starts of its first significant words, and of the next.

    Words are cut to four letters, so a typo late in a word does not matter; the second key
    (words two to four) catches a typo early in the first word.
    """
    words = [w[:4] for w in title_key.split() if w not in STOP_WORDS and len(w) > 1]
    if len(words) < 2:
        return [title_key[:_PREFIX_CHARS]]
    keys = [" ".join(words[:_PREFIX_WORDS])]
    if len(words) > _PREFIX_WORDS:
        keys.append(" ".join(words[1 : _PREFIX_WORDS + 1]))
    return keys


_KINDS = ("doi", "isbn", "ay0", "ay1", "t", "p", "link", "an", "nn")


def _block_keys(key: RecordKey, kind: str) -> Iterable[Hashable]:
    """The blocks of one kind a record belongs to (a chapter's title and book may coincide)."""
    if kind == "doi":
        return (key.doi,) if key.doi else ()
    if kind == "isbn":
        return (key.isbn,) if key.isbn else ()
    if kind == "ay0":
        return ((key.authors[0], key.year // 2),) if key.authors else ()
    if kind == "ay1":
        return ((key.authors[0], (key.year + 1) // 2),) if key.authors else ()
    if kind == "t":
        texts = (key.title, key.original_title, key.container if key.kind == "chapter" else "")
        return {prefix for text in texts if text for prefix in title_prefixes(text)}
    if kind == "p":
        if key.first_page and key.year:
            return ((key.year, key.first_page, key.authors[0][:1] if key.authors else ""),)
        return ()
    if kind == "link":
        return key.links
    long = sorted(n for n in key.numbers if len(n.lstrip("+")) >= 3)
    if kind == "an":
        who = key.authors[0] if key.authors else ""
        return {(who, n) for n in long if n[0] != "+"}
    return set(itertools.combinations(long[:_PAIRED_NUMBERS], 2))


def _secondary(keys: Sequence[RecordKey], kind: str) -> Callable[[int], Any]:
    """The sort key inside an oversized block: something the block key does not already fix."""
    if kind == "t":
        return lambda i: (keys[i].authors[:1], keys[i].year)
    return lambda i: (keys[i].initial, keys[i].title)


def _emit(members: list[int], sort_key: Callable[[int], Any], out: array[int], n: int) -> None:
    if len(members) <= MAX_BLOCK:
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                out.append(i * n + j if i < j else j * n + i)
        return
    members = sorted(members, key=sort_key)
    for x, i in enumerate(members):
        for j in members[x + 1 : x + 1 + WINDOW]:
            out.append(i * n + j if i < j else j * n + i)


def candidate_pairs(keys: Sequence[RecordKey]) -> np.ndarray:
    """Unique candidate pairs as an (m, 2) array of indices, ``i < j``, sorted.

    One kind of block at a time, pairs packed as ``i * n + j`` in 8-byte arrays: the blocks of
    one kind and the pairs found so far are all that is in memory.
    """
    n = len(keys)
    found = np.zeros(0, dtype=np.int64)
    printed = any(key.numbers or key.links for key in keys)
    for kind in _KINDS if printed else _KINDS[: _KINDS.index("link")]:
        blocks: dict[Hashable, list[int]] = defaultdict(list)
        for i, key in enumerate(keys):
            for block in _block_keys(key, kind):
                blocks[block].append(i)
        codes = array("q")
        sort_key = _secondary(keys, kind)
        for members in blocks.values():
            if len(members) > 1:
                _emit(members, sort_key, codes, n)
        del blocks
        if codes:
            found = np.union1d(found, np.frombuffer(codes, dtype=np.int64))
        del codes
    return np.stack((found // n, found % n), axis=1) if n else found.reshape(0, 2)
