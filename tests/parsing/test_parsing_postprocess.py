"""Spans -> record: the loss classes the gold-span ceiling run found (one test per class).

Each case gives the *right* spans by hand, so what is tested is only the post-processing
(``postprocess.spans_to_reference`` and ``names.parse_names``), whatever segmenter is the
default. The ceiling itself: ``python benchmarks/parse_accuracy.py --ceiling``.
"""

import pytest

from refbridge.model import Date, Name
from refbridge.parsing import crf, parse_reference
from refbridge.parsing.labels import Span
from refbridge.parsing.names import parse_names
from refbridge.parsing.postprocess import REPEATED, repeat_names, spans_to_reference


def record(text, *labelled):
    """The record of ``text`` whose fields are the given (label, substring) pairs."""
    spans = []
    for label, value in labelled:
        start = text.index(value)
        spans.append(Span(label, start, start + len(value), value))
    return spans_to_reference(text, spans)


@pytest.mark.parametrize(
    ("segment", "names"),
    [
        ("SMITH, John", [Name("SMITH", "John")]),
        ("LITTELL, R. S.; FISHER, D.", [Name("LITTELL", "R. S."), Name("FISHER", "D.")]),
        ("JAYARAM, M., AND VARGHESE, G.", [Name("JAYARAM", "M."), Name("VARGHESE", "G.")]),
        ("Watson JD, Crick FH", [Name("Watson", "J. D."), Name("Crick", "F. H.")]),
        ("Lu S-W, Chen S", [Name("Lu", "S.-W."), Name("Chen", "S")]),
        ("Bach, PB, Jett, JR", [Name("Bach", "P. B."), Name("Jett", "J. R.")]),
        (
            "Roldan Cuenya B.; De Groot F. M.",
            [Name("Roldan Cuenya", "B."), Name("De Groot", "F. M.")],
        ),
        (
            "Gonzalez Garcia JR, Campbell AK",
            [Name("Gonzalez Garcia", "J. R."), Name("Campbell", "A. K.")],
        ),
        ("Błachucki W.; Tyrała K.", [Name("Błachucki", "W."), Name("Tyrała", "K.")]),
        ("Auer L. Lazuka A.", [Name("Auer", "L."), Name("Lazuka", "A.")]),
        ("Иванов И.И. Петров П.П.", [Name("Иванов", "И.И."), Name("Петров", "П.П.")]),
        (
            "Ali M Perveen R Siddique NY",
            [Name("Ali", "M"), Name("Perveen", "R"), Name("Siddique", "N. Y.")],
        ),
        ("Roebbelen G and Sharp EL", [Name("Roebbelen", "G"), Name("Sharp", "E. L.")]),
        (
            "Crossley D. A. Jr, Odum E. P.",
            [Name("Crossley", "D. A.", suffix="Jr"), Name("Odum", "E. P.")],
        ),
        ("Smith, J., Jr., Doe, A.", [Name("Smith", "J.", suffix="Jr."), Name("Doe", "A.")]),
    ],
)
def test_names_the_ceiling_run_lost(segment, names):
    assert list(parse_names(segment).names) == names


def test_an_upper_case_word_is_never_split_into_family_and_initial():
    assert parse_names("COLLECTIF").names == (Name("COLLECTIF"),)
    assert parse_names("ИвановИ.И.").names == (Name("Иванов", "И.И."),)


def test_an_organisation_stays_one_literal():
    names = parse_names("Forum of Interregional Cooperation of Russia and Kazakhstan").names
    assert names == (Name(literal="Forum of Interregional Cooperation of Russia and Kazakhstan"),)


def test_dash_rule_means_the_authors_of_the_entry_above():
    first = record(
        "Said, Edward W. Orientalism. New York: Pantheon Books, 1978.",
        ("author", "Said, Edward W."),
        ("title", "Orientalism"),
        ("date", "1978"),
    )
    text = "———. Culture and Imperialism. New York: Knopf, 1993."
    second = record(
        text, ("author", "———."), ("title", "Culture and Imperialism"), ("date", "1993")
    )
    assert second.authors == () and second.extra["custom"][REPEATED] == ["authors"]
    filled = repeat_names(first, second)
    assert filled.authors == (Name("Said", "Edward W."),)
    assert "custom" not in filled.extra
    assert repeat_names(None, second) is second  # first entry of a list: nothing to copy


