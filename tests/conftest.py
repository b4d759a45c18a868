"""Shared fixtures: paths to the example corpus and to the shared data (skip when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REFERENCES = ROOT / "references"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def references_dir() -> Path:
    return REFERENCES


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA
