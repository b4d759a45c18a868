"""Reading the lists the bilingual commands work on: a list file, or a document.

A list file (:func:`refbridge.listfile.is_list_document`: plain text without a list heading
or a paragraph of prose) is one reference per non-blank line, never re-split: a line the
parser rejects is kept as a plain string, which pairing still reads (DOIs, URLs, years,
names, words). A document's lists are found by :func:`refbridge.extract.extract`.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, Location
from ..extract import extract
from ..listfile import is_list_document, numbered, parse_list
from ..model import Document, Failure, ReferenceList
from ..readers import read_document
from ..textutil import script_of

__all__ = ["load_entries", "russian_and_english"]


def load_entries(source: str | Path | Document) -> tuple[ReferenceList, list[Failure]]:
    """The entries of a document (or its path), and notes on lines worth a look.

    A list file gives its non-blank lines (see :func:`refbridge.listfile.parse_list`); a
    document its largest reference list, or, if plain text or Markdown without one, its
    non-blank lines.
    """
    doc = source if isinstance(source, Document) else read_document(source)
    if not is_list_document(doc):
        found = [lst for lst in extract(doc) if lst.entries]
        if found:
            return max(found, key=len), []
        if doc.format not in ("text", "markdown"):
            raise InputError("no reference list found", location=Location(doc.source))
    entries, notes = parse_list(numbered(doc.lines), doc.source)
    if not entries.entries:
        raise InputError(
            "no references: no list heading and no non-blank lines", location=Location(doc.source)
        )
    return entries, notes


def russian_and_english(path: str | Path | Document) -> tuple[ReferenceList, ReferenceList]:
    """The Russian and the English list of one bilingual document, in that order.

    Lists are told apart by the language the list finder gives them (the heading's, else the
    entries'); failing that, of the two longest lists the one with more Cyrillic entries is
    Russian, the first one on a tie. Raises :class:`InputError` unless there are two lists.
    """
    doc = path if isinstance(path, Document) else read_document(path)
    if is_list_document(doc):
        raise InputError(
            "a list file (one reference per line) holds one list; give the other list too",
            location=Location(doc.source),
        )
    found = [lst for lst in extract(doc) if lst.entries]
    if len(found) < 2:
        raise InputError(
            f"a bilingual document needs two reference lists; found {len(found)}",
            location=Location(doc.source),
        )
    russian = [lst for lst in found if lst.language == "ru"]
    english = [lst for lst in found if lst.language == "en"]
    if russian and english:
        return max(russian, key=len), max(english, key=len)
    # both headed "Ссылки", say: of the two longest lists, the more Cyrillic one is Russian
    first, second = sorted(sorted(found, key=len, reverse=True)[:2], key=found.index)
    if _cyrillic_share(second) > _cyrillic_share(first):
        return second, first
    return first, second


def _cyrillic_share(found: ReferenceList) -> float:
    return sum(script_of(e.raw) in ("cyrillic", "mixed") for e in found.entries) / len(found)
