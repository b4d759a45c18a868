"""DOCX reading: Word numbering written out, fields, tracked changes, bad packages."""

from __future__ import annotations

import io
import sys
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from paths import TEST_DATA
from refbridge.errors import InputError
from refbridge.readers import read_bytes, read_document
from refbridge.readers.docx import _format_number

DOCUMENTS = TEST_DATA / "documents"


@pytest.fixture(scope="module")
def seed_docx():
    return read_document(DOCUMENTS / "seed002.docx")


def test_numbering_from_style_and_direct(seed_docx):
    lines = list(seed_docx.lines)
    english = lines[lines.index("## References") + 2]
    russian = lines[lines.index("## Список литературы") + 2]
    assert english.startswith("1. “Russian Spring”")
    assert russian.startswith("1. Zhiltsov, S.")
    assert any(line.startswith("21. Юнь, П. (2020)") for line in lines)


def test_fields_hyperlinks_deletions_soft_hyphens(seed_docx):
    text = seed_docx.text
    assert "DELETED WORDS" not in text
    assert "HYPERLINK" not in text
    assert "Cooperation between Russia and Kazakhstan: Challenges" in text  # soft hyphen gone
    assert "https://doi.org/10.33051/2500-2325-2019-1-80-92" in text  # the field's result
    assert "*Russian Eurasia*" in text


@pytest.mark.parametrize(
    ("value", "fmt", "label"),
    [
        (3, "decimal", "3"),
        (3, "lowerLetter", "c"),
        (28, "upperLetter", "AB"),
        (14, "lowerRoman", "xiv"),
        (9, "upperRoman", "IX"),
    ],
)
def test_number_formats(value, fmt, label):
    assert _format_number(value, fmt) == label


def _docx_with_list(level_text: str, fmt: str, start: int = 1) -> bytes:
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="77"><w:lvl w:ilvl="0">'
            f'<w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{level_text}"/>'
            "</w:lvl></w:abstractNum>"
        )
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="77"><w:abstractNumId w:val="77"/></w:num>')
    )
    document.add_paragraph("References")
    for text in ("Smith, J. (2019). A. *J*, 1, 2–3.", "Brown, K. (2020). B. *R*, 4, 1–9."):
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="77"/></w:numPr>')
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("level_text", "fmt", "start", "first"),
    [
        ("[%1]", "decimal", 1, "[1] Smith"),
        ("%1)", "lowerLetter", 1, "a) Smith"),
        ("%1.", "decimal", 5, "5. Smith"),
        ("•", "bullet", 1, "- Smith"),
    ],
)
def test_word_numbering_formats(level_text, fmt, start, first):
    doc = read_bytes(_docx_with_list(level_text, fmt, start), "list.docx")
    assert doc.lines[1].startswith(first)


def test_zip_of_something_else_is_a_clear_error():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data.csv", "a,b\n1,2\n")
    with pytest.raises(InputError, match=r"fake\.docx.*not a Word document"):
        read_bytes(buffer.getvalue(), "fake.docx")


def test_not_a_zip_is_a_clear_error():
    with pytest.raises(InputError, match=r"fake\.docx.*not a ZIP"):
        read_bytes(b"plain text, not a zip at all", "fake.docx", format="docx")


def test_encrypted_docx_is_a_clear_error():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    with pytest.raises(InputError, match=r"secret\.docx.*password-protected"):
        read_bytes(ole, "secret.docx")


def test_damaged_document_xml_is_a_clear_error():
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO((DOCUMENTS / "seed002.docx").read_bytes())) as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    with pytest.raises(InputError, match=r"half\.docx"):
        read_bytes(buffer.getvalue(), "half.docx")


