"""DOIs and URLs in running text: one definition of where they start and end."""

from __future__ import annotations

from refbridge.doi.syntax import find_dois
from refbridge.text.identifiers import (
    DOI_IN_TEXT,
    LINKS,
    doi_spans,
    find_urls,
    strip_trailing,
    without_identifiers,
)


def test_doi_spans_reach_from_the_label_over_a_line_break() -> None:
    text = "Title. doi: 10.1134/S0040-\n  6015.2019 (In Russian). See https://doi.org/10.1000/x."
    spans = [text[a:b] for a, b in doi_spans(text)]
    assert spans == ["doi: 10.1134/S0040-\n  6015.2019", "https://doi.org/10.1000/x"]


def test_find_dois_validates_the_spans_doi_spans_finds() -> None:
    text = "A 10.1000/abc. B 10.12/short. C 10%2E1000%2Fxyz; D 10.1000.5/sub-code"
    found = find_dois(text)
    assert [m.doi for m in found] == ["10.1000/abc", "10.1000/xyz", "10.1000.5/sub-code"]
    kept = [(a, b) for a, b in doi_spans(text) if text[a:b] != "10.12/short"]
    assert [(m.start, m.end) for m in found] == kept


def test_without_identifiers() -> None:
    text = "Иванов И. https://x.ru/a, www.y.kz, doi:10.1000/abc, ivanov@mail.ru конец"
    assert without_identifiers(text).split() == ["Иванов", "И.", "конец"]
    assert without_identifiers("Plain words, 10 of them") == "Plain words, 10 of them"


def test_doi_in_text_and_links() -> None:
    assert DOI_IN_TEXT.search("see 10.1000/abc") is not None
    assert DOI_IN_TEXT.search("version 10.1 of the text") is None
    assert [m.group(0) for m in LINKS.finditer("<https://a.b/c> and 10.1000/x y")] == [
        "<https://a.b/c>",
        "10.1000/x",
    ]


def test_find_urls_and_trailing_punctuation() -> None:
    text = "(see https://argumenti.ru/world/2020/11/696655), https://doi.org/10.1000/x."
    assert list(find_urls(text)) == ["https://argumenti.ru/world/2020/11/696655"]
    assert list(find_urls(text, include_doi=True))[-1] == "https://doi.org/10.1000/x"
    assert strip_trailing("https://a.b/c_(d))..") == "https://a.b/c_(d)"
