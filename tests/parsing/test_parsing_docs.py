"""The examples in docs/parsing-rules.md run and print what the page says."""

import doctest

from paths import ROOT

DOC = ROOT / "docs" / "parsing-rules.md"


def test_parsing_rules_page_examples():
    result = doctest.testfile(str(DOC), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
