import pytest

from refbridge.text import fold, script_of, strip_markdown, to_roman


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Дудин В. А.", "cyrillic"),
        ("Dudin, V. A.", "latin"),
        ("Дудин В. А. Market economy problems", "mixed"),
        ("Сборник. Sciences of Europe", "mixed"),
        ("2019, 1, 80–92", ""),
    ],
)
def test_script_of(text, script):
    assert script_of(text) == script


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("*Russian Eurasia*.", "Russian Eurasia."),
        ("<https://doi.org/10.1/x> (In Russian)", "https://doi.org/10.1/x (In Russian)"),
        (r"lezhebokov\[at\]yandex.ru", "lezhebokov[at]yandex.ru"),
        ("[licence](https://creativecommons.org/licenses/by/4.0/)", "licence"),
        ("***both***", "both"),
        ("snake_case_name stays", "snake_case_name stays"),
        ("2 * 3 * 4", "2 * 3 * 4"),
    ],
)
def test_strip_markdown(text, plain):
    assert strip_markdown(text) == plain


def test_fold():
    assert fold("Ёлка, «Ёж»!") == fold("елка ЕЖ") == "елка еж"
    assert fold("Ｔｏｍ\u00a02") == "tom 2"  # NFKC: full-width letters, no-break space


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("**bold *it* bold**", "bold it bold"),
        ("*a*", "a"),
        ("_Journal_, 4", "Journal, 4"),
        ("a * b * c", "a * b * c"),
    ],
)
def test_strip_markdown_nesting_and_spacing(text, plain):
    assert strip_markdown(text) == plain


@pytest.mark.parametrize(
    ("number", "roman"),
    [(1, "i"), (4, "iv"), (9, "ix"), (14, "xiv"), (40, "xl"), (1994, "mcmxciv"), (0, "")],
)
def test_to_roman(number, roman):
    assert to_roman(number) == roman


def test_a_link_text_stops_at_the_next_bracket():
    # CommonMark reads "[a [b](u)" as text "[a " and the link "[b](u)"; an unmatched "[" is
    # text, so a page of them is read in one linear pass (benchmarks/text_rules.py).
    assert strip_markdown("[a [b](https://x.org/u)") == "[a b"
    assert strip_markdown("[" * 50 + "x") == "[" * 50 + "x"
