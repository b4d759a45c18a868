"""One way in: which kind of input a file is, and the same records whichever command reads it."""

from __future__ import annotations

import json

import pytest

from paths import TEST_DATA
from refbridge.cli import main
from refbridge.commands import check_dois, dedup, render
from refbridge.errors import FormatError, UnknownNameError
from refbridge.ingest import classify, read, read_path
from refbridge.store import Library

DOCUMENTS = TEST_DATA / "documents"

RU = "Иванов И.И. Атомная энергетика // Известия вузов. 2019. Т. 1, № 2. С. 80–92."
EN = "Smith J., Jones K. Reactor physics. Journal of Nuclear Science. 2020. Vol. 5. P. 1–9."
DE = "Müller K. Über Zitate. Köln: Verlag, 2018. 200 S."
LIST = f"{RU}\n{EN}\n\n{DE}\n"
PROSE = (
    "The results show that the core power distribution depends on the fuel loading pattern "
    "and on the position of the control rods, which were varied in a series of experiments. "
) * 5
ARTICLE = f"Introduction\n\n{PROSE}\n\nReferences\n\n1. {RU}\n2. {EN}\n3. {DE}\n"
BIBTEX = (
    "@article{smith2020,\n  author = {Smith, John},\n  title = {Reactor physics},\n"
    "  year = {2020}\n}\n"
)
CSL_JSON = json.dumps(
    [{"id": "a", "type": "book", "title": "Über Zitate", "issued": {"date-parts": [[2018]]}}]
)
RIS = "TY  - JOUR\nAU  - Smith, John\nTI  - Reactor physics\nPY  - 2020\nER  - \n"
HTML = (
    f"<!DOCTYPE html><html><body><h2>References</h2><ol><li>{RU}</li><li>{EN}</li></ol>"
    "</body></html>"
)


@pytest.mark.parametrize(
    ("name", "content", "kind", "format"),
    [
        ("refs.bib", BIBTEX, "bibliography", "biblatex"),
        ("refs.bibtex", BIBTEX, "bibliography", "bibtex"),
        ("refs.txt", BIBTEX, "bibliography", "biblatex"),  # content, whatever the suffix
        ("<stdin>", BIBTEX, "bibliography", "biblatex"),
        ("items.json", CSL_JSON, "bibliography", "csljson"),
        ("<stdin>", CSL_JSON, "bibliography", "csljson"),
        ("refs", RIS, "bibliography", "ris"),
        ("list.txt", LIST, "lines", "text"),
        ("<stdin>", LIST, "lines", "text"),
        ("list", LIST, "lines", "text"),
        ("numbered.txt", f"[1] {RU}\n[2] {EN}\n", "lines", "text"),  # "[" is not JSON
        ("mac.txt", LIST.replace("\n", "\r"), "lines", "text"),
        ("article.txt", ARTICLE, "document", "text"),
        ("<stdin>", ARTICLE, "document", "text"),
        ("article.md", ARTICLE, "document", "markdown"),
        ("page.txt", HTML, "document", "html"),  # content, whatever the suffix
        ("page.html", HTML, "document", "html"),
        ("seed002.pdf", None, "document", "pdf"),
        ("seed002.docx", None, "document", "docx"),
        ("seed002.jats.xml", None, "document", "jats"),
        ("seed002.html", None, "document", "html"),
    ],
)
def test_kind_of_input(name, content, kind, format):
    data = (DOCUMENTS / name).read_bytes() if content is None else content.encode("utf-8")
    found = read(data, name)
    assert (found.kind, found.format) == (kind, format)
    assert found.records, "every input of the table holds records"
    if kind == "lines":  # every non-blank line one record, in order, with its line number
        assert [(r.raw, r.provenance.line_start) for r in found.records] == [
            (line, number)
            for number, line in enumerate(content.replace("\r", "\n").splitlines(), 1)
            if line
        ]


def test_classify_names_the_reader_or_format():
    assert classify(b"", "x.bib") == ("bibliography", "biblatex")
    assert classify(b"%PDF-1.7", "x.txt") == ("document", "pdf")
    assert classify(b"plain", "x.txt") == ("text", "text")  # list or document: read() says
    assert classify(b"plain", "x", "ris") == ("bibliography", "ris")
    with pytest.raises(UnknownNameError, match=r"format or reader.*ris"):
        classify(b"", "x", "rtf")


