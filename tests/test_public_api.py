"""The curated public API stays true: every name in __all__ exists, and nothing is missing."""

import refbridge


def test_all_names_exist():
    missing = [name for name in refbridge.__all__ if not hasattr(refbridge, name)]
    assert missing == []


def test_all_is_sorted_and_unique():
    assert list(refbridge.__all__) == sorted(set(refbridge.__all__))
