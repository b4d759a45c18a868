"""Library operations on a generated library: the integrity check on open, and listing works.

A library of ``--records`` records (pairs of duplicates, so half as many works) is built
and deduplicated in a temporary folder. Then, each timed in the same run:

- opening for writing (``PRAGMA quick_check`` included) vs opening read-only (no check);
- ``Library.works()`` (one query for the whole library) vs its peer, ``Library.work()``
  called once per work (one query per work).

    python benchmarks/library_ops.py [--records 20000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from refbridge import Date, Library, Name, Reference

T = TypeVar("T")


def _records(count: int) -> list[Reference]:
    return [
        Reference(
            type="article-journal",
            title=f"Title number {i // 2} of a generated article",
            authors=(Name("Ivanov", "I."),),
            issued=Date(2000 + (i // 2) % 20),
            container_title="Journal",
            volume=str((i // 2) % 50),
            pages=f"{i // 2}-{i // 2 + 5}",
        )
        for i in range(count)
    ]


def _timed(action: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lib.sqlite"
        with Library(path) as lib:
            lib.add_references(_records(args.records), source="generated")
            summary = lib.dedup()
        size = path.stat().st_size / 2**20
        _, checked = _timed(lambda: Library(path).close())
        _, plain = _timed(lambda: Library(path, readonly=True).close())
        with Library(path, readonly=True) as lib:
            works, together = _timed(lib.works)
            ids = [w.id for w in works]
            each, one_by_one = _timed(lambda: [lib.work(i) for i in ids])
        same = works == each
    rows = [
        ("records / works", f"{summary.records} / {summary.works} ({size:.1f} MiB)"),
        ("open for writing (quick_check)", f"{checked:.3f} s"),
        ("open read-only (no check)", f"{plain:.3f} s"),
        ("works(), whole library", f"{together:.2f} s"),
        ("work() once per work (peer)", f"{one_by_one:.2f} s"),
        ("ratio works() / peer", f"{together / one_by_one:.2f}"),
        ("same works", f"{same}"),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
