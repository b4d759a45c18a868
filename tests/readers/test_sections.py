"""Finding reference lists and splitting entries: the seeds end to end, then the edge cases."""

from __future__ import annotations

import pytest

from refbridge import find_reference_lists, read_document
from refbridge.model import Document
from refbridge.sections import heading_name, join_wrapped, reference_score
from refbridge.sections.headings import ends_list

SEED_001 = "001_58b1d439e6741896.txt"
SEED_002 = "002_dfc645286ca376c6.txt"


def doc(text: str, source: str = "t.md") -> Document:
    return Document(source=source, format="markdown", lines=text.split("\n"))


def test_seed_002_two_lists(references_dir):
    lists = find_reference_lists(read_document(references_dir / SEED_002))
    assert [(f.heading, f.language, len(f.entries)) for f in lists] == [
        ("References", "en", 21),
        ("Список литературы", "ru", 21),
    ]
    english, russian = lists
    assert (english.line_start, english.line_end) == (160, 189)
    assert (russian.line_start, russian.line_end) == (191, 215)
    assert english.entries[0].text.startswith("“Russian Spring”: Kazakhstan")
    assert russian.entries[0].text.startswith("Zhiltsov, S. (2016).")  # English entry, Russian list
    assert all(not e.text.startswith("- ") for f in lists for e in f.entries)


def test_seed_002_wrapped_doi_joined(references_dir):
    english, russian = find_reference_lists(read_document(references_dir / SEED_002))
    nurtazin = next(e for e in english.entries if e.text.startswith("Nurtazin"))
    assert (nurtazin.line_start, nurtazin.line_end) == (178, 179)
    assert nurtazin.text.endswith(
        "191–202. <https://doi.org/10.24975/2313-8920-2018-5-2-191-202> (In Russian)"
    )
    dudin = next(e for e in russian.entries if e.text.startswith("Дудин"))
    assert dudin.text.endswith(
        "*Market economy problems*, 1, 80–92. <https://doi.org/10.33051/2500-2325-2019-1-80-92>"
    )
    # every DOI line of the seed is inside some entry, never an entry of its own
    assert not any(
        e.text.startswith("<https://doi.org") for f in (english, russian) for e in f.entries
    )


def test_seed_001_headless_list_without_licence(references_dir):
    lists = find_reference_lists(read_document(references_dir / SEED_001))
    assert len(lists) == 1
    (found,) = lists
    assert (found.heading, found.language, len(found.entries)) == ("", "en", 21)
    assert (found.line_start, found.line_end) == (2, 22)
    assert found.entries[-1].text.startswith("Zhiltsov, S. (2016).")
    assert not any("licensed" in e.text for e in found.entries)


@pytest.mark.parametrize(
    "seed", ["000_fa902fa59ddcf91b.txt", "003_6a9a26ac7a6615ef.txt", "004_46d94dc4789bab9c.txt"]
)
def test_seeds_without_lists(references_dir, seed):
    assert find_reference_lists(read_document(references_dir / seed)) == []


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("References", "References"),
        ("## References", "References"),
        ("**Список литературы**", "Список литературы"),
        ("7. Bibliography", "Bibliography"),
        ("ЛИТЕРАТУРА", "ЛИТЕРАТУРА"),
        ("Библиографический список:", "Библиографический список"),
        ("Список использованных источников", "Список использованных источников"),
        ("References (transliterated)", "References (transliterated)"),
        ("Список литературы / References", "Список литературы / References"),
        ("Әдебиеттер тізімі", "Әдебиеттер тізімі"),
        ("Works Cited", "Works Cited"),
        ("References to the Kazakh press show a decline", None),
        ("Literature review", None),
        ("", None),
    ],
)
def test_heading_name(line, name):
    assert heading_name(line) == name


