"""Long lists and irregular numbering: every entry comes out, one entry per entry.

A numbered list used to stop splitting at entry 999, and a list where only the first entry
was numbered came out as one record. The entries here vary the way real lists do (GOST and
APA, Russian and English, with and without DOIs, some that score low as references).
"""

from __future__ import annotations

import pytest

from refbridge.model import Document
from refbridge.sections import find_reference_lists

_TEMPLATES = (
    "Иванов{n} И.И., Петров П.П. Расчёт реактора номер {n} // Атомная энергия. {year}. "
    "Т. {vol}. № 2. С. {page}–{end}.",
    "Smith{n}, J. A., & Jones, K. ({year}). Study number {n} of fast reactors. "
    "Nuclear Engineering and Design, {vol}(3), {page}–{end}. https://doi.org/10.1016/j.ned.{n}",
    "Brown{n} A.B. Neutron transport in lattice {n}. Moscow, Energoatomizdat Publ. {year}. "
    "{page} p. (In Russian)",
    "IAEA Safeguards Glossary. International Nuclear Verification Series No. {n}. {year} Edition.",
    "Denise B Pelowitz, MCNPX USER'S MANUAL Version 2.{n}.0. LA-CP-07-{page}.",
    "Сидоров{n} С.С. Тепловыделяющие сборки: монография. – М.: Энергоатомиздат, {year}. – "
    "{page} с.",
)


def entries(count: int) -> list[str]:
    """``count`` distinct entries cycling through the templates."""
    return [
        _TEMPLATES[n % len(_TEMPLATES)].format(
            n=n, year=1970 + n % 50, vol=1 + n % 90, page=10 + n % 400, end=20 + n % 400
        )
        for n in range(count)
    ]


def found_entries(lines: list[str]) -> list[str]:
    document = Document(source="list.txt", format="text", lines=["References", "", *lines])
    (found,) = find_reference_lists(document)
    return [entry.text for entry in found.entries]


@pytest.mark.parametrize("marker", ["{n}. ", "[{n}] ", "{n}) "])
def test_a_1200_entry_numbered_list_gives_1200_entries(marker):
    gold = entries(1200)
    lines = [marker.format(n=n) + text for n, text in enumerate(gold, 1)]
    assert found_entries(lines) == gold


def test_numbers_past_999_wrapped_over_lines():
    gold = entries(1100)
    lines = []
    for n, text in enumerate(gold, 1):
        head, _, tail = text.partition(". ")
        lines += [f"{n}. {head}.", f"   {tail}"]
    assert found_entries(lines) == gold


def test_only_the_first_entry_numbered():
    gold = entries(40)
    lines = [f"[1] {gold[0]}", *gold[1:]]
    assert found_entries(lines) == gold


def test_numbering_mixed_with_unnumbered_entries():
    gold = entries(60)
    lines, number = [], 0
    for i, text in enumerate(gold):
        if i % 4 == 3:
            lines.append(text)  # an entry the author forgot to number
        else:
            number += 1
            lines.append(f"{number}. {text}")
    assert found_entries(lines) == gold


def test_a_wrapped_year_is_no_first_number():
    lines = [
        "Безносов А.В. Тяжелые жидкометаллические теплоносители в атомной энергетике. – М.: ИздАТ,",
        "2006. – 370 с.",
        "Осика Д.Г. Флюидный режим тектонически-активных областей. – М.: Наука, 1981. – 204 с.",
        "Климов А.Н. Ядерная физика и ядерные реакторы. – М.: Энергоатомиздат, 1985. – 352 с.",
    ]
    assert found_entries(lines) == [
        "Безносов А.В. Тяжелые жидкометаллические теплоносители в атомной энергетике. – М.: "
        "ИздАТ, 2006. – 370 с.",
        lines[2],
        lines[3],
    ]


def test_a_run_of_low_scoring_entries_does_not_end_the_list():
    gold = entries(30)
    odd = [
        "Denise B Pelowitz, MCNPX USER'S MANUAL Version 2.4.0. LA-CP-07-1473.",
        "The Basics of Boron Neutron Capture Therapy. Available at http://web.mit.edu/nrl/bnct",
        "MIT BNCT Facilities. Fission Converter Beam (FCB).",
        "TAPIRO: ENEA Internal Document, DISP/TAP/85-1.",
    ]
    lines = gold[:10] + odd + gold[10:]
    assert found_entries(lines) == lines
