"""Author/editor segments -> names, in the orders Russian and English lists print them."""

import pytest

from refbridge.model import Name
from refbridge.parsing.names import parse_names


def N(family, given="", particle=""):
    return Name(family=family, given=given, particle=particle)


@pytest.mark.parametrize(
    ("segment", "names", "others"),
    [
        ("Иванов И.И.", [N("Иванов", "И.И.")], False),
        ("Иванов И. И.", [N("Иванов", "И. И.")], False),
        ("И.И. Иванов", [N("Иванов", "И.И.")], False),
        ("Мельникова, Т.В.", [N("Мельникова", "Т.В.")], False),
        ("Ivanov, I. I.", [N("Ivanov", "I. I.")], False),
        (
            "Dudin, V. A., & Tsvetkov, M. N.",
            [N("Dudin", "V. A."), N("Tsvetkov", "M. N.")],
            False,
        ),
        ("Efremova-Shershukova, N. A.", [N("Efremova-Shershukova", "N. A.")], False),
        ("Dzhantaleeva, M. Sh.", [N("Dzhantaleeva", "M. Sh.")], False),
        (
            "Герасимов А.С., Зарицкая Т.С., Рудик А.П.",
            [N("Герасимов", "А.С."), N("Зарицкая", "Т.С."), N("Рудик", "А.П.")],
            False,
        ),
        (
            "Андреева Л.А., Гольцов Е.Н., Каплиенко А.В. и др.",
            [N("Андреева", "Л.А."), N("Гольцов", "Е.Н."), N("Каплиенко", "А.В.")],
            True,
        ),
        ("Smith, J., et al.", [N("Smith", "J.")], True),
        ("Гулина О.М, Бараненко В.И.", [N("Гулина", "О.М"), N("Бараненко", "В.И.")], False),
        ("Баймаков А.Ю., Петрович С. Ю.", [N("Баймаков", "А.Ю."), N("Петрович", "С. Ю.")], False),
        ("van der Berg, J.", [N("Berg", "J.", particle="van der")], False),
        ("Smith, John", [N("Smith", "John")], False),
        ("*Zhiltsov, S.*", [N("Zhiltsov", "S.")], False),
    ],
)
def test_person_names(segment, names, others):
    parsed = parse_names(segment)
    assert list(parsed.names) == names
    assert parsed.others is others


@pytest.mark.parametrize(
    "segment",
    [
        "Forum of Interregional Cooperation between Russia and Kazakhstan",
        "Министерство энергетики Российской Федерации",
        "World Health Organization",
    ],
)
def test_organisations_are_literals(segment):
    parsed = parse_names(segment)
    assert parsed.names == (Name(literal=segment),)


def test_only_et_al_gives_no_name_but_the_mark():
    parsed = parse_names("et al.")
    assert parsed.names == () and parsed.others


def test_unsure_splits_lower_confidence():
    assert parse_names("Иванов И.И.").confidence == 1.0
    assert parse_names("Иванов, Петров").confidence < 1.0
