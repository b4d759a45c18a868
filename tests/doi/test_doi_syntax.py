"""DOI syntax: repairs, validity, finding DOIs in text (seeds included), and the normaliser."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refbridge.doi.syntax import (
    doi_key,
    find_dois,
    find_urls,
    is_valid_doi,
    normalize_doi,
    repair_doi,
    same_doi,
)
from refbridge.errors import DoiError
from strategies import dois

REPAIRS = [
    ("plain", "10.1000/abc", "10.1000/abc", ()),
    ("doi-label", "doi:10.1000/abc", "10.1000/abc", ()),
    ("doi-label-space", "DOI: 10.1000/abc", "10.1000/abc", ()),
    ("dx-resolver", "http://dx.doi.org/10.1000/abc", "10.1000/abc", ()),
    (
        "doubled-resolver",
        "https://doi.org/https://doi.org/10.1000/abc",
        "10.1000/abc",
        ("removed doubled resolver prefix 'https://doi.org/'",),
    ),
    (
        "percent",
        "https://doi.org/10.1000%2Fabc%3C1%3E",
        "10.1000/abc<1>",
        ("decoded percent escapes",),
    ),
    ("double-percent", "10.1000%252Fabc", "10.1000/abc", ("decoded percent escapes",)),
    ("latex", r"10.1000/abc\_def", "10.1000/abc_def", ("removed LaTeX/Markdown escapes",)),
    (
        "latex-textunderscore",
        r"10.1000/abc\textunderscore{}def",
        "10.1000/abc_def",
        ("removed LaTeX/Markdown escapes",),
    ),
    (
        "soft-hyphen",
        "10.1000/ab\u00adc",
        "10.1000/abc",
        ("removed soft hyphens / zero-width characters",),
    ),
    (
        "en-dash",
        "10.1000/2019\u20131\u201380",
        "10.1000/2019-1-80",
        ("replaced Unicode dashes with '-'",),
    ),
    ("trailing-period", "10.1000/abc.", "10.1000/abc", ("removed trailing '.'",)),
    (
        "trailing-paren",
        "(10.1000/abc).",
        "10.1000/abc",
        ("removed leading '('", "removed trailing ').'"),
    ),
    (
        "line-break",
        "10.24975/2313-8920-2018-5-2-\n191-202",
        "10.24975/2313-8920-2018-5-2-191-202",
        ("joined a DOI split across a line break",),
    ),
    (
        "html-entities",
        "10.1002/(SICI)1097-4571(199806)49:8&lt;693::AID-ASI4&gt;3.0.CO;2-0",
        "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0",
        ("decoded HTML entities",),
    ),
    (
        "cyrillic-lookalike",
        "10.31857/\u04212587-55662019124-36",
        "10.31857/C2587-55662019124-36",
        ("replaced Cyrillic look-alike letters with Latin ones",),
    ),
]


@pytest.mark.parametrize(
    ("text", "doi", "repairs"), [r[1:] for r in REPAIRS], ids=[r[0] for r in REPAIRS]
)
def test_repairs_are_made_and_reported(text, doi, repairs):
    result = repair_doi(text)
    assert result.valid, result.problem
    assert result.doi == doi
    assert result.repairs == repairs


def test_one_resolver_prefix_is_a_note_not_a_repair():
    result = repair_doi("https://doi.org/10.1000/abc")
    assert result.repairs == ()
    assert result.notes == ("removed resolver prefix 'https://doi.org/'",)


@pytest.mark.parametrize(
    ("doi", "shape"),
    [
        ("10.1371/journal.pone.0033693", "modern"),
        ("10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0", "legacy-wiley"),
        ("10.1007/978-3-319-25518-7_8", "modern"),
        ("10.1207/s15327752jpa8503&05_05", "lea"),
        ("10.1021/ja01066a012", "modern"),
        ("10.1000.10/123", "other"),
        ("10.1016/S0006-291X(05)80957-1[abc]", "other"),
    ],
)
def test_crossref_patterns_and_older_forms(doi, shape):
    assert repair_doi(doi).shape == shape
    assert is_valid_doi(doi)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("10.123/abc", "registrant code"),
        ("10.1000", "no suffix"),
        ("foo", "'10.'"),
        ("", "empty"),
        ("https://doi.org/abc", "'10.'"),
    ],
)
def test_malformed(text, problem):
    result = repair_doi(text)
    assert not result.valid
    assert problem in result.problem
    with pytest.raises(DoiError):
        normalize_doi(text)


def test_comparison_is_case_insensitive():
    assert same_doi("10.7554/eLife.01567", "https://doi.org/10.7554/ELIFE.01567")
    assert doi_key("10.7554/eLife.01567") == "10.7554/elife.01567"
    assert not same_doi("10.7554/eLife.01567", "10.7554/eLife.01568")


def test_find_in_markdown_and_across_lines():
    text = (
        "Post-Soviet Issues, 5(2), 191–202.\n<https://doi.org/10.24975/2313-8920-2018-5-2-191-202> "
        "(In Russian)\nsee doi: 10.1016/j.jcp.\n2019.07.003, and [x](https://dx.doi.org/10.1000/a(b)c)."
    )
    found = find_dois(text)
    assert [m.doi for m in found] == [
        "10.24975/2313-8920-2018-5-2-191-202",
        "10.1016/j.jcp.2019.07.003",
        "10.1000/a(b)c",
    ]
    assert found[0].repairs == ()
    assert found[1].repairs == ("joined a DOI split across a line break",)
    assert text[found[0].start : found[0].end] == found[0].raw


def test_find_seed_dois(references_dir):
    expected = {
        "10.33051/2500-2325-2019-1-80-92",
        "10.31857/S2587-55662019124-36",
        "10.51176/JESP/issue_3_T9",
        "10.24975/2313-8920-2018-5-2-191-202",
        "10.24411/2076-1503-2020-10441",
    }
    for name in ("001_58b1d439e6741896.txt", "002_dfc645286ca376c6.txt"):
        text = (references_dir / name).read_text(encoding="utf-8")
        found = find_dois(text)
        assert {m.doi for m in found} == expected
        assert all(m.repairs == () for m in found)


def test_find_urls_skips_doi_links():
    text = "a <https://argumenti.ru/world/2020/11/696655> (In Russian) b https://doi.org/10.1000/x."
    assert list(find_urls(text)) == ["https://argumenti.ru/world/2020/11/696655"]
    assert list(find_urls(text, include_doi=True))[-1] == "https://doi.org/10.1000/x"


# -- Hypothesis: the normaliser ------------------------------------------------------------------
_WRAPPERS = st.sampled_from(
    [
        "{}",
        "doi:{}",
        "DOI: {}",
        "https://doi.org/{}",
        "http://dx.doi.org/{}",
        "https://doi.org/https://doi.org/{}",
        " {} ",
        "{}.",
        "<https://doi.org/{}>",
    ]
)


@given(dois)
def test_valid_dois_are_fixed_points(doi):
    result = repair_doi(doi)
    assert result.valid
    assert result.doi == doi
    assert result.repairs == ()
    assert normalize_doi(result.doi) == result.doi


@given(dois, _WRAPPERS)
def test_wrapped_dois_normalise_back(doi, wrapper):
    assert normalize_doi(wrapper.format(doi)) == doi


@given(dois, _WRAPPERS)
def test_normalising_is_idempotent(doi, wrapper):
    once = normalize_doi(wrapper.format(doi))
    assert normalize_doi(once) == once


@given(dois, st.sampled_from(["\u2013", "\u2010", "\u2212"]))
def test_unicode_dashes_become_hyphens(doi, dash):
    damaged = doi.replace("-", dash)
    assert doi_key(normalize_doi(damaged)) == doi_key(doi)


@given(dois, st.text(alphabet="abc .,;", max_size=20), st.text(alphabet="abc ", max_size=20))
def test_found_in_running_text(doi, before, after):
    text = f"{before} https://doi.org/{doi} {after}"
    assert doi in [m.doi for m in find_dois(text)]