# One printed heading per language users bring, each as a real article prints it.
_HEADINGS_PRINTED = {
    "en": ["References", "Bibliography", "Literature Cited", "Works Cited", "REFERENCES"],
    "ru": ["Список литературы", "Литература", "СПИСОК ЛИТЕРАТУРЫ"],
    "kk": ["Пайдаланылған әдебиеттер", "Әдебиеттер", "Пайдаланылған әдебиеттер тізімі"],
    "uk": ["Список літератури", "Список використаних джерел", "Література"],
    "be": ["Спіс літаратуры", "Літаратура"],
    "de": ["Literatur", "Literaturverzeichnis", "Quellenverzeichnis"],
    "fr": ["Références", "Bibliographie", "Références bibliographiques"],
    "es": ["Referencias", "Bibliografía", "Referencias bibliográficas"],
    "pt": ["Referências", "Bibliografia", "Referências Bibliográficas"],
    "it": ["Bibliografia", "Riferimenti bibliografici"],
    "pl": ["Piśmiennictwo", "Literatura", "Bibliografia"],
    "cs": ["Literatura", "Použitá literatura", "Seznam literatury"],
    "tr": ["Kaynaklar", "Kaynakça", "KAYNAKÇA"],
}


@pytest.mark.parametrize("line", [h for headings in _HEADINGS_PRINTED.values() for h in headings])
def test_heading_in_the_languages_users_bring(line):
    assert heading_name(line) == line
    assert heading_name(f"## {line}") == line
    assert heading_name(f"5. {line.upper()}:") == line.upper()


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("References", "References"),
        ("Refrences", "Refrences"),
        ("Referenses", "Referenses"),
        ("Rfeerences", "Rfeerences"),
        ("Bibliograpy", "Bibliograpy"),
        ("Refereces (in Russian)", "Refereces (in Russian)"),
        ("Спсок литературы", "Спсок литературы"),
        ("Список литератры / Refrences", "Список литератры / Refrences"),
        ("Список литературы и прочее", None),
        ("Referencias", "Referencias"),
        ("References cited", "References cited"),
        ("Preferences", None),
        ("Differences", None),
        ("Conferences", None),
        ("Sorces", None),
        ("Literary", None),
        ("Literature review", None),
        ("Kaynaklar ve yöntem bölümü", None),
    ],
)
def test_heading_with_one_letter_wrong(line, name):
    assert heading_name(line) == name


def test_heading_without_its_accents():
    assert heading_name("References bibliographiques") == "References bibliographiques"
    assert heading_name("Pismiennictwo") == "Pismiennictwo"
    assert heading_name("KAYNAKCA") == "KAYNAKCA"


def test_numbered_gost_list_with_hanging_lines():
    text = """Введение

Текст статьи.

Литература

1. Иванов И.И. Атомная энергетика // Известия вузов. Ядерная
   энергетика. 2019. Т. 1, № 2. С. 80–92.
2. Петров П.П. Реакторы. М.: Энергоатомиздат, 2001. 356 с.
3. Сидоров С.С., Ефремова-
   Шершукова Н.А. Тепло-
   обмен в каналах // Теплоэнергетика. 2010. № 3. С. 5-
   9.
"""
    (found,) = find_reference_lists(doc(text))
    assert (found.heading, found.language) == ("Литература", "ru")
    assert [e.text for e in found.entries] == [
        "Иванов И.И. Атомная энергетика // Известия вузов. Ядерная энергетика. 2019. Т. 1, "
        "№ 2. С. 80–92.",
        "Петров П.П. Реакторы. М.: Энергоатомиздат, 2001. 356 с.",
        "Сидоров С.С., Ефремова-Шершукова Н.А. Теплообмен в каналах // Теплоэнергетика. "
        "2010. № 3. С. 5-9.",
    ]
    assert [(e.line_start, e.line_end) for e in found.entries] == [(7, 8), (9, 9), (10, 13)]


def test_bracket_numbers_and_list_ends_at_next_heading():
    text = """# References

[1] Smith, J. A. (2019). A title. *Journal of Things*, 12(3), 45–67.
[2] Brown, K. (2020). Another title. Oxford: Oxford University Press.

# Appendix

[3] This is not a reference, it is a note we wrote about the appendix.
"""
    (found,) = find_reference_lists(doc(text))
    assert [e.text[:10] for e in found.entries] == ["Smith, J. ", "Brown, K. "]
    assert found.line_end == 4


