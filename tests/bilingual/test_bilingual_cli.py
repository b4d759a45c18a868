"""The pair, translit, references-en and check-citations commands, end to end."""

from __future__ import annotations

import json
import os

from refbridge.cli import main

SEED = "002_dfc645286ca376c6"


def test_translit(capsys) -> None:
    assert main(["translit", "--scheme", "icao", "Юнь", "Подъячев"]) == 0
    assert capsys.readouterr().out == "Iun Podieiachev\n"
    assert main(["translit", "--scheme", "all", "Щука"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "bsi          Shchuka" and len(out) == 6


def test_pair_one_document_json(references_dir, capsys) -> None:
    assert main(["pair", str(references_dir / f"{SEED}.txt"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {
        "pairs", "unmatched_a", "unmatched_b", "unmatched_a_numbers", "unmatched_b_numbers",
        "unmatched_a_entries", "unmatched_b_entries",
    }  # fmt: skip
    assert all(p["a_number"] == p["a"] + 1 and p["b_number"] == p["b"] + 1 for p in data["pairs"])
    assert len(data["pairs"]) == 21 and data["unmatched_a"] == data["unmatched_b"] == []
    expected = json.loads((references_dir / f"{SEED}.pairs.expected.json").read_text("utf-8"))
    assert {(p["a"], p["b"]) for p in data["pairs"]} == {
        (p["ru"], p["en"]) for p in expected["pairs"]
    }
    assert all(p["evidence"] and 0 <= p["score"] <= 1 for p in data["pairs"])


def test_pair_two_line_files_table(tmp_path, capsys) -> None:
    a = tmp_path / "ru.txt"
    b = tmp_path / "en.txt"
    a.write_text(
        "Дудин В. А., Цветков М. Н. Внешнеэкономическое сотрудничество // Проблемы рыночной "
        "экономики. 2019. № 1. С. 80–92.\n\nЛитвинов А. И. Торгово-экономическое "
        "сотрудничество // Российский внешнеэкономический вестник. 2019. № 11. С. 101–111.\n",
        encoding="utf-8",
    )
    b.write_text(
        "Litvinov A. I. Trade and economic cooperation. Russian Foreign Economic Journal, 2019, "
        "no. 11, pp. 101–111 (In Russian).\nSmith J. Something else entirely. London, 1999.\n"
        "Dudin V. A., Tsvetkov M. N. Foreign economic cooperation. Market economy problems, "
        "2019, no. 1, pp. 80–92 (In Russian).\n",
        encoding="utf-8",
    )
    assert main(["pair", str(a), str(b)]) == 0
    out = capsys.readouterr().out
    assert "2 pairs; unmatched: 0 in A, 1 in B" in out
    assert "unmatched B    2: Smith J." in out  # entries numbered from 1


def test_references_en(references_dir, capsys) -> None:
    path = str(references_dir / f"{SEED}.txt")
    assert main(["references-en", path, "--style", "vol-no-pp"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 21
    assert any(line.startswith("Dudin V.A., Tsvetkov M.N. Vneshneekonomicheskoe") for line in lines)


def test_check_citations(references_dir, capsys) -> None:
    path = str(references_dir / f"{SEED}.txt")
    assert main(["check-citations", path, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["list"] == {"heading": "References", "entries": 21}
    assert len(data["links"]) == 32
    assert [i["kind"] for i in data["issues"]].count("order-differs") == 2
    assert main(["check-citations", path]) == 0
    table = capsys.readouterr().out
    assert "never-cited       entry 13 is never cited: Nikonorov" in table  # 1-based


def test_translit_text_in_another_encoding_than_the_terminal(capsys):
    """Bytes that are not UTF-8 reach Python as surrogates; they are decoded, not a crash."""
    cp1251 = os.fsdecode("Щукин Ёж".encode("cp1251"))  # as argv holds it on a UTF-8 system
    assert main(["translit", cp1251]) == 0
    assert capsys.readouterr().out == "Shchukin Ezh\n"
    koi8 = os.fsdecode("Щукин".encode("koi8-r"))
    assert main(["translit", "--encoding", "koi8-r", koi8]) == 0
    assert capsys.readouterr().out == "Shchukin\n"


def test_pair_refuses_a_bibliography_file_and_says_what_to_do(tmp_path, capsys) -> None:
    bib = tmp_path / "a.bib"
    bib.write_text("@article{k, title = {T}, author = {Smith, J.}, year = {2000}}\n", "utf-8")
    other = tmp_path / "b.txt"
    other.write_text("Smith J. T. 2000.\n", "utf-8")
    assert main(["pair", str(bib), str(other)]) == 1
    err = capsys.readouterr().err
    assert "a.bib" in err and "bibliography file" in err and "refbridge render" in err
