"""The citation side of the processor: what a cluster prints for cites that print nothing,
positions tracked across a document's citations."""

from __future__ import annotations

from refbridge.render import load_style
from refbridge.render.processor import NO_PRINTED_FORM, Processor

ITEMS = [
    {"id": "dated", "type": "book", "title": "Dated", "issued": {"date-parts": [[2001]]}},
    {"id": "undated", "type": "book", "title": "Undated"},
]


def _processor(layout: str) -> Processor:
    style = f"""<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><id/><title/><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout prefix="(" suffix=")" delimiter="; ">{layout}</layout></citation>
</style>"""
    return Processor(load_style(style), ITEMS)


def test_a_first_cite_that_prints_nothing_says_so_later_ones_drop_out() -> None:
    processor = _processor('<date variable="issued"><date-part name="year"/></date>')
    assert processor.citation(["undated"]) == f"({NO_PRINTED_FORM})"
    assert processor.citation(["dated", "undated"]) == "(2001)"
    assert processor.citation(["undated", "dated"]) == f"({NO_PRINTED_FORM}; 2001)"
