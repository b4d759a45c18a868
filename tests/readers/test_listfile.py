"""List files: one reference per line through pair, dedup, parse, check-dois and find-doi.

A line is never merged with its neighbour, split or dropped; a line that does not look like a
reference stays an entry and is reported on stderr with its line number; the JSON of ``pair``
and ``dedup`` carries each entry's 1-based line and text beside its 0-based index.
"""

from __future__ import annotations

import json

import pytest

from refbridge.cli import main
from refbridge.listfile import is_list_document, numbered, oddity, parse_list
from refbridge.readers import read_document

RU = [
    "Иванов И.И. Теория реакторов // Атомная энергия. 2019. Т. 12, № 3. С. 45–50.",
    # ends in a comma and the next line starts with an author: a list finder joined these
    "Петров П.П. Тепловыделяющие сборки. – М.: Энергоатомиздат, 2004. – 496 с.,",
    "Сидоров С.С. Расчёт активной зоны // Известия вузов. Ядерная энергетика. 2015. № 2. С. 5–9.",
    "Table 3",
    "Смирнов В.С. Старт быстрых реакторов // Бюллетень по атомной энергии. 2008. № 8. С. 26–31.",
]
EN = [
    "Smirnov V.S. Start of fast reactors. Byulleten' po atomnoj energii. 2008, no. 8, pp. 26-31.",
    "Ivanov I.I. Teoriya reaktorov [Reactor theory]. Atomnaya energiya. 2019, vol. 12, no. 3, "
    "pp. 45-50.",
    "Sidorov S.S. Raschet aktivnoj zony. Izvestiya vuzov. Yadernaya energetika. 2015, no. 2, "
    "pp. 5-9.",
    "Petrov P.P. Teplovydelyayushchie sborki. Moscow, Energoatomizdat Publ. 2004. 496 p.",
]


def write(path, lines, blank_after=()):
    text = []
    for i, line in enumerate(lines):
        text.append(line)
        if i in blank_after:
            text.append("")
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    return path


def test_pair_json_carries_lines_and_texts(tmp_path, capsys):
    a = write(tmp_path / "ru.txt", RU, blank_after={1})  # a blank line shifts the lines
    b = write(tmp_path / "en.txt", EN)
    assert main(["pair", str(a), str(b), "--format", "json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    by_a = {p["a"]: p for p in data["pairs"]}
    assert {(p["a"], p["b"]) for p in data["pairs"]} == {(0, 1), (1, 3), (2, 2), (4, 0)}
    assert [by_a[i]["a_line"] for i in (0, 1, 2, 4)] == [1, 2, 4, 6]
    assert all(by_a[i]["a_text"] == RU[i] for i in by_a)
    assert all(p["b_text"] == EN[p["b"]] and p["b_line"] == p["b"] + 1 for p in data["pairs"])
    assert data["unmatched_a"] == [3] and data["unmatched_b"] == []
    assert data["unmatched_a_entries"] == [{"index": 3, "line": 5, "text": "Table 3"}]
    assert "ru.txt, line 5, entry 4: does not look like a reference" in captured.err


def test_dedup_json_entries_beside_members(tmp_path, capsys):
    path = write(tmp_path / "refs.txt", [RU[0], EN[1], "Table 3"], blank_after={0})
    assert main(["dedup", str(path), "--format", "json"]) == 0
    captured = capsys.readouterr()
    clusters = json.loads(captured.out)
    entries = {e["index"]: e for c in clusters for e in c["entries"]}
    assert sorted(entries) == [0, 1, 2, 3]
    assert entries[0] == {"index": 0, "line": 1, "text": RU[0]}
    assert entries[2] == {"index": 2, "line": 3, "text": EN[1]}
    assert entries[3]["line"] == 4 and entries[3]["text"] == "Table 3"
    assert next(c for c in clusters if 0 in c["members"])["members"] == [0, 2]
    assert "line 4" in captured.err


def test_parse_keeps_and_reports_an_odd_line(tmp_path, capsys):
    path = write(tmp_path / "refs.txt", [RU[0], "Table 3", "", RU[2]])
    assert main(["parse", str(path)]) == 0
    captured = capsys.readouterr()
    out = [json.loads(line) for line in captured.out.splitlines()]
    assert len(out) == 4
    assert "error" not in out[1] and out[2]["line"] == 3 and "error" in out[2]
    assert "line 2" in captured.err and "does not look like a reference" in captured.err


def test_check_dois_reads_a_list_file_line_by_line(tmp_path):
    from refbridge.commands.check_dois import read_items

    lines = [
        "Smith J. A paper. Journal of Things, 2019, 12(3), 45-67. doi:10.1000/abc.1",
        "Jones K. Another paper. Journal of Things, 2020, 13(1), 1-9, https://doi.org/10.1000/x,",
        "Brown L. A third. Journal of Things, 2021, 14(2), 10-19.",
        "10.1000/bare.doi",
    ]
    items = read_items(str(write(tmp_path / "refs.txt", lines)))
    assert [item.raw for item in items] == lines
    assert [item.provenance.line_start for item in items] == [1, 2, 3, 4]


def test_find_doi_reports_odd_lines_with_their_number(tmp_path, capsys, doi_env):
    path = write(tmp_path / "refs.txt", ["", "Table 3"])
    status = main(["find-doi", str(path), "--no-cache", "--format", "jsonl"])
    captured = capsys.readouterr()
    assert status == 1  # nothing found, but the line was searched
    assert json.loads(captured.out)["line"] == 2
    assert "refs.txt, line 2: does not look like a reference" in captured.err


def test_parse_list_skips_blank_lines_unless_asked(tmp_path):
    lines = [RU[0], "", "x", RU[2]]
    found, notes = parse_list(numbered(lines), "refs.txt")
    assert [(e.raw, e.provenance.line_start) for e in found.entries] == [
        (RU[0], 1),
        ("x", 3),
        (RU[2], 4),
    ]
    assert [(n.location.line, n.location.entry) for n in notes] == [(3, 1)]
    assert "kept as an entry" in notes[0].error
    kept, _ = parse_list(numbered(lines), "refs.txt", keep_blank=True)
    assert [e.provenance.line_start for e in kept.entries] == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("name", "text", "is_list"),
    [
        ("refs.txt", "\n".join(RU), True),
        ("refs", "\n".join(RU), True),
        ("refs.md", "\n".join(RU), False),
        ("paper.txt", "Some words.\n\nReferences\n\n" + "\n".join(RU), False),
        ("abstract.txt", ("We show that this is what it is. " * 20) + "\n" + "\n".join(RU), False),
    ],
)
def test_which_files_are_list_files(tmp_path, name, text, is_list):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert is_list_document(read_document(path)) is is_list


def test_oddity():
    assert oddity(RU[0]) is None
    assert oddity("NEA/NSC/DOC(95)03/III. Volume III. IEU-MET-FAST-015, 1995.") is None
    assert "heading" in oddity("References")
    assert "running text" in oddity("In this paper we show that the reactor is stable.")
    assert "score" in oddity("Table 3")


def test_a_missing_list_file_is_a_located_error(tmp_path, capsys):
    assert main(["pair", str(tmp_path / "none.txt"), str(tmp_path / "none2.txt")]) != 0
    assert "none.txt" in capsys.readouterr().err


def test_a_windows_1251_list_file_keeps_its_lines(tmp_path, capsys):
    path = tmp_path / "refs.txt"
    path.write_bytes(("\r\n".join(RU[:3]) + "\r\n").encode("cp1251"))
    assert main(["parse", str(path)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["custom"]["refbridge"]["raw"] for r in records] == RU[:3]
