"""Whole reference strings -> records: GOST and APA, English and Russian, the awkward cases.

These pin down the rule segmenter and the post-processing, so they ask for ``segmenter="rules"``
explicitly; whichever segmenter is the default is checked end to end by ``test_seeds.py``.
"""

import functools

import pytest

from refbridge.model import Date, Name
from refbridge.parsing import SEGMENTERS
from refbridge.parsing import parse_reference as _parse_reference
from refbridge.parsing.labels import LABELS, Span
from refbridge.parsing.postprocess import (
    clean_issue,
    clean_pages,
    clean_volume,
    spans_to_reference,
)
from refbridge.parsing.rules import segment
from refbridge.text import detect_language

parse_reference = functools.partial(_parse_reference, segmenter="rules")


def test_gost_journal_article():
    ref = parse_reference(
        "Ульянин Ю.А., Харитонов В.В. Экономика сбалансированного ядерного топливного цикла "
        "с инновационным РЕМИКС-топливом. // Микроэкономика. – 2021. – № 2. – С. 55-63. "
        "DOI: https://doi.org/10.33917/mic-2.97.2021.55-63 ."
    )
    assert ref.type == "article-journal"
    assert ref.authors == (Name("Ульянин", "Ю.А."), Name("Харитонов", "В.В."))
    assert ref.title.startswith("Экономика сбалансированного") and ref.title.endswith("топливом")
    assert ref.container_title == "Микроэкономика"
    assert (ref.issued, ref.issue, ref.pages) == (Date(2021), "2", "55-63")
    assert ref.doi == "10.33917/mic-2.97.2021.55-63"
    assert ref.language == "ru" and ref.original_language == ""


def test_gost_volume_and_issue():
    ref = parse_reference(
        "Андреева Л.А., Гольцов Е.Н., Каплиенко А.В. и др. Актуальные задачи развития объектов "
        "малой энергетики. // Атомная энергия. – 2020. – Т. 129. – № 4. – С. 204-210."
    )
    assert (ref.volume, ref.issue, ref.pages) == ("129", "4", "204-210")
    assert len(ref.authors) == 3 and ref.extra["custom"]["others"] == ["author"]


def test_gost_book():
    ref = parse_reference(
        "Герасимов А.С., Зарицкая Т.С., Рудик А.П. Справочник по образованию нуклидов в "
        "ядерных реакторах. – М.: Энергоатомиздат, 1989. – 575 с."
    )
    assert ref.type == "book"
    assert (ref.publisher_place, ref.publisher, ref.issued) == ("М.", "Энергоатомиздат", Date(1989))
    assert ref.number_of_pages == "575"
    assert ref.title == "Справочник по образованию нуклидов в ядерных реакторах"


@pytest.mark.parametrize("segmenter", ["hybrid", "rules", "crf"])
def test_kazakh_book_extent_in_bet(segmenter):
    """Kazakh books count pages in "б." (бет), as Russian ones in "с.": the extent."""
    ref = parse_reference(
        "Жұмабеков Ә. Қазақстан тарихы. – Алматы: Мектеп, 2015. – 320 б.", segmenter=segmenter
    )
    assert (ref.type, ref.number_of_pages, ref.pages, ref.language) == ("book", "320", "", "kk")


def test_gost_publisher_with_an_abbreviated_word():
    ref = parse_reference(
        "Сидоров С.С. Моделирование процессов : монография. – СПб. : Изд-во Политехн. ун-та, "
        "2012. – 250 с."
    )
    assert (ref.publisher_place, ref.publisher) == ("СПб.", "Изд-во Политехн. ун-та")
    assert ref.title == "Моделирование процессов : монография"


def test_gost_editor_and_title_first():
    ref = parse_reference(
        "Теплофизическая стендовая база атомной энергетики России и Казахстана. / Под ред. "
        "Першукова В.А., Архангельского А.В. – Саров: ФГУП «РФЯЦ – ВНИИЭФ», 2016. – 160 с."
    )
    assert ref.authors == ()
    assert ref.editors == (Name("Першукова", "В.А."), Name("Архангельского", "А.В."))
    assert ref.publisher == "ФГУП «РФЯЦ – ВНИИЭФ»" and ref.publisher_place == "Саров"


def test_gost_thesis_and_access_date():
    ref = parse_reference(
        "Бобров Е.А. Исследование характеристик замыкания топливного цикла. – Дисс. канд. техн. "
        "наук. – М.: НИЦ «КИ», 2016. – 129 стр. Электронный ресурс: "
        "https://www.dissercat.com/content/x (дата доступа 22.02.2023)."
    )
    assert ref.type == "thesis"
    assert ref.accessed == Date(2023, 2, 22)
    assert ref.url == "https://www.dissercat.com/content/x"
    assert "Электронный ресурс" not in ref.note


def test_gost_standard_and_patent_types():
    assert (
        parse_reference(
            "ГОСТ 26291-84*. Надежность атомных станций. – М.: Издательство "
            "стандартов, 2013. – 17 с."
        ).type
        == "standard"
    )
    assert (
        parse_reference(
            "Милинчук В.К., Рощектаев Б.М. Автономный генератор водорода. Патент "
            "2 510 876 РФ. Бюл. 2011. № 12."
        ).type
        == "patent"
    )


