"""JATS reading: structured citations as given, language alternatives, bad XML."""

from __future__ import annotations

import pytest

from paths import BENCHMARKS, TEST_DATA
from refbridge import extract
from refbridge.errors import InputError
from refbridge.model import Date, Name
from refbridge.readers import read_bytes, read_document

DOCUMENTS = TEST_DATA / "documents"

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


_TWINS = b"""<?xml version="1.0"?>
<article xmlns:xlink="http://www.w3.org/1999/xlink"><back><ref-list><title>References</title>
<ref id="B1"><mixed-citation>[1] R.S. Burkard, S. Karisch &amp; F. Rendl. Qaplib - a quadratic
assignment problem library. <italic>European Journal of Operations Research</italic>,
<bold>55</bold> (1991), 115-119.</mixed-citation>
<element-citation publication-type="journal">
<article-title>Qaplib - a quadratic assignment problem library</article-title>
<source>European Journal of Operations Research</source><date><year>1991</year></date>
<fpage>115</fpage><lpage>119</lpage><volume>55</volume>
<person-group person-group-type="author"><name><surname>Burkard</surname>
<given-names>R.S.</given-names></name><name><surname>Karisch</surname>
<given-names>S.</given-names></name></person-group></element-citation></ref>
<ref id="B2"><citation-alternatives><mixed-citation>Smith J. A web page.
<ext-link xlink:href="https://example.org/x">https://example.org/x</ext-link></mixed-citation>
<element-citation publication-type="webpage"><person-group><name><surname>Smith</surname>
<given-names>J.</given-names></name></person-group><article-title>A web page</article-title>
<ext-link xlink:href="https://example.org/x">https://example.org/x</ext-link>
</element-citation></citation-alternatives></ref>
<ref id="B3"><mixed-citation publication-type="book"><collab>AOAC</collab>. (<year>2000</year>).
<chapter-title>Oils and fats</chapter-title> In <person-group person-group-type="editor"><name>
<surname>Horwitz</surname><given-names>W.</given-names></name></person-group> (Ed.),
<source>Official methods of analysis</source>.</mixed-citation></ref>
</ref-list></back></article>"""


def test_mixed_citation_with_only_italics_takes_the_fields_of_its_element_twin():
    (found,) = extract(read_bytes(_TWINS, "twins.xml"))
    first, second, third = found.entries
    assert first.raw.startswith("R.S. Burkard, S. Karisch & F. Rendl. Qaplib")  # as printed
    assert first.title == "Qaplib - a quadratic assignment problem library"
    assert first.container_title == "European Journal of Operations Research"
    assert (first.volume, first.pages, first.issued) == ("55", "115-119", Date(1991))
    assert [a.family for a in first.authors] == ["Burkard", "Karisch"]
    assert second.title == "A web page" and second.url == "https://example.org/x"
    assert second.raw.startswith("Smith J. A web page.")
    # names straight in the citation are the authors even when an editor group follows
    assert third.authors == (Name(literal="AOAC"),) and third.editors[0].family == "Horwitz"


@pytest.mark.shared_data
def test_real_jats_documents(shared_data):
    """Every real JATS document of ../shared/data/documents: entry counts exact; where a ref
    has an element-citation (alone or as a twin), its fields come out as tagged (compared by
    the benchmark's own ``field_checks``, so the test and ``benchmarks/lists.py`` agree)."""
    import json
    import sys

    sys.path.insert(0, str(BENCHMARKS))
    try:
        from lists import field_checks
    finally:
        sys.path.pop(0)
    folder = shared_data / "documents"
    with open(folder / "manifest.jsonl", encoding="utf-8") as handle:
        documents = [json.loads(line) for line in handle]
    checked = 0
    for document in (d for d in documents if d["format"] == "jats"):
        xml = (folder / document["file"]).read_text("utf-8")
        lists = extract(read_document(folder / document["file"]))
        records = [r for found in lists for r in found.entries]
        assert len(records) == document["n_refs"], document["id"]
        assert not any(found.failures for found in lists), document["id"]
        if "<element-citation" not in xml:
            continue
        for gold, record in zip(document["gold"], records, strict=True):
            for name, ok in field_checks(record, gold["fields"]):
                assert ok, (document["id"], name, record.raw[:120])
                checked += 1
    assert checked > 1000
