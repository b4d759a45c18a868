"""Every stage reads language the same way: the parser, the bilingual tools, DOI matching and
the JATS reader all go through refbridge.text, so their answers cannot drift apart."""

from __future__ import annotations

import pytest

from refbridge import parse_reference
from refbridge.bilingual.script import detect_language, find_language_mark
from refbridge.doi.match import is_translation
from refbridge.model import Reference
from refbridge.text import mark_language

SEGMENTERS = ("hybrid", "rules", "crf")
KAZAKH_GOST = [
    "Әбішев Қ.Ә. Қазақ әдебиетінің тарихы. – Алматы: Ғылым, 2015. – 320 б.",
    "Жұмабаев М. Шығармалары. Т. 1. – Алматы: Жазушы, 1989. – 448 б.",
    "Омарова Ә.Қ. Тіл саясаты // ҚазҰУ Хабаршысы. – 2019. – № 2. – Б. 45–52.",
]


@pytest.mark.parametrize("segmenter", SEGMENTERS)
@pytest.mark.parametrize("entry", KAZAKH_GOST)
def test_a_kazakh_entry_is_kazakh_for_the_parser_and_the_bilingual_tools(entry, segmenter):
    assert parse_reference(entry, segmenter=segmenter).language == detect_language(entry) == "kk"


@pytest.mark.parametrize("segmenter", SEGMENTERS)
@pytest.mark.parametrize(
    ("entry", "language"),
    [
        ("Müller, K. (2019). Die Geschichte der Stadt. Berlin: Springer. (In German)", "de"),
        ("Ivanov I.I. Title of the paper. Zhurnal, 2019, no. 2, pp. 5-9 (In German).", "de"),
        ("Ivanov I.I. Title of the paper. Zhurnal, 2019, no. 2, pp. 5-9 (In Kazakh).", "kk"),
        ("Ivanov I.I. Title. Zhurnal, 2019, no. 2, pp. 5-9 (In Russ., abstr. in Engl.).", "ru"),
        ("Trokal, T. V. (2019). Main aspects. Post-Soviet Issues, 2(3), 5–9. [in Russian]", "ru"),
        ("Иванов И.И. Статья // Журнал. 2019. № 2. С. 5–9 (на англ. яз.).", "en"),
    ],
)
def test_the_parser_reads_the_mark_the_bilingual_tools_read(entry, language, segmenter):
    ref = parse_reference(entry, segmenter=segmenter)
    mark = find_language_mark(entry)
    assert mark is not None
    assert ref.original_language == mark.language == mark_language(entry) == language
    # the mark is the language, not a note: nothing of it is left in the fields
    assert "abstr" not in ref.note and "Russ" not in ref.note and "German" not in ref.note


def test_doi_matching_takes_any_cyrillic_language_mark_as_a_translation():
    record = Reference(title="Қазақ тілінің тарихы", language="kk")
    entry = "Әбішев Қ.Ә. Qazaq tilinin tarikhy. 2015."  # mixed script: the mark decides
    assert not is_translation(Reference(raw=entry), record)
    for mark in ("(In Kazakh)", "(In Russian)", "[in Russian]", "(In Russ.)"):
        assert is_translation(Reference(raw=f"{entry} {mark}"), record), mark
    assert not is_translation(Reference(raw=f"{entry} (In German)"), record)
