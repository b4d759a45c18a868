"""JATS reading: structured citations as given, language alternatives, bad XML."""

from __future__ import annotations

from pathlib import Path

import pytest

from refbridge import extract
from refbridge.errors import InputError
from refbridge.model import Date, Name
from refbridge.readers import read_bytes, read_document

DOCUMENTS = Path(__file__).resolve().parent / "data" / "documents"

SMALL = """<?xml version="1.0" encoding="UTF-8"?>
<article xmlns:xlink="http://www.w3.org/1999/xlink" dtd-version="1.2" xml:lang="ru">
<body><sec><title>Введение</title><p>Текст.</p></sec></body>
<back><ref-list><title>Литература</title>
<ref id="r1"><element-citation publication-type="book">
 <person-group person-group-type="author"><name><surname>Иванов</surname>
 <given-names>И.И.</given-names></name></person-group>
 <source>Атомная энергетика</source><publisher-loc>М.</publisher-loc>
 <publisher-name>Наука</publisher-name><year>2019</year>
 <size units="pages">356</size><isbn>978-5-02-040000-0</isbn></element-citation></ref>
<ref id="r2"><mixed-citation publication-type="journal"><person-group person-group-type="author">
 <collab>IAEA</collab></person-group> (<year>2001</year>). <article-title>Safeguards
 glossary</article-title>. <source>Nuclear Verification</source>, <volume>3</volume>,
 <fpage>1</fpage>–<lpage>9</lpage>. <pub-id pub-id-type="doi">10.1234/abc.5</pub-id>
 <date-in-citation content-type="access-date" iso-8601-date="2020-01-12">12.01.2020
 </date-in-citation></mixed-citation></ref>
<ref id="r3"><mixed-citation>Петров П.П. Реакторы // Теплоэнергетика. 2010. № 3. С. 5–9.
</mixed-citation></ref>
</ref-list></back></article>
"""


def test_structured_citations_taken_as_given():
    doc = read_bytes(SMALL.encode(), "small.xml")
    assert doc.format == "jats"
    assert doc.lines[:2] == ("## Введение", "")
    (found,) = doc.structured_lists
    assert (found.heading, found.language, len(found.entries)) == ("Литература", "ru", 3)
    book, article, parsed = found.entries
    assert book.type == "book"
    assert book.authors == (Name(family="Иванов", given="И.И."),)
    assert (book.title, book.publisher, book.publisher_place) == (
        "Атомная энергетика",
        "Наука",
        "М.",
    )
    assert (book.isbn, book.number_of_pages) == ("978-5-02-040000-0", "356")
    assert book.confidence == 1.0
    assert article.type == "article-journal"
    assert article.authors == (Name(literal="IAEA"),)
    assert (article.title, article.container_title) == (
        "Safeguards glossary",
        "Nuclear Verification",
    )
    assert (article.volume, article.pages, article.doi) == ("3", "1-9", "10.1234/abc.5")
    assert article.accessed == Date(2020, 1, 12)
    assert article.issued == Date(2001)
    assert parsed.raw == "Петров П.П. Реакторы // Теплоэнергетика. 2010. № 3. С. 5–9."
    assert parsed.provenance is not None and parsed.provenance.entry_index == 2


def test_extract_returns_structured_lists():
    lists = extract(read_bytes(SMALL.encode(), "small.xml"))
    assert [len(f.entries) for f in lists] == [3]
    assert lists[0].source == "small.xml"


def test_citation_alternatives_give_two_lists_and_their_pairs():
    doc = read_document(DOCUMENTS / "seed002.jats.xml")
    english, russian = doc.structured_lists
    assert (english.language, russian.language) == ("en", "ru")
    pairs = doc.metadata["pairs"].pairs
    assert len(pairs) == 21
    assert all(p.a == p.b and p.score == 1.0 for p in pairs)
    assert english.entries[3].first_author_family() == "Dudin"
    assert russian.entries[3].first_author_family() == "Дудин"
    assert english.entries[3].doi == russian.entries[3].doi
    # the English work cited in English in both lists appears in both
    assert english.entries[-1].raw == russian.entries[-1].raw


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<article><back><ref-list><ref></ref-list></back></article>", r"line 1"),
        (b"<?xml version='1.0'?><article><p>unclosed", r"malformed XML"),
        (b"<?xml version='1.0'?><html><body/></html>", r"not a JATS"),
    ],
    ids=["mismatched", "unclosed", "not-jats"],
)
def test_bad_xml_is_a_clear_error(data, message):
    with pytest.raises(InputError, match=rf"bad\.xml.*{message}|{message}.*"):
        read_bytes(data, "bad.xml", format="jats")


def test_external_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE article [<!ENTITY x SYSTEM "file://{secret}">]>'
        "<article><back><ref-list><ref><mixed-citation>&x; Smith J. Title. 2019."
        "</mixed-citation></ref></ref-list></back></article>"
    )
    doc = read_bytes(xml.encode(), "xxe.xml", format="jats")
    assert "TOP SECRET" not in str(doc.structured_lists)
