"""Plain text and Markdown: decode the bytes, split into lines, keep Markdown as it is.

Decoding is the hard part of "plain" text. Files reach us as UTF-8 (with or without a BOM),
UTF-16 with a BOM, and — for Russian material — the legacy single-byte code pages
Windows-1251 and KOI8-R. We try, in order: a BOM, UTF-16 without a BOM (every other byte
NUL), strict UTF-8, then a Cyrillic guess
between cp1251 and KOI8-R (Russian prose is mostly lower case, and the two code pages put
lower case at opposite halves of the upper byte range), then cp1252 for Western text.
Binary input (NUL bytes, control characters) is refused with an :class:`InputError` naming
the file, because "extracting" references from a ZIP gives garbage, not an empty result.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator

from ..errors import InputError, Location
from ..model import Document
from . import REGISTRY, Reader

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Inside a line, a CR (not before LF) and a form feed (pdftotext's page break) are a space.
_IN_LINE_BREAK = re.compile(r"[\r\f]")
_MAC_AFTER = 1000  # CRs seen without an LF before streamed text is taken for classic Mac OS
# C0 controls other than tab, line feed, carriage return and form feed: never in real text.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
_BINARY_SHARE = 0.02  # more control bytes than this share of a sample means "not text"
_SAMPLE = 65536


def _is_binary(data: bytes, *, any_nul: bool = True) -> bool:
    sample = data[:_SAMPLE]
    if any_nul and b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > _BINARY_SHARE * len(sample)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 written without a byte-order mark: text where every other byte is NUL."""
    sample = data[: _SAMPLE - _SAMPLE % 2]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    if odd > 0.4 and even < 0.05:
        return "utf-16-le"
    if even > 0.4 and odd < 0.05:
        return "utf-16-be"
    return None


def _guess_single_byte(data: bytes) -> str:
    """cp1251, koi8-r or cp1252 for bytes that are not UTF-8.

    In Cyrillic text the high-byte characters come in runs (whole words); in Western text
    they are isolated accented letters inside ASCII words. Among Cyrillic code pages,
    cp1251 has lower case at 0xE0-0xFF and KOI8-R at 0xC0-0xDF.
    """
    sample = data[:_SAMPLE]
    high = [b >= 0xC0 for b in sample]
    runs = run = 0
    letters = 0
    for is_high in high:
        if is_high:
            letters += 1
            run += 1
        elif run:
            runs += 1
            run = 0
    runs += 1 if run else 0
    if not letters or letters / max(runs, 1) < 2.5:
        return "cp1252"
    upper_half = sum(1 for b in sample if b >= 0xE0)
    lower_half = sum(1 for b in sample if 0xC0 <= b < 0xE0)
    return "cp1251" if upper_half >= lower_half else "koi8-r"


def decode(data: bytes, source: str = "<input>", *, lines: bool = False) -> tuple[str, str]:
    """The text of ``data`` and the encoding used; :class:`InputError` if it is not text.

    ``lines`` is for one-record-per-line input, where a stray NUL spoils one line, not the
    file: only a share of control bytes above :data:`_BINARY_SHARE` marks it as binary.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"starts with a {encoding} byte-order mark but is not valid {encoding}"
                    f" (byte {exc.start + len(bom)})",
                    location=Location(source),
                ) from None
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if _is_binary(data, any_nul=not lines):
        raise InputError(
            "looks like a binary file, not text (it contains NUL or control bytes)",
            location=Location(source),
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = _guess_single_byte(data)
    return data.decode(encoding, errors="replace"), encoding


def decode_bytes(data: bytes, encoding: str, source: str) -> str:
    """Bytes in a named encoding (a bibliography, ``--encoding``) as text, or an InputError
    that says what to do; UTF-8 may start with a BOM."""
    try:
        return data.decode(
            "utf-8-sig" if encoding.lower().replace("_", "-") == "utf-8" else encoding
        )
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", location=Location(source)) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not {encoding.upper()} text (byte {exc.start}); name the file's encoding, "
            "e.g. encoding='cp1251' (refbridge convert --encoding cp1251)",
            location=Location(source),
        ) from None


def split_lines(text: str) -> list[str]:
    """Lines without their ends, by the one rule of every text input.

    A line ends at LF or CRLF, so line N is what an editor and ``sed -n Np`` show as line N;
    a bare CR or a form feed inside a line is a space (a form feed, pdftotext's page break,
    at either end of a line goes); a text with CRs but no LF at all (classic Mac OS) ends its
    lines at CR. A final line break does not make an extra empty line.
    """
    if not text:
        return []
    if "\n" not in text:
        text = text.replace("\r", "\n")
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [_one_line(line) for line in lines]


def _one_line(line: str) -> str:
    """A line without its CR; a page break at either end goes, one inside is a space."""
    return _IN_LINE_BREAK.sub(" ", line.removesuffix("\r").strip("\f"))


def iter_lines(chunks: Iterable[str]) -> Iterator[str]:
    """:func:`split_lines` over text that arrives in pieces (a pipe), each line as soon as its
    end has arrived. Until the first LF it cannot know whether a CR ends a line: it waits for
    an LF or the end, and after :data:`_MAC_AFTER` CRs without one takes the text for classic
    Mac OS text."""
    pending = ""
    mac: bool | None = None
    for chunk in chunks:
        pending += chunk
        if mac is None:
            if "\n" in pending:
                mac = False
            elif pending.count("\r") > _MAC_AFTER:
                mac = True
            else:
                continue
        if mac:
            pending = pending.replace("\r", "\n")
        *done, pending = pending.split("\n")
        for line in done:
            yield _one_line(line)
    yield from split_lines(pending)


def text_document(
    text: str, source: str, format_name: str = "text", encoding: str = ""
) -> Document:
    """Decoded text as a Document of the named plain format (``text`` or ``markdown``)."""
    return Document(
        source=source,
        format=format_name,
        lines=tuple(split_lines(text)),
        metadata={"encoding": encoding} if encoding else {},
    )


def _reader(format_name: str) -> Reader:
    def read(data: bytes, source: str) -> Document:
        text, encoding = decode(data, source)
        return text_document(text, source, format_name, encoding)

    read.__name__ = f"read_{format_name}"
    read.__doc__ = f"Read {format_name} bytes into a Document (lines as in the file)."
    return read


read_text = _reader("text")
read_markdown = _reader("markdown")

REGISTRY.register("text", read_text, suffixes=(".txt", ".text"))
REGISTRY.register("markdown", read_markdown, suffixes=(".md", ".markdown"))

__all__ = [
    "decode",
    "decode_bytes",
    "iter_lines",
    "read_markdown",
    "read_text",
    "split_lines",
    "text_document",
]