def test_vancouver_year_before_volume():
    ref = record(
        "Smith A. A title. N Engl J Med. 2010;362(5):1-10.",
        ("author", "Smith A."),
        ("title", "A title"),
        ("container-title", "N Engl J Med"),
        ("volume", "2010;362(5)"),
        ("pages", "1-10"),
    )
    assert (ref.issued, ref.volume, ref.issue, ref.pages) == (Date(2010), "362", "5", "1-10")


def test_year_before_volume_labelled_as_issue():
    ref = record("Doe J. Title. BMJ 2009;5:100-9.", ("container-title", "BMJ"), ("issue", "2009;5"))
    assert (ref.issued, ref.volume, ref.issue) == (Date(2009), "5", "")


def test_mla_volume_dot_issue():
    ref = record(
        'Said, Edward W. "Title." Critical Inquiry 36.2 (2009): 1-10.',
        ("container-title", "Critical Inquiry"),
        ("volume", "36.2"),
        ("date", "2009"),
    )
    assert (ref.volume, ref.issue) == ("36", "2")


def test_mla_book():
    ref = record(
        "Said, Edward W. Orientalism. Pantheon Books, 1978.",
        ("author", "Said, Edward W."),
        ("title", "Orientalism"),
        ("publisher", "Pantheon Books"),
        ("date", "1978"),
    )
    assert ref.type == "book"
    assert ref.authors == (Name("Said", "Edward W."),)
    assert (ref.title, ref.publisher, ref.issued) == ("Orientalism", "Pantheon Books", Date(1978))


def test_markers_are_whole_words():
    ref = record(
        "K. Gharachorloo. Memory consistency. In Proc. ISCA, pages 15-26, 1990. Vol. VII.",
        ("pages", "pages 15-26"),
        ("volume", "VII"),
    )
    assert (ref.pages, ref.volume) == ("15-26", "VII")


def test_crf_span_keeps_a_closing_bracket_it_opened():
    text = "In Proc. IEEE Conf. on Computer Vision and Pattern Recognition (CVPR), 2016."
    start = text.index("Proc.")
    span = crf._span(text, "container-title", start, text.index(", 2016") + 1, 0.9)
    assert span is not None and span.text.endswith("(CVPR)")
    assert crf._span("(2016),", "date", 0, 7, 0.9).text == "2016"


@pytest.mark.parametrize(
    ("container", "issue", "kind"),
    [
        ("Proc. IEEE", "", "article-journal"),
        ("Proceedings of the IEEE", "", "article-journal"),
        ("Proc. Natl. Acad. Sci. USA", "", "article-journal"),
        ("Proc. Int. Conf. on Machine Learning", "", "paper-conference"),
        ("Proceedings of the Symposium on Widgets", "3", "article-journal"),
    ],
)
def test_journals_named_proceedings(container, issue, kind):
    text = f"A. Author. A title. {container}, 86, {issue or 'x'}, 2278-2324, 1998."
    labelled = [("title", "A title"), ("container-title", container), ("volume", "86")]
    if issue:
        labelled.append(("issue", f", {issue},"))
    labelled.append(("pages", "2278-2324"))
    assert record(text, *labelled).type == kind


def test_a_part_with_a_title_keeps_its_container():
    """Title + container + publisher, no "In": a paper in proceedings, not one book."""
    ref = record(
        "Ferrand, M. 1999, Improving optical music recognition, Progress in artificial "
        "intelligence, Berlin: Springer.",
        ("title", "Improving optical music recognition"),
        ("container-title", "Progress in artificial intelligence"),
        ("location", "Berlin"),
        ("publisher", "Springer"),
    )
    assert ref.title == "Improving optical music recognition"
    assert ref.container_title == "Progress in artificial intelligence"