def test_apa_journal_article_with_markdown():
    raw = (
        "Dudin, V. A., & Tsvetkov, M. N. (2019). Foreign Economic Cooperation of Russia and "
        "Kazakhstan: from history to the present. *Market economy problems*, 1, 80–92. "
        "<https://doi.org/10.33051/2500-2325-2019-1-80-92> (In Russian)"
    )
    ref = parse_reference(raw)
    assert ref.raw == raw
    assert ref.container_title == "Market economy problems"
    assert (ref.volume, ref.pages, ref.doi) == ("1", "80-92", "10.33051/2500-2325-2019-1-80-92")
    assert ref.original_language == "ru" and ref.language == "en"


@pytest.mark.parametrize("mark", ["(In Russian)", "(In Russian).", "(In Russ.)", "[in Russian]"])
def test_original_language_marks(mark):
    ref = parse_reference(f"Litvinov, A. I. (2019). Trade. *Journal*, 11, 101–111. {mark}")
    assert ref.original_language == "ru"
    assert ref.note == ""


def test_apa_volume_issue_and_russian_web_date():
    ref = parse_reference(
        "Trokal, T. V. (2019). Main aspects. *Post-Soviet Issues*, 2(3), 1078–1084."
    )
    assert (ref.volume, ref.issue, ref.pages) == ("2", "3", "1078-1084")
    web = parse_reference(
        "Бородавкин, А. Н. (2019, декабрь 6). Россия и Казахстан. *Русская Евразия*. "
        "<https://rusevr.asia/x/>"
    )
    assert web.type == "webpage" and web.issued == Date(2019, 12, 6)
    assert web.container_title == "Русская Евразия"


def test_apa_title_in_author_position():
    ref = parse_reference(
        "Forum of Interregional Cooperation between Russia and Kazakhstan. (2019, November 7). "
        "The President of Russia. http://kremlin.ru/events/president/news/61997 (In Russian)"
    )
    assert ref.authors == ()
    assert ref.title == "Forum of Interregional Cooperation between Russia and Kazakhstan"
    assert ref.container_title == "The President of Russia"


def test_apa_corporate_author_with_title_after_date():
    ref = parse_reference(
        "World Health Organization. (2020). Global tuberculosis report. Geneva. "
        "https://www.who.int/publications/i/item/9789240013131"
    )
    assert ref.authors == (Name(literal="World Health Organization"),)
    assert ref.title == "Global tuberculosis report"


def test_apa_chapter_in_edited_book():
    ref = parse_reference(
        "Smith, J. (2018). A chapter title. In A. Editor & B. Editor (Eds.), *The book title* "
        "(pp. 1–6). Springer."
    )
    assert ref.type == "chapter"
    assert ref.container_title == "The book title"
    assert ref.pages == "1-6" and ref.publisher == "Springer"
    assert ref.editors == (Name("Editor", "A."), Name("Editor", "B."))


@pytest.mark.parametrize(
    ("raw", "pages"),
    [("С. 45–50", "45-50"), ("pp. 1-6", "1-6"), ("28–35", "28-35"), ("С. 151 – 157", "151-157")],
)
def test_clean_pages(raw, pages):
    assert clean_pages(raw) == pages


def test_clean_volume_and_issue():
    assert clean_volume("Т. 96") == "96" and clean_volume("Vol. 3") == "3"
    assert clean_volume("27–1") == "27–1"
    assert clean_issue("№ 2") == "2" and clean_issue("№. 4") == "4" and clean_issue("Вып. 5") == "5"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Дудин, В. А. (2019). Внешнеэкономическое сотрудничество. *Market economy*, 1.",
            "ru",
        ),
        (
            "Никоноров, А. (2019). Главные. *inbusiness.kz*. <https://inbusiness.kz/ru/news/x-y-z>",
            "ru",
        ),
        ("Zhiltsov, S. (2016). Eurasian Integration.", "en"),
    ],
)
def test_language_of_the_letters(text, language):
    assert detect_language(text) == language


def test_language_hint_yields_to_script():
    english = "Zhiltsov, S. (2016). Eurasian Integration. *Central Asia*, 17(4), 7–20."
    assert parse_reference(english, language="ru").language == "en"
    assert parse_reference("Иванов И.И. Заглавие. – М., 2001.", language="kk").language == "kk"


def test_spans_are_exact_and_use_known_labels():
    text = "Иванов И.И. Заглавие // Журнал. 2019. Т. 1, № 2. С. 80–92."
    spans = segment(text)
    assert [span.label for span in spans] == [
        "author",
        "title",
        "container-title",
        "date",
        "volume",
        "issue",
        "pages",
    ]
    for span in spans:
        assert span.label in LABELS and text[span.start : span.end] == span.text


