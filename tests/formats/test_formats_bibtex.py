"""BibTeX/BibLaTeX: reading tricky files, writing UTF-8, links, failures with their lines."""

from __future__ import annotations

from pathlib import Path

import attrs
import bibtexparser
import pytest

from paths import TEST_DATA
from refbridge import ConflictError, Date, FormatError, Name, Reference
from refbridge.formats import bibtex, load

DATA = TEST_DATA / "formats"


@pytest.fixture(scope="module")
def tricky():
    return load(DATA / "tricky.bib")


def by_id(result):
    return {ref.id: ref for ref in result.references}


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def raw_fields(text: str) -> dict[str, dict[str, str]]:
    """Entries as bibtexparser alone reads them: key -> {field: value}."""
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    return {e.key: {f.key: f.value for f in e.fields} for e in library.entries}


def test_broken_block_in_the_middle_is_reported_with_its_line_and_the_rest_is_read(tricky):
    assert len(tricky.failures) == 1
    failure = tricky.failures[0]
    assert failure.location.line == line_of(DATA / "tricky.bib", "@article{broken2021,")
    assert "broken2021" in failure.raw
    assert "syntax error" in failure.error
    assert list(by_id(tricky)) == [
        "dudin2019vneshneekonomicheskoe",
        "dudin2019foreign",
        "mueller2020",
        "smith2018paper",
        "conf2018",
        "ivanova2015",
        "president2019",
    ]


def test_string_macros_and_concatenation_are_resolved(tricky):
    ref = by_id(tricky)["dudin2019vneshneekonomicheskoe"]
    assert ref.container_title == "Вестник Московского университета. Серия 6: Экономика"
    assert ref.issue == "2" and ref.pages == "80-92" and ref.issued == Date(2019, 12, 6)


def test_latex_is_decoded_but_urls_are_verbatim(tricky):
    ref = by_id(tricky)["mueller2020"]
    assert ref.authors[0] == Name("Müller", "Jörg")
    assert ref.authors[1] == Name("Berg", "Jan", particle="van der", suffix="Jr")
    assert ref.authors[2] == Name(literal="The President of Russia")
    assert ref.title == "DNA sequencing at 50% cost & more – a étude"
    assert ref.url == "https://example.org/a_b%20c~d"


def test_crossref_fields_are_inherited(tricky):
    ref = by_id(tricky)["smith2018paper"]
    assert ref.type == "paper-conference"
    assert ref.container_title == "Proceedings of the Conference on Things"
    assert (ref.publisher, ref.publisher_place, ref.year) == ("ACM", "New York", 2018)
    assert ref.editors == (Name("Jones", "Bob"),)


def test_types_languages_and_dates(tricky):
    refs = by_id(tricky)
    assert refs["dudin2019foreign"].issued == Date(2019, 12)
    assert (refs["dudin2019foreign"].language, refs["dudin2019foreign"].original_language) == (
        "en",
        "ru",
    )
    assert refs["ivanova2015"].type == "thesis" and refs["ivanova2015"].publisher == "МГУ"
    web = refs["president2019"]
    assert web.type == "webpage" and web.accessed == Date(2020, 1, 15)
    assert web.authors == (Name(literal="Президент Российской Федерации"),)


def plain(refs):
    """Records without the entry each was read from (the comparisons are of what they say)."""
    return [bibtex.without_source(ref) for ref in refs]


def test_cyrillic_is_written_as_utf8_never_as_cyr_escapes(tricky):
    authors = {  # BibTeX counts bytes: a braced first letter is abbreviated whole
        "biblatex": "author = {Дудин, Владимир А. and Цветков, М. Н.}",
        "bibtex": (
            "author = {Дудин, {\\relax В}ладимир {\\relax А}. and Цветков, {\\relax М}. "
            "{\\relax Н}.}"
        ),
    }
    for dialect in bibtex.DIALECTS:
        text = bibtex.dumps(tricky.references, dialect)
        assert "\\CYR" not in text and "\\cyr" not in text
        assert "Внешнеэкономическое сотрудничество России и Казахстана" in text
        assert authors[dialect] in text


def test_langid_and_origlanguage_are_written():
    ref = Reference(type="book", title="T", language="en", original_language="ru")
    text = bibtex.dumps([ref])
    assert "langid = {english}" in text and "origlanguage = {russian}" in text


