"""Speed and memory of reference-string parsing on one core.

    python benchmarks/parse_speed.py [--segmenter NAME] [--fast crf] [--baseline OLD.crfsuite]
                                     [--lines 100000] [--repeat 3]

Measures, on the English held-back split plus the Russian strings (``benchmarks/_split.py``):

1. model load time: a fresh ``python`` process importing ``refbridge.parsing.crf`` and loading
   the shipped model, minus the same process importing only (median of 5 runs);
2. strings per CPU second after the model is loaded, single thread (CPU time, because the
   machine may be shared): the segmenter alone, and
   ``parse_reference`` (segmenter + post-processing into a ``Reference``), best of ``--repeat``;
   and for ``crf`` the CPU µs per string of each step (tokenise, features, CRFsuite tagging);
3. peak Python heap during that run (``tracemalloc``, separate pass) and the process's peak RSS;
4. a streaming run of ``refbridge parse --segmenter NAME`` fed ``--lines`` lines on stdin: the
   child's RSS (``/proc/PID/status`` VmRSS) when output line 10,000, 50,000 and the last but
   1,000 arrive, and the throughput of the whole run (JSON encoding and pipes included).
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from _split import english, russian
from refbridge.errors import ParseError
from refbridge.parsing import DEFAULT_SEGMENTER, Segmenter, check_input, get_segmenter
from refbridge.parsing.postprocess import spans_to_reference

ROOT = Path(__file__).resolve().parents[1]


def load_time() -> float:
    """Seconds to load the model in a fresh process (imports subtracted)."""
    importing = "import time; import refbridge.parsing.crf as c; t=time.perf_counter(); "
    load = importing + "c.default_segmenter(); print(time.perf_counter()-t)"
    runs = [
        float(subprocess.check_output([sys.executable, "-c", load], text=True)) for _ in range(5)
    ]
    return statistics.median(runs)


def throughput(function: Callable[[str], object], strings: list[str], repeat: int) -> float:
    """Strings per CPU second of this process (the machine is shared: wall time would
    count other processes' work), best of ``repeat`` passes."""
    best = 0.0
    for _ in range(repeat):
        started = time.process_time()
        for text in strings:
            function(text)
        best = max(best, len(strings) / (time.process_time() - started))
    return best


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def stream(strings: list[str], lines: int, segmenter: str) -> tuple[dict[int, int], float, float]:
    """RSS (KiB) of ``refbridge parse`` at given output line counts, lines per wall second,
    and lines per CPU second of the child."""
    child = subprocess.Popen(
        [sys.executable, "-m", "refbridge.cli", "parse", "--parser", segmenter],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
    )
    assert child.stdin is not None and child.stdout is not None
    source = itertools.islice(itertools.cycle(strings), lines)

    def feed() -> None:
        assert child.stdin is not None
        for text in source:
            child.stdin.write(text.replace("\n", " ") + "\n")
        child.stdin.close()

    marks = {10_000, 50_000, lines - 1_000}
    samples: dict[int, int] = {}
    writer = threading.Thread(target=feed)
    started = time.perf_counter()
    writer.start()
    count = 0
    for _ in child.stdout:
        count += 1
        if count in marks:
            samples[count] = rss_kib(child.pid)
    elapsed = time.perf_counter() - started
    writer.join()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if count != lines:
        raise SystemExit(f"refbridge parse wrote {count} lines for {lines} input lines")
    return samples, lines / elapsed, lines / (usage.ru_utime + usage.ru_stime)


def crf_stages(strings: list[str], repeat: int) -> dict[str, float]:
    """CPU µs per string of each step of the CRF segmenter, best of ``repeat``."""
    from refbridge.parsing.crf import default_segmenter
    from refbridge.parsing.features import tokenize

    segmenter = default_segmenter()
    tagger, sequence_features = segmenter._tagger(), segmenter.features.sequence
    tokens = [tokenize(text) for text in strings]
    features = [sequence_features(text, toks) for text, toks in zip(strings, tokens, strict=True)]
    steps: dict[str, Callable[[], object]] = {
        "tokenize": lambda: [tokenize(text) for text in strings],
        "features": lambda: [
            sequence_features(text, toks) for text, toks in zip(strings, tokens, strict=True)
        ],
        "CRFsuite tagging": lambda: [tagger.tag(f) for f in features if f],
    }
    out = {}
    for name, step in steps.items():
        best = min(_cpu_seconds(step) for _ in range(repeat))
        out[name] = best / len(strings) * 1e6
    return out


def _cpu_seconds(step: Callable[[], object]) -> float:
    started = time.process_time()
    step()
    return time.process_time() - started


def pipeline(segment: Segmenter) -> Callable[[str], object]:
    """What ``parse_reference`` does, with ``segment`` as the segmenter."""

    def parse(text: str) -> object:
        try:
            clean = check_input(text)
        except ParseError as exc:  # a few held-back strings have no letters: counted, not parsed
            return exc
        return spans_to_reference(clean, segment(clean))

    return parse


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segmenter", default=DEFAULT_SEGMENTER, help="the default path")
    parser.add_argument("--fast", default="crf", help="the fast path")
    parser.add_argument("--baseline", type=Path, help="an older CRF model to compare with")
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    strings = [e.raw for e in english("test")] + [e.raw for e in russian()]
    print(f"{len(strings)} strings (English held-back split + Russian), one thread")
    if "crf" in (args.segmenter, args.fast):
        print(f"model load (fresh process, median of 5): {load_time() * 1000:.0f} ms")
    paths: dict[str, Segmenter] = {
        f"default `{args.segmenter}`": get_segmenter(args.segmenter),
        f"fast `{args.fast}`": get_segmenter(args.fast),
    }
    if args.baseline:
        from refbridge.parsing.crf import CrfSegmenter

        paths[f"baseline CRF `{args.baseline.name}`"] = CrfSegmenter(args.baseline).segment
    rates: dict[str, tuple[float, float]] = {}
    for name, segment in paths.items():
        segment(strings[0])  # load before timing
        rates[name] = (
            throughput(segment, strings, args.repeat),
            throughput(pipeline(segment), strings, args.repeat),
        )
    base = rates.get(next((n for n in rates if n.startswith("baseline")), ""))
    print("| path | segmenter alone | `parse_reference` | ratio to baseline |")
    print("|---|---|---|---|")
    for name, (seg_rate, parse_rate) in rates.items():
        ratio = f"{parse_rate / base[1]:.2f}" if base else "—"
        print(f"| {name} | {seg_rate:,.0f} strings/s | {parse_rate:,.0f} strings/s | {ratio} |")
    print("| measure | value |\n|---|---|")
    if "crf" in (args.segmenter, args.fast):
        for stage, micros in crf_stages(strings, args.repeat).items():
            print(f"| CRF stage: {stage} | {micros:.0f} µs per string |")
    parse = pipeline(paths[f"default `{args.segmenter}`"])

    tracemalloc.start()
    for text in strings:
        parse(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"| peak Python heap while parsing (tracemalloc) | {peak / 2**20:.1f} MiB |")
    print(f"| peak RSS of this process | {max_rss / 1024:.0f} MiB |")

    if args.lines:
        samples, rate, cpu_rate = stream(strings, args.lines, args.segmenter)
        for mark, kib in sorted(samples.items()):
            print(f"| `refbridge parse` RSS at line {mark:,} | {kib / 1024:.1f} MiB |")
        if len(samples) < 2:
            return 0  # too few lines for two samples (--lines below 11,000)
        first, last = samples[min(samples)], samples[max(samples)]
        growth = (last - first) / 1024
        print(f"| RSS growth line {min(samples):,} → {max(samples):,} | {growth:+.1f} MiB |")
        print(
            f"| `refbridge parse` stream, {args.lines:,} lines | {rate:,.0f} lines/s wall, "
            f"{cpu_rate:,.0f} lines per CPU second (imports and model load included) |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
