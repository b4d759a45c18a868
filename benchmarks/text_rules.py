"""The text rules on hostile input: time grows linearly with the length of the string.

    PYTHONPATH=src python benchmarks/text_rules.py [--sizes 10000 100000 1000000]

Each rule of :mod:`refbridge.text` runs on strings of growing size in three shapes: one token
without white space (what a PDF's lost spaces or a base64 blob give), prose (words and
spaces) and a run of opening brackets and "(in " (what a mark pattern could stumble on). The
peer is ``re.findall(r"\\S+", s)`` on the same string, timed in the same run. Reported: CPU
seconds of the slowest shape, the ratio to the peer, and the growth from the smallest to the
largest size (linear: the size ratio).
"""

from __future__ import annotations

import argparse
import os
import re
import time
from collections.abc import Callable

from refbridge.text import (
    detect_language,
    find_language_mark,
    find_urls,
    script_of,
    strip_markdown,
    without_identifiers,
)
from refbridge.text.identifiers import doi_spans

RULES: dict[str, Callable[[str], object]] = {
    "without_identifiers": without_identifiers,
    "detect_language": detect_language,
    "script_of": script_of,
    "find_language_mark": find_language_mark,
    "strip_markdown": strip_markdown,
    "doi_spans": lambda s: list(doi_spans(s)),
    "find_urls": lambda s: list(find_urls(s)),
}


def shapes(size: int) -> dict[str, str]:
    """Strings of ``size`` characters that stress the patterns in different ways."""
    return {
        "one token": ("a10.1000/x@" * (size // 11 + 1))[:size] + " 10 www.",
        "prose": ("Иванов И.И. Title of a paper, 2019 " * (size // 35 + 1))[:size],
        "brackets": ("((in [на *_ <10.1000/ " * (size // 21 + 1))[:size],
    }


def cpu(function: Callable[[str], object], text: str) -> float:
    start = time.process_time()
    function(text)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    args = parser.parse_args()
    sizes = sorted(args.sizes)
    peer = re.compile(r"\S+").findall
    load = os.getloadavg()[0]
    print(f"load average {load:.1f}, {os.cpu_count()} CPUs; sizes {', '.join(map(str, sizes))}")
    print("| rule | CPU s at largest (slowest shape) | x peer | growth smallest → largest |")
    print("|---|---:|---:|---:|")
    for name, rule in RULES.items():
        worst = {size: max(cpu(rule, s) for s in shapes(size).values()) for size in sizes}
        base = {size: max(cpu(peer, s) for s in shapes(size).values()) for size in sizes}
        large, small = sizes[-1], sizes[0]
        growth = worst[large] / max(worst[small], 1e-4)
        print(
            f"| `{name}` | {worst[large]:.3f} | {worst[large] / max(base[large], 1e-4):.1f} "
            f"| {growth:.0f} |"
        )
    print(f"(linear growth: {sizes[-1] // sizes[0]})")


if __name__ == "__main__":
    main()
