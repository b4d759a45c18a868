"""The citation side of the processor: what a cluster prints for cites that print nothing,
positions tracked across a document's citations."""

from __future__ import annotations

from refbridge.render import Cite, load_style
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


POSITIONS = """<choose>
  <if position="ibid-with-locator"><text value="ibid-loc"/></if>
  <else-if position="ibid"><text value="ibid"/></else-if>
  <else-if position="near-note"><text value="near"/></else-if>
  <else-if position="subsequent"><text value="subsequent"/></else-if>
  <else><text variable="title"/></else>
</choose>"""


def _positions(clusters: list[tuple[list[Cite], int]], near: str = "") -> list[str]:
    style = f"""<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><id/><title/><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation {near}><layout delimiter="; ">{POSITIONS}</layout></citation>
</style>"""
    return Processor(load_style(style), ITEMS).citations(clusters)


def test_text_and_note_citations_are_tracked_apart() -> None:
    dated, undated = Cite("dated"), Cite("undated")
    # the note between the two in-text cites does not break the ibid
    assert _positions([([dated], 0), ([undated], 1), ([dated], 0)]) == [
        "Dated",
        "Undated",
        "ibid",
    ]


def test_ibid_needs_the_previous_note_to_hold_that_cite_alone() -> None:
    dated, undated = Cite("dated"), Cite("undated")
    clusters = [([dated], 1), ([undated], 1), ([undated], 2), ([undated], 3)]
    assert _positions(clusters) == ["Dated", "Undated", "near", "ibid"]
    # a note further back is not "just before"
    assert _positions([([dated], 1), ([dated], 3)]) == ["Dated", "near"]


def test_locators_and_their_labels_decide_ibid_with_locator() -> None:
    page, book = Cite("dated", locator="12"), Cite("dated", locator="12", label="book")
    clusters = [([page], 1), ([book], 2), ([book], 3), ([Cite("dated")], 4)]
    assert _positions(clusters) == ["Dated", "ibid-loc", "ibid", "near"]


def test_near_note_distance_zero_is_kept() -> None:
    dated = Cite("dated")
    clusters = [([dated, dated], 1), ([Cite("undated")], 2), ([dated], 3)]
    assert _positions(clusters, 'near-note-distance="0"') == [
        "Dated; ibid",
        "Undated",
        "subsequent",
    ]
    assert _positions(clusters) == ["Dated; ibid", "Undated", "near"]


def test_cite_states_report_what_a_citation_depends_on() -> None:
    processor = _processor('<text variable="title"/>')
    states = processor.cite_states([([Cite("dated")], 1), ([Cite("dated")], 4)])
    assert states == [[("dated", 0, False, 0, None)], [("dated", 1, True, 1, None)]]


def test_cite_affixes_with_punctuation_trim_the_delimiter() -> None:
    processor = _processor('<text variable="title"/>')
    prefixed = Cite("undated", prefix=". He said so. ")
    assert processor.citation([Cite("dated"), prefixed]) == "(Dated. He said so. Undated)"
    suffixed = Cite("dated", suffix=" and more,")
    assert processor.citation([suffixed, Cite("undated")]) == "(Dated and more, Undated)"


def test_labels_written_into_locators() -> None:
    processor = _processor(
        '<group delimiter=" "><label variable="locator" form="short"/>'
        '<text variable="locator"/></group>'
    )
    # a leading label becomes the cite's label; an embedded one keeps its place and does not
    # make the cite's label plural
    assert processor.citation([Cite("dated", locator="vol. 1, fol. 186")]) == "(vol. 1, fol. 186)"
    assert processor.citation([Cite("dated", locator="367-368, fig. 3")]) == "(pp. 367–368, fig. 3)"
    assert processor.citation([Cite("dated", locator=" 12")]) == "(p. 12)"


def test_a_locator_is_text_without_outer_spaces() -> None:
    assert Cite("x", locator=" 12 ").locator == "12"
    assert Cite("x", locator=12).locator == "12"  # type: ignore[arg-type]
    assert Cite("x", locator=None).locator == ""  # type: ignore[arg-type]
