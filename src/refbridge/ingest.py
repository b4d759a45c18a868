"""One way in: what kind of input a file is, and the records in it.

Every command that reads references from a file (``dedup``, ``check-dois``, ``render``,
``pair``, ``references-en``, ``extract``, ``convert``) and the library's ``add`` read them here,
so the same file gives the same records whichever reads it (``parse`` and ``find-doi`` read
one reference per line by definition). An input is one of three kinds:

* ``bibliography`` — BibTeX/BibLaTeX, CSL-JSON (lines), RIS: records as the file states them;
* ``lines`` — a *list file*, one reference per line (:mod:`refbridge.listfile`): every line is
  one entry, never joined, split or dropped, and keeps its line number;
* ``document`` — text, Markdown, HTML, PDF, DOCX, JATS: its reference lists are found and
  parsed (:func:`refbridge.extract.extract`).

The rule (:func:`classify`), first match wins:

1. a format named by the caller (``--from``, ``--reader``, ``--input``);
2. a suffix that names a bibliographic format (``.bib``, ``.json``, ``.ris`` …) — the content
   must agree, so CSL-JSON in ``x.bib`` is refused;
3. content a document reader recognises (PDF and ZIP magic, an HTML or JATS root element),
   whatever the suffix (a ``.txt`` that is HTML is HTML);
4. content a bibliographic format recognises (``@article{``, ``TY  -``, a JSON array of
   objects), so standard input and files without a suffix are read as what they are;
5. a suffix that names a document reader (``.pdf``, ``.docx``, ``.html``, ``.xml`` …);
6. plain text (and Markdown by its suffix): a list file when it has no reference-list heading
   and no paragraph of prose (:func:`refbridge.listfile.is_list_document`), else a document.
   A plain-text or Markdown document in which no reference list is found, but most of whose
   lines look like references, is read as a list file after all.

Lines end at LF or CRLF everywhere (:func:`refbridge.readers.text.split_lines`), so line ``N``
in a message is line ``N`` in an editor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from . import formats, readers
from .bilingual.lists import russian_and_english
from .errors import InputError, Location, UnknownNameError
from .extract import extract
from .listfile import ListLine, is_list_document, numbered, oddity, parse_list
from .model import Document, Failure, Reference, ReferenceList
from .readers.text import decode, text_document

__all__ = ["KINDS", "Input", "classify", "read", "read_path"]

KINDS = ("bibliography", "lines", "document")
#: Readers whose documents are plain text (a list file is one of them).
_PLAIN = ("text", "markdown")
_HEAD = 4096


@attrs.frozen
class Input:
    """What one input holds: its kind, the format or reader that read it, and its lists.

    A bibliography and a list file give one list (a list file of blank lines none); a
    document gives every list found (none when it has no reference list). ``notes`` are
    things worth a look that lose nothing: list lines that do not look like references, a
    bibliography's duplicate keys.
    """

    source: str
    kind: str
    format: str
    lists: tuple[ReferenceList, ...] = ()
    notes: tuple[Failure, ...] = ()
    document: Document | None = None

    @property
    def records(self) -> list[Reference]:
        """Every record, list after list, in input order."""
        return [record for found in self.lists for record in found.entries]

    @property
    def failures(self) -> list[Failure]:
        """Every entry or block that could not be read, located."""
        return [failure for found in self.lists for failure in found.failures]

    def one_list(self) -> ReferenceList:
        """The list a one-list command (``pair``, ``references-en``) works on: a list file's
        lines, or a document's largest list. A bibliography holds records, not printed
        references, and is refused with what to do instead."""
        self._refuse_a_bibliography()
        found = [lst for lst in self.lists if lst.entries]
        if not found:
            raise InputError("no reference list found", location=Location(self.source))
        return max(found, key=len)

    def russian_and_english(self) -> tuple[ReferenceList, ReferenceList]:
        """The Russian and the English list of a bilingual document
        (:func:`refbridge.bilingual.lists.russian_and_english`)."""
        self._refuse_a_bibliography()
        if self.kind == "lines":
            raise InputError(
                "a list file (one reference per line) holds one list; give the other list too",
                location=Location(self.source),
            )
        return russian_and_english(self.lists, self.source)

    def _refuse_a_bibliography(self) -> None:
        if self.kind == "bibliography":
            raise InputError(
                "a bibliography file, not a reference list: give a document or a list file "
                "(one reference per line); print its entries first, e.g. `refbridge render "
                f"{self.source} -s apa -o list.txt`",
                location=Location(self.source),
            )


def classify(data: bytes, source: str, format: str | None = None) -> tuple[str, str]:
    """``(kind, format)`` of an input by the rule in the module docstring; for plain text the
    format is ``text`` or ``markdown`` and the kind is settled by :func:`read`."""
    if format:
        if format in formats.REGISTRY:
            return "bibliography", format
        if format in readers.REGISTRY:
            return "document", format
        names = sorted({*formats.format_names(), *readers.REGISTRY.names()})
        raise UnknownNameError("format or reader", format, names)
    suffix = Path(source).suffix.lower()
    head = data[:_HEAD]
    if named := formats.REGISTRY.name_for_suffix(suffix):
        return "bibliography", named
    if sniffed := readers.REGISTRY.sniff(head):
        return "document", sniffed
    if sniffed := formats.REGISTRY.sniff(head.removeprefix(b"\xef\xbb\xbf")):
        return "bibliography", sniffed
    reader = readers.REGISTRY.name_for_suffix(suffix) or "text"
    return ("text" if reader in _PLAIN else "document"), reader


def read(
    data: bytes,
    source: str,
    *,
    kind: str | None = None,
    format: str | None = None,
    encoding: str | None = None,
    keep_blank: bool = False,
    lines_progress: Callable[[Iterable[ListLine]], Iterable[ListLine]] | None = None,
) -> Input:
    """Read the bytes of ``source`` as the rule says, or as ``kind`` / ``format`` say.

    ``encoding`` names the encoding of plain text and bibliographies (default: detected for
    text, UTF-8 for bibliographies). ``keep_blank`` keeps a blank line of a list file as an
    empty record, so record ``i`` is line ``i + 1``. ``lines_progress`` wraps the lines of a
    list file while they are parsed (a progress bar). Raises
    :class:`~refbridge.errors.InputError` or :class:`~refbridge.errors.FormatError` naming
    ``source`` when the input cannot be read at all.
    """
    if kind is not None and kind not in KINDS:
        raise UnknownNameError("input kind", kind, list(KINDS))
    sniffed, name = classify(data, source, format)
    if kind == "bibliography" or (kind is None and sniffed == "bibliography"):
        return _bibliography(data, source, format if sniffed == "bibliography" else None, encoding)
    if kind == "lines":
        return _lines(_plain_document(data, source, "text", encoding), keep_blank, lines_progress)
    if sniffed == "bibliography":  # read as a document on request
        name = readers.REGISTRY.name_for_suffix(Path(source).suffix) or "text"
    if name not in _PLAIN:
        return _document(readers.read_bytes(data, source, name))
    doc = _plain_document(data, source, name, encoding)
    if kind is None and is_list_document(doc):
        return _lines(doc, keep_blank, lines_progress)
    found = _document(doc)
    if kind is None and not found.lists and _mostly_references(doc.lines):
        return _lines(doc, keep_blank, lines_progress)
    return found


def read_path(path: str | Path, **options: Any) -> Input:
    """:func:`read` for a file (``options`` as there); an unreadable file is an InputError."""
    return read(readers.read_file_bytes(path), str(path), **options)


def _bibliography(data: bytes, source: str, format: str | None, encoding: str | None) -> Input:
    text = formats.decode_bytes(data, encoding or "utf-8", source)
    loaded = formats.read_text(text, format, source)
    name = format or formats.detect_format(source, text[:_HEAD])
    found = ReferenceList(entries=loaded.references, failures=loaded.failures, source=source)
    return Input(source, "bibliography", name, (found,), tuple(loaded.warnings))


def _plain_document(data: bytes, source: str, format: str, encoding: str | None) -> Document:
    """Plain text as a Document; one stray NUL spoils a line, not the file."""
    if encoding:
        text = formats.decode_bytes(data, encoding, source)
    else:
        text, encoding = decode(data, source, lines=True)
    return text_document(text, source, format, encoding)


def _lines(
    doc: Document,
    keep_blank: bool,
    wrap: Callable[[Iterable[ListLine]], Iterable[ListLine]] | None,
) -> Input:
    lines: Iterable[ListLine] = list(numbered(doc.lines))  # sized: a progress bar knows its end
    found, notes = parse_list(wrap(lines) if wrap else lines, doc.source, keep_blank=keep_blank)
    listed = (found,) if any(record.raw.strip() for record in found.entries) else ()
    return Input(doc.source, "lines", doc.format, listed, tuple(notes), doc)


def _document(doc: Document) -> Input:
    return Input(doc.source, "document", doc.format, tuple(extract(doc)), (), doc)


def _mostly_references(lines: Sequence[str]) -> bool:
    """At least half of the non-blank lines look like references (:func:`oddity`)."""
    filled = [line for line in lines if line.strip()]
    return bool(filled) and 2 * sum(oddity(line) is None for line in filled) >= len(filled)
