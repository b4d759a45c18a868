"""Start-up time of the CLI against ``python -c "import requests"``, measured in the same run.

    PYTHONPATH=src python benchmarks/startup.py [--repeat 15]

Each command runs ``--repeat`` times in a fresh interpreter, the commands interleaved so that
machine load hits all of them alike. We report the best wall-clock time and the best CPU time
(user + system of the child; steadier on a busy machine) and the ratio of each to the peer.
The goal (issue 15): ``refbridge translit --scheme bsi Иванов`` within 2x the peer.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEER = ("import requests", [sys.executable, "-c", "import requests"])
COMMANDS = [
    PEER,
    ("refbridge translit --scheme bsi Иванов",
     [sys.executable, "-m", "refbridge", "translit", "--scheme", "bsi", "Иванов"]),
    ("refbridge --help", [sys.executable, "-m", "refbridge", "--help"]),
    ("refbridge parse --help", [sys.executable, "-m", "refbridge", "parse", "--help"]),
    ("import refbridge", [sys.executable, "-c", "import refbridge"]),
    ("python -c pass", [sys.executable, "-c", "pass"]),
]  # fmt: skip
GOAL = 2.0


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run of ``argv`` in a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=15, help="runs per command (best kept)")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    best = {label: [float("inf"), float("inf")] for label, _ in COMMANDS}
    for _ in range(args.repeat):
        for label, argv in COMMANDS:
            wall, cpu = run_once(argv, env)
            best[label][0] = min(best[label][0], wall)
            best[label][1] = min(best[label][1], cpu)
    peer_wall, peer_cpu = best[PEER[0]]
    print(f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs, {args.repeat} runs each")
    print("| command | best wall s | x peer | best CPU s | x peer |")
    print("|---|---:|---:|---:|---:|")
    for label, (wall, cpu) in best.items():
        print(
            f"| `{label}` | {wall:.3f} | {wall / peer_wall:.2f} "
            f"| {cpu:.3f} | {cpu / peer_cpu:.2f} |"
        )
    translit_wall, translit_cpu = best[COMMANDS[1][0]]
    met = translit_wall <= GOAL * peer_wall and translit_cpu <= GOAL * peer_cpu
    print(f"goal translit <= {GOAL}x import requests (wall and CPU): {'MET' if met else 'NOT MET'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
