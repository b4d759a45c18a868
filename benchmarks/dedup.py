"""Deduplication benchmark: pairwise precision/recall/F1, time per stage and peak memory.

    python benchmarks/dedup.py                     # 10k, 100k and 1M records, test seed 2
    python benchmarks/dedup.py --sizes 10000 --seed 1   # the development corpus
    python benchmarks/dedup.py --sizes 100000 --seed 1 --sweep 0.76 0.8 0.84 0.88 0.92

Peak memory is the largest sum of PSS over this process and its workers, sampled every
0.2 s (``peak PSS MB (all)``); ``ru_maxrss`` of the main process and of the largest worker
are shown too (RSS counts pages shared between forked processes in each of them).

Corpora come from ``benchmarks/dedup_corpus.py`` and are cached under ``benchmarks/.cache``
(generation time is reported apart and is not dedup time). Each size runs in a fresh process, so
its peak memory (``ru_maxrss`` of the process, plus the largest scoring worker) is its own.
Dedup time counts everything after the corpus file exists: reading CSL-JSON, building
``Reference`` records, keys, blocking, scoring, clustering with evidence. Times are wall-clock
seconds per stage; ``cpu s`` is the CPU time of the process and its workers (which does not
depend on how busy the machine is) and ``load avg`` the one-minute load when the run ended.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import resource
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"


def _pairs(counts: Counter[object]) -> int:
    return sum(c * (c - 1) // 2 for c in counts.values())


def pairwise_scores(truth: list[int], predicted: list[int]) -> dict[str, float]:
    """Pairwise precision, recall and F1 from the contingency of true and predicted clusters."""
    tp = _pairs(Counter(zip(truth, predicted, strict=True)))
    true_pairs, predicted_pairs = _pairs(Counter(truth)), _pairs(Counter(predicted))
    precision = tp / predicted_pairs if predicted_pairs else 1.0
    recall = tp / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "true_pairs": true_pairs}


def corpus(n: int, seed: int) -> tuple[Path, float]:
    """The cached corpus file and the seconds it took to generate (0 when cached)."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"dedup_{n}_{seed}.jsonl"
    if path.exists():
        return path, 0.0
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, str(HERE / "dedup_corpus.py"), str(n), str(seed), str(path)], check=True
    )
    return path, time.perf_counter() - start


