"""CSL rendering: styles, per-item language, collation, disambiguation, punctuation, formats."""

from __future__ import annotations

from pathlib import Path

import pytest

from refbridge import Date, Name, Reference, render, render_citations
from refbridge.errors import InputError, UnknownNameError
from refbridge.render import available_styles, load_style, render_entries
from refbridge.render.citation_label import citation_label
from refbridge.render.collate import sort_key
from refbridge.render.initials import initialize
from refbridge.render.locale import parse_locale
from refbridge.render.numbers import format_page
from refbridge.render.textcase import title_case

RU_ARTICLE = Reference(
    type="article-journal",
    id="Dudin2019",
    authors=(Name("Дудин", "Михаил Николаевич"), Name("Цветков", "Валерий Анатольевич")),
    issued=Date(2019),
    title="Внешнеэкономическое сотрудничество России и Казахстана",
    container_title="Проблемы рыночной экономики",
    volume="1",
    pages="80-92",
    language="ru",
)
EN_ARTICLE = Reference(
    type="article-journal",
    id="Smith2019",
    authors=tuple(
        Name(f, g)
        for f, g in [
            ("Smith", "John"),
            ("Jones", "Ann"),
            ("Brown", "Bob"),
            ("White", "Sue"),
            ("Black", "Tim"),
        ]
    ),
    issued=Date(2019),
    title="Trade and the present",
    container_title="Market Review",
    volume="3",
    pages="10-20",
    doi="https://doi.org/10.1234/abc",
    language="en",
)


def test_every_bundled_style_compiles_and_renders() -> None:
    assert len(available_styles()) >= 9
    for style in available_styles():
        text = render([EN_ARTICLE, RU_ARTICLE], style)
        assert text.count("\n") == 1, style


def test_style_by_alias_path_and_xml_text() -> None:
    path = Path(load_style("apa").source)
    by_name = render([EN_ARTICLE], "apa")
    assert render([EN_ARTICLE], "apa7") == by_name
    assert render([EN_ARTICLE], path) == by_name
    assert render([EN_ARTICLE], path.read_text(encoding="utf-8")) == by_name


def test_unknown_style_and_format_are_clear_errors() -> None:
    with pytest.raises(UnknownNameError, match=r"unknown CSL style 'no-such-style'.*known: .*apa"):
        render([EN_ARTICLE], "no-such-style")
    with pytest.raises(UnknownNameError, match="unknown output format 'rtf'; known: text"):
        render([EN_ARTICLE], "apa", format="rtf")
    with pytest.raises(UnknownNameError, match="unknown locale 'xx-YY'; known: af-ZA"):
        render([EN_ARTICLE], "apa", locale="xx-YY")
    assert render([EN_ARTICLE], "apa", locale="en") == render([EN_ARTICLE], "apa", locale="en-US")
    with pytest.raises(InputError, match="not well-formed"):
        render([EN_ARTICLE], "<style>oops")


def test_malformed_csl_json_names_the_entry() -> None:
    with pytest.raises(InputError, match=r"entry 2 \(id 'b'\): 'author' must be a list"):
        render([{"id": "a", "type": "book"}, {"id": "b", "type": "book", "author": "Smith"}], "apa")
    with pytest.raises(InputError, match="'issued' must be a CSL date object"):
        render([{"id": "a", "type": "book", "issued": 2019}], "apa")


def test_apa_entry_doi_not_doubled_and_id_case_kept() -> None:
    [entry] = render_entries([EN_ARTICLE], "apa")
    assert entry.id == "Smith2019"
    assert entry.text == (
        "Smith, J., Jones, A., Brown, B., White, S., & Black, T. (2019). Trade and the present. "
        "Market Review, 3, 10–20. https://doi.org/10.1234/abc"
    )


def test_doi_given_as_url_in_csl_json_is_not_doubled() -> None:
    item = {"id": "A", "type": "article-journal", "title": "T", "DOI": "https://doi.org/10.1/x"}
    assert render([item], "apa").endswith(" https://doi.org/10.1/x")


def test_punctuation_moves_inside_closing_quotes_for_en_us() -> None:
    text = render([EN_ARTICLE], "ieee")
    assert "“Trade and the present,” " in text
    assert "present”," not in text


