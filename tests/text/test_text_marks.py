"""The "(In Russian)" family of language marks: one pattern, every spelling journals use."""

from __future__ import annotations

import pytest

from refbridge.text.marks import (
    LANGUAGE_MARK,
    find_language_mark,
    is_language_note,
    mark_language,
    strip_language_mark,
)


@pytest.mark.parametrize(
    ("mark", "language"),
    [
        ("(In Russian)", "ru"),
        ("[in Russian]", "ru"),
        ("(In Russ.)", "ru"),
        ("(in Rus.)", "ru"),
        ("(In Russ., abstr. in Engl.)", "ru"),
        ("(in Russian with English summary)", "ru"),
        ("(In Russian language)", "ru"),
        ("(на русском)", "ru"),
        ("(на русском языке)", "ru"),
        ("(на рус. яз.)", "ru"),
        ("(на русск. яз.)", "ru"),
        ("(in Kazakh and Russian)", "kk"),
        ("(In Tatar)", "tt"),
        ("(In Uzbek)", "uz"),
        ("(In Kazakh)", "kk"),
        ("(на казахском языке)", "kk"),
        ("[In Ukrainian]", "uk"),
        ("(In Belarusian)", "be"),
        ("(In German)", "de"),
        ("(на немецком языке)", "de"),
        ("(In French)", "fr"),
        ("(In Chinese)", "zh"),
        ("(In Engl.)", "en"),
        ("(на англ. яз.)", "en"),
    ],
)
def test_every_spelling_names_its_language(mark: str, language: str) -> None:
    entry = f"Ivanov I.I. Title. Zhurnal, 2019, no. 2, pp. 5-9 {mark}."
    found = find_language_mark(entry)
    assert found is not None
    assert (found.language, found.text.rstrip(".")) == (language, mark)
    assert entry[found.start : found.end] == found.text
    assert mark_language(entry) == language


@pytest.mark.parametrize(
    "text",
    [
        "Trade (in Russia) and beyond.",
        "Trade (in Russia and Kazakhstan) since 1991.",
        "A study (in German translation) of Tolstoy.",
        "Growth (in Russian regions) since 2000.",
        "Teaching (in English language classrooms).",
        "Smith J. A title (2019) in the text of (Iqbal, 2019).",
        "Ivanov I.I. Title. Zhurnal, 2019.",
    ],
)
def test_words_that_only_look_like_a_mark(text: str) -> None:
    assert find_language_mark(text) is None
    assert mark_language(text) == ""


def test_a_mark_cut_short_at_the_end_still_counts() -> None:
    assert mark_language("Title. Zhurnal, 2019 (in Russian") == "ru"


def test_the_last_mark_wins() -> None:
    assert mark_language("Title [in English]. Zhurnal, 2019 (In Kazakh)") == "kk"


@pytest.mark.parametrize(
    ("note", "is_mark"),
    [
        ("in Russian", True),
        ("In Russ.", True),
        ("(In Russian). Электронный ресурс", True),
        ("in Russian, abstract in English", True),
        ("Russian Federation", False),
        ("in press", False),
    ],
)
def test_language_note(note: str, is_mark: bool) -> None:
    assert is_language_note(note) is is_mark


def test_strip_language_mark() -> None:
    assert strip_language_mark("Title. Zhurnal, 2019 (In Russ.). DOI") == "Title. Zhurnal, 2019 DOI"
    assert strip_language_mark("No mark here") == "No mark here"


def test_the_pattern_spans_the_closing_bracket_and_period() -> None:
    match = LANGUAGE_MARK.search("pp. 5-9 (In Russian). https://x.org")
    assert match is not None and match.group(0) == "(In Russian)."