@pytest.mark.parametrize("dialect", bibtex.DIALECTS)
def test_written_bibtex_rereads_with_no_failed_block_and_no_lost_field(tricky, dialect):
    text = bibtex.dumps(tricky.references, dialect)
    written = raw_fields(text)  # bibtexparser alone: zero failed blocks
    again = bibtex.loads(text)
    assert again.failures == [] and again.warnings == []
    assert plain(again.references) == plain(tricky.references)
    # Fields with no CSL variable are written back as they were read.
    assert written["dudin2019foreign"]["file"] == ":papers/dudin.pdf:PDF"
    assert written["dudin2019foreign"]["owner"] == "editor"
    assert written["smith2018paper"]["crossref"] == "conf2018"


def test_bibtex_dialect_uses_classic_fields(tricky):
    text = bibtex.dumps(tricky.references, "bibtex")
    fields = raw_fields(text)
    assert fields["dudin2019foreign"]["journal"] == "Market Economy Problems"
    assert fields["dudin2019foreign"]["month"] == "dec"  # the month macro, unbraced
    assert "month = dec," in text
    assert fields["smith2018paper"]["address"] == "New York"
    assert fields["ivanova2015"]["school"] == "МГУ"
    assert "@mastersthesis{ivanova2015," in text
    assert "@misc{president2019," in text
    assert fields["president2019"]["url"] == "http://kremlin.ru/events/president/news/62582"
    assert "howpublished" not in fields["president2019"]  # the URL once; no site name here
    biblatex = raw_fields(bibtex.dumps(plain(tricky.references), "biblatex"))
    assert biblatex["dudin2019foreign"]["journaltitle"] == "Market Economy Problems"
    assert biblatex["dudin2019foreign"]["date"] == "2019-12"
    as_read = raw_fields(bibtex.dumps(tricky.references, "biblatex"))  # unchanged records
    assert as_read["dudin2019foreign"]["journal"] == "Market Economy Problems"


def test_special_characters_are_escaped_so_they_decode_back():
    title = "50% of $5 & #1 costs_x ~ {a} \\b ^ -- ``q'' ?` done"
    ref = Reference(type="book", title=title)
    text = bibtex.dumps([ref])
    assert bibtex.loads(text).references[0].title == title


def test_case_of_acronyms_is_protected():
    text = bibtex.dumps([Reference(type="book", title="The DNA of iPhone users in РФ")])
    assert "title = {The {DNA} of {iPhone} users in РФ}" in text  # styles re-case Latin only


def test_translation_links_are_written_both_ways_and_read_back():
    original = Reference(type="article-journal", title="Сотрудничество", language="ru",
                         authors=(Name("Дудин", "В. А."),), issued=Date(2019))  # fmt: skip
    english = Reference(type="article-journal", title="Cooperation", language="en",
                        authors=(Name("Dudin", "V. A."),), issued=Date(2019))  # fmt: skip
    text = bibtex.dumps([original, english], translation_of={1: 0})
    fields = raw_fields(text)
    assert fields["dudin2019cooperation"]["related"] == "dudin2019sotrudnichestvo"
    assert fields["dudin2019cooperation"]["relatedtype"] == "translationof"
    assert "origlanguage" not in fields["dudin2019cooperation"]  # gost: "trans. from … by"
    assert fields["dudin2019cooperation"]["options"] == "skipbib"  # printed in the original
    assert fields["dudin2019sotrudnichestvo"]["relatedtype"] == "translationas"
    back = bibtex.loads(text).references
    assert bibtex.translation_links(back) == {1: 0}
    assert back[1].original_language == "ru"  # the link says it


def test_translation_link_never_overwrites_another_relation(tricky):
    refs = tricky.references
    with pytest.raises(ConflictError, match="already has related"):
        bibtex.dumps(refs, translation_of={0: 2})  # record 0 is already an original
    with pytest.raises(FormatError, match="names record 9"):
        bibtex.dumps(refs, translation_of={9: 0})
    with pytest.raises(FormatError, match="translates itself"):
        bibtex.dumps(refs, translation_of={2: 2})


