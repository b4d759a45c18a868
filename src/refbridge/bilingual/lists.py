"""Reading the lists the bilingual commands work on: a document, or one reference per line.

A file with a recognisable reference list (a heading such as "References" or "Список
литературы") is a document: its lists are found by :func:`refbridge.extract.extract`.
Anything else is read as one reference per non-blank line; a line the parser rejects is kept
as a plain string, which pairing still reads (DOIs, URLs, years, names, words).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, Location
from ..extract import extract
from ..model import Document, Reference, ReferenceList
from ..parsing import parse_references
from ..readers import read_document
from ..textutil import script_of

__all__ = ["load_entries", "russian_and_english"]


def load_entries(source: str | Path | Document) -> ReferenceList:
    """The entries of a document (or its path): its largest reference list, or its lines."""
    doc = source if isinstance(source, Document) else read_document(source)
    found = [lst for lst in extract(doc) if lst.entries]
    if found:
        return max(found, key=len)
    if doc.format not in ("text", "markdown"):
        raise InputError("no reference list found", location=Location(doc.source))
    entries: list[Reference] = []
    kept = [line for line in doc.lines if line.strip()]
    for item in parse_references(kept, source=doc.source):
        entries.append(item if isinstance(item, Reference) else Reference(raw=item.raw))
    if not entries:
        raise InputError(
            "no references: no list heading and no non-blank lines", location=Location(doc.source)
        )
    return ReferenceList(heading="", language="", entries=entries, source=doc.source)


def russian_and_english(path: str | Path | Document) -> tuple[ReferenceList, ReferenceList]:
    """The Russian and the English list of one bilingual document, in that order.

    Lists are told apart by the language the list finder gives them (the heading's, else the
    entries'); failing that, of the two longest lists the one with more Cyrillic entries is
    Russian, the first one on a tie. Raises :class:`InputError` unless there are two lists.
    """
    found = [lst for lst in extract(path) if lst.entries]
    if len(found) < 2:
        raise InputError(
            f"a bilingual document needs two reference lists; found {len(found)}",
            location=Location(path.source if isinstance(path, Document) else str(path)),
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
