"""DOI checking at scale against a local server that enforces Crossref-style limits.

1,000 DOIs are checked against tests/fake_doi_server.py configured like Crossref's polite
pool (10 requests/s, 3 concurrent; it answers 429 beyond either and counts each one it had
to send), with a realistic response latency and 5% injected faults (timeouts, connection
resets, 500/502/503, truncated JSON, HTML instead of JSON). The client learns the limits
from the response headers. Then the same 1,000 are checked again from the SQLite cache.

    python benchmarks/doi_check.py [--dois 1000] [--fault-rate 0.05] [--latency 0.15]
"""

from __future__ import annotations

import argparse
import collections
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from refbridge.doi.check import check_dois
from refbridge.doi.client import DoiClient

ROOT = Path(__file__).resolve().parent.parent

FAULT_KINDS = ("timeout", "reset", "500", "502", "503", "truncated", "html")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dois", type=int, default=1000)
    parser.add_argument(
        "--rate", type=int, default=10, help="requests per second the server allows"
    )
    parser.add_argument("--concurrency", type=int, default=3)
    parser.add_argument("--latency", type=float, default=0.15, help="server response time, s")
    parser.add_argument("--fault-rate", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--margin", type=float, default=None, help="client spacing margin")
    args = parser.parse_args()

    dois = [f"10.5555/bench.{i}" for i in range(args.dois)]
    # The server runs in its own process, as a real one would: its clock and threads do not
    # share an interpreter lock with the client being measured.
    command = [
        sys.executable, str(ROOT / "tests" / "fake_doi_server.py"),
        "--rate", str(args.rate), "--concurrency", str(args.concurrency),
        "--latency", str(args.latency), "--fault-rate", str(args.fault_rate),
        "--fault-kinds", ",".join(FAULT_KINDS), "--fault-sleep", "2.0",
        "--seed", str(args.seed), "--synthetic-prefix", "10.5555/bench.",
    ]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        base = server.stdout.readline().strip()
        urls = {
            "crossref_url": f"{base}/crossref",
            "doi_url": f"{base}/doi",
            "datacite_url": f"{base}/datacite",
        }
        with tempfile.TemporaryDirectory() as tmp:
            cache = Path(tmp) / "http.sqlite"
            options = {} if args.margin is None else {"margin": args.margin}
            with DoiClient(
                cache=cache, timeout=1.0, mailto="bench@example.org", **options, **urls
            ) as client:
                started = time.monotonic()
                first = check_dois(dois, client=client, workers=8)
                cold = time.monotonic() - started
                stats = dict(client.stats)
            served = requests.get(f"{base}/_stats", timeout=5).json()
            with DoiClient(cache=cache, **urls) as client:
                started = time.monotonic()
                second = check_dois(dois, client=client, workers=8)
                warm = time.monotonic() - started
                warm_hits = client.stats["cache_hits"]
            counts = requests.get(f"{base}/_stats", timeout=5).json()
    finally:
        server.terminate()
        server.wait()
    network_second = counts["requests"] - served["requests"]

    floor = args.dois / args.rate
    statuses = collections.Counter(c.status for c in first)
    lost = args.dois - statuses["ok"]
    rows = [
        ("DOIs checked", f"{len(first)}"),
        ("statuses (first run)", ", ".join(f"{k}={v}" for k, v in sorted(statuses.items()))),
        ("results lost (not ok)", f"{lost}"),
        ("floor set by the limit", f"{floor:.1f} s"),
        ("first run (network)", f"{cold:.1f} s = {cold / floor:.3f} x floor"),
        ("HTTP requests sent", f"{stats['requests']}"),
        ("faults injected", f"{counts['faults']}"),
        ("retries", f"{stats['retries']}"),
        ("429s provoked", f"{counts['429_provoked']}"),
        ("max concurrent at server", f"{counts['max_active']}"),
        ("second run (cache)", f"{warm:.2f} s, {warm_hits} cache hits, {network_second} requests"),
        (
            "second run identical",
            f"{[c.to_dict() for c in first] == [c.to_dict() for c in second]}",
        ),
    ]
    width = max(len(k) for k, _ in rows)
    print(f"{'measure':<{width}}  value")
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    ok = lost == 0 and counts["429_provoked"] == 0 and cold <= 1.1 * floor and warm < 2.0
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