def test_a_list_with_a_paragraph_of_notes():
    """A paragraph makes a document: the list finder takes the references out of it; when it
    finds no list but most lines read like references, it is a list file after all (every
    line an entry, the paragraph reported)."""
    lines = [RU, EN, DE, RU.replace("2019", "2020"), EN.replace("2020", "2021"), PROSE]
    found = read("\n".join(lines).encode(), "notes.txt")
    assert (found.kind, [r.raw for r in found.records]) == ("document", lines[:-1])
    found = read("\n".join([RU, EN, PROSE]).encode(), "short.txt")
    assert (found.kind, [r.raw for r in found.records]) == ("lines", [RU, EN, PROSE])
    assert [note.location.line for note in found.notes] == [3]


def test_prose_without_a_list_has_no_records():
    found = read((PROSE + "\n\n" + PROSE).encode(), "essay.txt")
    assert (found.kind, found.records) == ("document", [])


def test_forced_kinds_and_a_suffix_that_lies():
    assert read(ARTICLE.encode(), "article.txt", kind="lines").kind == "lines"
    assert read(LIST.encode(), "list.txt", kind="document").kind == "document"
    with pytest.raises(FormatError, match="content is csljson"):
        read(CSL_JSON.encode(), "refs.bib")
    with pytest.raises(FormatError, match="cannot tell the bibliographic format"):
        read(LIST.encode(), "list.txt", kind="bibliography")


def test_blank_lines_kept_on_request_and_an_empty_file_has_no_list():
    found = read(LIST.encode(), "list.txt", keep_blank=True)
    assert [r.raw for r in found.records] == [RU, EN, "", DE]
    assert read(b"\n\n", "blank.txt").lists == ()


@pytest.fixture(params=["list.txt", "refs.bib", "article.txt", "seed002.docx"])
def any_input(request, tmp_path):
    name = request.param
    path = tmp_path / name
    contents = {"list.txt": LIST, "refs.bib": BIBTEX, "article.txt": ARTICLE}
    if name in contents:
        path.write_text(contents[name], encoding="utf-8")
    else:
        path.write_bytes((DOCUMENTS / name).read_bytes())
    return path


def _texts(records):
    return [(r.raw, r.title) for r in records if r.raw.strip() or r.title]


def test_every_command_reads_the_same_records(any_input, tmp_path, capsys):
    """dedup, check-dois, render, library add and extract read a file the same way (they
    used to decide by suffix, each its own way: `library add x.txt` extracted a list,
    `dedup x.txt` read lines)."""
    expected = _texts(read_path(any_input).records)
    assert expected
    assert _texts(dedup.read_records(str(any_input), "auto")[0]) == expected
    assert _texts(render._references(str(any_input), None)[0]) == expected
    checked = check_dois.read_items(str(any_input))
    assert _texts(r for r in checked if not isinstance(r, str)) == expected
    with Library(tmp_path / "lib.sqlite") as library:
        library.add_file(any_input)
        assert _texts(library.records()) == expected
    capsys.readouterr()
    main(["extract", str(any_input), "-f", "jsonl"])
    extracted = [
        (entry.get("custom", {}).get("refbridge", {}).get("raw", ""), entry.get("title", ""))
        for row in map(json.loads, capsys.readouterr().out.splitlines())
        for entry in row["entries"]
    ]
    assert [text for text in extracted if any(text)] == expected


def test_pair_and_references_en_read_list_files_by_the_same_rule(tmp_path, capsys):
    ru = tmp_path / "ru.txt"
    ru.write_text(f"{RU}\n{PROSE}\n", encoding="utf-8")  # a list with a paragraph of notes
    assert main(["pair", str(ru), str(ru), "-f", "json"]) == 0
    pairs = json.loads(capsys.readouterr().out)["pairs"]
    assert [p["a_line"] for p in pairs][:1] == [1]
    bib = tmp_path / "refs.bib"
    bib.write_text(BIBTEX, encoding="utf-8")
    for command in (["pair", str(bib), str(ru)], ["pair", str(bib)], ["references-en", str(bib)]):
        assert main(command) == 1
        assert "a bibliography file, not a reference list" in capsys.readouterr().err