def test_table_of_contents_heading_yields_nothing():
    text = "\n".join(
        [
            "Contents",
            "",
            "Introduction",
            "",
            "Literature",
            "",
            "Economic and political cooperation",
            "",
            "History and geography objectively predetermined the special character of the "
            "relations. Both states are among the ten largest countries in the world.",
        ]
    )
    assert find_reference_lists(doc(text)) == []


def test_prose_after_list_is_not_an_entry():
    text = """References

Smith, J. A. (2019). A title. *Journal of Things*, 12(3), 45–67.
Brown, K. (2020). Another title. *Review of Stuff*, 4, 1–9.

We thank the anonymous reviewers, whose comments have improved this paper a great deal.
"""
    (found,) = find_reference_lists(doc(text))
    assert [entry.text.split(",")[0] for entry in found.entries] == ["Smith", "Brown"]
    assert not any("reviewers" in entry.text for entry in found.entries)


def test_headless_prose_ending_with_numbered_points_is_not_a_list():
    text = "\n\n".join(
        [
            "Nazarbayev has three main challenges in domestic politics:",
            "1) The first is a challenge from the elite, which is sponsored from abroad and is "
            "embodied in the extreme opposition of the country.",
            "2) The second challenge is the nationalists who assess him differently, partly "
            "support him, partly not, or even criticize him for his loyalty to Russia.",
        ]
    )
    assert find_reference_lists(doc(text)) == []


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        ("Ефремова-", "Шершукова Н.А.", "Ефремова-Шершукова Н.А."),
        ("С. 80-", "92.", "С. 80-92."),
        ("coopera-", "tion between", "cooperation between"),
        ("https://doi.org/10.1/abc-", "def", "https://doi.org/10.1/abc-def"),
        ("https://x.org/a/", "b/c.html", "https://x.org/a/b/c.html"),
        ("https://x.org/a/", "(In Russian)", "https://x.org/a/ (In Russian)"),
        ("soft\u00ad", "hyphen", "softhyphen"),
        ("191–202.", "<https://doi.org/10.1/x>", "191–202. <https://doi.org/10.1/x>"),
    ],
)
def test_join_wrapped(first, second, joined):
    assert join_wrapped(first, second) == joined


def test_join_wrapped_keeps_hyphen_the_document_uses():
    vocabulary = frozenset({"cross-border"})
    assert join_wrapped("the cross-", "border trade", vocabulary) == "the cross-border trade"


@pytest.mark.parametrize(
    "text",
    [
        "Дудин В.А., Цветков М.Н. Внешнеэкономическое сотрудничество // Проблемы рыночной "
        "экономики. 2019. № 1. С. 80–92.",
        "Zhiltsov, S. (2016). Eurasian Integration. *Central Asia and the Caucasus*, 17(4), 7–20.",
        "Delvendahl I, Lindemann H, Normann C. Effects of lamotrigine. Clin Neurophysiol. "
        "2012;123(1):100-5.",
    ],
)
def test_references_score_high(text):
    assert reference_score(text)[0] >= 2


@pytest.mark.parametrize(
    "text",
    [
        "This work is licensed under a Creative Commons Attribution 4.0 International License.",
        "Talk to us",
        "Schedule a call",
        "We see cooperation in fuel and energy industry as the most promising, and it is "
        "supported by both states.",
        "В статье определены основные направления сотрудничества, которые являются важными.",
    ],
)
def test_prose_scores_low(text):
    assert reference_score(text)[0] < 2


@pytest.mark.timeout(60)  # a hang guard (catastrophic backtracking), not a speed goal
def test_five_megabyte_line_does_not_hang():
    text = "References\n" + "Smith, J. (2019). " + "word " * 1_000_000
    lists = find_reference_lists(doc(text))
    assert all(len(e.text) < 10_000 or e.score < 2 for f in lists for e in f.entries)


def test_empty_document():
    assert find_reference_lists(doc("")) == []