class _PeakMemory(threading.Thread):
    """Samples the proportional set size (PSS) of this process plus its workers.

    PSS counts a page shared by n forked processes as 1/n in each, so the sum is the memory
    the run really occupies (adding up RSS would count the shared keys once per worker).
    """

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_mb = 0.0
        self.running = True

    @staticmethod
    def _pss_mb(pid: int) -> float:
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def run(self) -> None:
        me = os.getpid()
        while self.running:
            children: list[int] = []
            for task in Path(f"/proc/{me}/task").glob("*/children"):
                with contextlib.suppress(OSError):
                    children += [int(p) for p in task.read_text().split()]
            total = self._pss_mb(me) + sum(self._pss_mb(pid) for pid in children)
            self.peak_mb = max(self.peak_mb, total)
            time.sleep(0.2)


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished workers."""
    own, children = (
        resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _line_key(line: str) -> object:
    """One corpus line as the library reads a CSL-JSON record: a Reference, then its key."""
    from refbridge.dedup.keys import record_key
    from refbridge.model import Reference

    return record_key(Reference.from_csl(json.loads(line)["csl"]))


def run_one(path: Path, workers: int | None) -> dict[str, float]:
    """Deduplicate one corpus file in this process; timings, scores and memory."""
    from refbridge.dedup.blocking import candidate_pairs
    from refbridge.dedup.clustering import build_clusters
    from refbridge.dedup.parallel import map_keys, score_pairs

    memory = _PeakMemory()
    memory.start()
    times: dict[str, float] = {}
    start = time.perf_counter()
    truth: list[int] = []
    relations: dict[int, tuple[str, int]] = {}
    with path.open(encoding="utf-8") as handle:
        lines = handle.readlines()
    for line in lines:
        item = json.loads(line)
        truth.append(item["cluster"])
        if item["relation"]:
            relations[item["cluster"]] = tuple(item["relation"])
    keys = map_keys(lines, _line_key, workers)
    del lines
    times["read+keys"] = time.perf_counter() - start
    cpu_marks = [_cpu_seconds()]
    t = time.perf_counter()
    pairs = candidate_pairs(keys)
    times["blocking"] = time.perf_counter() - t
    cpu_marks.append(_cpu_seconds())
    t = time.perf_counter()
    scores, verdicts = score_pairs(keys, pairs, workers)
    times["scoring"] = time.perf_counter() - t
    cpu_marks.append(_cpu_seconds())
    t = time.perf_counter()
    clusters = build_clusters(keys, pairs, scores, verdicts)
    times["clustering"] = time.perf_counter() - t
    cpu_marks.append(_cpu_seconds())
    # CPU seconds per stage; keys and scoring run on every core, blocking and clustering on one.
    stage_cpu = dict(
        zip(("read+keys", "blocking", "scoring", "clustering"),
            (cpu_marks[0], *(b - a for a, b in itertools.pairwise(cpu_marks))), strict=True)
    )  # fmt: skip
    cores = workers or os.cpu_count() or 1
    idle_estimate = (
        stage_cpu["read+keys"] / cores
        + stage_cpu["blocking"]
        + stage_cpu["scoring"] / cores
        + stage_cpu["clustering"]
    )
    times["dedup total"] = time.perf_counter() - start
    predicted = [0] * len(keys)
    for number, cluster in enumerate(clusters):
        for member in cluster.members:
            predicted[member] = number
    found = {(link.kind, truth[link.a], truth[link.b]) for c in clusters for link in c.relations}
    expected = {(kind, src, dst) for src, (kind, dst) in relations.items()}
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    self_mb, child_mb = own.ru_maxrss / 1024, children.ru_maxrss / 1024
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    return {
        "records": len(keys),
        "pairs": len(pairs),
        "clusters": len(clusters),
        **pairwise_scores(truth, predicted),
        "relations found": len(found & expected) / len(expected) if expected else 1.0,
        "relations right": len(found & expected) / len(found) if found else 1.0,
        **times,
        "cpu s": cpu,
        "idle-machine estimate s": idle_estimate,
        **{f"cpu {stage}": seconds for stage, seconds in stage_cpu.items()},
        "load avg": os.getloadavg()[0],
        "peak PSS MB (all)": memory.peak_mb,
        "peak MB (main)": self_mb,
        "peak MB (worker)": child_mb,
    }


def sweep(path: Path, thresholds: list[float], workers: int | None) -> None:
    """Pairwise scores at several merge thresholds: how MERGE_THRESHOLD was chosen."""
    from refbridge.dedup import scoring
    from refbridge.dedup.blocking import candidate_pairs
    from refbridge.dedup.clustering import build_clusters
    from refbridge.dedup.parallel import map_keys, score_pairs

    with path.open(encoding="utf-8") as handle:
        lines = handle.readlines()
    truth = [json.loads(line)["cluster"] for line in lines]
    keys = map_keys(lines, _line_key, workers)
    pairs = candidate_pairs(keys)
    print("| merge threshold | precision | recall | F1 |\n|---|---|---|---|")
    for threshold in thresholds:
        scoring.MERGE_THRESHOLD = threshold  # compare() reads the module constant
        scores, verdicts = score_pairs(keys, pairs, workers)
        clusters = build_clusters(keys, pairs, scores, verdicts, evidence=False)
        predicted = [0] * len(keys)
        for number, cluster in enumerate(clusters):
            for member in cluster.members:
                predicted[member] = number
        result = pairwise_scores(truth, predicted)
        print(
            f"| {threshold:.2f} | {result['precision']:.4f} | {result['recall']:.4f} "
            f"| {result['f1']:.4f} |"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=2, help="2 = test corpus, 1 = dev corpus")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument(
        "--sweep",
        type=float,
        nargs="+",
        metavar="T",
        help="instead of timing, score the first size at these merge thresholds (calibration)",
    )
    args = parser.parse_args()
    if args.sweep:
        sweep(corpus(args.sizes[0], args.seed)[0], args.sweep, args.workers)
        return 0
    if args.one:
        print(json.dumps(run_one(Path(args.one), args.workers)))
        return 0
    rows = []
    for n in args.sizes:
        path, generated = corpus(n, args.seed)
        command = [sys.executable, __file__, "--one", str(path)]
        if args.workers:
            command += ["--workers", str(args.workers)]
        result = json.loads(subprocess.run(command, check=True, capture_output=True).stdout)
        result["generation s"] = generated
        rows.append(result)
    columns = ["records", "pairs", "clusters", "precision", "recall", "f1", "relations found",
               "relations right", "read+keys", "blocking", "scoring", "clustering", "dedup total",
               "cpu s", "idle-machine estimate s", "load avg", "peak PSS MB (all)",
               "peak MB (main)", "peak MB (worker)"]  # fmt: skip
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        cells = []
        for column in columns:
            value = row[column]
            if column in ("precision", "recall", "f1", "relations found", "relations right"):
                cells.append(f"{value:.4f}")
            elif isinstance(value, float):
                cells.append(f"{value:.1f}")
            else:
                cells.append(f"{value:,}")
        print("| " + " | ".join(cells) + " |")
    if len(rows) > 1:
        base = rows[0]
        for row in rows[1:]:
            ratio = (row["dedup total"] / base["dedup total"]) / (row["records"] / base["records"])
            print(f"time per record at {row['records']:,} / at {base['records']:,}: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