def test_ieee_entry_number_followed_by_space() -> None:
    assert render([EN_ARTICLE], "ieee").startswith("[1] J. Smith")


def test_per_item_language_in_a_gost_list() -> None:
    text = render([RU_ARTICLE, EN_ARTICLE], "gost")
    ru_line, en_line = text.splitlines()
    assert ru_line.startswith("1. Дудин М. Н., Цветков В. А.")
    assert "Т. 1. С. 80–92" in ru_line
    assert en_line.startswith("2. Smith J. et al.")
    assert "Vol. 3. P. 10–20" in en_line
    one_locale = render([RU_ARTICLE, EN_ARTICLE], "gost", item_locales=False)
    assert "Smith J. и др." in one_locale


def test_collation_follows_the_list_language() -> None:
    refs = [
        Reference(type="book", id=i, authors=(Name(f, "A"),), title="T", issued=Date(2000))
        for i, f in [("a", "Яковлев"), ("b", "Ёлкин"), ("c", "Adams"), ("d", "Ежов"), ("e", "Zorn")]
    ]
    ru_order = [e.id for e in render_entries(refs, "gost-alphabetical")]
    assert ru_order == ["d", "b", "a", "c", "e"]  # Cyrillic first; Ё sorts with Е
    en_order = [e.id for e in render_entries(refs, "apa")]
    assert en_order == ["c", "e", "d", "b", "a"]  # Latin first
    assert sort_key("Ёлкин", "ru") > sort_key("Ежов", "ru")
    assert sort_key("item 10", "en") > sort_key("item 9", "en")  # numbers compare as numbers


def test_year_suffixes_in_bibliography_and_citations() -> None:
    first = Reference(
        type="book",
        id="x1",
        authors=(Name("Smith", "John"),),
        issued=Date(2019),
        title="Beta",
        publisher="P",
    )
    second = Reference(
        type="book",
        id="x2",
        authors=(Name("Smith", "John"),),
        issued=Date(2019),
        title="Alpha",
        publisher="P",
    )
    entries = render_entries([first, second], "apa")
    assert [e.id for e in entries] == ["x2", "x1"]  # sorted by title, then lettered
    assert "(2019a). Alpha" in entries[0].text
    assert "(2019b). Beta" in entries[1].text
    assert render_citations([first, second], "apa") == ["(Smith, 2019b)", "(Smith, 2019a)"]
    # one cluster: the author once, the years collapsed (APA collapse="year"), input order kept
    assert render_citations([first, second], "apa", [["x2", "x1"]]) == ["(Smith, 2019a, 2019b)"]


def test_given_names_added_by_the_style_rule_before_year_suffixes() -> None:
    def book(key: str, given: str) -> Reference:
        return Reference(
            type="book", id=key, authors=(Name("Smith", given),), issued=Date(2019), title=key
        )

    john, anne, jane = book("a", "John"), book("b", "Anne"), book("c", "Jane")
    # APA (primary-name-with-initials): initials where they tell the people apart …
    assert render_citations([john, anne], "apa") == ["(J. Smith, 2019)", "(A. Smith, 2019)"]
    # … else the year suffix; Chicago (primary-name) spells the given names out
    assert render_citations([john, jane], "apa") == ["(Smith, 2019a)", "(Smith, 2019b)"]
    assert render_citations([john, jane], "chicago-author-date") == [
        "(John Smith 2019)",
        "(Jane Smith 2019)",
    ]


def test_year_suffix_when_initials_added_for_another_author_do_not_help() -> None:
    team = (Name("Kumar", "S."), Name("Stecher", "G."), Name("Tamura", "K."))
    one, two = (
        Reference(type="book", id=key, authors=team, issued=Date(2016), title=key)
        for key in ("one", "two")
    )
    other = Reference(type="book", id="x", authors=(Name("Kumar", "A."),), issued=Date(2010))
    # another Kumar adds the initial to every first Kumar; the twins still need a, b
    # (citeproc-js groups cites by their form before any given name is added)
    assert render_citations([one, two, other], "apa") == [
        "(S. Kumar et al., 2016a)",
        "(S. Kumar et al., 2016b)",
        "(A. Kumar, 2010)",
    ]


