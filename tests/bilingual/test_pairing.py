"""Pairing a Russian list with its English counterpart: seed 002 by hand, and properties."""

from __future__ import annotations

import json
import random

import pytest

from refbridge import pair_lists
from refbridge.bilingual.pairing import ACCEPT_THRESHOLD
from refbridge.extract import extract

SEED = "002_dfc645286ca376c6"


@pytest.fixture(scope="module")
def seed_lists(references_dir):
    lists = {lst.language: lst for lst in extract(references_dir / f"{SEED}.txt")}
    return lists["ru"], lists["en"]


@pytest.fixture(scope="module")
def expected(references_dir):
    return json.loads((references_dir / f"{SEED}.pairs.expected.json").read_text("utf-8"))


def test_seed_002_all_21_pairs(seed_lists, expected) -> None:
    ru, en = seed_lists
    result = pair_lists(ru, en)
    got = {(p.a, p.b) for p in result.pairs}
    want = {(p["ru"], p["en"]) for p in expected["pairs"]}
    assert len(want) == 21
    assert got == want
    assert result.unmatched_a == () and result.unmatched_b == ()
    for pair in result.pairs:
        assert pair.score >= ACCEPT_THRESHOLD and pair.evidence


def test_seed_002_expectation_matches_the_text(seed_lists, expected) -> None:
    """The hand-written expectation names entries by their openings: they must still agree."""
    ru, en = seed_lists
    for pair in expected["pairs"]:
        assert ru.entries[pair["ru"]].raw.startswith(pair["ru_starts"])
        assert en.entries[pair["en"]].raw.startswith(pair["en_starts"])


def test_seed_002_url_slugs_and_unmarked_entry(seed_lists) -> None:
    ru, en = seed_lists
    by_a = {p.a: p for p in pair_lists(ru, en).pairs}
    borodavkin = next(i for i, e in enumerate(ru.entries) if e.raw.startswith("Бородавкин"))
    assert any("transliterated slug" in ev for ev in by_a[borodavkin].evidence)
    karpenko = next(i for i, e in enumerate(ru.entries) if e.raw.startswith("Карпенко"))
    assert "(In Russian)" not in en.entries[by_a[karpenko].b].raw
    assert en.entries[by_a[karpenko].b].raw.startswith("Karpenko")


def test_plain_strings_pair_without_the_parser(seed_lists, expected) -> None:
    ru, en = seed_lists
    strings_en = [e.raw for e in en.entries]
    order = list(range(len(strings_en)))
    random.Random(7).shuffle(order)
    result = pair_lists([e.raw for e in ru.entries], [strings_en[j] for j in order])
    got = {(p.a, order[p.b]) for p in result.pairs}
    assert got == {(p["ru"], p["en"]) for p in expected["pairs"]}


def test_a_missing_partner_leaves_the_entry_unmatched(seed_lists, expected) -> None:
    ru, en = seed_lists
    dropped = expected["pairs"][3]  # Dudin & Tsvetkov
    kept = [e for j, e in enumerate(en.entries) if j != dropped["en"]]
    result = pair_lists(ru, kept)
    assert dropped["ru"] in result.unmatched_a
    assert all(p.a != dropped["ru"] for p in result.pairs)
    assert len(result.pairs) == 20


def test_lists_of_different_length_and_et_al() -> None:
    ru = [
        "Сухоносов В.Я., Николаев А.Н., Николаев С.А. и др. Магний-фосфатные фиксаторы для "
        "отработавшего ядерного топлива // Рос. хим. ж. 2010. Т. 54, № 3. С. 89-93.",
        "Вернигорова В.Н., Королев Е.В., Еремкин А.И. Цементные композиты с наноразмерными "
        "гидросиликатами кальция. М.: Роснано, 2008. Т. 1. С. 435.",
    ]
    en = [
        "Smith J. Unrelated work on something else. London, 1999.",
        "Sukhonosov V. Ya., Nikolaev A.N., Nikolaev S.A., Somov I.E., Sigeikin G.I. "
        "Magnesium-phosphate clamps for spent nuclear fuel. Rossijskij Khimicheskij Zhurnal. "
        "2010, v. 54, no. 3, pp. 89-93 (in Russian).",
        "Vernigorova V.N., Korolev E.V., Eremkin A.I. Cementnye komposity s nanorazmernymi "
        "gidrosilikatami kalcyya. Moscow, Rosnano Publ. 2008, v.1, p. 435. (In Russian).",
    ]
    result = pair_lists(ru, en)
    assert {(p.a, p.b) for p in result.pairs} == {(0, 1), (1, 2)}
    assert result.unmatched_b == (0,)


