"""Rendering speed: 1,000 bibliography entries in one process, ours against citeproc-py.

    python benchmarks/render_speed.py [--count 1000] [--repeat 3] [--no-baseline]

Items come from ``benchmarks/render_items.py`` (same generator as the oracle benchmark, more of
them). Each timing renders the whole bibliography (sorting, disambiguation, every entry) from
CSL-JSON items with a cold processor but the style already compiled (style compilation is timed
separately: it happens once per process). The baseline is citeproc-py with the same style and
locale files, when it is installed.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from refbridge.render import STYLES_DIR, load_style, render_entries
from refbridge.render.locale import LOCALES_DIR
from render_items import make_items
from render_oracle import citeproc_py

STYLES = ("apa", "chicago-author-date", "ieee", "gost-r-7-0-5-2008-numeric")
TARGETS = {"apa": 1.0, "chicago-author-date": 2.0}


def best_of(repeat: int, fn: Any) -> tuple[float, float]:
    """Best wall-clock and best CPU time (the CPU figure is steadier on a busy machine)."""
    wall = cpu = float("inf")
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu


def citeproc_py_seconds(style: str, items: list[dict[str, Any]]) -> float | None:
    """CPU seconds citeproc-py takes for the same bibliography (the oracle's baseline run)."""
    start = time.process_time()
    entries = citeproc_py(items, style)
    if entries is None:  # citeproc-py not installed
        return None
    assert len(entries) == len(items)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    items = make_items(args.count, seed=11)
    print(f"{args.count} items, best of {args.repeat}; locales from {LOCALES_DIR.name}/\n")
    print("times in seconds; CPU = process time, the figure compared with the targets\n")
    header = (
        f"{'style':28} {'compile':>8} {'wall':>7} {'CPU':>7} {'target':>7} {'citeproc-py CPU':>16}"
    )
    print(header + f" {'speed-up':>9}")
    for style in STYLES:
        start = time.process_time()
        compiled = load_style(STYLES_DIR / f"{style}.csl")
        compile_s = time.process_time() - start
        wall, cpu = best_of(args.repeat, lambda style=compiled: render_entries(items, style))
        baseline = None if args.no_baseline else citeproc_py_seconds(style, items)
        target = f"{TARGETS[style]:.1f}" if style in TARGETS else "-"
        base = f"{baseline:.2f}" if baseline is not None else "n/a"
        speedup = f"{baseline / cpu:.0f}x" if baseline is not None else "-"
        row = f"{style:28} {compile_s:8.3f} {wall:7.3f} {cpu:7.3f} {target:>7} {base:>16}"
        print(f"{row} {speedup:>9}")


if __name__ == "__main__":
    main()
