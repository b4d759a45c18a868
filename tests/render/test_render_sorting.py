"""Sorting and citation numbers as citeproc-js does them: numbers follow the sorted
bibliography, a descending citation-number key counts them down."""

from __future__ import annotations

from refbridge.render import load_style
from refbridge.render.collate import sort_key
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


def _cited_titles(sort_keys: str, macros: str, items: list[dict]) -> str:
    style = f"""<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><id/><title/><updated>2024-01-01T00:00:00+00:00</updated></info>{macros}
  <citation><sort>{sort_keys}</sort>
    <layout delimiter="; "><text variable="title"/></layout>
  </citation>
</style>"""
    processor = Processor(load_style(style), items)
    return processor.citation([str(item["id"]) for item in items])


def _dated(title: str, *ends: list[int]) -> dict:
    return {"id": title, "type": "book", "title": title, "issued": {"date-parts": list(ends)}}


def test_date_keys_sort_ranges_by_their_end_and_bc_first() -> None:
    items = [
        _dated("A", [2000, 5], [2001, 5]),
        _dated("B", [2000, 5], [1999, 5]),
        _dated("C", [2000, 5]),
        _dated("D", [-44, 3, 15]),
        _dated("E", [-100, 7, 13]),
        {"id": "F", "type": "book", "title": "F"},
    ]
    assert _cited_titles('<key variable="issued"/>', "", items) == "E; D; C; B; A; F"


def test_date_in_a_sort_macro_keys_only_the_parts_it_prints() -> None:
    items = [_dated("A", [2000, 11, 2]), _dated("C", [2001]), _dated("B", [2000, 11, 1])]
    macro = '<macro name="date"><date variable="issued" form="numeric" {}/></macro>'
    keys = '<key macro="date"/><key variable="title"/>'
    assert _cited_titles(keys, macro.format('date-parts="year"'), items) == "A; B; C"
    assert _cited_titles(keys, macro.format(""), items) == "B; A; C"


def test_name_labels_do_not_sort_and_survive_author_substitution() -> None:
    style = """<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id/><title/><updated>2024-01-01T00:00:00+00:00</updated></info>
  <macro name="author"><names variable="author">
    <name name-as-sort-order="first"/><label form="short" prefix=" "/>
    <substitute><names variable="editor"/></substitute>
  </names></macro>
  <citation><layout><text value="x"/></layout></citation>
  <bibliography subsequent-author-substitute="---">
    <sort><key macro="author"/><key variable="title"/></sort>
    <layout><text macro="author" suffix=". "/><text variable="title"/></layout>
  </bibliography>
</style>"""
    doe, eamon = {"family": "Doe", "given": "John"}, {"family": "Doe", "given": "John Eamon"}
    items = [
        {"id": "1", "type": "book", "title": "C", "author": [doe]},
        {"id": "2", "type": "book", "title": "A", "author": [eamon]},
        {"id": "3", "type": "book", "title": "B", "editor": [doe]},
    ]
    processor = Processor(load_style(style), items)
    # "Doe, John ed." sorts as "Doe, John", before "Doe, John Eamon"
    assert _bibliography(processor) == ["Doe, John ed. B", "---. C", "Doe, John Eamon. A"]


def test_et_al_use_last_sorts_by_the_last_name_too() -> None:
    style = """<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><id/><title/><updated>2024-01-01T00:00:00+00:00</updated></info>
  <macro name="author"><names variable="author"><name form="short"/></names></macro>
  <citation><layout><text value="x"/></layout></citation>
  <bibliography et-al-min="3" et-al-use-first="1" et-al-use-last="true">
    <sort><key macro="author"/></sort>
    <layout><text macro="author"/></layout>
  </bibliography>
</style>"""
    items = [
        {"id": last, "type": "book", "author": [{"family": n} for n in ("Roe", "Doe", last)]}
        for last in ("Gogh", "Aogh")
    ]
    processor = Processor(load_style(style), items)
    assert _bibliography(processor) == ["Roe, … Aogh", "Roe, … Gogh"]


def test_sorting_by_citation_number_does_not_make_a_style_numeric() -> None:
    style = """<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><id/><title/><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><sort><key variable="citation-number"/></sort>
    <layout><text variable="title"/></layout></citation>
  <bibliography><layout>
    <choose><if type="book"><text variable="title"/></if></choose>
  </layout></bibliography>
</style>"""
    items = [*ITEMS[:2], {"id": "letter", "type": "personal_communication", "title": "L"}]
    processor = Processor(load_style(style), items)
    # an entry that prints nothing is left out, not flagged as in a numeric style
    assert _bibliography(processor) == ["Aaaa", "Bbbb"]


def test_words_and_name_parts_sort_one_after_the_other() -> None:
    # citeproc-js keys join words with a separator that sorts before any letter
    assert sort_key("de Frinkle") < sort_key("De la Cruz, Ana") < sort_key("Defoe")
    style = """<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0"
      demote-non-dropping-particle="never">
  <info><id/><title/><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text value="x"/></layout></citation>
  <bibliography><sort><key variable="author"/></sort>
    <layout><names variable="author"><name name-as-sort-order="all"/></names></layout>
  </bibliography>
</style>"""
    items = [
        {"id": "1", "type": "book", "author": [{"family": "de' Frinkle", "given": "Bevis"}]},
        {"id": "2", "type": "book", "author": [{"family": "d'Wander", "given": "William"}]},
    ]
    # the particle "d’" is a key part of its own, before "de’"
    assert _bibliography(Processor(load_style(style), items)) == [
        "d’Wander, William",
        "de’ Frinkle, Bevis",
    ]