def test_confidence_is_lower_for_a_poor_parse():
    good = parse_reference("Иванов И.И. Заглавие // Журнал. – 2019. – Т. 1, № 2. – С. 80–92.")
    poor = parse_reference("something about reactors without any structure at all")
    assert 0 <= poor.confidence < good.confidence <= 1
    assert set(good.field_confidence) >= {"author", "title", "issued", "pages"}


def test_segmenters_registry():
    assert {"rules", "crf"} <= set(SEGMENTERS.names())
    ref = parse_reference("Иванов И.И. Заглавие. – М.: Наука, 2001.", segmenter="rules")
    assert ref.publisher == "Наука"


def _spans(text, *parts):
    """Spans for (label, substring) pairs, as a trained segmenter would give them."""
    out = []
    for label, piece in parts:
        start = text.index(piece)
        out.append(Span(label, start, start + len(piece), piece, 0.9))
    return out


def test_book_title_labelled_as_container_is_folded_into_the_title():
    text = "Лыков А.В. Теория сушки. – М.: Энергия, 1968. – 472 c."
    spans = _spans(
        text,
        ("author", "Лыков А.В."),
        ("container-title", "Теория сушки"),
        ("location", "М."),
        ("publisher", "Энергия"),
        ("date", "1968"),
        ("pages", "472"),
    )
    ref = spans_to_reference(text, spans)
    assert (ref.type, ref.title, ref.container_title) == ("book", "Теория сушки", "")
    assert (ref.pages, ref.number_of_pages) == ("", "472")


def test_journal_container_is_not_folded():
    text = "Иванов И.И. Заглавие // Журнал. – М.: Наука, 2019. – С. 5–9."
    spans = _spans(
        text,
        ("author", "Иванов И.И."),
        ("title", "Заглавие"),
        ("container-title", "Журнал"),
        ("location", "М."),
        ("publisher", "Наука"),
        ("date", "2019"),
        ("pages", "С. 5–9"),
    )
    ref = spans_to_reference(text, spans)
    assert (ref.title, ref.container_title, ref.pages) == ("Заглавие", "Журнал", "5-9")


def test_english_references_of_russian_journals():
    """ "Author. Title. [Translation]. Journal. 2013, no. 4, pp. 127-134." — no "//" at all."""
    ref = parse_reference(
        "Volkov Yu.V. Stohasticheskaya teoriya yadernyh reaktorov. Chast’ 1. [Stochastic Theory "
        "of Nuclear Reactors. Part 1]. Izvestiya vuzov. Yadernaya energetika. 2013, no. 4, "
        "pp. 127-134. (in Russian)."
    )
    assert ref.title.endswith("[Stochastic Theory of Nuclear Reactors. Part 1]")
    assert ref.container_title == "Izvestiya vuzov. Yadernaya energetika"
    assert (ref.issued, ref.issue, ref.pages) == (Date(2013), "4", "127-134")
    assert ref.original_language == "ru" and ref.type == "article-journal"
    book = parse_reference(
        "Gorbunov V.A. Simulation of Thermohydraulic Processes. Ivanovo. Ivanovsky "
        "Gosudarstvenny Energetichesky Universitet Publ., 2019. 180 p."
    )
    assert (book.type, book.publisher_place, book.number_of_pages) == ("book", "Ivanovo", "180")
    standard = parse_reference(
        "GOST 5632-2014. Alloyed stainless steels. Available at: "
        "https://meganorm.ru/Data/581/58175.pdf (accessed June 17, 2019)."
    )
    assert (standard.type, standard.number, standard.title) == (
        "standard",
        "GOST 5632-2014",
        "Alloyed stainless steels",
    )
    assert standard.accessed == Date(2019, 6, 17)


def test_year_without_a_date_span_and_cyrillic_page_marker():
    ref = parse_reference(
        "Zamenhof R.G., Murray B.W. Boron Neutron Capture Therapy. 1: Theoretical Evaluation, "
        "Med. Phys., 2: 47-60 (1975)."
    )
    assert ref.issued == Date(1975) and ref.field_confidence["issued"] == 0.5
    article = parse_reference(
        "Adamov E.O., Orlov V.V. A radical approach. // Nuclear Engineering International. – "
        "1992. – Vol. 37, № 454. – Р. 42-44."  # a Cyrillic "Р" for the page marker
    )
    assert (article.volume, article.issue, article.pages) == ("37", "454", "42-44")
    glued = parse_reference(
        "Милинчук В.К. Химическое разложение воды. // Известия вузов. Ядерная энергетика. "
        "2014.№ 4. С.32 – 38."
    )
    assert (glued.issued, glued.issue, glued.pages) == (Date(2014), "4", "32-38")


@pytest.mark.parametrize(
    "tail",
    [
        "DOI: https://doi.org/10.1134/ S0040601513050017 (in Russian).",
        "DOI: 10.1134/ S0040601513050017.",
        "DOI: https://doi.org/10.1134/S0040601513050017 .",
    ],
)
def test_doi_broken_by_a_line_break_is_rejoined(tail):
    ref = parse_reference(f"Иванов И.И. Статья // Теплоэнергетика. – 2013. – № 5. {tail}")
    assert ref.doi == "10.1134/S0040601513050017"
