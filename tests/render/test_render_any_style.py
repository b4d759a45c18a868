"""Behaviours of citeproc-js that the CSL repository's styles rely on (found by rendering real
records through styles the engine was never tuned on: ``render_oracle.py --any-styles``).
Each expected string is citeproc-js's output for the same style and item."""

from __future__ import annotations

from refbridge.render import render_entries

THREE = [
    {"family": "Wang", "given": "K"},
    {"family": "Shan", "given": "S"},
    {"family": "Li", "given": "Z"},
]


def _style(layout: str, *, root: str = "", citation: str = "<citation>", bib: str = "") -> str:
    return (
        f'<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"{root}>'
        "<info><id>x</id><title>x</title><updated>2020-01-01T00:00:00+00:00</updated></info>"
        '<macro name="title"><text variable="title"/></macro>'
        '<macro name="doi"><text variable="DOI"/></macro>'
        f'{citation}<layout><names variable="author"/></layout></citation>'
        f"<bibliography{bib}>{layout}</bibliography></style>"
    )


def _entry(layout: str, item: dict | None = None, **options: str) -> str:
    item = item or {"id": "a", "type": "book", "title": "T", "author": THREE}
    return render_entries([item], _style(layout, **options), item_locales=False)[0].text


def test_name_affixes_go_on_each_personal_name() -> None:
    layout = (
        '<layout><names variable="author"><name suffix="." initialize-with="" '
        'name-as-sort-order="all" sort-separator=" "/></names></layout>'
    )
    assert _entry(layout) == "Wang K., Shan S., Li Z."


def test_and_follows_the_name_delimiter_as_written() -> None:
    layout = (
        '<layout><names variable="author"><name delimiter="," and="symbol" '
        'delimiter-precedes-last="always"/></names></layout>'
    )
    assert _entry(layout) == "K Wang,S Shan,& Z Li"


def test_et_al_use_last_that_would_show_every_name_shows_them_all() -> None:
    seven = [{"family": f"N{i}", "given": "A"} for i in range(7)]
    item = {"id": "a", "type": "book", "title": "T", "author": seven}
    layout = (
        '<layout><names variable="author"><name et-al-use-first="3" et-al-use-last="true"/>'
        "</names></layout>"
    )
    citation = (
        '<citation et-al-min="19" et-al-use-first="1" disambiguate-add-names="true" '
        'disambiguate-add-givenname="true" givenname-disambiguation-rule="all-names">'
    )
    text = _entry(layout, item, citation=citation, bib=' et-al-min="8" et-al-use-first="6"')
    assert text == "A N0, A N1, A N2, A N3, A N4, A N5, A N6"


def test_locator_label_prints_without_a_locator_as_page() -> None:
    item = {"id": "a", "type": "book", "title": "T", "volume": "470-471"}
    label = '<label variable="locator" form="short"/>'
    labelled = f'<group delimiter=" ">{label}<text variable="volume"/></group>'
    assert _entry(f"<layout>{labelled}</layout>", item) == "p. 470–471"
    alone = f'<group delimiter=" ">{label}<text variable="locator"/></group>'
    assert _entry(f'<layout><text variable="title"/>{alone}</layout>', item) == "T"


def test_a_label_prints_its_term_when_its_variable_is_empty() -> None:
    item = {"id": "a", "type": "book", "title": "T"}
    page = (
        '<label variable="page" form="long" text-case="capitalize-first"/><text variable="page"/>'
    )
    layout = f'<layout><group delimiter=" ">{page}<text variable="title"/></group></layout>'
    assert _entry(layout, item) == "Page T"  # a term: it does not keep the group alive alone
    assert _entry(f'<layout><text variable="title"/><group>{page}</group></layout>', item) == "T"


def test_number_ranges_take_the_locale_page_range_delimiter() -> None:
    item = {"id": "a", "type": "book", "title": "T", "volume": "470-471", "issue": "1-2"}
    numbers = '<text variable="volume"/><text variable="issue"/>'
    layout = f'<layout><group delimiter=", ">{numbers}</group></layout>'
    assert _entry(layout, item, root=' default-locale="fr-FR"') == "470\u2011471, 1\u20112"
    hyphen = '<locale><terms><term name="page-range-delimiter">-</term></terms></locale><citation>'
    assert _entry(layout, item, citation=hyphen) == "470-471, 1-2"


def test_layout_suffix_with_display_goes_to_an_empty_last_macro() -> None:
    item = {"id": "a", "type": "book", "title": "Vigor", "volume": "13"}
    ends = '<text macro="title" display="block"/><text variable="volume"/>'
    assert _entry(f'<layout suffix=".">{ends}<text macro="doi"/></layout>', item) == "Vigor13"
    assert _entry(f'<layout suffix=".">{ends}<text variable="DOI"/></layout>', item) == "Vigor13."
    grouped = f'{ends}<group><text variable="DOI"/></group>'
    assert _entry(f'<layout suffix=".">{grouped}</layout>', item) == "Vigor13."


def test_quotes_false_makes_quotes_in_the_value_the_outer_ones() -> None:
    item = {"id": "a", "type": "chapter", "title": "\u201cFloral transformation,\u201d in"}
    plain = '<layout><text variable="title"/></layout>'
    unquoted = '<layout><text variable="title" quotes="false"/></layout>'
    gb = ' default-locale="en-GB"'
    assert _entry(plain, item, root=gb) == "\u201cFloral transformation,\u201d in"
    assert _entry(unquoted, item, root=gb) == "\u2018Floral transformation,\u2019 in"
    french = _entry(unquoted, item, root=' default-locale="fr-FR"')
    assert french == "\u00ab\u00a0Floral transformation,\u00a0\u00bb in"


def test_names_affixes_stay_off_a_substituted_title() -> None:
    item = {"id": "a", "type": "webpage", "title": "Adv", "issued": {"date-parts": [[2000]]}}
    date = '<date variable="issued" form="text" date-parts="year"/>'

    def layout(substitute: str) -> str:
        names = (
            '<names variable="author" prefix="[" suffix=","><name/>'
            f"<substitute>{substitute}</substitute></names>"
        )
        return f'<layout suffix="."><group delimiter=" ">{names}{date}</group></layout>'

    assert _entry(layout('<text variable="title"/>'), item) == "Adv 2000."
    edited = {**item, "editor": [{"family": "E", "given": "F"}]}
    assert _entry(layout('<names variable="editor"/>'), edited) == "[F E, 2000."


def test_a_label_inside_a_substitute_prints_after_its_number() -> None:
    item = {
        "id": "a",
        "type": "book",
        "title": "Farmacopéia Brasileira",
        "edition": "5",
        "issued": {"date-parts": [[2010]]},
        "publisher": "ANVISA",
    }
    assert _entry_in("apa", item) == "Farmacopéia Brasileira (5th ed.). (2010). ANVISA."


def _entry_in(style: str, item: dict) -> str:
    return render_entries([item], style, item_locales=False)[0].text