def test_unindented_wrapped_entries_from_copied_pdf_text():
    text = """References
Smith, J. A. (2019). A title that is long and wraps onto the
next line. *Journal of Things*, 12(3), 45–67.
Brown, K. (2020). Another title on cooperation.
*Review of Stuff*, 4, 1–9. https://doi.org/10.1234/rs.2020.4
Forum of Cooperation. (2019, November 7). The President of Russia.
http://kremlin.ru/events/president/news/61997
"""
    (found,) = find_reference_lists(doc(text))
    assert [e.text for e in found.entries] == [
        "Smith, J. A. (2019). A title that is long and wraps onto the next line. "
        "*Journal of Things*, 12(3), 45–67.",
        "Brown, K. (2020). Another title on cooperation. *Review of Stuff*, 4, 1–9. "
        "https://doi.org/10.1234/rs.2020.4",
        "Forum of Cooperation. (2019, November 7). The President of Russia. "
        "http://kremlin.ru/events/president/news/61997",
    ]


def test_numbers_without_a_space_after_the_dot():
    text = """Список литературы
1.Иванов И.И. Атомная энергетика // Известия вузов. 2019. Т. 1, № 2. С. 80–92.
2.Петров П.П. Реакторы. М.: Энергоатомиздат, 2001. 356 с.
"""
    (found,) = find_reference_lists(doc(text))
    assert [e.text[:12] for e in found.entries] == ["Иванов И.И. ", "Петров П.П. "]


def test_sub_headings_inside_a_bibliography():
    text = """## Bibliography

**Primary sources**

- Treaty on Friendship between Kazakhstan and Russia. (1992, May 25). Moscow: Kremlin.
- Concept of the Foreign Policy of Kazakhstan 2014-2020. (2014). Astana: MFA.

**Secondary literature**

- Zhiltsov, S. (2016). Eurasian Integration. *Central Asia and the Caucasus*, 17(4), 7–20.
"""
    (found,) = find_reference_lists(doc(text))
    assert [e.text[:10] for e in found.entries] == ["Treaty on ", "Concept of", "Zhiltsov, "]


def test_over_long_line_of_references_is_kept_to_be_reported():
    line = "Smith, J. (2019). Title. *Journal*, 1, 2–3. " * 20_000
    (found,) = find_reference_lists(doc(f"References\n\n{line}"))
    (entry,) = found.entries
    assert len(entry.text) > 800_000
    assert any("over-long" in reason for reason in entry.evidence)


@pytest.mark.parametrize(
    ("entries", "language"),
    [
        (
            [
                "1. Әбдірахманов Қ. Қазақ тілі. Алматы: Ғылым, 2019. 200 б.",
                "2. Нұрғалиев Ә. Тарих // Қазақстан жоғары мектебі. 2018. № 3. Б. 10–20.",
            ],
            "kk",
        ),
        (
            # "і" alone is Ukrainian as much as Kazakh; "ї", "є" decide it is Ukrainian.
            [
                "1. Іваненко І. Історія України. Київ: Наукова думка, 2019. 200 с.",
                "2. Петренко П. Філософія // Вісник Київського університету. 2018. № 3. С. 10–20.",
            ],
            "uk",
        ),
        (
            [
                "1. Иванов И.И. Теория реакторов. М.: Наука, 1989. 575 с.",
                "2. Петров П.П. Физика // Успехи физ. наук. 2001. Т. 5, № 2. С. 1–10.",
            ],
            "ru",
        ),
    ],
    ids=["kazakh", "ukrainian", "russian"],
)
def test_cyrillic_list_language_follows_its_entries(entries, language):
    doc = Document("x.txt", "text", ["Литература", "", *entries])
    (found,) = find_reference_lists(doc)
    assert found.language == language
    assert [entry.text for entry in found.entries] == [e.split(". ", 1)[1] for e in entries]


_PDF_LIST_WITHOUT_HEADING = """The results support the model described above; we thank the staff.

1. Libson S, Lippman M. A review of clinical aspects of breast cancer. Int
   Rev Psychiatry 2014;26:4–15.
2. Furrukh M, Qureshi A. Treatment of breast cancer; review and updates. J
   Ayub Med Coll Abbottabad 2018;30:264–74.
3.
Coughlin SS. Epidemiology of breast cancer in women. Adv Exp Med
   Biol 2019;1152:9–29.
4. Winters S, Martin C, Murphy D, et al. Breast cancer epidemiology,
   prevention, and screening. Prog Mol Biol Transl Sci 2017;151:
   1–32.

Table 1. Characteristics of the patients included in the study and of the
controls that were recruited in the same period for the comparison.
Age, years 54 61 0.12
Supplementary material is available on the journal's site for this paper.
"""


