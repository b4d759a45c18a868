"""Title case follows the text's language: the item's, else the style's default locale."""

from __future__ import annotations

from refbridge.render import load_style
from refbridge.render.processor import Processor


def _titles(default_locale: str, items: list[dict]) -> list[str]:
    style = f"""<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0"
      default-locale="{default_locale}">
  <info><id/><title/><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title" text-case="title"/></layout></citation>
</style>"""
    processor = Processor(load_style(style), items)
    return [processor.citation([str(item["id"])]) for item in items]


def test_items_without_a_language_take_the_styles() -> None:
    items = [
        {"id": "1", "type": "book", "title": "det danske alfabet"},
        {"id": "2", "type": "book", "title": "the danish alphabet", "language": "en-GB"},
    ]
    assert _titles("da-DK", items) == ["det danske alfabet", "The Danish Alphabet"]
    assert _titles("en-US", items[:1]) == ["Det Danske Alfabet"]
