"""Both lists of a bilingual article, however they are headed and ordered."""

from __future__ import annotations

import pytest

from refbridge.ingest import read_path

RU = [
    "Иванов И.И. Теория реакторов // Атомная энергия. 2019. Т. 12, № 3. С. 45–50.",
    "Петров П.П. Тепловыделяющие сборки. – М.: Энергоатомиздат, 2004. – 496 с.",
    "Pioro I., Kirillov P. Current status of electricity generation in the world. Spain: "
    "Formatex Research Center, 2013. pp. 783–795.",
    "Доступно на сайте https://www.iaea.org/publications/10979/",
]
EN = [
    "Ivanov I.I. Teoriya reaktorov [Reactor theory]. Atomnaya energiya. 2019, vol. 12, no. 3, "
    "pp. 45-50 (in Russian).",
    "Petrov P.P. Teplovydelyayushchie sborki [Fuel assemblies]. Moscow, Energoatomizdat Publ. "
    "2004. 496 p. (in Russian).",
    "Pioro I., Kirillov P. Current status of electricity generation in the world. Spain: "
    "Formatex Research Center, 2013. pp. 783–795.",
    "Available at: https://www.iaea.org/publications/10979/",
]
BODY = [
    "Рассмотрены особенности расчёта активной зоны быстрого реактора [1, 2].",
    "",
    "Показано, что погрешность не превышает 5 % во всём диапазоне параметров [3].",
    "",
]


def _entries(found):
    return [entry.raw for entry in found.entries]


def _check(tmp_path, lines, name="article.txt"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    russian, english = read_path(path).russian_and_english()
    assert _entries(russian) == RU
    assert _entries(english) == EN


def numbered(entries):
    return [f"{n}. {entry}" for n, entry in enumerate(entries, 1)]


def test_english_after_russian_in_capitals(tmp_path):
    _check(tmp_path, [*BODY, "Список литературы", "", *numbered(RU), "", "REFERENCES", "", *EN])


def test_the_journals_own_heading_for_both_lists(tmp_path):
    # "Ссылки" heads the Russian list and, in some articles, the English one too
    _check(tmp_path, [*BODY, "Ссылки", "", *RU, "", "Ссылки", "", *EN])


def test_english_list_first_under_the_same_heading(tmp_path):
    _check(tmp_path, [*BODY, "Ссылки", "", *EN, "", "Ссылки", "", *RU])


def test_references_inside_the_russian_text(tmp_path):
    lines = [*BODY, "ЛИТЕРАТУРА", "", *RU, ""]
    lines += ["CALCULATION OF A FAST REACTOR CORE", "", "Abstract"]
    lines += ["The paper considers the calculation of a fast reactor core. It is shown that", ""]
    lines += ["Key words: fast reactor, calculation.", "", "References", "", *EN, ""]
    lines += ["Сведения об авторах", "", "Иванов Иван Иванович – к.т.н., с.н.с."]
    _check(tmp_path, lines)


@pytest.mark.parametrize("heading", ["**Ссылки**", "## Ссылки", "7. Ссылки"])
def test_headings_marked_up_or_numbered(tmp_path, heading):
    english = heading.replace("Ссылки", "References")
    lines = [*BODY, heading, "", *[f"[{n}] {e}" for n, e in enumerate(RU, 1)], ""]
    lines += [english, "", *[f"[{n}] {e}" for n, e in enumerate(EN, 1)]]
    _check(tmp_path, lines, "article.md")
