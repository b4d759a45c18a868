"""Script and language of entries, and the "(In Russian)" family of marks."""

from __future__ import annotations

import pytest

from refbridge.bilingual.script import (
    detect_language,
    entry_script,
    find_language_mark,
    strip_language_mark,
)


@pytest.mark.parametrize(
    ("text", "language", "mark"),
    [
        ("Trokal, T. V. (2019). Main aspects. Post-Soviet Issues, 2(3). (In Russian)", "en", "ru"),
        ("Sukhonosov V. Title. 2010, pp. 89-93 (in Russian).", "en", "ru"),
        ("Title. Journal, 2019 (In Russ., abstract in Eng.)", "en", "ru"),
        ("Title. Journal, 2019 [in Russian]", "en", "ru"),
        ("Title. Journal, 2019 (In Kazakh)", "en", "kk"),
        ("Иванов И. И. Статья // Журнал. 2019. (на англ. яз.)", "ru", "en"),
        ("Иванов И. И. Статья // Журнал. 2019 (на русском языке)", "ru", "ru"),
        ("Абай Қ. Қазақ тілі // Хабаршы. 2019.", "kk", ""),
        ("Шевченко Т. Їжак і ґрунт // Вісник. 2019.", "uk", ""),
        ("Smith J. A title (2019) in the text of (Iqbal, 2019).", "en", ""),
    ],
)
def test_language_and_mark(text: str, language: str, mark: str) -> None:
    assert detect_language(text) == language
    found = find_language_mark(text)
    assert (found.language if found else "") == mark


def test_urls_do_not_make_a_cyrillic_entry_latin() -> None:
    entry = (
        "Бородавкин А. Н. Россия и Казахстан. https://rusevr.asia/rossiya-i-kazakhstan-soyuzniki/"
    )
    assert entry_script(entry) == "cyrillic"
    assert entry_script("Иванов И. Ivanov I. Иванов И. Ivanov I.") == "mixed"
    assert entry_script("10.1234/5678") == ""


def test_strip_mark() -> None:
    assert strip_language_mark("Title. 2019, pp. 1-2 (In Russian)") == "Title. 2019, pp. 1-2"
    assert strip_language_mark("No mark here.") == "No mark here."
