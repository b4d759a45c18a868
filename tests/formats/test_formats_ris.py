"""RIS: tolerant reading (wrapped values, junk lines, missing ER), multi-value tags, writing."""

from __future__ import annotations

import pytest

from paths import TEST_DATA
from refbridge import Date, Name, Reference
from refbridge.formats import load, ris

DATA = TEST_DATA / "formats"


@pytest.fixture(scope="module")
def sample():
    return load(DATA / "sample.ris")


def line_of(needle: str) -> int:
    lines = (DATA / "sample.ris").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_every_record_is_read_and_problems_are_located(sample):
    assert [r.type for r in sample.references] == [
        "article-journal",
        "paper-conference",
        "webpage",
        "book",
        "report",
    ]
    assert [f.location.line for f in sample.failures] == [line_of("junk between records")]
    assert "outside a record" in sample.failures[0].error
    assert [w.location.line for w in sample.warnings] == [line_of("TY  - BOOK")]
    assert "no ER" in sample.warnings[0].error


def test_cyrillic_multi_value_tags_and_wrapped_lines(sample):
    ref = sample.references[0]
    assert ref.authors == (Name("Дудин", "В. А."), Name("Цветков", "М. Н."))
    assert (
        ref.title
        == "Внешнеэкономическое сотрудничество России и Казахстана: от истории к современности"
    )
    assert ref.container_title == "Проблемы рыночной экономики"
    assert ref.issued == Date(2019, 12, 6)
    assert (ref.volume, ref.pages, ref.issn, ref.language) == ("1", "80-92", "2500-2325", "ru")
    assert ref.doi == "10.33051/2500-2325-2019-1-80-92"
    assert ref.extra["keyword"] == "экономика, Казахстан, cooperation, international"
    assert ref.note == "(In Russian)"


def test_type_variants_names_and_kept_tags(sample):
    conf = sample.references[1]
    assert conf.authors == (
        Name("Berg", "Jan", particle="van der", suffix="Jr."),
        Name("Smith", "Anna"),
    )
    assert conf.editors == (Name("Jones", "Bob"),)
    assert conf.container_title == "Proceedings of the Conference on Things"
    assert (conf.publisher, conf.publisher_place, conf.pages) == ("ACM", "New York", "1-10")
    web = sample.references[2]
    assert web.authors == (Name(literal="Министерство образования и науки Республики Казахстан"),)
    assert web.url == "https://edu.gov.kz/program" and web.accessed == Date(2020, 1, 15)
    assert sample.references[3].isbn == "978-5-00-000000-0"
    assert sample.references[4].number == "42"


def test_writing_keeps_original_types_repeated_tags_and_utf8(sample):
    text = ris.dumps(sample.references)
    assert text.count("ER  - ") == 5
    assert "TY  - CONF" in text  # the original type, not the canonical CPAPER
    assert "C1  - custom value" in text
    assert "UR  - https://mirror.example.kz/program" in text
    assert "KW  - cooperation, international" in text  # one keyword, its comma kept
    assert "AU  - Дудин, В. А." in text
    assert "AU  - van der Berg, Jan, Jr." in text
    assert "DA  - 2019/12/06" in text
    assert ris.loads(text).references == sample.references


def test_written_record_layout():
    ref = Reference(
        type="chapter",
        id="x1",
        authors=(Name("Smith", "Anna"), Name(literal="ACME Corp"), Name("Solo")),
        title="Chapter",
        container_title="Book",
        issued=Date(2020, 5),
        pages="5-9",
        isbn="978-5-00-000000-0",
    )
    assert ris.dumps([ref]) == (
        "TY  - CHAP\nID  - x1\nAU  - Smith, Anna\nAU  - ACME Corp\nAU  - Solo,\n"
        "TI  - Chapter\nT2  - Book\nPY  - 2020\nDA  - 2020/05\nSP  - 5\nEP  - 9\n"
        "SN  - 978-5-00-000000-0\nER  - \n"
    )
    assert ris.loads(ris.dumps([ref])).references == [ref]


def test_bom_crlf_and_empty_input():
    text = "\ufeffTY  - JOUR\r\nTI  - T\r\nER  - \r\n"
    assert [r.title for r in ris.loads(text).references] == ["T"]
    assert ris.loads("").references == []


def test_a_line_after_ty_that_is_not_a_tag_is_reported_not_glued_to_the_type():
    result = ris.loads("TY  - JOUR\njunk here\nTI  - T\nER  - \n", "x.ris")
    assert [(r.type, r.title) for r in result.references] == [("article-journal", "T")]
    assert [(f.location.line, f.raw) for f in result.failures] == [(2, "junk here")]


def test_a_books_sp_is_its_number_of_pages():
    (book,) = ris.loads("TY  - BOOK\nTI  - B\nSP  - 511\nER  - \n").references
    assert (book.number_of_pages, book.pages) == ("511", "")
    assert "SP  - 511" in ris.dumps([book])
    cited = Reference(type="book", title="B", pages="5")  # a page of a book: SP and EP
    assert ris.loads(ris.dumps([cited])).references == [cited]
