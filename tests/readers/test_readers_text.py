"""Plain text and Markdown reading: encodings, binary input, empty files, huge lines."""

from __future__ import annotations

import codecs

import pytest

from refbridge.errors import InputError
from refbridge.readers import read_bytes, read_document
from refbridge.readers.text import iter_lines, split_lines

RUSSIAN = "Список литературы\n1. Иванов И.И. Атомная энергетика. М.: Наука, 2019. 356 с.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (RUSSIAN.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + RUSSIAN.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + RUSSIAN.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + RUSSIAN.encode("utf-16-be"), "utf-16-be"),
        (RUSSIAN.encode("cp1251"), "cp1251"),
        (RUSSIAN.encode("koi8-r"), "koi8-r"),
        ("References\n1. Smith, J. (2019).\n".encode("utf-16-le"), "utf-16-le"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "cp1251", "koi8r", "utf16le-no-bom"],
)
def test_encodings(data, encoding):
    doc = read_bytes(data, "list.txt")
    assert doc.lines == tuple(data.decode(encoding).lstrip("\ufeff").splitlines())
    assert doc.lines[0] in ("Список литературы", "References")
    assert doc.metadata["encoding"] == encoding


def test_western_single_byte_text_is_cp1252():
    doc = read_bytes("Müller, K. (2019). Über Zitate. Köln.\n".encode("cp1252"), "de.txt")
    assert doc.lines == ("Müller, K. (2019). Über Zitate. Köln.",)


def test_line_ends_and_suffixes():
    """One rule for every text input: lines end at LF or CRLF; a bare CR or a form feed
    inside a line is a space, so line N is line N in an editor."""
    doc = read_bytes(b"a\r\nb\rc\n\nd", "x.md")
    assert doc.lines == ("a", "b c", "", "d")
    assert doc.format == "markdown"
    assert read_bytes(b"a", "x.txt").format == "text"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("a\r\nb\rc\n\nd", ["a", "b c", "", "d"]),  # a bare CR stays inside its line
        ("a\rb\rc\r", ["a", "b", "c"]),  # no LF at all: classic Mac OS line ends
        ("x\n\fy\fz\f\n", ["x", "y z"]),  # pdftotext's page breaks
        ("a\r\n\r\nb", ["a", "", "b"]),
        ("", []),
        ("a\n", ["a"]),
    ],
)
def test_streamed_lines_follow_the_same_rule(text, lines):
    """``iter_lines`` (a pipe, read piece by piece) gives what ``split_lines`` gives."""
    assert split_lines(text) == lines
    assert list(iter_lines(text)) == lines  # one character at a time
    assert list(iter_lines([text])) == lines


def test_empty_file_is_an_empty_document(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert read_document(path).lines == ()


@pytest.mark.parametrize(
    "data",
    [b"\x7fELF\x02\x01\x01\x00\x00\x00" * 50, b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256))],
    ids=["elf", "zip"],
)
def test_binary_input_is_refused_with_the_file_name(data):
    with pytest.raises(InputError, match=r"blob\.txt.*binary"):
        read_bytes(data, "blob.txt")


def test_bad_utf16_after_bom_names_the_file():
    with pytest.raises(InputError, match=r"odd\.txt"):
        read_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8", "odd.txt")


def test_missing_file_names_the_file(tmp_path):
    with pytest.raises(InputError, match=r"nope\.txt"):
        read_document(tmp_path / "nope.txt")


def test_five_megabyte_line():
    doc = read_bytes(b"x" * 5_000_000, "big.txt")
    assert len(doc.lines) == 1
    assert len(doc.lines[0]) == 5_000_000


def test_an_endless_or_huge_input_file_is_refused_with_its_name(tmp_path) -> None:
    from refbridge.errors import InputError
    from refbridge.readers import read_file_bytes

    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2048)
    with pytest.raises(InputError, match="larger than") as caught:
        read_file_bytes(path, limit=1024)
    assert "big.txt" in str(caught.value)
    assert read_file_bytes(path, limit=4096) == b"x" * 2048
