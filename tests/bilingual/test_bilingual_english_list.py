"""The English list written from a Russian one, checked against seed 002's real English list."""

from __future__ import annotations

import pytest

from refbridge.bilingual.english_list import english_list
from refbridge.bilingual.pairing import pair_lists
from refbridge.ingest import read_path

SEED = "002_dfc645286ca376c6"


@pytest.fixture(scope="module")
def seed(references_dir):
    return read_path(references_dir / f"{SEED}.txt").russian_and_english()


def test_seed_002_written_list_pairs_back_with_the_real_one(seed) -> None:
    """Each written entry pairs with the journal's own English entry for the same work, and
    carries that entry's English title in square brackets."""
    ru, en = seed
    written = english_list(ru, english=en, style="apa")
    assert len(written) == len(ru.entries)
    truth = {p.a: p.b for p in pair_lists(ru, en).pairs}
    again = {p.a: p.b for p in pair_lists(written, en).pairs}
    assert again == truth
    for i, line in enumerate(written):
        if ru.entries[i].raw.startswith("Zhiltsov"):
            assert "(In Russian)" not in line and "[" not in line  # a Latin entry stays as is
            continue
        assert line.endswith("(In Russian)")
        assert not any("\u0400" <= ch <= "\u04ff" for ch in line)
    dudin = next(line for line in written if line.startswith("Dudin"))
    assert dudin.startswith(
        "Dudin, V. A., & Tsvetkov, M. N. (2019). Vneshneekonomicheskoe sotrudnichestvo Rossii i "
        "Kazakhstana: Ot istorii k sovremennosti [Foreign Economic Cooperation of Russia and "
        "Kazakhstan: from history to the present]. Market economy problems, 1, 80–92."
    )
    efremova = next(line for line in written if line.startswith("Efremova"))
    assert "Mineev-Lee" in efremova  # the author's own spelling, from the English list


def test_vol_no_pp_style_and_schemes() -> None:
    ru = [
        "Синев Н.М., Батуров Б.Б. Экономика атомной энергетики. – М.: Атомиздат, 1980.",
        "Сухоносов В.Я., Николаев А.Н., Николаев С.А. и др. Кондиционирование топлива // "
        "Известия вузов. Ядерная энергетика. –2010. – № 3. – С. 131-137.",
    ]
    bsi = english_list(ru, style="vol-no-pp")
    assert bsi[0] == (
        "Sinev N.M., Baturov B.B. Ekonomika atomnoi energetiki. Moscow, Atomizdat Publ., 1980. "
        "(In Russian)"
    )
    assert bsi[1].startswith("Sukhonosov V.Ya., Nikolaev A.N., Nikolaev S.A. et al. ")
    assert "Izvestiya vuzov. Yadernaya energetika, 2010, no. 3, pp. 131–137. (In Russian)" in bsi[1]
    icao = english_list(ru[:1], style="vol-no-pp", scheme="icao")
    assert icao[0].startswith("Sinev N.M., Baturov B.B. Ekonomika atomnoi energetiki.")
    with pytest.raises(ValueError, match="unknown style"):
        english_list(ru, style="gost")


def test_explicit_titles_win() -> None:
    lines = english_list(
        ["Литвинов А. И. Торговое сотрудничество // Вестник. 2019. № 11. С. 101–111."],
        titles={0: "Trade cooperation"},
        style="vol-no-pp",
    )
    assert "Torgovoe sotrudnichestvo [Trade cooperation]." in lines[0]
