"""Regression floor for list finding on the 240 real ru/en lists of the shared bilingual set.

The lists are laid out as a document would print them (numbered one per line; wrapped at
70 columns with hanging indents) under their headings, found again, and compared entry by
entry. The floors are a little under what benchmarks/readers.py measures, so a change that
loses lists fails here.
"""

from __future__ import annotations

import json
import textwrap

import pytest

from refbridge.model import Document
from refbridge.sections import find_reference_lists

pytestmark = pytest.mark.shared_data


def _layout(entries: list[str], style: str) -> list[str]:
    if style == "numbered":
        return [f"{n}. {entry}" for n, entry in enumerate(entries, 1)]
    lines: list[str] = []
    for entry in entries:
        wrapped = textwrap.wrap(entry, 70, break_on_hyphens=False)
        lines += [wrapped[0]] + ["    " + piece for piece in wrapped[1:]]
    return lines


@pytest.mark.slow
@pytest.mark.parametrize(("style", "floor"), [("numbered", 236), ("hanging", 202)])
def test_real_lists_found_again(shared_data, style, floor):
    with open(shared_data / "bilingual" / "articles.dev.jsonl", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    exact = 0
    for row in rows:
        lines = ["Text of the article, which we wrote.", "", "Список литературы", ""]
        lines += [*_layout(row["ru_list"], style), "", "References", ""]
        lines += _layout(row["en_list"], style)
        found = find_reference_lists(Document(source="t", format="text", lines=lines))
        by_heading = {f.heading: f for f in found}
        for heading, language, gold in (
            ("Список литературы", "ru", row["ru_list"]),
            ("References", "en", row["en_list"]),
        ):
            if heading in by_heading:
                mine = by_heading[heading]
                assert mine.language == language
                got = [" ".join(e.text.split()) for e in mine.entries]
                exact += [" ".join(g.split()) for g in gold] == got
    assert exact >= floor, f"{exact} of {2 * len(rows)} lists found exactly"