def test_numbered_list_without_heading_before_tables():
    """A list whose heading is lost (an image in a PDF) is found by its numbering, also
    when tables and notes follow it instead of the end of the text."""
    (found,) = find_reference_lists(doc(_PDF_LIST_WITHOUT_HEADING, "t.txt"))
    assert found.heading == ""
    assert [e.text[:12] for e in found.entries] == [
        "Libson S, Li",
        "Furrukh M, Q",
        "Coughlin SS.",
        "Winters S, M",
    ]
    assert found.entries[-1].text.endswith("Transl Sci 2017;151: 1–32.")


def test_numbered_steps_without_heading_are_no_list():
    text = """Methods

1. We mixed the samples and kept them at room temperature for an hour.
2. The mixture was then centrifuged, and the pellet was washed twice.
3. Finally, we measured the absorbance of the supernatant at 450 nm.

The results are shown in Table 2 and discussed below in some detail.
"""
    assert find_reference_lists(doc(text)) == []


def test_two_numbered_lists_without_headings():
    text = """Текст статьи со ссылками [1, 2].

1. Иванов И.И. Атомная энергетика // Известия вузов. 2019. Т. 1, № 2. С. 80–92.
2. Петров П.П. Реакторы. М.: Энергоатомиздат, 2001. 356 с.
3. Сидоров С.С. Теплообмен в каналах // Теплоэнергетика. 2010. № 3. С. 5–9.

1. Ivanov I.I. Atomic energy. Izvestiya vuzov, 2019, vol. 1, no. 2, pp. 80–92.
2. Petrov P.P. Reactors. Moscow, Energoatomizdat Publ., 2001. 356 p.
3. Sidorov S.S. Heat transfer in channels. Teploenergetika, 2010, no. 3, pp. 5–9.
"""
    lists = find_reference_lists(doc(text))
    assert [(f.language, len(f.entries)) for f in lists] == [("ru", 3), ("en", 3)]


_NATURE_STYLE = [
    "1. Smith, J. & Doe, A. Coral reefs in decline. Nature 521, 436–444 (2015).",
    "2. Brown, K. et al. Heat stress and bleaching of corals. Science 359, 80–83 (2018).",
    "3. Xu, J., Li, M., Wang, P., Zhang, Q. & Chen, L. Long-term monitoring of reef fish in Nat.",
    "Commun. 6, 7654 (2015).",
    "4. Hughes, T. P. et al. Recurrent mass bleaching of corals. Nature 543, 373–377 (2017).",
    "5. Lee, S. Reef recovery after disturbance: a synthesis of fifty years of monitoring.",
    "Sci. Rep. 7, 12345 (2017).",
    "6. Baker, A. C. Coral-algal symbiosis. Annu. Rev. Ecol. Evol. Syst. 34, 661–689 (2003).",
]


def test_entry_wrapped_after_its_journal_abbreviation_stays_whole():
    """Most entries fit on their line, so an unnumbered line may be an entry of its own —
    but not the rest of an entry that has no year yet ("Nat." then "Commun. 6, …")."""
    (found,) = find_reference_lists(doc("\n".join(["References", *_NATURE_STYLE])))
    assert [e.text[:8] for e in found.entries] == [
        "Smith, J",
        "Brown, K",
        "Xu, J., ",
        "Hughes, ",
        "Lee, S. ",
        "Baker, A",
    ]
    assert found.entries[2].text.endswith("in Nat. Commun. 6, 7654 (2015).")


@pytest.mark.parametrize("bold", [False, True])
def test_back_matter_after_the_list_ends_it(bold):
    back = [
        "Acknowledgements",
        "This work was supported by the National Natural Science Foundation of China (grant",
        "31570123) and by the Fundamental Research Funds for the Central Universities.",
        "Author Contributions",
        "J.S. and A.D. designed the study. K.B. performed the experiments (2015–2016).",
        "Competing financial interests: The authors declare no competing financial interests.",
        "How to cite this article: Smith, J. et al. Coral reefs. Sci. Rep. 6, 19237 (2016).",
    ]
    if bold:
        back = [f"**{line}**" if len(line) < 30 else line for line in back]
    text = "\n".join(["References", *_NATURE_STYLE, *back])
    (found,) = find_reference_lists(doc(text))
    assert len(found.entries) == 6
    assert found.entries[-1].text.endswith("Syst. 34, 661–689 (2003).")


