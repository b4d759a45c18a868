"""Causes of differences from citeproc-js found on real, messy parsed reference strings
(``benchmarks/render_oracle.py --jats``): one test per cause, each on the smallest item."""

from __future__ import annotations

from refbridge import render, render_citations
from refbridge.render import render_entries

WEB_ARTICLE = {
    "id": "a",
    "type": "article-journal",
    "title": "Drought stress",
    "container-title": "Plant Signal Behav",
    "issued": {"date-parts": [[2008]]},
    "URL": "http://example.org/x",
}


def test_term_only_group_keeps_the_group_around_an_empty_variable() -> None:
    # IEEE's access macro: [Accessed: <accessed>] and [Online] in one group; "[Online]" holds
    # no variable, so it keeps the group alive although "accessed" is empty.
    assert render([WEB_ARTICLE], "ieee").endswith("2008, [Online]. Available: http://example.org/x")


def _article(item_id: str, year: int, *people: tuple[str, str]) -> dict:
    return {
        "id": item_id,
        "type": "article-journal",
        "title": item_id.title(),
        "issued": {"date-parts": [[year]]},
        "author": [{"family": family, "given": given} for family, given in people],
    }


def test_mla_disambiguation_steps_name_by_name_and_reaches_the_bibliography() -> None:
    # citeproc-js tries the first name's given name (initials, then as given), then one more
    # name, and so on; the names and given names it added are printed in the bibliography.
    items = [
        _article("rice", 2014, ("Chen", "C."), ("Chen", "H."), ("Lin", "Y. S.")),
        _article("water", 2010, ("Chen", "C."), ("Wang", "E."), ("Yu", "Q.")),
        _article("pain", 2002, ("Chen", "C. C."), ("Zimmer", "A."), ("Sun", "W. H.")),
        _article("salt", 2001, ("Zhang", "Y"), ("Wen", "Z"), ("Li", "X.")),
        _article("soil", 2009, ("Zhang", "Y."), ("Tan", "J."), ("Guo", "Z.")),
    ]
    style = "modern-language-association"
    assert render_citations(items, style, item_locales=False) == [
        "(C. Chen, Chen, et al.)",
        "(C. Chen, Wang, et al.)",
        "(C. C. Chen et al.)",
        "(Y Zhang et al.)",
        "(Y. Zhang et al.)",
    ]
    assert [e.text for e in render_entries(items, style, item_locales=False)] == [
        "Chen, C., H. Chen, et al. Rice. 2014.",
        "Chen, C., E. Wang, et al. Water. 2010.",
        "Chen, C. C., et al. Pain. 2002.",
        "Zhang, Y, et al. Salt. 2001.",  # given name as given: it told the cites apart
        "Zhang, Y., et al. Soil. 2009.",
    ]


def test_a_last_literal_name_is_joined_as_citeproc_js_joins_an_institution() -> None:
    # the <name>'s delimiter-precedes-last does not apply before a last literal name: two
    # names take no comma (APA's "always" is ignored), three or more take one (Harvard's
    # "never" is ignored)
    two = _article("two", 2013, ("Gill", "S. A."))
    two["author"].append({"literal": "Bierema AM-K"})
    three = _article("three", 2012, ("Sun", "Q."), ("Yang", "Y."))
    three["author"].append({"literal": "Z.-W. Fu"})
    assert render([two], "apa").startswith("Gill, S. A. & Bierema AM-K. (2013).")
    assert render([three], "harvard-cite-them-right").startswith("Sun, Q., Yang, Y., and Z.-W. Fu")


def test_name_suffix_is_normalised_like_initials_and_literal_names_get_curly_apostrophes() -> None:
    item = _article("tale", 2015, ("Ferreira", "R. M."), ("Belasque", "J"))
    item["author"][1]["suffix"] = "Jr."
    item["author"].append({"literal": "O'Connell R J"})
    # Vancouver's initials take no period, nor does the suffix
    assert render([item], "nlm-citation-sequence").startswith(
        "1. Ferreira RM, Belasque J Jr, O\u2019Connell R J."
    )


def test_page_label_written_into_the_value_is_read_off_and_number_digits_kept() -> None:
    item = {**WEB_ARTICLE, "volume": "0451", "issue": "08", "page": "p. 863-875"}
    del item["URL"]
    # the label "p." names the variable: the range is formatted and labelled plural
    assert ", vol. 0451, no. 08, pp. 863–875, 2008." in render([item], "ieee")
    assert render([item], "apa").endswith("Plant Signal Behav, 0451(08), 863–875.")
