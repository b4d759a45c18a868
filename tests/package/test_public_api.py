"""The curated public API stays true: every name in __all__ exists, and nothing is missing."""

import refbridge


def test_all_names_exist():
    missing = [name for name in refbridge.__all__ if not hasattr(refbridge, name)]
    assert missing == []


def test_all_is_sorted_and_unique():
    assert list(refbridge.__all__) == sorted(set(refbridge.__all__))


def test_every_error_refbridge_raises_is_public():
    """Code catching refbridge's errors needs no private module: each one is in __all__."""
    import refbridge.errors

    errors = {
        name
        for name, value in vars(refbridge.errors).items()
        if isinstance(value, type) and issubclass(value, refbridge.RefbridgeError)
    }
    assert errors - set(refbridge.__all__) == set()
    assert issubclass(refbridge.CheckInterrupted, KeyboardInterrupt)  # check_dois's Ctrl-C