def test_empty_lists() -> None:
    result = pair_lists([], ["Smith J. A title. 2000."])
    assert result.pairs == () and result.unmatched_b == (0,)


@pytest.mark.shared_data
def test_journal_articles_with_the_english_list_shuffled(shared_data) -> None:
    rng = random.Random(11)
    found = gold = 0
    with open(shared_data / "bilingual" / "articles.dev.jsonl", encoding="utf-8") as handle:
        articles = [json.loads(line) for line in handle][:40]
    for art in articles:
        order = list(range(len(art["en_list"])))
        rng.shuffle(order)
        result = pair_lists(art["ru_list"], [art["en_list"][j] for j in order])
        truth = dict(art["gold_pairs"])
        gold += len(truth)
        found += sum(truth[p.a] == order[p.b] for p in result.pairs)
    assert found / gold >= 0.99


@pytest.mark.parametrize("suffix", ["html", "docx", "jats.xml", "pdf"])
def test_seed_002_pairs_in_other_formats(references_dir, suffix) -> None:
    """21 pairs whatever the format; JATS orders its lists its own way, so pairs are checked
    by content: same year, and the same first author across scripts (or none on both sides)."""
    from refbridge.bilingual.names import match_surnames
    from refbridge.ingest import read_path

    documents = references_dir.parent / "tests" / "data" / "documents"
    ru, en = read_path(documents / f"seed002.{suffix}").russian_and_english()
    result = pair_lists(ru, en)
    assert len(result.pairs) == 21 and not result.unmatched_a and not result.unmatched_b
    for pair in result.pairs:
        a, b = ru.entries[pair.a], en.entries[pair.b]
        assert a.year == b.year
        if a.authors and b.authors:
            assert match_surnames(a.first_author_family(), b.first_author_family()).matched
        else:
            assert not a.authors and not b.authors


def test_a_missing_partner_stays_unmatched_instead_of_taking_another_paper_of_its_authors():
    ru = [
        "Иванов А.А., Петров Б.Б. Теплообмен при кипении жидкого металла в сборках твэлов "
        "// Теплоэнергетика. – 2017. – Т. 64, № 6. – С. 31-38.",
        "Сидоров В.В. Расчет реакторов. – М.: Энергоатомиздат, 1990. – 352 с.",
    ]
    en = [  # the English list lost the first entry's partner; this is their other paper
        "Ivanov A.A., Petrov B.B. Hydrodynamics of lead coolant in pumps. Thermal Engineering. "
        "2018, v. 65, no. 2, pp. 10-15.",
        "Sidorov V.V. Reactor calculations. Moscow. Energoatomizdat Publ., 1990. 352 p. "
        "(in Russian).",
    ]
    result = pair_lists(ru, en)
    assert [(p.a, p.b) for p in result.pairs] == [(1, 1)]
    assert result.unmatched_a == (0,) and result.unmatched_b == (0,)


def test_conflicting_numbers_are_evidence_against_a_pair():
    from refbridge.bilingual.features import entry_features
    from refbridge.bilingual.pairing import score_pair

    a = entry_features("Петров Б.Б. Патент РФ № 2400843. Контейнер. Бюл. 2010. № 12.")
    b = entry_features("Petrov B.B. Patent RF no. 2459295. Container. Bull. 2012, no. 7.")
    same = entry_features("Petrov B.B. Patent RF no. 2400843. Container. Bull. 2010, no. 12.")
    against, for_ = score_pair(a, b, 0.5), score_pair(a, same, 0.5)
    assert against.odds < for_.odds - 5
    assert any("numbers conflict" in e for e in against.evidence)
