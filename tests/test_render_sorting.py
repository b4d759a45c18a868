"""Sorting and citation numbers as citeproc-js does them: numbers follow the sorted
bibliography, a descending citation-number key counts them down."""

from __future__ import annotations

from refbridge.render import load_style
from refbridge.render.processor import Processor

ITEMS = [
    {"id": "a", "type": "book", "title": "Aaaa"},
    {"id": "b", "type": "book", "title": "Bbbb"},
    {"id": "z", "type": "book", "title": "Zzzz"},
    {"id": "x", "type": "book", "title": "Xxxx"},
]


def _style(bibliography_keys: str, citation_keys: str = "") -> str:
    return f"""<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id/><title/><updated>2024-01-01T00:00:00+00:00</updated></info>
  <macro name="number"><number variable="citation-number"/></macro>
  <citation><sort>{citation_keys}</sort>
    <layout delimiter="; "><group delimiter=" ">
      <text variable="citation-number" prefix="[" suffix="]"/><text variable="title"/>
    </group></layout>
  </citation>
  <bibliography><sort>{bibliography_keys}</sort>
    <layout><text variable="citation-number" suffix=" "/><text variable="title"/></layout>
  </bibliography>
</style>"""


def _bibliography(processor: Processor) -> list[str]:
    return [text for _, text in processor.bibliography()]


def test_numbers_follow_the_sorted_bibliography() -> None:
    style = load_style(_style('<key variable="title" sort="descending"/>'))
    processor = Processor(style, ITEMS)
    assert _bibliography(processor) == ["1 Zzzz", "2 Xxxx", "3 Bbbb", "4 Aaaa"]


def test_last_descending_citation_number_key_counts_down() -> None:
    keys = '<key variable="title"/><key macro="number" sort="descending"/>'
    processor = Processor(load_style(_style(keys)), ITEMS)
    assert _bibliography(processor) == ["4 Aaaa", "3 Bbbb", "2 Xxxx", "1 Zzzz"]
    # a later ascending key on citation-number counts up again
    keys = '<key variable="citation-number" sort="descending"/><key variable="citation-number"/>'
    processor = Processor(load_style(_style(keys)), ITEMS)
    assert _bibliography(processor) == ["1 Xxxx", "2 Zzzz", "3 Bbbb", "4 Aaaa"]


def test_citations_sort_by_the_printed_number() -> None:
    keys = '<key macro="number" sort="descending"/>'
    processor = Processor(load_style(_style(keys, '<key variable="citation-number"/>')), ITEMS)
    assert processor.citation(["x", "a", "z"]) == "[1] Aaaa; [3] Zzzz; [4] Xxxx"
