"""Where the repository, the example corpus and the shared data are, for every test."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCES = ROOT / "references"
SHARED_DATA = ROOT.parent / "shared" / "data"
TEST_DATA = ROOT / "tests" / "data"
BENCHMARKS = ROOT / "benchmarks"