def test_missing_extra_says_what_to_install(monkeypatch):
    from refbridge.errors import MissingExtraError

    monkeypatch.setitem(sys.modules, "docx", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'refbridge\[docx\]'"):
        read_bytes((DOCUMENTS / "seed002.docx").read_bytes(), "a.docx")


ENDNOTES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:endnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:endnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:endnote>
<w:endnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>
</w:p></w:endnote>
{notes}
</w:endnotes>"""


def _docx_with_endnotes(notes: list[str]) -> bytes:
    document = docx.Document()
    document.add_paragraph(
        "Cooperation between Russia and Kazakhstan has been studied by many authors, and it "
        "is the topic that we discuss in this paper."
    )
    plain = io.BytesIO()
    document.save(plain)
    body = "".join(
        f'<w:endnote w:id="{i + 1}"><w:p><w:r><w:t xml:space="preserve">{note}</w:t></w:r>'
        "</w:p></w:endnote>"
        for i, note in enumerate(notes)
    )
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdEnd" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/endnotes" Target="endnotes.xml"/>'
                    b"</Relationships>",
                )
            elif item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/word/endnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"/></Types>',
                )
            target.writestr(item, data)
        target.writestr("word/endnotes.xml", ENDNOTES.format(notes=body))
    return out.getvalue()


def test_references_in_endnotes_are_found():
    from refbridge import find_reference_lists

    notes = [
        "Иванов И.И. Атомная энергетика // Известия вузов. 2019. Т. 1, № 2. С. 80–92.",
        "Петров П.П. Реакторы. М.: Энергоатомиздат, 2001. 356 с.",
        "Сидоров С.С. Теплообмен // Теплоэнергетика. 2010. № 3. С. 5–9.",
    ]
    doc = read_bytes(_docx_with_endnotes(notes), "notes.docx")
    assert doc.lines[-3:] == tuple(f"{i}. {note}" for i, note in enumerate(notes, 1))
    (found,) = find_reference_lists(doc)
    assert (found.heading, found.language, len(found.entries)) == ("", "ru", 3)


def _with_declared_size(data: bytes, part: str, size: int) -> bytes:
    """The archive with ``part``'s uncompressed size rewritten in both of its headers."""
    name = part.encode()
    out = bytearray(data)
    local = out.find(b"PK\x03\x04")
    while local >= 0:
        if out[local + 30 : local + 30 + len(name)] == name:
            out[local + 22 : local + 26] = size.to_bytes(4, "little")
        local = out.find(b"PK\x03\x04", local + 4)
    central = out.find(b"PK\x01\x02")
    while central >= 0:
        if out[central + 46 : central + 46 + len(name)] == name:
            out[central + 24 : central + 28] = size.to_bytes(4, "little")
        central = out.find(b"PK\x01\x02", central + 4)
    return bytes(out)


def test_a_part_declared_to_unpack_to_gigabytes_is_refused_unread():
    bomb = _with_declared_size(_docx_with_list("%1.", "decimal"), "word/document.xml", 1_500 << 20)
    with pytest.raises(InputError, match=r"bomb\.docx: part 'word/document\.xml' unpacks to 1,500"):
        read_bytes(bomb, "bomb.docx")


def test_a_part_holding_more_than_it_declares_is_a_clear_error():
    liar = _with_declared_size(_docx_with_list("%1.", "decimal"), "word/document.xml", 100)
    with pytest.raises(InputError, match=r"liar\.docx: cannot read the DOCX"):
        read_bytes(liar, "liar.docx")


def test_xml_parts_over_their_shared_limit_are_refused(monkeypatch):
    """Many XML parts, each within the limits, may not add up to more than python-docx can
    parse in bounded memory (a 6.8 MB file of four 120 MB parts took 1 GB)."""
    import random

    import refbridge.readers.docx as reader

    monkeypatch.setattr(reader, "MAX_MARKUP_BYTES", 300_000)
    text = " ".join(random.Random(1).choices(["alpha", "beta", "gamma"], k=30_000))
    wide = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_docx_with_list("%1.", "decimal"))) as source,
        zipfile.ZipFile(wide, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item), zipfile.ZIP_DEFLATED)
        for number in (1, 2):
            target.writestr(f"word/header{number}.xml", f"<w:hdr>{text}</w:hdr>")
    with pytest.raises(
        InputError, match=r"wide\.docx: the XML parts unpack to \d+ MB together, more"
    ):
        read_bytes(wide.getvalue(), "wide.docx")


def test_too_many_parts_and_odd_compression_are_refused():
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        for i in range(10_001):
            archive.writestr(f"word/media/{i}.bin", b"")
    with pytest.raises(InputError, match=r"many\.docx: the package has 10,002 parts"):
        read_bytes(many.getvalue(), "many.docx")
    lzma = io.BytesIO()
    with zipfile.ZipFile(lzma, "w", compression=zipfile.ZIP_LZMA) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(InputError, match=r"compression method 14"):
        read_bytes(lzma.getvalue(), "lzma.docx", format="docx")


def test_deeply_nested_xml_is_a_clear_error():
    deep = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_docx_with_list("%1.", "decimal"))) as source,
        zipfile.ZipFile(deep, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                nested = b"<w:sdt><w:sdtContent>" * 5_000 + b"</w:sdtContent></w:sdt>" * 5_000
                data = data.replace(b"<w:body>", b"<w:body><w:p>" + nested + b"</w:p>", 1)
            target.writestr(item, data)
    with pytest.raises(InputError, match=r"deep\.docx"):
        read_bytes(deep.getvalue(), "deep.docx")


def test_a_part_that_inflates_over_100_times_is_refused_as_apache_poi_does():
    bomb = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_docx_with_list("%1.", "decimal"))) as source,
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                paragraph = (
                    b"<w:p><w:r><w:t>Smith J. Title. Journal, 2020, 1, 2-3.</w:t></w:r></w:p>"
                )
                data = data.replace(b"<w:body>", b"<w:body>" + paragraph * 40_000, 1)
            target.writestr(item, data, zipfile.ZIP_DEFLATED)
    with pytest.raises(
        InputError, match=r"ratio\.docx: part 'word/document\.xml' unpacks to .* times"
    ):
        read_bytes(bomb.getvalue(), "ratio.docx")
    assert read_document(DOCUMENTS / "seed002.docx").lines  # real Word packing is well below