def test_an_original_may_have_several_translations(tricky):
    refs = tricky.references  # record 0 is already linked to its English version, record 1
    fields = raw_fields(bibtex.dumps(refs, translation_of={2: 0}))
    assert fields["dudin2019vneshneekonomicheskoe"]["related"] == "dudin2019foreign,mueller2020"
    assert fields["mueller2020"]["related"] == "dudin2019vneshneekonomicheskoe"


def test_urls_and_dois_are_verbatim_and_never_break_the_file():
    ref = Reference(type="webpage", url="https://x.org/a_b%20c~d#e{f", doi="10.1000/a_b%c")
    for dialect in bibtex.DIALECTS:
        text = bibtex.dumps([ref], dialect)
        assert bibtexparser.parse_string(text).failed_blocks == []
        back = bibtex.loads(text).references[0]
        assert back.url == "https://x.org/a_b%20c~d#e%7Bf" and back.doi == "10.1000/a_b%c"


def test_duplicate_keys_and_repeated_fields_lose_nothing_and_warn():
    result = load(DATA / "duplicates.bib")
    assert [r.title for r in result.references] == [
        "First record",
        "Second record with the same key",
        "New title",
    ]
    assert result.failures == []
    assert [w.location.line for w in result.warnings] == [2, 3]
    assert "duplicate key 'same'" in result.warnings[0].error
    assert "repeated field(s) title" in result.warnings[1].error
    text = bibtex.dumps(result.references)
    assert list(raw_fields(text))[:2] == ["samea", "sameb"]


def test_unknown_type_and_csl_only_types_survive_as_entrysubtype():
    speech = Reference(type="speech", title="A talk", issued=Date(2020))
    text = bibtex.dumps([speech], "bibtex")
    assert "@misc{" in text and "entrysubtype = {speech}" in text
    assert plain(bibtex.loads(text).references)[0] == attrs.evolve(speech, id="talk2020")


def test_unknown_dialect_is_refused():
    with pytest.raises(FormatError, match="dialect"):
        bibtex.dumps([], "bibtex8")


def test_empty_and_comment_only_input():
    assert bibtex.loads("").references == []
    result = bibtex.loads("% nothing here\n@comment{x}\n")
    assert result.references == [] and result.failures == []


def test_and_others_marks_an_incomplete_list_and_is_written_back():
    result = bibtex.loads("@book(b1, author = {Smith, A. and others}, title = {T})")
    (ref,) = result.references
    assert ref.authors == (Name("Smith", "A."),)
    assert "author = {Smith, A. and others}" in bibtex.dumps([ref])


def test_links_follow_keys_that_had_to_change():
    text = (
        "@article{Иванов2019, title={Статья}, year=2019, related={Петров2020},"
        " relatedtype={translationof}}\n"
        "@article{Петров2020, title={Другая}, year=2020}\n"
    )
    refs = bibtex.loads(text).references
    written = raw_fields(bibtex.dumps(refs))  # Cyrillic keys are not portable: replaced
    assert list(written) == ["statya2019", "drugaya2020"]
    assert written["statya2019"]["related"] == "drugaya2020"
    assert bibtex.translation_links(bibtex.loads(bibtex.dumps(refs)).references) == {0: 1}


def test_an_entrysubtype_only_names_a_csl_type_on_misc():
    (ref,) = bibtex.loads("@article{a, title={T}, entrysubtype={book}}").references
    assert ref.type == "article-journal"
    assert "@article{a," in bibtex.dumps([ref]) and "entrysubtype = {book}" in bibtex.dumps([ref])


@pytest.mark.parametrize(
    ("month", "number"),
    [("dec", 12), ("{December}", 12), ("{12}", 12), ("{дек}", 12), ("{мая}", 5), ("{сент.}", 9)],
)
def test_months_in_english_russian_and_numbers(month, number):
    (ref,) = bibtex.loads(f"@article{{a, title={{T}}, year=2019, month={month}}}").references
    assert ref.issued == Date(2019, number)


def test_an_unreadable_month_is_kept_as_written():
    (ref,) = bibtex.loads("@article{a, title={T}, year=2019, month={Spring}}").references
    assert ref.issued == Date(2019)
    text = bibtex.dumps([ref], "bibtex")
    assert "year = {2019}" in text and "month = {Spring}" in text
