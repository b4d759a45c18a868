"""Script and language detection: one letter count for every stage."""

from __future__ import annotations

import pytest

from refbridge.text.script import (
    CYRILLIC_LANGUAGES,
    detect_language,
    entry_script,
    has_cyrillic,
    is_cyrillic,
    is_cyrillic_language,
    letter_counts,
    script_of,
)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Иванов И. И. Статья // Журнал. 2019. Т. 1.", "ru"),
        ("Абай Қ. Қазақ тілі // Хабаршы. 2019.", "kk"),
        ("Шевченко Т. Їжак і ґрунт // Вісник. 2019.", "uk"),
        ("Мележ І. Подых навальніцы ў вёсцы // Полымя. 1968. № 2. С. 3–9.", "be"),
        ("Біла О. Поле і ліс // Вісник. 2019.", "uk"),
        ("Smith J. A title. Journal. 2019;3:5-9.", "en"),
        ("Иванов И. И. Market economy problems", "en"),
        ("Иванов И. Market", "ru"),
        ("2019, 1, 80–92", ""),
        ("", ""),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_identifiers_are_no_letters() -> None:
    entry = "Бородавкин А. Н. Россия. https://rusevr.asia/rossiya-i-kazakhstan-soyuzniki/ a@b.kz"
    assert entry_script(entry) == "cyrillic"
    assert detect_language(entry) == "ru"
    assert script_of(entry) == "mixed"  # the plain count sees the URL's letters


def test_letter_counts_take_accented_latin_and_all_cyrillic_blocks() -> None:
    assert letter_counts("Ёжик ҚҰ") == (6, 0)
    assert letter_counts("Gödel, É.") == (0, 6)


def test_cyrillic_languages() -> None:
    assert {"ru", "uk", "be", "kk", "ky", "bg", "sr", "mk", "tg", "mn", "tt"} <= CYRILLIC_LANGUAGES
    assert is_cyrillic_language("kk-KZ") and is_cyrillic_language("RU")
    assert not is_cyrillic_language("en-US") and not is_cyrillic_language("")


def test_character_checks() -> None:
    assert is_cyrillic("ё") and is_cyrillic("қ") and not is_cyrillic("e") and not is_cyrillic("")
    assert has_cyrillic("Smith и др.") and not has_cyrillic("Smith et al.")
