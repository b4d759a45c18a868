"""The CSL processor test suite: every fixture not on the known-failures list must pass.

The fixtures live in ``../shared/data/csl/test-suite/`` (skipped when absent); the runner is
``benchmarks/csl_suite.py``, which also prints the per-category table. The known-failures list
``tests/data/csl_suite_known_failures.txt`` may only shrink: a fixture that starts passing must
be taken off it (``python benchmarks/csl_suite.py --write-known``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from paths import BENCHMARKS, TEST_DATA

KNOWN = TEST_DATA / "csl_suite_known_failures.txt"


@pytest.fixture(scope="module")
def outcome(shared_data: Path) -> dict[str, bool]:
    suite = shared_data / "csl" / "test-suite"
    if not suite.is_dir():
        pytest.skip("the CSL test suite is not in ../shared/data/csl")
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import csl_suite
    finally:
        sys.path.remove(str(BENCHMARKS))
    return csl_suite.results(suite)


@pytest.mark.slow
def test_every_fixture_not_known_to_fail_passes(outcome: dict[str, bool]) -> None:
    known = set(KNOWN.read_text("utf-8").split())
    regressions = sorted(name for name, ok in outcome.items() if not ok and name not in known)
    assert not regressions, f"{len(regressions)} fixtures newly failing: {regressions[:20]}"
    print(f"CSL test suite: {sum(outcome.values())} of {len(outcome)} fixtures pass")


def test_known_failures_only_shrink(outcome: dict[str, bool]) -> None:
    known = set(KNOWN.read_text("utf-8").split())
    assert known <= set(outcome), f"unknown fixtures listed: {sorted(known - set(outcome))[:5]}"
    fixed = sorted(name for name in known if outcome[name])
    assert not fixed, f"now passing, take them off {KNOWN.name}: {fixed}"