def test_citation_label_made_from_names_and_year() -> None:
    five = [{"family": f} for f in ("von Dipheria", "Eczema", "Flatulence", "Goiter", "Hiccups")]
    assert citation_label({"author": five, "issued": {"date-parts": [[1926]]}}) == "DEFG26"
    two = [{"family": "Bronchitis"}, {"family": "Cholera"}]
    assert citation_label({"author": two, "issued": {"date-parts": [[1998]]}}) == "BrCh98"
    assert citation_label({"title": "The Art of War"}) == "Thea00"  # no names: the title
    assert citation_label({"citation-label": "Spiff1900", "author": two}) == "Spiff1900"


def test_numeric_citations_and_unknown_ids() -> None:
    assert render_citations([EN_ARTICLE, RU_ARTICLE], "ieee") == ["[1]", "[2]"]
    refs = [Reference(type="book", id=str(i), title="T", issued=Date(2000)) for i in range(5)]
    assert render_citations(refs, "gost", [["0", "1", "2"], ["0", "1"]]) == ["[1–3]", "[1,2]"]
    with pytest.raises(InputError, match="unknown item id"):
        render_citations([EN_ARTICLE], "ieee", [["nope"]])


def test_cite_prefixes_and_suffixes_are_spaced_and_join_as_in_citeproc_js() -> None:
    from refbridge.render.context import Cite

    refs = [Reference(type="book", id=i, title=t) for i, t in (("a", "Alpha"), ("b", "Beta"))]

    def cited(*cites: Cite) -> str:
        return render_citations(refs, "modern-language-association", [list(cites)])[0]

    assert cited(Cite("a"), Cite("b")) == "(Alpha; Beta)"
    # a prefix starting with a comma takes the delimiter's place; a word gets its space
    assert cited(Cite("a"), Cite("b", prefix=", cited in")) == "(Alpha, cited in Beta)"
    # after a suffix ending in punctuation only the delimiter's space is left
    assert cited(Cite("a", suffix="is one source,"), Cite("b")) == "(Alpha is one source, Beta)"


def test_html_and_markdown_output() -> None:
    html = render([EN_ARTICLE], "apa", format="html")
    assert "<i>Market Review</i>, <i>3</i>" in html
    markdown = render([EN_ARTICLE], "apa", format="markdown")
    assert "*Market Review*, *3*" in markdown


def test_original_language_note_and_preserved_text() -> None:
    ref = Reference(
        type="article-journal",
        id="k",
        authors=(Name("Karpenko", "M. S."),),
        issued=Date(2019),
        title="Cross-border dimension",
        container_title="Izvestiya Rossiiskoi akademii nauk",
        volume="1",
        pages="24-36",
        language="en",
        original_language="ru",
    )
    assert render([ref], "apa").endswith("Izvestiya Rossiiskoi Akademii Nauk, 1, 24–36.")
    kept = render([ref], "apa", preserve_text=True, note_original_language=True)
    assert kept.endswith("Izvestiya Rossiiskoi akademii nauk, 1, 24–36. (In Russian)")


def test_helpers() -> None:
    assert initialize("John Quincy", ". ", True) == "J. Q."
    assert initialize("Jean-Paul", ". ", True) == "J.-P."
    assert initialize("M. Sh.", ". ", True) == "M. Sh."
    assert initialize("Юлия Александровна", "", True) == "ЮА"
    assert initialize("J", ". ", True) == "J."  # a lone initial gets its period
    assert initialize("JA", ". ", True) == "J."  # as citeproc-js reads run-together initials
    assert initialize("J.-F.", ". ", True) == "J.-F."
    assert initialize("J", ". ", True, do_initialize=False) == "J."
    assert initialize("John Q", ". ", True, do_initialize=False) == "John Q."
    assert initialize("<b>John</b>-Quiggly", ". ", True) == "<b>J.</b>-Q."  # markup kept
    assert format_page("321-28", "expanded", "–") == "321–328"
    assert format_page("321-328", "minimal", "–") == "321–8"
    assert format_page("1410-1495", "chicago-16", "–") == "1410–95"
    assert format_page("327\\-30", "expanded", "–") == "327-30"  # an escaped hyphen stays
    assert title_case("the role of institutions: a new approach to trade") == (
        "The Role of Institutions: A New Approach to Trade"
    )
    assert title_case("politics in the 21st century") == "Politics in the 21st Century"


