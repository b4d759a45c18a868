"""A DOCX whose ``word/document.xml`` unpacks to 1.5 GB: time and memory to refuse it.

    PYTHONPATH=src python benchmarks/docx_bomb.py [--gigabytes 1.5]

Builds a real bomb (a valid Word package whose document part holds 1.5 GB of text, about
1.5 MB compressed; cached in the temporary folder) and runs ``refbridge extract`` on it in a
child process, reporting wall-clock seconds, peak resident memory and the message. The goal
(issue 15): a located error within 10 s and 500 MB. The same child also reads a normal DOCX,
as a peer for both figures.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "documents" / "seed002.docx"
CHUNK = b"A" * 2**20


def build_bomb(path: Path, size: int) -> None:
    """``SEED`` with its document part replaced by ``size`` bytes of one long paragraph."""
    with zipfile.ZipFile(SEED) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            if item.filename != "word/document.xml":
                out.writestr(item, source.read(item))
                continue
            head, _, _ = source.read(item).partition(b"<w:body>")
            with out.open("word/document.xml", "w", force_zip64=True) as part:
                part.write(head + b"<w:body><w:p><w:r><w:t>")
                for _ in range(size // len(CHUNK)):
                    part.write(CHUNK)
                part.write(b"</w:t></w:r></w:p></w:body></w:document>")


def run(path: Path) -> tuple[float, float, int, str]:
    """Wall seconds, peak child memory (MB), exit status and stderr of ``refbridge extract``."""
    code = (
        "import resource, sys\nfrom refbridge.cli import main\nstatus = main(sys.argv[1:])\n"
        "sys.stderr.write(f'\\nPEAK {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n')\n"
        "sys.exit(status)"
    )
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", code, "extract", str(path)],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    err, _, peak = result.stderr.rpartition("PEAK ")
    return wall, int(peak) / 1024, result.returncode, err.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gigabytes", type=float, default=1.5, help="unpacked size of the part")
    args = parser.parse_args()
    size = int(args.gigabytes * 2**30)
    bomb = Path(tempfile.gettempdir()) / f"refbridge-bomb-{size}.docx"
    if not bomb.exists():
        build_bomb(bomb, size)
    print(f"bomb: {bomb.stat().st_size / 2**20:.1f} MB on disk, {size / 2**30:.2f} GB unpacked")
    print(f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs")
    print("| input | wall s | peak MB | exit | message |")
    print("|---|---:|---:|---:|---|")
    met = True
    for label, path in (("seed002.docx (peer)", SEED), ("1.5 GB bomb", bomb)):
        wall, peak, status, err = run(path)
        message = err.splitlines()[0] if err else ""
        print(f"| {label} | {wall:.2f} | {peak:.0f} | {status} | {message[:200]} |")
        if path == bomb:
            met = status == 1 and str(bomb) in message and wall <= 10 and peak <= 500
    print(f"goal: located error, <= 10 s, <= 500 MB: {'MET' if met else 'NOT MET'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