@pytest.mark.parametrize(
    ("line", "ends"),
    [
        ("Acknowledgements", True),
        ("**Author Contributions**", True),
        ("5. Funding", True),
        ("Conflict of interest: none declared.", True),
        ("Благодарности", True),
        ("Funding agencies and the science system. Research Policy 12, 45–60 (2001).", False),
        ("Smith, J. Appendix: a note. Nature 521, 4 (2015).", False),
    ],
)
def test_ends_list(line, ends):
    assert ends_list(line) is ends


def test_unnumbered_entry_after_one_ending_in_its_doi():
    """In a numbered list an entry the author forgot to number follows one that ends in
    its DOI: two entries, though the line above is the list's longest."""
    lines = [
        "Литература",
        "1. Иванов И.И. Реакторы на быстрых нейтронах // Атомная энергия. 2001. Т. 90. С. 5–9.",
        "2. Шаманин И.В., Беденко С.В. Газоохлаждаемый реактор с ториевым топливом. // Известия "
        "вузов. Ядерная энергетика. – 2015. – № 3. – С. 124-134. DOI: "
        "https://doi.org/10.26583/npe.2015.3.13 .",
        "Газодинамическая магнитная ловушка. Институт ядерной физики им. Г.И. Будкера СО РАН. "
        "Электронный ресурс: http://inp.nsk.su (дата доступа 11.08.2021).",
        "3. Петров П.П. Реакторы. М.: Энергоатомиздат, 2001. 356 с.",
        "4. Сидоров С.С. Теплообмен в каналах // Теплоэнергетика. 2010. № 3. С. 5–9.",
        "5. Климов А.Н. Ядерная физика и ядерные реакторы. М.: Энергоатомиздат, 1985. 352 с.",
    ]
    (found,) = find_reference_lists(doc("\n".join(lines)))
    assert [e.text[:10] for e in found.entries] == [
        "Иванов И.И",
        "Шаманин И.",
        "Газодинами",
        "Петров П.П",
        "Сидоров С.",
        "Климов А.Н",
    ]


def test_page_break_inside_a_numbered_list():
    """Text copied from a PDF: the running header and page number of a page break sit in
    the middle of an entry; they are left out and the entry joins up again."""
    header = "ИЗВЕСТИЯ ВУЗОВ • ЯДЕРНАЯ ЭНЕРГЕТИКА • №1 • 2014"
    lines = [
        "Текст статьи.",
        "",
        header,
        "41",
        "",
        "Ещё текст статьи.",
        "",
        header,
        "",
        "Литература",
        "1. Иванов И.И. Атомная энергетика // Известия вузов. Ядерная энергетика.",
        "2019. Т. 1, № 2. С. 80–92.",
        "2. Петров П.П. Реакторы на быстрых нейтронах и их топливный цикл. М.:",
        "",
        header,
        "42",
        "",
        "Энергоатомиздат, 2001. 356 с.",
        "3. Сидоров С.С. Теплообмен в каналах // Теплоэнергетика. 2010. № 3. С. 5–9.",
        "4. Климов А.Н. Ядерная физика и ядерные реакторы. М.: Энергоатомиздат, 1985.",
        "(in Russian).",
        "5. Орлов О.О. Физика реакторов. М.: Атомиздат, 1986. 300 с.",
        "(in Russian).",
        "6. Белов Б.Б. Теплоносители. М.: Атомиздат, 1987. 200 с.",
        "(in Russian).",
    ]
    (found,) = find_reference_lists(doc("\n".join(lines), "t.txt"))
    texts = [e.text for e in found.entries]
    assert len(texts) == 6
    assert texts[1] == (
        "Петров П.П. Реакторы на быстрых нейтронах и их топливный цикл. М.: "
        "Энергоатомиздат, 2001. 356 с."
    )
    assert all(text.endswith("(in Russian).") for text in texts[3:])
