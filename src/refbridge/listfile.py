"""List files: one reference per line, every line kept where the user put it.

``pair``, ``dedup``, ``parse``, ``check-dois`` and ``find-doi`` take such files. A line of a
list file is one entry: it is never joined to its neighbour, split or dropped, so an index in
the output always points at the user's line (and the output says which line, 1-based). A
line that does not look like a reference is still an entry; it is reported with its line
number (:func:`oddity`) so the user can see it. The commands read the lines (their shared
input helpers decode files and standard input); this module numbers, parses and judges them.

Which plain-text documents are list files (:func:`is_list_document`): those without a
reference-list heading or a paragraph of running text. Anything else is a document whose
lists are found by :mod:`refbridge.sections`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from .errors import Location, ParseError
from .model import Document, Failure, Provenance, Reference, ReferenceList
from .parsing import parse_reference
from .sections import heading_name, reference_score
from .sections.score import has_year, is_prose

__all__ = [
    "ListLine",
    "entry_json",
    "is_list_document",
    "line_of",
    "numbered",
    "oddity",
    "parse_list",
]

#: A prose line longer than this is a paragraph: its file is a document, not a list (the
#: longest prose-like entry of the journal's 3,834 real ones has 434 characters).
PARAGRAPH = 500
#: A line scoring below this as a reference is reported (real entries: 0.1 % of the
#: journal's 3,834 score this low; headings, page numbers and table captions score 0).
ODD_SCORE = 0.5


@attrs.frozen
class ListLine:
    """One line of a list file: its 1-based number and its text without the line end."""

    line: int
    text: str


def numbered(lines: Iterable[str]) -> Iterator[ListLine]:
    """The lines as :class:`ListLine` records, numbered from 1 (blank ones included)."""
    for number, text in enumerate(lines, 1):
        yield ListLine(number, text)


def is_list_document(doc: Document) -> bool:
    """A plain-text document that is a list file: no list heading, no paragraph of prose.

    A paragraph is a prose line longer than :data:`PARAGRAPH` characters (an abstract, an
    introduction); references, even those with prose-like titles, are shorter.
    """
    if doc.format != "text":
        return False
    return not any(
        heading_name(line) or (len(line) > PARAGRAPH and is_prose(line)) for line in doc.lines
    )


def oddity(text: str) -> str | None:
    """Why a line of a list file does not look like a reference, or None when it does.

    A line of 40 characters or more with a publication year passes at once (nearly every
    reference; so ``parse`` keeps its speed); others are judged by the reference score.
    """
    if heading_name(text):
        return "a heading, not a reference (kept as an entry)"
    if len(text) >= 40 and has_year(text):
        return None
    if is_prose(text):
        return "reads like running text, not a reference (kept as an entry)"
    score = reference_score(text)[0]
    if score < ODD_SCORE:
        return f"does not look like a reference (score {score:g}; kept as an entry)"
    return None


def parse_list(
    lines: Iterable[ListLine], source: str, *, keep_blank: bool = False
) -> tuple[ReferenceList, list[Failure]]:
    """The non-blank lines as records, in order, and notes on the lines worth a look.

    Entry ``i`` is the ``i``-th non-blank line (with ``keep_blank``, the ``i+1``-th line: a
    blank line is an empty record); its provenance carries the line number. A
    line the parser rejects is kept as a record holding only its raw text (pairing and
    DOI checks still read it), and noted; so is a line that parses but does not look like
    a reference (:func:`oddity`).
    """
    entries: list[Reference] = []
    notes: list[Failure] = []
    for item in lines:
        if not item.text.strip() and not keep_blank:
            continue
        location = Location(source, item.line, len(entries))
        provenance = Provenance(
            document=source, entry_index=len(entries), line_start=item.line, line_end=item.line
        )
        if not item.text.strip():
            entries.append(Reference(raw=item.text, provenance=provenance))
            continue
        try:
            record = parse_reference(item.text)
        except ParseError as exc:
            notes.append(Failure(item.text, f"{exc.message} (kept as an entry)", location))
            record = Reference(raw=item.text)
        else:
            if why := oddity(item.text):
                notes.append(Failure(item.text, why, location))
        entries.append(attrs.evolve(record, provenance=provenance))
    return ReferenceList(entries=entries, source=source), notes


def line_of(record: Reference) -> int | None:
    """The 1-based line of its file where ``record`` starts (None when unknown)."""
    return record.provenance.line_start if record.provenance else None


def entry_json(index: int, record: Reference) -> dict[str, Any]:
    """An entry as the JSON of ``pair`` and ``dedup`` shows it: index, line and text."""
    return {"index": index, "line": line_of(record), "text": record.raw}
