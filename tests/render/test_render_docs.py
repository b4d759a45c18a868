"""The examples in docs/rendering.md run and print what the page says."""

from __future__ import annotations

import doctest

from paths import ROOT

DOC = ROOT / "docs" / "rendering.md"


def test_rendering_guide_examples() -> None:
    result = doctest.testfile(str(DOC), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 10
    assert result.failed == 0


def test_module_docstring_example() -> None:
    import sys

    import refbridge.render  # noqa: F401  (the attribute is the function; the module is here)

    result = doctest.testmod(sys.modules["refbridge.render"])
    assert result.attempted >= 3
    assert result.failed == 0