def test_markup_in_values_is_honoured_and_flips_inside_italics() -> None:
    item = {
        "id": "b1",
        "type": "book",
        "title": 'The genus <i>Homo</i> and <span class="nocase">DNA</span> & more',
        "author": [{"family": "Smith", "given": "J."}],
        "issued": {"date-parts": [[2020]]},
        "publisher": "Routledge",
    }
    html = render([item], "apa", format="html")
    # APA sets book titles in italics: the marked-up genus prints upright inside them
    assert (
        '<i>The genus <span style="font-style:normal;">Homo</span> and DNA &#38; more</i>' in html
    )
    assert "The genus Homo and DNA & more" in render([item], "apa")  # text: markup dropped


def test_markup_keeps_its_case_under_text_case() -> None:
    from refbridge.render import markup
    from refbridge.render.output import Blob, serialise
    from refbridge.render.textcase import apply

    def cased(case: str, text: str) -> str:
        children = markup.parse(apply(case, text), QUOTES)
        assert children is not None
        return serialise(Blob(children), "html", QUOTES)

    text = 'A Study of <span class="nocase">mRNA</span> IN <sup>Cells</sup>'
    assert cased("lowercase", text) == "a study of mRNA in <sup>Cells</sup>"
    assert cased("title", "my <sc>small caps</sc> title") == (
        'My <span style="font-variant:small-caps;">small caps</span> Title'
    )
    assert apply("uppercase", "ic and ıd", language="tr") == "İC AND ID"


QUOTES = ("\u201c", "\u201d", "\u2018", "\u2019")


def test_quotation_marks_in_values_flip_inside_quoted_elements() -> None:
    from refbridge.render import markup
    from refbridge.render.output import Blob, serialise

    def printed(text: str, decorations: list[tuple[str, str]]) -> str:
        children = markup.parse(text, QUOTES)
        assert children is not None
        return serialise(Blob(children, decorations=decorations), "text", QUOTES)

    # the first straight quotation mark used is the outer one, whatever its shape
    assert printed("Speak 'friend' now", []) == "Speak \u201cfriend\u201d now"
    assert printed('Speak "friend" now', [("@quotes", "true")]) == (
        "\u201cSpeak \u2018friend\u2019 now\u201d"
    )
    assert printed("My \u201c\u2018Amazing\u2019 Title\u201d", [("@quotes", "true")]) == (
        "\u201cMy \u2018\u201cAmazing\u201d Title\u2019\u201d"
    )
    # an apostrophe is not a quotation; a quotation mark left open stays as written
    assert printed("Smith's 'war", []) == "Smith\u2019s \u2019war"
    assert printed('Nation of "Positive', []) == 'Nation of "Positive'


def test_unpaired_tags_stay_text() -> None:
    item = {
        "id": "x",
        "type": "book",
        "title": "One</i> Two <b>Three",
        "issued": {"date-parts": [[2000]]},
    }
    assert "One&#60;/i&#62; Two &#60;b&#62;Three" in render([item], "apa", format="html")


