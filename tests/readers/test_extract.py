"""extract() and the `refbridge extract` command: structure, provenance and bad input.

Field values belong to the parser's tests; these check lists, spans, provenance and errors.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from refbridge import extract
from refbridge.cli import main
from refbridge.model import Document

SEED_002 = "002_dfc645286ca376c6.txt"


def test_extract_seed_002(references_dir):
    path = references_dir / SEED_002
    lists = extract(path)
    assert [(r.heading, r.language, len(r.entries) + len(r.failures)) for r in lists] == [
        ("References", "en", 21),
        ("Список литературы", "ru", 21),
    ]
    first = lists[0].entries[0]
    assert first.raw.startswith("“Russian Spring”")
    assert first.provenance is not None
    assert first.provenance.document == str(path)
    assert (first.provenance.list_index, first.provenance.entry_index) == (0, 0)
    assert (first.provenance.line_start, first.provenance.line_end) == (162, 162)
    assert lists[1].source == str(path)


def test_extract_document_object():
    doc = Document(source="mem", format="text", lines=["Nothing to see here."])
    assert extract(doc) == []


def test_over_long_entry_becomes_a_failure():
    entry = "Smith, J. (2019). " + "Word " * 2000 + "*Journal*, 1, 2–3."
    lines = [
        "References",
        "",
        "- Brown, K. (2020). Title. *Review*, 4, 1–9.",
        f"- {entry}",
        "- Black, A. (2018). Title. *Letters*, 2, 5–6.",
    ]
    (found,) = extract(Document(source="long.md", format="markdown", lines=lines))
    assert len(found.entries) == 2
    (failure,) = found.failures
    assert "too long" in failure.error
    assert failure.location.source == "long.md"
    assert failure.location.line == 4


def run_cli(*args, capsys):
    status = main(["extract", *map(str, args)])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_cli_jsonl(references_dir, capsys):
    status, out, err = run_cli(references_dir / SEED_002, capsys=capsys)
    assert status == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["heading"], r["language"]) for r in rows] == [
        ("References", "en"),
        ("Список литературы", "ru"),
    ]
    for row in rows:
        assert set(row) == {
            "source",
            "heading",
            "language",
            "line_start",
            "line_end",
            "entries",
            "failures",
        }
        assert len(row["entries"]) + len(row["failures"]) == 21
    assert "2 list(s)" in err


def test_cli_csljson_to_file(references_dir, tmp_path, capsys):
    out_path = tmp_path / "out.json"
    status, _, _ = run_cli(
        references_dir / "001_58b1d439e6741896.txt",
        "--format",
        "csljson",
        "-o",
        out_path,
        capsys=capsys,
    )
    assert status == 0
    items = json.loads(out_path.read_text(encoding="utf-8"))
    assert len(items) == 21  # seed 001: 21 references, the licence line after them is none
    assert all(item["type"] and item["custom"]["refbridge"]["raw"] for item in items)
    assert items[0]["title"].startswith('“Russian <span class="nocase">Spring</span>”')
    assert len({item["id"] for item in items}) == 21  # every item a unique citation key
    assert items[-1]["author"] == [{"family": "Zhiltsov", "given": "S."}]
    assert items[-1]["issued"] == {"date-parts": [[2016]]}


def test_cli_batch_with_bad_files(references_dir, tmp_path, capsys):
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    cp1251 = tmp_path / "cp1251.txt"
    cp1251.write_bytes(
        "Литература\n\n1. Иванов И.И. Атомная энергетика // Известия вузов. 2019. Т. 1, № 2. "
        "С. 80–92.\n".encode("cp1251")
    )
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"References\n" + b"a" * 5_000_000 + b"\n")
    missing = tmp_path / "missing.txt"
    status, out, err = run_cli(
        binary, empty, cp1251, huge, missing, references_dir / SEED_002, capsys=capsys
    )
    assert status == 1
    assert f"{binary}" in err and "binary" in err
    assert f"{missing}" in err
    assert "Traceback" not in err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["source"] for r in rows] == [str(cp1251), *[str(references_dir / SEED_002)] * 2]
    assert rows[0]["language"] == "ru"


def test_cli_reader_option_and_usage(tmp_path, capsys):
    page = tmp_path / "page.dat"
    page.write_text(
        "<p>References</p><ol><li>Smith, J. (2019). T. <i>J</i>, 1, 2–3.</li>"
        "<li>Brown, K. (2020). T. <i>R</i>, 4, 1–9.</li></ol>",
        encoding="utf-8",
    )
    status, out, _ = run_cli("--reader", "html", page, capsys=capsys)
    assert status == 0
    assert json.loads(out)["entries"][0]["custom"]["refbridge"]["raw"].startswith("Smith")


@pytest.mark.timeout(120)
def test_cli_as_a_process(references_dir):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "refbridge.cli",
            "extract",
            str(references_dir / "004_46d94dc4789bab9c.txt"),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 1, result.stderr  # nothing extracted is not success
    assert result.stdout == ""
    assert "004_46d94dc4789bab9c.txt: no reference list found" in result.stderr
    assert "0 list(s)" in result.stderr


def test_cli_batch_of_broken_documents(references_dir, tmp_path, capsys):
    documents = references_dir.parent / "tests" / "data" / "documents"
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 200)
    fake_docx = tmp_path / "fake.docx"
    with zipfile.ZipFile(fake_docx, "w") as archive:
        archive.writestr("notes.txt", "not a Word document")
    bad_xml = tmp_path / "bad.xml"
    bad_xml.write_text("<article><back><ref-list><ref>", encoding="utf-8")
    files = [
        corrupt,
        documents / "encrypted.pdf",
        documents / "scanned.pdf",
        fake_docx,
        bad_xml,
        documents / "seed002.docx",
        documents / "seed002.jats.xml",
    ]
    status, out, err = run_cli(*files, capsys=capsys)
    assert status == 1
    for broken in files[:5]:
        assert f"error: {broken}" in err, err
    assert "Traceback" not in err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(Path(r["source"]).name, len(r["entries"])) for r in rows] == [
        ("seed002.docx", 21),
        ("seed002.docx", 21),
        ("seed002.jats.xml", 21),
        ("seed002.jats.xml", 21),
    ]


def test_over_long_line_after_a_heading_is_a_failure_not_silence():
    line = "Smith, J. (2019). Title. *Journal*, 1, 2–3. " * 120_000  # about 5 MB
    (found,) = extract(Document(source="run.md", format="markdown", lines=["References", line]))
    assert found.entries == ()
    (failure,) = found.failures
    assert "too long" in failure.error and failure.location.line == 2


def test_cli_reads_standard_input(references_dir):
    data = (references_dir / "001_58b1d439e6741896.txt").read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "refbridge.cli", "extract", "-", "--format", "csljson"],
        input=data,
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert len(items) == 21
    assert items[0]["custom"]["refbridge"]["provenance"]["document"] == "<stdin>"


def test_cli_bibtex_links_each_english_entry_to_its_russian_original(references_dir, capsys):
    from refbridge.formats import bibtex

    status, out, err = run_cli(references_dir / SEED_002, "--format", "biblatex", capsys=capsys)
    assert status == 0
    loaded = bibtex.loads(out)
    assert not loaded.failures
    languages = [r.language for r in loaded.references]
    assert languages[:21] == ["en"] * 21  # "References" comes first in the document
    # Список литературы entry 1 is Zhiltsov's English article, cited word for word as
    # References entry 21 — the same English work in both lists, not a translation: it is
    # written once, so the Russian entries 2…21 follow at 21…40.
    assert len(loaded.references) == 41 and "1 repeated work(s) written once" in err
    assert sum(r.authors[:1] == loaded.references[20].authors[:1] for r in loaded.references) == 1
    links = bibtex.translation_links(loaded.references)
    assert len(links) == 20
    assert set(links) <= set(range(21)) and set(links.values()) <= set(range(21, 41))
    expected = json.loads(
        (references_dir / "002_dfc645286ca376c6.pairs.expected.json").read_text(encoding="utf-8")
    )
    hand_pairs = {(p["ru"], p["en"]) for p in expected["pairs"]}
    linked = {(original - 20, translation) for translation, original in links.items()}
    assert hand_pairs - linked == {(0, 20)}
    assert linked <= hand_pairs
    zhiltsov = loaded.references[20]
    assert zhiltsov.title == "Eurasian Integration: Problems and Development Scenarios"
    assert zhiltsov.language == "en" and zhiltsov.first_author_family() == "Zhiltsov"
    assert "20 translation link(s)" in err
    assert "Список литературы entry 1 and References entry 21 are both in 'en'" in err
    assert out.count("relatedtype = {translationas}") == 20


def test_translation_links_need_one_russian_and_one_english_list(references_dir):
    from refbridge.extract import translation_links

    en, ru = extract(references_dir / SEED_002)
    assert translation_links([en]).links == {}
    assert translation_links([ru, ru, en]).links == {}  # two Russian lists: no guessing
    swapped = translation_links([ru, en])
    assert len(swapped.links) == 20  # indices follow the order of the lists given
    assert all(t >= 21 > o for t, o in swapped.links.items())
