"""The data model: normalising converters and the CSL-JSON round trip."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from refbridge import Date, Name, Provenance, Reference
from strategies import any_names, any_text, dates


def test_doi_prefixes_are_stripped_even_when_doubled():
    ref = Reference(doi=" https://doi.org/https://doi.org/10.1000/ABC ")
    assert ref.doi == "10.1000/ABC"


def test_pages_use_a_plain_hyphen():
    assert Reference(pages="80 – 92").pages == "80-92"


def test_unknown_type_is_refused():
    with pytest.raises(ValueError, match="CSL item type"):
        Reference(type="journal")


def test_a_literal_name_has_no_parts():
    with pytest.raises(ValueError, match="literal"):
        Name("Smith", literal="ACME")


def test_date_validates_month():
    with pytest.raises(ValueError):
        Date(2019, 13)


def test_full_record_round_trips_through_csl():
    ref = Reference(
        type="article-journal",
        id="dudin2019",
        authors=(Name("Dudin", "V. A."), Name(literal="The President of Russia")),
        issued=Date(2019, 12, 6),
        title="Foreign Economic Cooperation",
        container_title="Market economy problems",
        volume="1",
        pages="80–92",
        doi="10.33051/2500-2325-2019-1-80-92",
        language="en",
        original_language="ru",
        raw="Dudin, V. A. (2019). *Foreign*",
        provenance=Provenance("seed.txt", 0, 3, 165, 165),
        confidence=0.97,
        field_confidence={"title": 0.99},
        extra={"citation-number": 4},
    )
    csl = ref.to_csl()
    assert csl["page"] == "80-92"
    assert csl["issued"] == {"date-parts": [[2019, 12, 6]]}
    assert csl["author"][1] == {"literal": "The President of Russia"}
    assert Reference.from_csl(csl) == ref


def test_foreign_custom_data_survives():
    csl = {"type": "book", "title": "T", "custom": {"other-tool": {"x": 1}}}
    assert Reference.from_csl(csl).to_csl() == csl


@given(
    title=any_text,
    authors=st.lists(any_names, max_size=3),
    issued=st.none() | dates,
    volume=any_text,
    pages=any_text,
    doi=any_text,
    raw=any_text,
)
def test_round_trip_property(title, authors, issued, volume, pages, doi, raw):
    ref = Reference(
        type="article-journal",
        title=title,
        authors=tuple(authors),
        issued=issued,
        volume=volume,
        pages=pages,
        doi=doi,
        raw=raw,
    )
    # Converters are idempotent, so a record survives being rebuilt from its own CSL.
    assert Reference.from_csl(ref.to_csl()) == ref
    assert attrs.evolve(ref) == ref


def test_a_split_date_keeps_its_printed_form_outside_the_csl_date() -> None:
    ref = Reference(type="book", title="T", issued=Date(2014, 6, literal="2-6 июня 2014 г."))
    item = ref.to_csl()
    assert item["issued"] == {"date-parts": [[2014, 6]]}  # no literal: processors print it too
    assert item["custom"]["refbridge"]["printed-dates"] == {"issued": "2-6 июня 2014 г."}
    assert Reference.from_csl(item) == ref