def test_malformed_or_unknown_style_and_locale_files_name_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.csl"
    broken.write_text(
        '<?xml version="1.0"?>\n<style xmlns="http://purl.org/net/xbiblio/csl">\n'
        '  <citation><layout><text variable="title"></layout></citation>\n</style>\n'
    )
    with pytest.raises(InputError, match=r"broken\.csl, line 3, column \d+: not well-formed"):
        render([EN_ARTICLE], str(broken))
    undefined = tmp_path / "undefined.csl"
    undefined.write_text(
        '<style xmlns="http://purl.org/net/xbiblio/csl">\n  <citation>\n    <layout>\n'
        '      <text macro="nowhere"/>\n    </layout>\n  </citation>\n</style>\n'
    )
    with pytest.raises(InputError, match=r"undefined\.csl, line 4: undefined macro 'nowhere'"):
        render([EN_ARTICLE], str(undefined))
    no_layout = tmp_path / "no-layout.csl"
    no_layout.write_text('<style xmlns="http://purl.org/net/xbiblio/csl">\n<citation/>\n</style>\n')
    with pytest.raises(InputError, match=r"no-layout\.csl, line 2: <citation> needs a <layout>"):
        render([EN_ARTICLE], str(no_layout))
    with pytest.raises(
        InputError, match=r"fr\.xml, line 3, column \d+: not well-formed CSL locale"
    ):
        parse_locale(
            b'<locale xmlns="http://purl.org/net/xbiblio/csl">\n<terms>\n</locale>', "fr.xml"
        )
    with pytest.raises(InputError, match=r"x\.xml, line 1: not a CSL locale"):
        parse_locale(b"<style/>", "x.xml")


def test_markup_in_names_and_small_caps_tag() -> None:
    item = {
        "id": "a",
        "type": "book",
        "title": "A <sc>Guide</sc>",
        "author": [{"family": "<b>Doe</b>", "given": "<b>John</b> Quiggly"}],
        "issued": {"date-parts": [[2000]]},
    }
    html = render([item], "apa", format="html")
    assert "<b>Doe</b>, <b>J.</b> Q." in html
    assert '<span style="font-variant:small-caps;">Guide</span>' in html


def test_variables_in_the_note_field_are_read_as_citeproc_js_reads_them() -> None:
    from refbridge.render.zotero import with_note_fields

    item = {
        "id": "a",
        "type": "book",
        "title": "T",
        "note": "original-date: 1950/1951\nreviewed-author: Hall || W. C.\n"
        "title: Other\nFree text: stays",
    }
    out = with_note_fields(item)
    assert out["original-date"] == {"date-parts": [[1950], [1951]]}
    assert out["reviewed-author"] == [{"family": "Hall", "given": "W. C."}]
    assert out["title"] == "T"  # the item's own value wins and its line stays
    assert out["note"] == "title: Other\nFree text: stays"
    assert with_note_fields({"note": "{:event-date: 2004-10-01} Talk"})["event-date"] == {
        "date-parts": [[2004, 10, 1]]
    }
    assert with_note_fields({"id": "b", "note": "plain note"}) == {"id": "b", "note": "plain note"}


def test_zotero_short_title_names_stand_in_for_the_csl_ones() -> None:
    from refbridge.render.zotero import as_citeproc_reads

    item = {"id": "a", "journalAbbreviation": "J Hist", "shortTitle": "Short"}
    assert as_citeproc_reads(item)["container-title-short"] == "J Hist"
    assert as_citeproc_reads(item)["title-short"] == "Short"
    assert as_citeproc_reads({**item, "title-short": "Own"})["title-short"] == "Own"


def test_strip_periods_on_a_variable_spares_its_leading_punctuation_and_lower_case() -> None:
    from refbridge.render.processor import Processor

    style = load_style(
        '<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0"><citation><layout>'
        '<text variable="title" strip-periods="true"/></layout></citation></style>'
    )
    item = {"id": "a", "type": "book", "title": "... Am. L.J. e.g. vs...\u2019\u2019"}
    # as citeproc-js strips: leading punctuation kept, a period before a lower-case letter kept
    assert Processor(style, [item]).citation(["a"]) == "... Am LJ e.g vs.\u2019\u2019"


def test_italics_are_left_off_text_in_no_latin_like_script() -> None:
    from refbridge.render.processor import Processor

    style = load_style(
        '<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0"><citation><layout>'
        '<group delimiter=" | "><text variable="title" font-style="italic" font-weight="bold"/>'
        '<text variable="publisher" font-style="italic"/></group></layout></citation></style>'
    )
    item = {"id": "j", "type": "book", "title": "日本の歴史", "publisher": "Iwanami 書店"}
    # citeproc-js drops italics (not bold) from a string with no Latin, Greek, Cyrillic… letter
    assert Processor(style, [item], fmt="html").citation(["j"]) == (
        "<b>日本の歴史</b> | <i>Iwanami 書店</i>"
    )
