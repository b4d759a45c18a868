"""Deduplication on real reference lines: the journal corpus, dev and test parts, and synthetic.

    python benchmarks/dedup_real.py                 # dev and test, plus synthetic 10k (seeds 1, 2)
    python benchmarks/dedup_real.py --part dev --show 30   # the misses and false merges of dev
    python benchmarks/dedup_real.py --no-synthetic

The real corpus is :mod:`dedup_real_corpus` (gold RU↔EN pairs, repeated lines, shared DOIs and
hand-checked repeats across articles). Each part is deduplicated on its own: every line is
parsed with :func:`refbridge.parsing.parse_reference` (the parser as it is; a line it rejects
stays a record with only its raw text) and the records go through :func:`refbridge.deduplicate`,
the default path. Scores are pairwise (precision, recall, F1 over all record pairs), as in
``benchmarks/dedup.py``, whose synthetic corpora are shown beside them (10,000 records each).
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from dedup import pairwise_scores
from dedup_corpus import generate
from dedup_real_corpus import build
from refbridge import deduplicate
from refbridge.errors import ParseError
from refbridge.model import Reference
from refbridge.parsing import parse_reference


def _parse(raw: str) -> Reference:
    try:
        return parse_reference(raw)
    except ParseError:
        return Reference(raw=raw)


def _predicted(n: int, clusters: list[Any]) -> list[int]:
    predicted = [0] * n
    for number, cluster in enumerate(clusters):
        for member in cluster.members:
            predicted[member] = number
    return predicted


def real_part(part: str, show: int = 0) -> dict[str, float]:
    """Pairwise scores of one part of the real corpus; print up to ``show`` errors of each kind."""
    records = [r for r in build() if r["part"] == part]
    refs = [_parse(r["raw"]) for r in records]
    start = time.perf_counter()
    clusters = deduplicate(refs, workers=1)
    seconds = time.perf_counter() - start
    truth = [r["work"] for r in records]
    predicted = _predicted(len(records), clusters)
    result = {**pairwise_scores(truth, predicted), "records": len(records), "seconds": seconds}
    if show:
        _show_errors(records, truth, predicted, clusters, show)
    return result


def _show_errors(
    records: list[dict[str, Any]],
    truth: list[int],
    predicted: list[int],
    clusters: list[Any],
    show: int,
) -> None:
    links = {(link.a, link.b): link for c in clusters for link in c.links} | {
        (link.b, link.a): link for c in clusters for link in c.links
    }
    false = [
        (i, j)
        for i in range(len(records))
        for j in range(i + 1, len(records))
        if predicted[i] == predicted[j] and truth[i] != truth[j]
    ]
    missed = [
        (i, j)
        for i in range(len(records))
        for j in range(i + 1, len(records))
        if truth[i] == truth[j] and predicted[i] != predicted[j]
    ]
    for name, pairs in (("FALSE", false), ("MISSED", missed)):
        print(f"{name}: {len(pairs)}")
        for i, j in pairs[:show]:
            link = links.get((i, j))
            why = f"  [{link.score:.2f}: {'; '.join(link.evidence)}]" if link else ""
            print(f"  {records[i]['id']} | {records[j]['id']}{why}")
            print(f"    {records[i]['raw'][:160]}")
            print(f"    {records[j]['raw'][:160]}")


def synthetic(n: int, seed: int) -> dict[str, float]:
    """Pairwise scores on a synthetic corpus of ``benchmarks/dedup_corpus.py``."""
    items = list(generate(n, seed=seed))
    clusters = deduplicate([Reference.from_csl(item["csl"]) for item in items], workers=1)
    return pairwise_scores([item["cluster"] for item in items], _predicted(len(items), clusters))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("dev", "test", "both"), default="both")
    parser.add_argument("--show", type=int, default=0, help="errors of each kind to print")
    parser.add_argument("--no-synthetic", action="store_true")
    args = parser.parse_args(argv)
    rows: list[tuple[str, dict[str, float]]] = []
    for part in ("dev", "test") if args.part == "both" else (args.part,):
        rows.append((f"real {part}", real_part(part, args.show)))
    if not args.no_synthetic:
        rows += [(f"synthetic 10k seed {s}", synthetic(10_000, s)) for s in (1, 2)]
    print("| corpus | records | true pairs | precision | recall | F1 |\n|---|---|---|---|---|---|")
    for name, r in rows:
        records = f"{int(r['records']):,}" if "records" in r else "10,000"
        print(
            f"| {name} | {records} | {int(r['true_pairs']):,} | {r['precision']:.4f} "
            f"| {r['recall']:.4f} | {r['f1']:.4f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
