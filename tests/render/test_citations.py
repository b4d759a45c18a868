"""In-text citations: the finder's forms, linking with evidence, and seed 002 by hand."""

from __future__ import annotations

import json

import pytest

from refbridge import check_citations
from refbridge.citations import find_citations, link_citations
from refbridge.model import Document, Name, Reference

SEED = "002_dfc645286ca376c6"


def test_seed_002_links_match_the_hand_checked_expectation(references_dir) -> None:
    expected = json.loads((references_dir / f"{SEED}.citations.expected.json").read_text("utf-8"))
    report = check_citations(references_dir / f"{SEED}.txt")
    assert report.reference_list.heading == "References"
    got = [(link.citation.line, link.citation.text, link.entry) for link in report.links]
    want = [(c["line"], c["citation"], c["entry"]) for c in expected["citations"]]
    assert got == want
    entries = report.reference_list.entries
    for c in expected["citations"]:
        assert entries[c["entry"]].raw.startswith(c["entry_starts"])
    issues = [(i.kind, i.citation.line if i.citation else None, i.entry) for i in report.issues]
    assert issues == [(i["kind"], i["line"], i["entry"]) for i in expected["issues"]]


def test_seed_002_named_cases(references_dir) -> None:
    report = check_citations(references_dir / f"{SEED}.txt")
    entries = report.reference_list.entries
    by_text = {link.citation.text: link for link in report.links}
    assert entries[by_text["Tsvetkov & Dudin, 2019"].entry].raw.startswith(
        "Dudin, V. A., & Tsvetkov"
    )
    assert entries[by_text["Yun Peizhi, 2020"].entry].raw.startswith("Yun, P.")
    assert entries[by_text["Malmir Mohammadreza, 2019"].entry].raw.startswith("Malmir, M.")
    assert by_text["Zhiltsov, 2016, p. 12"].citation.locator == "p. 12"
    messages = [i.message for i in report.issues]
    assert any("'Dzhantaleyeva' in the text, 'Dzhantaleeva' in the list" in m for m in messages)
    cited = {link.entry for link in report.links}
    never = {i.entry for i in report.issues if i.kind == "never-cited"}
    assert cited | never == set(range(len(entries)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(Trokal, 2019)", [("Trokal",), "2019"]),
        ("(Myrzakhmetova et al., 2020)", [("Myrzakhmetova",), "2020"]),
        (
            "(Trade between Russia and Kazakhstan in 2019, 2020)",
            [("Trade between Russia and Kazakhstan in 2019",), "2020"],
        ),
        ("(Иванов, 2019)", [("Иванов",), "2019"]),
        ("[Иванов и др., 2019, с. 5]", [("Иванов",), "2019"]),
        ("(see Smith & Jones, 2003a)", [("Smith", "Jones"), "2003a"]),
    ],
)
def test_author_year_forms(text: str, expected: list) -> None:
    (citation,) = find_citations([f"As shown {text}."])
    assert [citation.names, citation.year] == expected


def test_several_in_one_bracket_and_numeric_forms() -> None:
    found = find_citations(["A (Dzhantaleyeva, 2013, Mirzazadeh, 2018; Tsvetkov & Dudin, 2019)."])
    assert [c.names[0] for c in found] == ["Dzhantaleyeva", "Mirzazadeh", "Tsvetkov"]
    numeric = find_citations(["B [1, 3–5] and [12, с. 45] but not [a link](http://x)."])
    assert [c.numbers for c in numeric] == [(1, 3, 4, 5), (12,)]
    assert numeric[1].locator == "с. 45"


def test_dates_and_prose_are_not_citations() -> None:
    lines = [
        "The post-Crimea period (August 2016 – March 2019) and the treaty (May 25, 2005).",
        "Signed in April (1996) by both.",
    ]
    assert find_citations(lines) == []


def test_narrative_citation_links_and_unknown_narrative_is_ignored() -> None:
    entries = [
        Reference(
            type="book",
            authors=[Name("Litvinov", "A. I.")],
            raw="Litvinov, A. I. (2019). Trade.",
            title="Trade",
        )
    ]
    found = find_citations(["Litvinov (2019) and the Union (1995) agree."])
    links = link_citations(found, entries)
    assert [(link.citation.text, link.entry) for link in links] == [("Litvinov (2019)", 0)]


def test_cross_script_year_mismatch_and_missing() -> None:
    doc = Document(
        source="x.md",
        format="markdown",
        lines=[
            "Как показано (Trokal, 2018) и (Петров, 2015).",
            "",
            "Список литературы",
            "",
            "1. Трокаль Т. В. Основные аспекты сотрудничества // Постсоветские исследования. "
            "2019. Т. 2, № 3. С. 1078–1084.",
        ],
    )
    report = check_citations(doc)
    kinds = sorted(i.kind for i in report.issues)
    assert kinds == ["cited-not-listed", "year-mismatch"]
    (linked,) = [link for link in report.links if link.entry is not None]
    assert any("Трокаль" in e for e in linked.evidence)


def test_suffixes_pick_entries_in_list_order() -> None:
    refs = [
        Reference.from_csl(
            {
                "type": "book",
                "author": [{"family": "Smith", "given": "J."}],
                "issued": {"date-parts": [[2001]]},
                "title": title,
            }
        )
        for title in ("One", "Two")
    ]
    links = link_citations(find_citations(["(Smith, 2001b) then (Smith, 2001a)"]), refs)
    assert [link.entry for link in links] == [1, 0]
    ambiguous = link_citations(find_citations(["(Smith, 2001)"]), refs)
    assert ambiguous[0].candidates == (0, 1)


@pytest.mark.parametrize("suffix", ["html", "docx", "jats.xml", "pdf"])
def test_seed_002_in_other_formats_gives_the_same_report(references_dir, suffix) -> None:
    """Same links and problems whatever the format; PDF text wraps citations across lines."""
    documents = references_dir.parent / "tests" / "data" / "documents"
    report = check_citations(documents / f"seed002.{suffix}")
    reference = check_citations(references_dir / f"{SEED}.txt")
    assert [(x.citation.text, x.entry) for x in report.links] == [
        (x.citation.text, x.entry) for x in reference.links
    ]
    assert [i.kind for i in report.issues] == [i.kind for i in reference.issues]