def test_a_lone_container_of_a_book_is_its_title():
    ref = record(
        "Гусев Н.Г. Защита от ионизирующих излучений. – М.: Энергоатомиздат, 1989.",
        ("container-title", "Защита от ионизирующих излучений"),
        ("location", "М."),
        ("publisher", "Энергоатомиздат"),
    )
    assert (ref.title, ref.container_title, ref.type) == (
        "Защита от ионизирующих излучений",
        "",
        "book",
    )


def test_a_title_swallowed_by_the_author_span_comes_back_out():
    text = "Said, Edward W. Orientalism. Pantheon Books, 1978."
    ref = record(text, ("author", "Said, Edward W. Orientalism"), ("publisher", "Pantheon Books"))
    assert ref.authors == (Name("Said", "Edward W."),) and ref.title == "Orientalism"
    kept = record(text, ("author", "Said, Edward W."), ("title", "Orientalism"))
    assert kept.title == "Orientalism"  # a title span already there: nothing moves


def test_a_volume_that_is_only_an_issue_number_is_the_issue():
    ref = record("New Left Review, no. 146, 1984, pp. 53-92.", ("volume", "no. 146"))
    assert (ref.volume, ref.issue) == ("", "146")
    ref = record("Les Cahiers des Transports, N° 63, pp. 1-9.", ("issue", "N° 63"))
    assert ref.issue == "63"


def test_volume_and_issue_in_one_span_split():
    text = "Abagyan L.P. New constants. Atomnaya Energiya, 1980, v. 48, iss. 2, pp. 117-118."
    ref = record(text, ("volume", "v. 48, iss. 2"), ("pages", "pp. 117-118"))
    assert (ref.volume, ref.issue, ref.pages) == ("48", "2", "117-118")


def test_language_mark_and_access_date_as_notes_are_no_notes():
    """A labeller may keep "(in Russian)" without brackets or label "accessed …" a note."""
    text = "Title. Available at: http://a.ru/x (accessed: 21.01.2023) (in Russian)."
    ref = record(text, ("title", "Title"), ("note", "accessed: 21.01.2023"), ("note", "in Russian"))
    assert ref.note == "" and ref.accessed == Date(2023, 1, 21)
    assert ref.original_language == "ru"
    dated = record(
        "Lobastov S. Title. 2015. (accessed Sep 10, 2019)",
        ("date", "2015"),
        ("date", "accessed Sep 10, 2019"),
    )
    assert dated.issued == Date(2015) and dated.accessed == Date(2019, 9, 10)


def test_a_second_title_after_in_or_the_editors_is_the_container():
    text = (
        "Tajfel, Henri. 1986. “The Social Identity Theory.” In Stephan Worchel (ed.), "
        "Psychology and Intergroup Relations. Chicago: Nelson/Hall."
    )
    ref = record(
        text,
        ("title", "The Social Identity Theory"),
        ("editor", "Stephan Worchel"),
        ("title", "Psychology and Intergroup Relations"),
    )
    assert ref.title == "The Social Identity Theory"
    assert ref.container_title == "Psychology and Intergroup Relations"
    two = record("Part one. Part two. 1999.", ("title", "Part one"), ("title", "Part two"))
    assert two.title == "Part one. Part two" and not two.container_title


@pytest.mark.parametrize(
    "text",
    [
        "Samba Kimbata, M. J. (1978). Le climat du Bas Congo. Thèse de 3ème cycle. Dijon, France: "
        "Univ. De Bourgogne, 280 p.",
        "Silva, J. (2010). Título. Tese (Doutorado em Física) — Universidade de São Paulo.",
    ],
)
def test_theses_are_typed_in_the_languages_they_are_printed_in(text: str) -> None:
    assert parse_reference(text).type == "thesis"


def test_a_title_word_like_theses_is_no_thesis_mark() -> None:
    assert parse_reference("Theseus, A. (2001). The theses of Theseus. Oxford.").type != "thesis"
