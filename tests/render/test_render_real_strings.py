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


def test_a_group_around_one_child_keeps_its_place_in_the_punctuation_clean_up() -> None:
    # IEEE: title and edition in a group with suffix ". ", the edition in a group of its own;
    # citeproc-js merges the doubled period and keeps the space ("2nd ed. Oxford")
    book = {
        "id": "b",
        "type": "book",
        "title": "Soil",
        "edition": "2nd ed",
        "publisher": "P",
        "publisher-place": "Oxford",
        "issued": {"date-parts": [[2010]]},
    }
    assert render([book], "ieee") == "[1] Soil, 2nd ed. Oxford: P, 2010."


def test_by_cite_names_alike_within_an_entry_print_given_names_in_full() -> None:
    # citeproc-js's name register: two authors of one item with the same family name and
    # initials are told apart by their given names in a by-cite style's bibliography
    item = _article("w", 2004, ("Young", "C. T."), ("Walker", "Sarah"), ("Walker", "Susan"))
    assert render([item], "harvard-cite-them-right").startswith(
        "Young, C.T., Walker, Sarah and Walker, Susan (2004)"
    )


def test_given_names_differing_only_in_periods_are_one_person() -> None:
    # "H." and "H" are the same person to citeproc-js's name register: the two cites stay
    # alike and take year suffixes instead of given names
    items = [
        _article("one", 2010, ("Li", "H."), ("Durbin", "R.")),
        _article("two", 2010, ("Li", "H"), ("Durbin", "R")),
    ]
    assert render_citations(items, "chicago-author-date", item_locales=False) == [
        "(Li and Durbin 2010a)",
        "(Li and Durbin 2010b)",
    ]


def test_a_bare_names_inside_a_choose_in_a_substitute_inherits_name_and_label() -> None:
    # Chicago substitutes the editor from inside a <choose>: inverted, with "ed."
    book = {
        "id": "b",
        "type": "book",
        "title": "Bugs",
        "publisher": "CRC",
        "issued": {"date-parts": [[2018]]},
        "editor": [{"family": "McPherson", "given": "J. E."}],
    }
    assert render([book], "chicago-author-date") == "McPherson, J. E., ed. 2018. Bugs. CRC."


def test_a_page_range_of_non_numbers_takes_a_singular_label() -> None:
    # citeproc-js: a range is plural only when its first number is numeric ("12", "E12",
    # "iv"); "13.15.1-13.15.24" and "1806.e3-5" keep "p."
    def pages(value: str) -> str:
        item = {**WEB_ARTICLE, "page": value}
        del item["URL"]
        return render([item], "modern-language-association").rsplit(", ", 1)[1]

    assert pages("13.15.1-13.15.24") == "p. 13.15.1-13.15.24."
    assert pages("1806.e3-5") == "p. 1806.e3-5."
    assert pages("E1639-E1647") == "pp. E1639–47."


def test_a_cite_read_before_its_name_became_ambiguous_is_read_again() -> None:
    # APA: "Kumar" is "S. Kumar" only once "I. Kumar" is registered; the first S. Kumar cite,
    # read before that, must still meet its twin and take a year suffix (citeproc-js's
    # tainted items)
    items = [
        _article("a", 2016, ("Kumar", "S"), ("Stecher", "G"), ("Tamura", "K.")),
        _article("b", 2016, ("Kumar", "I."), ("Swaminathan", "K."), ("Hudson", "K.")),
        _article("c", 2016, ("Kumar", "S"), ("Stecher", "G"), ("Tamura", "K")),
    ]
    assert render_citations(items, "apa", item_locales=False) == [
        "(S. Kumar et al., 2016a)",
        "(I. Kumar et al., 2016)",
        "(S. Kumar et al., 2016b)",
    ]


def test_a_label_naming_no_variable_stays_in_the_value() -> None:
    # "ed." is not one of citeproc-js's number labels: the edition keeps it and is not numeric
    book = {"id": "b", "type": "book", "title": "Diet", "edition": "ed. 3", "volume": "vol. 26"}
    assert render([book], "chicago-author-date") == "Diet. n.d. Ed. 3. Vol. 26."


def test_a_name_without_given_name_does_not_push_the_group_to_full_given_names() -> None:
    # MLA (by-cite, initials ". "): three "Ma et al." cites, one "Ma" with no given name;
    # the other two need initials only, as in citeproc-js
    items = [
        _article("z", 2009, ("Ma", "Z"), ("Jacobsen", "F. E."), ("Giedroc", "D. P.")),
        _article("c", 2020, ("Ma", "C"), ("Hu", "Y"), ("Zhang", "J")),
        _article("w", 1974, ("Ma", ""), ("Wu", "C."), ("Denlinger", "D. L.")),
    ]
    del items[2]["author"][0]["given"]
    assert render_citations(items, "modern-language-association", item_locales=False) == [
        "(Z. Ma et al.)",
        "(C. Ma et al.)",
        "(Ma et al.)",
    ]


def test_strip_periods_keeps_a_period_before_a_lower_case_letter() -> None:
    # Vancouver strips the journal's periods as citeproc-js does: not inside "pdb.prot4995"
    item = {**WEB_ARTICLE, "container-title": "CSH Protoc. pdb.prot4995"}
    del item["URL"]
    assert "CSH Protoc pdb.prot4995. 2008." in render([item], "nlm-citation-sequence")
